//! Where to sign in, as whom, for what: authority endpoints, client id, scopes, Graph base.
//!
//! The same code signs in to Microsoft, to the practice tenant and to a standards OpenID
//! Connect server: only this configuration differs. The authority and the Graph base must be
//! `https`, except on a loopback host (the practice tenant, tests): a typo such as
//! `http://graph.microsoft.com` would otherwise send the codes and tokens in clear (security
//! review L10). The Microsoft client id belongs to whoever publishes the app registration, so
//! it is never in the source: the release workflow builds it in (`CLOSEOUT_CLIENT_ID` at
//! compile time) so installers sign in with no set-up; at run time `CLOSEOUT_CLIENT_ID`
//! overrides it, and an organization's own registration (entered in the app,
//! [`OwnRegistration`]) overrides both. Development builds have none built in.

use super::registration::{choose_client_id, OwnRegistration, BUILT_IN_CLIENT_ID};
use crate::{Error, ErrorCode, Result};
use url::Url;

/// Microsoft's sign-in host; an organization's tenant replaces `organizations` after it.
const MICROSOFT_LOGIN: &str = "https://login.microsoftonline.com";

/// Microsoft's authority for any work or school tenant (no personal accounts).
pub const MICROSOFT_AUTHORITY: &str = "https://login.microsoftonline.com/organizations";

/// The environment variables that point Closeout at another app registration, sign-in
/// authority or Graph (developers, tests, the practice tenant standing in for Microsoft):
/// named once here, read by the app and the CLI alike.
pub const CLIENT_ID_ENV: &str = "CLOSEOUT_CLIENT_ID";
pub const AUTHORITY_ENV: &str = "CLOSEOUT_AUTHORITY";
pub const GRAPH_URL_ENV: &str = "CLOSEOUT_GRAPH_URL";
/// Microsoft Graph's base URL (paths add `/v1.0` or `/beta`).
pub const MICROSOFT_GRAPH: &str = "https://graph.microsoft.com";

/// The delegated Graph permissions the closure needs (each API page's "Permissions" table,
/// <https://learn.microsoft.com/graph/permissions-reference>), plus the backup
/// assistant's usage reports, as full resource URIs.
pub const GRAPH_PERMISSIONS: &[&str] = &[
    "User.Read",
    "User.ReadWrite.All",
    "User.DeleteRestore.All",
    "Directory.AccessAsUser.All",
    "RoleManagement.Read.Directory",
    "Organization.Read.All",
    "Domain.ReadWrite.All",
    "LicenseAssignment.Read.All",
    "Policy.Read.All",
    // Step 4 leaves security defaults as they are (issue 11): reading them needs only
    // Policy.Read.All. Conditional access is written only on the owner's explicit choice.
    "Policy.ReadWrite.ConditionalAccess",
    "Policy.ReadWrite.AuthenticationMethod",
    "Application.ReadWrite.All",
    "Reports.Read.All",
    "ReportSettings.ReadWrite.All",
    // Groups on the custom domain (issue 11): list them, delete Microsoft 365 groups.
    "Group.ReadWrite.All",
    // Which accounts are shared, room or equipment mailboxes (`userPurpose`).
    "MailboxSettings.Read",
    // The backup engine: the owner's mail and files, then others' once access is granted.
    "Mail.Read",
    "Mail.Read.Shared",
    "Files.Read.All",
    // The backup: SharePoint sites the owner can reach (`/sites?search=`) and their files.
    "Sites.Read.All",
];

/// Sign-in configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthConfig {
    pub authorize_url: Url,
    pub token_url: Url,
    /// `None` where the server has no device-code endpoint.
    pub device_code_url: Option<Url>,
    pub client_id: String,
    pub scopes: Vec<String>,
    /// Graph base URL for the session's [`crate::graph::GraphClient`].
    pub graph_base_url: String,
    /// Path of the loopback redirect (`http://localhost:{port}{path}`); `/` by default.
    pub redirect_path: String,
    /// Extra authorize parameters (Microsoft: `prompt=select_account`).
    pub extra_authorize_params: Vec<(String, String)>,
}

