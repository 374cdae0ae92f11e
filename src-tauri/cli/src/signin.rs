//! Sign-in from the command line: the core's browser flow (the system browser is opened with
//! the OS's opener) or its device-code flow, the refresh token kept in the OS keychain under
//! the tenant id, and a silent resume for later commands. The tenant id (not a secret) is
//! remembered in the data folder so that `status` knows which sign-in to resume.

use closeout_core::auth::{
    AuthConfig, BrowserOptions, CancelHandle, Identity, Session as SignedIn, SignIn,
};
use closeout_core::keychain::Keychain;
use closeout_core::{Error, ErrorCode, Result};
use std::path::Path;

use crate::args::Options;

const TENANT_FILE: &str = "signed-in-tenant";

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `--authority`, `CLOSEOUT_AUTHORITY`, or Microsoft's `/organizations`.
pub fn authority(options: &Options) -> String {
    options
        .authority
        .clone()
        .or_else(|| env("CLOSEOUT_AUTHORITY"))
        .unwrap_or_else(|| closeout_core::auth::MICROSOFT_AUTHORITY.to_string())
}

/// Microsoft's configuration, with the command line's and the environment's overrides.
pub fn config(options: &Options) -> Result<AuthConfig> {
    let client_id = options
        .client_id
        .clone()
        .or_else(|| env("CLOSEOUT_CLIENT_ID"))
        .ok_or_else(|| Error::new(ErrorCode::Config, "set --client-id or CLOSEOUT_CLIENT_ID"))?;
    let graph = options
        .graph
        .clone()
        .or_else(|| env("CLOSEOUT_GRAPH_URL"))
        .unwrap_or_else(|| closeout_core::auth::MICROSOFT_GRAPH.to_string());
    match options
        .authority
        .clone()
        .or_else(|| env("CLOSEOUT_AUTHORITY"))
    {
        Some(authority) => AuthConfig::for_authority(&authority, &client_id, &graph),
        None => {
            let mut config = AuthConfig::microsoft(&client_id)?;
            config.graph_base_url = graph.trim_end_matches('/').to_string();
            Ok(config)
        }
    }
}

/// Interactive sign-in; remembers the tenant in `data_dir`.
pub async fn interactive(
    options: &Options,
    data_dir: &Path,
    device_code: bool,
) -> Result<Identity> {
    let sign_in = SignIn::new(config(options)?, Some(Keychain::default()))?;
    let session = if device_code {
        let code = sign_in.start_device_code().await?;
        eprintln!(
            "To sign in, open {} and enter the code {}",
            code.verification_uri, code.user_code
        );
        sign_in
            .finish_device_code(&code, &CancelHandle::new())
            .await?
    } else {
        sign_in
            .browser(&BrowserOptions::default(), |url| {
                eprintln!("Opening your browser to sign in. If it does not open, visit:\n{url}");
                open_in_browser(url)
            })
            .await?
    };
    let identity = session.identify().await?;
    closeout_core::fsio::private_dir(data_dir).map_err(|e| Error::io("data folder", &e))?;
    closeout_core::fsio::write_atomically(
        &data_dir.join(TENANT_FILE),
        identity.tenant_id.as_bytes(),
    )
    .map_err(|e| Error::io("could not remember the tenant", &e))?;
    if let Some(error) = session.keychain_error() {
        eprintln!("note: the sign-in could not be saved in the keychain ({error})");
    }
    Ok(identity)
}

/// The saved sign-in, refreshed silently: `(session, tenant id)`.
pub async fn resume(options: &Options, data_dir: &Path) -> Result<(SignedIn, String)> {
    let tenant = std::env::var("CLOSEOUT_TENANT_ID")
        .ok()
        .or_else(|| std::fs::read_to_string(data_dir.join(TENANT_FILE)).ok())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .ok_or_else(not_signed_in)?;
    let sign_in = SignIn::new(config(options)?, Some(Keychain::default()))?;
    let session = sign_in.resume(&tenant).await?.ok_or_else(not_signed_in)?;
    Ok((session, tenant))
}

fn not_signed_in() -> Error {
    Error::new(
        ErrorCode::NotSignedIn,
        "not signed in: run `closeout-cli sign-in` first",
    )
}

fn open_in_browser(url: &str) -> Result<()> {
    let (program, args): (&str, Vec<&str>) = if cfg!(windows) {
        ("cmd", vec!["/C", "start", ""])
    } else if cfg!(target_os = "macos") {
        ("open", vec![])
    } else {
        ("xdg-open", vec![])
    };
    match std::process::Command::new(program)
        .args(args)
        .arg(url)
        .spawn()
    {
        Ok(_) => Ok(()),
        // No opener (a server): the URL is printed above, the person can open it elsewhere.
        Err(_) => Ok(()),
    }
}
