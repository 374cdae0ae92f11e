//! Starts `tests/oidc/server.mjs` (oidc-provider) on a free loopback port for a test, and
//! drives its development login and consent screens.

use super::browser::{form_action, Browser, Landing};
use closeout_core::auth::{AuthConfig, SignIn};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use tokio::sync::oneshot;

/// A running oidc-provider; killed when dropped.
pub struct OidcServer {
    pub issuer: String,
    child: Child,
}

impl Drop for OidcServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl OidcServer {
    pub fn start() -> OidcServer {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let script = root.join("tests/oidc/server.mjs");
        assert!(
            root.join("node_modules/oidc-provider").exists(),
            "oidc-provider is not installed: run `npm ci` at the repository root (the project's test command does)"
        );
        let mut child = Command::new("node")
            .arg(&script)
            .arg("0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("`node` must be on PATH to run the OpenID Connect tests");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let issuer = line
            .trim()
            .strip_prefix("READY ")
            .unwrap_or_else(|| panic!("oidc server did not start: {line:?}"))
            .to_owned();
        OidcServer { issuer, child }
    }

    /// Sign-in with the test client, no keychain.
    pub fn sign_in(&self) -> SignIn {
        SignIn::new(self.config(), None).unwrap()
    }

    /// Sign-in configuration for the test client (no Graph behind this server).
    pub fn config(&self) -> AuthConfig {
        AuthConfig {
            authorize_url: url::Url::parse(&format!("{}/auth", self.issuer)).unwrap(),
            token_url: url::Url::parse(&format!("{}/token", self.issuer)).unwrap(),
            device_code_url: None,
            client_id: "closeout-test".into(),
            scopes: vec!["openid".into(), "profile".into(), "offline_access".into()],
            graph_base_url: "http://127.0.0.1:9".into(),
            redirect_path: "/callback".into(),
            extra_authorize_params: vec![("prompt".into(), "consent".into())],
        }
    }
}

/// Waits for the authorize URL the app opens, then logs in as `user` and consents in a new
/// browser. Returns the browser, the authorize URL and the loopback redirect URL (with code
/// and state), not yet delivered.
pub async fn log_in(opened: oneshot::Receiver<String>, user: &str) -> (Browser, String, String) {
    let authorize_url = opened.await.unwrap();
    let mut browser = Browser::new();
    let loopback = redirect_uri(&authorize_url);
    let mut landing = browser.navigate(&authorize_url, &loopback).await;
    for _ in 0..4 {
        match landing {
            Landing::Loopback(back) => return (browser, authorize_url, back),
            Landing::Page { url, body, status } => {
                assert_eq!(status, 200, "unexpected page {url}: {body}");
                let action = form_action(&url, &body);
                let form: Vec<(&str, &str)> = if body.contains("name=\"login\"") {
                    vec![("prompt", "login"), ("login", user), ("password", "x")]
                } else {
                    vec![("prompt", "consent")]
                };
                landing = browser.submit(&action, &form, &loopback).await;
            }
        }
    }
    panic!("the login did not reach the loopback redirect");
}

/// The `redirect_uri` parameter of an authorize URL.
pub fn redirect_uri(authorize_url: &str) -> String {
    super::flows::query(authorize_url, "redirect_uri").expect("redirect_uri in the authorize URL")
}
