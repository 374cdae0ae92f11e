//! Which web addresses Closeout may open, and opening them.
//!
//! The web view never opens anything itself: every address goes through [`check`] here, in
//! Rust, so a compromised or buggy page cannot send the owner to a look-alike sign-in page.
//! Allowed: Microsoft's sign-in, admin center, Entra admin center and documentation hosts over
//! HTTPS, and the practice tenant running inside this very app on 127.0.0.1.

// A sign-in authority set there (see the core's `AuthConfig::from_env`): whoever configured it
// trusts its origin, so it may be opened too.
use closeout_core::auth::AUTHORITY_ENV;
use closeout_core::{Error, ErrorCode, Result};
use url::Url;

/// Microsoft hosts the app may open, HTTPS only and on the default port.
const MICROSOFT_HOSTS: &[&str] = &[
    "login.microsoftonline.com",
    "login.microsoft.com",
    "microsoft.com",
    "admin.microsoft.com",
    "entra.microsoft.com",
    "portal.azure.com",
    "account.activedirectory.windowsazure.com",
    "learn.microsoft.com",
    "go.microsoft.com",
];

/// Environment variable naming a program to open addresses with instead of the OS default
/// browser (the end-to-end tests use it to capture what the app opened).
const BROWSER_ENV: &str = "CLOSEOUT_BROWSER";

/// The local origins trusted now: the practice tenant running in this app (`practice`), and a
/// configured sign-in authority, only if it is `https` (or `http` on this computer): an
/// unusual `CLOSEOUT_AUTHORITY` such as `file:` has the opaque origin `"null"`, which must
/// never be trusted (security review L8).
pub fn trusted_origins(practice: Option<String>) -> Vec<String> {
    let configured = std::env::var(AUTHORITY_ENV).ok().and_then(|a| {
        closeout_core::auth::config::require_secure("the sign-in authority", &a).ok()
    });
    practice
        .into_iter()
        .chain(configured.map(|u| u.origin().ascii_serialization()))
        .filter(|origin| origin != "null")
        .collect()
}

/// Checks `address` against the allowlist: Microsoft's hosts, or exactly one of `trusted`
/// origins (the practice tenant's `http://127.0.0.1:PORT` while it runs, see [`trusted_origins`]).
/// Only `http` and `https` addresses with a real origin are ever considered.
pub fn check(address: &str, trusted: &[String]) -> Result<Url> {
    let refused = || {
        Error::new(
            ErrorCode::UrlNotAllowed,
            "This address is not one Closeout opens",
        )
        .with_details(serde_json::json!({ "host": host_of(address) }))
    };
    let url = Url::parse(address).map_err(|_| refused())?;
    let web = matches!(url.scheme(), "http" | "https") && url.origin().is_tuple();
    if !web || !url.username().is_empty() || url.password().is_some() {
        return Err(refused());
    }
    let host = url.host_str().unwrap_or_default();
    let microsoft =
        url.scheme() == "https" && url.port().is_none() && MICROSOFT_HOSTS.contains(&host);
    let origin = url.origin().ascii_serialization();
    let local = trusted.contains(&origin);
    if microsoft || local {
        Ok(url)
    } else {
        Err(refused())
    }
}

/// True for an address of the app's own pages: `tauri://localhost` (macOS, Linux),
/// `http(s)://tauri.localhost` (Windows), or the development server's origin when one is
/// configured. The window's navigation guard keeps the window on these (security review L9).
pub fn is_app_address(url: &Url, dev_url: Option<&Url>) -> bool {
    let origin_matches = |other: &Url| url.origin().is_tuple() && url.origin() == other.origin();
    let custom_scheme = url.scheme() == "tauri" && url.host_str() == Some("localhost");
    let windows = matches!(url.scheme(), "http" | "https")
        && url.host_str() == Some("tauri.localhost")
        && url.port().is_none()
        && url.username().is_empty()
        && url.password().is_none();
    custom_scheme || windows || dev_url.is_some_and(origin_matches)
}

/// The host part only, for error details: never the path or query, which could carry codes.
fn host_of(address: &str) -> String {
    Url::parse(address)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| "(not a web address)".to_owned())
}

