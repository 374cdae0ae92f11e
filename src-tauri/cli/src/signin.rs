//! Sign-in from the command line: the core's browser flow (the system browser is opened with
//! the OS's opener, never through a shell) or its device-code flow, a Global Administrator's
//! refresh token kept in the OS keychain under the tenant id, a silent resume for later
//! commands, and `sign-out`, which forgets it all. The tenant id (not a secret) is remembered
//! in the data folder so that `status` knows which sign-in to resume.

use closeout_core::auth::{
    self, AuthConfig, BrowserOptions, CancelHandle, Identity, Session as SignedIn, SignIn,
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
        .or_else(|| env(auth::AUTHORITY_ENV))
        .unwrap_or_else(|| closeout_core::auth::MICROSOFT_AUTHORITY.to_string())
}

/// Microsoft's configuration, with the command line's and the environment's overrides.
pub fn config(options: &Options) -> Result<AuthConfig> {
    let client_id = options
        .client_id
        .clone()
        .or_else(|| env(auth::CLIENT_ID_ENV))
        .ok_or_else(|| Error::new(ErrorCode::Config, "set --client-id or CLOSEOUT_CLIENT_ID"))?;
    let graph = options
        .graph
        .clone()
        .or_else(|| env(auth::GRAPH_URL_ENV))
        .unwrap_or_else(|| closeout_core::auth::MICROSOFT_GRAPH.to_string());
    match options
        .authority
        .clone()
        .or_else(|| env(auth::AUTHORITY_ENV))
    {
        Some(authority) => AuthConfig::for_authority(&authority, &client_id, &graph),
        None => AuthConfig::microsoft(&client_id)?.with_graph(&graph),
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
    // Someone who cannot close the organization has nothing to resume: the core kept no
    // refresh token for them, and the tenant is not remembered either.
    if !identity.is_global_admin {
        return Ok(identity);
    }
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

/// `CLOSEOUT_TENANT_ID`, else the tenant the last `sign-in` remembered.
fn signed_in_tenant(data_dir: &Path) -> Option<String> {
    std::env::var("CLOSEOUT_TENANT_ID")
        .ok()
        .or_else(|| std::fs::read_to_string(data_dir.join(TENANT_FILE)).ok())
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// The saved sign-in, refreshed silently: `(session, tenant id)`.
pub async fn resume(options: &Options, data_dir: &Path) -> Result<(SignedIn, String)> {
    let tenant = signed_in_tenant(data_dir).ok_or_else(not_signed_in)?;
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

/// `sign-out`: forgets the saved sign-in (every keychain entry of it) and the remembered
/// tenant. Returns the tenant that was forgotten, `None` when nobody was signed in.
pub async fn sign_out(data_dir: &Path) -> Result<Option<String>> {
    let Some(tenant) = signed_in_tenant(data_dir) else {
        return Ok(None);
    };
    closeout_core::auth::sign_out_and_forget(&Keychain::default(), &tenant, None).await?;
    match std::fs::remove_file(data_dir.join(TENANT_FILE)) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io("could not forget the tenant", &e)),
    }
    Ok(Some(tenant))
}

/// The operating systems whose browser opener differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Os {
    Windows,
    Mac,
    Other,
}

impl Os {
    fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::Mac
        } else {
            Os::Other
        }
    }
}

/// The program and arguments that open `url` in the default browser, the URL always one whole
/// argument. Never `cmd /C start`: cmd.exe cuts the URL at its first `&` and runs the rest as
/// commands (security review L6). `url.dll,FileProtocolHandler` hands it to the shell's URL
/// handler as is.
fn browser_command(os: Os, url: &str) -> (&'static str, Vec<String>) {
    match os {
        Os::Windows => (
            "rundll32",
            vec!["url.dll,FileProtocolHandler".to_owned(), url.to_owned()],
        ),
        Os::Mac => ("open", vec![url.to_owned()]),
        Os::Other => ("xdg-open", vec![url.to_owned()]),
    }
}

pub fn open_in_browser(url: &str) -> Result<()> {
    let (program, args) = browser_command(Os::current(), url);
    match std::process::Command::new(program).args(args).spawn() {
        Ok(_) => Ok(()),
        // No opener (a server): the URL is printed above, the person can open it elsewhere.
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const URL: &str = "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?response_type=code&client_id=abc&state=s&redirect_uri=http%3A%2F%2Flocalhost%3A5000%2F";

    #[test]
    fn the_sign_in_url_reaches_the_opener_whole_on_every_os() {
        for os in [Os::Windows, Os::Mac, Os::Other] {
            let (program, args) = browser_command(os, URL);
            assert_eq!(args.last().map(String::as_str), Some(URL), "{os:?}");
            assert!(
                !["cmd", "cmd.exe", "sh", "bash"].contains(&program),
                "{os:?} must not go through a shell"
            );
        }
        assert_eq!(
            browser_command(Os::Windows, URL),
            (
                "rundll32",
                vec!["url.dll,FileProtocolHandler".to_owned(), URL.to_owned()]
            )
        );
        assert_eq!(
            browser_command(Os::Mac, URL),
            ("open", vec![URL.to_owned()])
        );
        assert_eq!(
            browser_command(Os::Other, URL),
            ("xdg-open", vec![URL.to_owned()])
        );
    }
}