impl AuthConfig {
    /// Microsoft's `/organizations` authority and Graph, with the given app registration.
    pub fn microsoft(client_id: &str) -> Result<Self> {
        Self::microsoft_at(MICROSOFT_AUTHORITY, client_id)
    }

    /// Microsoft at a given authority (`organizations` or one tenant).
    fn microsoft_at(authority: &str, client_id: &str) -> Result<Self> {
        let mut config = Self::for_authority(authority, client_id, MICROSOFT_GRAPH)?;
        config
            .extra_authorize_params
            .push(("prompt".into(), "select_account".into()));
        Ok(config)
    }

    /// An authority with Microsoft's endpoint layout (`{authority}/oauth2/v2.0/authorize`,
    /// `/token`, `/devicecode`): Microsoft itself or the practice tenant (`sim.authority()`).
    pub fn for_authority(authority: &str, client_id: &str, graph_base_url: &str) -> Result<Self> {
        require_secure("the sign-in authority", authority)?;
        let base = authority.trim_end_matches('/');
        let endpoint = |name: &str| parse(&format!("{base}/oauth2/v2.0/{name}"));
        AuthConfig {
            authorize_url: endpoint("authorize")?,
            token_url: endpoint("token")?,
            device_code_url: Some(endpoint("devicecode")?),
            client_id: non_empty_client_id(client_id)?,
            scopes: closure_scopes(),
            graph_base_url: String::new(),
            redirect_path: "/".into(),
            extra_authorize_params: Vec::new(),
        }
        .with_graph(graph_base_url)
    }

    /// The same configuration with another Graph base (`https`, or `http` on loopback).
    pub fn with_graph(mut self, graph_base_url: &str) -> Result<Self> {
        require_secure("the Microsoft Graph address", graph_base_url)?;
        self.graph_base_url = graph_base_url.trim_end_matches('/').to_owned();
        Ok(self)
    }

    /// Microsoft by default, from the environment: `CLOSEOUT_CLIENT_ID` (required unless one
    /// is built in), `CLOSEOUT_AUTHORITY` and `CLOSEOUT_GRAPH_URL` (optional overrides).
    pub fn from_env() -> Result<Self> {
        Self::from_env_with(None)
    }

    /// [`Self::from_env`], with an organization's own registration winning over the run-time
    /// and built-in client ids; its tenant (if any) replaces `organizations` in Microsoft's
    /// authority. `CLOSEOUT_AUTHORITY`, a developer's override, still wins for the authority.
    pub fn from_env_with(own: Option<&OwnRegistration>) -> Result<Self> {
        let run_time = std::env::var(CLIENT_ID_ENV).ok();
        let client_id = choose_client_id(own, run_time, BUILT_IN_CLIENT_ID).ok_or_else(|| {
            Error::new(
                ErrorCode::Config,
                "Set CLOSEOUT_CLIENT_ID to the application (client) id of the Closeout app registration",
            )
        })?;
        match std::env::var(AUTHORITY_ENV) {
            Ok(authority) => {
                let graph = std::env::var(GRAPH_URL_ENV).unwrap_or_else(|_| MICROSOFT_GRAPH.into());
                Self::for_authority(&authority, &client_id, &graph)
            }
            Err(_) => {
                let config = match own.and_then(|o| o.tenant.as_deref()) {
                    Some(tenant) => {
                        Self::microsoft_at(&format!("{MICROSOFT_LOGIN}/{tenant}"), &client_id)?
                    }
                    None => Self::microsoft(&client_id)?,
                };
                match std::env::var(GRAPH_URL_ENV) {
                    Ok(graph) => config.with_graph(&graph),
                    Err(_) => Ok(config),
                }
            }
        }
    }
}

/// `openid profile offline_access` and every Graph permission as a full URI.
pub fn closure_scopes() -> Vec<String> {
    ["openid", "profile", "offline_access"]
        .iter()
        .map(|s| s.to_string())
        .chain(
            GRAPH_PERMISSIONS
                .iter()
                .map(|p| format!("{MICROSOFT_GRAPH}/{p}")),
        )
        .collect()
}