/// Opens an already-checked address: with `CLOSEOUT_BROWSER` when set, else the OS browser.
pub fn open<R: tauri::Runtime>(app: &tauri::AppHandle<R>, url: &Url) -> Result<()> {
    if let Some(program) = std::env::var_os(BROWSER_ENV).filter(|p| !p.is_empty()) {
        std::process::Command::new(program)
            .arg(url.as_str())
            .spawn()
            .map_err(|e| Error::io("starting the browser", &e))?;
        return Ok(());
    }
    use tauri_plugin_opener::OpenerExt;
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| Error::new(ErrorCode::Io, format!("could not open the browser: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn practice() -> Vec<String> {
        vec!["http://127.0.0.1:4321".to_owned()]
    }

    #[test]
    fn microsoft_portals_over_https_are_allowed() {
        for ok in [
            "https://admin.microsoft.com/Adminportal/Home#/subscriptions",
            "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManageTenantsBlade",
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?x=1",
            "https://learn.microsoft.com/microsoft-365/commerce/close-your-account",
            "https://go.microsoft.com/fwlink/p/?linkid=2024339",
        ] {
            assert!(check(ok, &[]).is_ok(), "{ok} should be allowed");
        }
    }

    #[test]
    fn look_alikes_other_schemes_ports_and_credentials_are_refused() {
        for bad in [
            "https://example.com/",
            "http://admin.microsoft.com/",
            "https://admin.microsoft.com.evil.example/",
            "https://evil.example/?admin.microsoft.com",
            "https://admin.microsoft.com:8443/",
            "https://user:pw@admin.microsoft.com/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "not a url",
        ] {
            let err = check(bad, &practice()).unwrap_err();
            assert_eq!(err.code, ErrorCode::UrlNotAllowed, "{bad}");
        }
    }

    #[test]
    fn the_practice_tenant_is_allowed_only_while_it_runs_and_only_its_port() {
        let portal = "http://127.0.0.1:4321/portal/subscriptions";
        assert!(check(portal, &practice()).is_ok());
        assert!(check(portal, &[]).is_err());
        assert!(check("http://127.0.0.1:9999/portal", &practice()).is_err());
        assert!(check("http://localhost:4321/portal", &practice()).is_err());
        assert!(check("https://127.0.0.1:4321/portal", &practice()).is_err());
    }

    #[test]
    fn the_window_stays_on_the_apps_own_pages() {
        let dev = Url::parse("http://localhost:1420/").unwrap();
        for ok in [
            "tauri://localhost/",
            "tauri://localhost/index.html#step-4",
            "http://tauri.localhost/",
            "https://tauri.localhost/index.html",
        ] {
            assert!(is_app_address(&Url::parse(ok).unwrap(), None), "{ok}");
        }
        assert!(is_app_address(
            &Url::parse("http://localhost:1420/x").unwrap(),
            Some(&dev)
        ));
        for bad in [
            "http://127.0.0.1:41593/portal",
            "https://login.microsoftonline.com/",
            "http://localhost:1420/",
            "tauri://evil.example/",
            "http://tauri.localhost.evil.example/",
            "http://tauri.localhost:8080/",
            "http://user@tauri.localhost/",
            "javascript:alert(1)",
            "data:text/html,<h1>phish</h1>",
            "file:///etc/passwd",
            "about:blank",
        ] {
            assert!(!is_app_address(&Url::parse(bad).unwrap(), None), "{bad}");
        }
        assert!(!is_app_address(
            &Url::parse("http://localhost:1421/").unwrap(),
            Some(&dev)
        ));
    }

    #[test]
    fn an_opaque_origin_is_never_trusted() {
        // Whatever reaches the trusted list, `javascript:`, `file:` and `data:` stay refused.
        let opaque = vec!["null".to_owned()];
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:text/html,<h1>phish</h1>",
            "blob:null/1234",
        ] {
            assert!(check(bad, &opaque).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_an_https_or_loopback_authority_is_trusted() {
        // One test owns the variable, so no other test sees it change.
        for (authority, trusted) in [
            ("file:///opt/authority", None),
            ("javascript:alert(1)", None),
            ("http://login.example/tenant", None),
            (
                "https://login.example/tenant",
                Some("https://login.example"),
            ),
            (
                "http://127.0.0.1:4100/tenant",
                Some("http://127.0.0.1:4100"),
            ),
        ] {
            std::env::set_var(AUTHORITY_ENV, authority);
            let origins = trusted_origins(None);
            assert_eq!(
                origins,
                trusted.into_iter().map(str::to_owned).collect::<Vec<_>>(),
                "{authority}"
            );
            assert!(check("javascript:alert(1)", &origins).is_err());
            assert!(check("file:///etc/passwd", &origins).is_err());
        }
        std::env::remove_var(AUTHORITY_ENV);
    }

    #[test]
    fn refusals_name_the_host_but_never_the_query() {
        let err = check("https://example.com/cb?code=SECRET", &[]).unwrap_err();
        let details = err.details.unwrap().to_string();
        assert!(details.contains("example.com"));
        assert!(!details.contains("SECRET"));
    }
}
