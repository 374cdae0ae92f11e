//! Small pieces the sign-in tests share: the practice tenant's sign-in, the "open this URL"
//! callback, an auto-consent browser, URL query reading, and the Secret Service precondition.

use super::browser::{Browser, Landing};
use super::oidc::redirect_uri;
use closeout_core::auth::{AuthConfig, BrowserOptions, Session, SignIn};
use closeout_core::keychain::Keychain;
use closeout_sim::Sim;
use std::sync::Mutex;
use tokio::sync::oneshot;

/// Sign-in configuration for the practice tenant: its authority, its app, its Graph.
pub fn practice_config(sim: &Sim) -> AuthConfig {
    AuthConfig::for_authority(&sim.authority(), sim.client_id(), sim.base_url()).unwrap()
}

/// Sign-in to the practice tenant, saving to `keychain` if one is given.
pub fn practice_sign_in(sim: &Sim, keychain: Option<Keychain>) -> SignIn {
    SignIn::new(practice_config(sim), keychain).unwrap()
}

/// An opener that hands the authorize URL to the test's "browser" through a channel.
pub fn opener(tx: oneshot::Sender<String>) -> impl FnOnce(&str) -> closeout_core::Result<()> {
    let tx = Mutex::new(Some(tx));
    move |url: &str| {
        tx.lock()
            .unwrap()
            .take()
            .unwrap()
            .send(url.to_owned())
            .unwrap();
        Ok(())
    }
}

/// Signs in where the authorize endpoint answers at once with a code (sim `auto_consent`):
/// the "browser" follows the redirect to the loopback listener.
pub async fn auto_consent_sign_in(sign_in: &SignIn) -> Session {
    sign_in
        .browser(&BrowserOptions::default(), |url| {
            let url = url.to_owned();
            tokio::spawn(async move {
                let mut browser = Browser::new();
                if let Landing::Loopback(back) = browser.navigate(&url, &redirect_uri(&url)).await {
                    browser.get(&back).await;
                }
            });
            Ok(())
        })
        .await
        .unwrap()
}

/// A query parameter of a URL.
pub fn query(url: &str, name: &str) -> Option<String> {
    url::Url::parse(url)
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Keychain tests fail loudly, never pass silently, without a session bus.
pub fn require_secret_service() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "The keychain tests need a D-Bus session with an unlocked Secret Service (gnome-keyring). \
         Run them via the project's test command (`scripts/test.sh` / `.ci/run`), which provides one."
    );
}