/// True for a loopback host: 127.0.0.0/8, `::1` or `localhost`.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// `text` as a URL if it is `https`, or `http` on a loopback host; anything else (plain
/// `http` elsewhere, `file:`, `javascript:`, no host) is a configuration error naming `what`.
pub fn require_secure(what: &str, text: &str) -> Result<Url> {
    let url = parse(text)?;
    let secure = url.host().is_some()
        && (url.scheme() == "https" || (url.scheme() == "http" && is_loopback(&url)));
    if !secure {
        return Err(Error::new(
            ErrorCode::Config,
            format!("{what} must be an https address (plain http only on this computer): {text}"),
        ));
    }
    Ok(url)
}

fn parse(text: &str) -> Result<Url> {
    Url::parse(text).map_err(|e| Error::new(ErrorCode::Config, format!("sign-in URL {text}: {e}")))
}

fn non_empty_client_id(client_id: &str) -> Result<String> {
    let trimmed = client_id.trim();
    if trimmed.is_empty() {
        return Err(Error::new(ErrorCode::Config, "the client id is empty"));
    }
    Ok(trimmed.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsoft_defaults() {
        let config = AuthConfig::microsoft("11111111-2222-3333-4444-555555555555").unwrap();
        assert_eq!(
            config.authorize_url.as_str(),
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize"
        );
        assert_eq!(
            config.device_code_url.unwrap().as_str(),
            "https://login.microsoftonline.com/organizations/oauth2/v2.0/devicecode"
        );
        assert!(config.scopes.contains(&"offline_access".to_string()));
        assert!(config.scopes.contains(
            &"https://graph.microsoft.com/Policy.ReadWrite.ConditionalAccess".to_string()
        ));
        assert_eq!(config.graph_base_url, "https://graph.microsoft.com");
        assert!(AuthConfig::microsoft("  ").is_err());
    }

    #[test]
    fn plain_http_is_refused_except_on_loopback() {
        let id = "11111111-2222-3333-4444-555555555555";
        for authority in [
            "http://login.microsoftonline.com/organizations",
            "http://127.0.0.1.evil.example/x",
            "file:///opt/authority",
            "javascript:alert(1)",
            "ftp://example.com/",
        ] {
            let err = AuthConfig::for_authority(authority, id, MICROSOFT_GRAPH).unwrap_err();
            assert_eq!(err.code, ErrorCode::Config, "{authority}");
        }
        let err = AuthConfig::microsoft(id)
            .unwrap()
            .with_graph("http://graph.microsoft.com")
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Config);
        for local in [
            "http://127.0.0.1:4000",
            "http://127.8.9.10:4000",
            "http://localhost:4000",
            "http://LOCALHOST:4000",
            "http://[::1]:4000",
        ] {
            let config = AuthConfig::for_authority(&format!("{local}/tenant"), id, local).unwrap();
            assert_eq!(config.graph_base_url, local);
        }
        assert!(
            AuthConfig::for_authority("https://login.example/t", id, "https://graph.example/")
                .is_ok()
        );
    }

    #[test]
    fn the_tenant_replaces_organizations_in_microsoft_s_endpoints() {
        // Only without CLOSEOUT_AUTHORITY (a developer override); tests here never set it.
        if std::env::var_os(AUTHORITY_ENV).is_some() {
            return;
        }
        const OWN: &str = "0e8a4a5c-3d1f-4c8b-9f1e-2a6b7c8d9e0f";
        let own = OwnRegistration::new(OWN, "contoso.onmicrosoft.com").unwrap();
        let config = AuthConfig::from_env_with(Some(&own)).unwrap();
        assert_eq!(config.client_id, OWN);
        assert_eq!(
            config.authorize_url.as_str(),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize"
        );
        assert_eq!(
            config.token_url.as_str(),
            "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"
        );
        assert!(config
            .extra_authorize_params
            .contains(&("prompt".into(), "select_account".into())));
    }
}
