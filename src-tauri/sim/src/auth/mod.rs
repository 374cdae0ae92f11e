//! Microsoft identity platform v2 endpoints for a public desktop client:
//! authorize (practice sign-in page), token (code + PKCE, refresh, device code) and device code.

pub mod audience;
mod authorize;
mod device;
pub mod errors;
pub mod store;
mod token;

use crate::app::Shared;
use crate::state::World;
use axum::routing::{get, post};
use axum::Router;
use errors::{tenant_not_found, AadError};
use std::collections::HashMap;

/// The heading of the practice sign-in pages.
const AREA: &str = "Practice sign-in";

/// Query or form parameters of an endpoint.
type Params = HashMap<String, String>;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(
            "/{tenant}/oauth2/v2.0/authorize",
            get(authorize::show).post(authorize::decide),
        )
        .route("/{tenant}/oauth2/v2.0/token", post(token::token))
        .route("/{tenant}/oauth2/v2.0/devicecode", post(device::devicecode))
        .route(
            "/{tenant}/v2.0/.well-known/openid-configuration",
            get(token::discovery),
        )
        .route("/devicelogin", get(device::show).post(device::submit))
}

/// OpenID Connect scopes, handled by the sign-in service itself.
const OIDC: &[&str] = &["openid", "profile", "email", "offline_access"];
const GRAPH_PREFIXES: &[&str] = &[
    "https://graph.microsoft.com/",
    "00000003-0000-0000-c000-000000000000/",
];

/// What `.default` grants: the permissions configured on the practice app registration.
pub const APP_PERMISSIONS: &[&str] = &[
    "User.Read",
    "User.ReadWrite.All",
    "User.DeleteRestore.All",
    "Directory.AccessAsUser.All",
    "RoleManagement.Read.Directory",
    "Organization.Read.All",
    "Organization.ReadWrite.All",
    "Domain.ReadWrite.All",
    "LicenseAssignment.Read.All",
    "Policy.Read.All",
    "Policy.ReadWrite.SecurityDefaults",
    "Policy.ReadWrite.ConditionalAccess",
    "Policy.ReadWrite.AuthenticationMethod",
    "Application.ReadWrite.All",
    "Reports.Read.All",
    "ReportSettings.ReadWrite.All",
    // Groups on the custom domain (issue 11): list them, delete Microsoft 365 groups.
    "Group.ReadWrite.All",
    // Which accounts are shared, room or equipment mailboxes (`userPurpose`).
    "MailboxSettings.Read",
    "Mail.Read",
    "Mail.Read.Shared",
    "Files.Read.All",
];

/// A `scope` parameter split into permissions and OpenID Connect scopes.
pub struct Scopes {
    /// Graph permission names, and ARM scopes marked with [`audience::ARM_MARK`].
    pub graph: Vec<String>,
    pub oidc: Vec<String>,
}

pub fn parse_scopes(raw: &str) -> Scopes {
    let mut graph = Vec::new();
    let mut oidc = Vec::new();
    for s in raw.split_whitespace() {
        if OIDC.iter().any(|o| o.eq_ignore_ascii_case(s)) {
            oidc.push(s.to_ascii_lowercase());
            continue;
        }
        if let Some(arm) = audience::arm_scope(s) {
            graph.push(arm);
            continue;
        }
        let name = GRAPH_PREFIXES
            .iter()
            .find_map(|p| {
                s.get(..p.len())
                    .filter(|h| h.eq_ignore_ascii_case(p))
                    .map(|_| &s[p.len()..])
            })
            .unwrap_or(s);
        if name == ".default" {
            graph.extend(APP_PERMISSIONS.iter().map(|p| p.to_string()));
        } else if !name.is_empty() {
            graph.push(name.to_string());
        }
    }
    graph.dedup();
    Scopes { graph, oidc }
}

/// `common`, `organizations`, the tenant id or one of its domains; anything else, or a
/// deleted tenant, answers AADSTS90002 as Microsoft does.
pub fn check_tenant(world: &World, segment: &str) -> Result<(), AadError> {
    let t = &world.tenant;
    let known = ["organizations", "common"]
        .iter()
        .any(|s| s.eq_ignore_ascii_case(segment))
        || t.id.eq_ignore_ascii_case(segment)
        || t.domains
            .iter()
            .any(|d| d.name.eq_ignore_ascii_case(segment));
    if t.is_deleted() || !known {
        return Err(tenant_not_found(segment));
    }
    Ok(())
}

pub fn check_client(world: &World, client_id: Option<&str>) -> Result<(), AadError> {
    let Some(client_id) = client_id.filter(|c| !c.is_empty()) else {
        return Err(errors::missing("client_id"));
    };
    if client_id != world.client_id {
        return Err(AadError::new(
            "unauthorized_client",
            700016,
            format!("Application with identifier '{client_id}' was not found in the directory '{}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.", world.tenant.display_name),
        ));
    }
    let sp = world
        .tenant
        .service_principals
        .values()
        .find(|sp| sp.app_id == client_id);
    if sp.is_some_and(|sp| !sp.account_enabled) {
        return Err(AadError::new(
            "unauthorized_client",
            7000112,
            format!("Application '{client_id}'(Closeout) is disabled."),
        ));
    }
    Ok(())
}

/// True when Closeout's enterprise app (its consent) still exists in the tenant.
pub fn app_consented(world: &World) -> bool {
    world
        .tenant
        .service_principals
        .values()
        .any(|sp| sp.app_id == world.client_id)
}

/// Whether `requested` matches a registered redirect URI, as Microsoft's "Redirect URI
/// restrictions" article describes: scheme, host, path (case-sensitive) and query must be the
/// same, and the port is ignored only when the host is `localhost`. A registered URI without
/// a path matches the path `/`. INFERENCE: for other hosts, 127.0.0.1 included, the article
/// guarantees no port-ignoring, so the port must match too (an `http://127.0.0.1` URI can
/// only be registered through the manifest, which Closeout's registration does not use).
pub fn redirect_allowed(registered: &[String], requested: &str) -> bool {
    let Ok(req) = url::Url::parse(requested) else {
        return false;
    };
    registered
        .iter()
        .filter_map(|r| url::Url::parse(r).ok())
        .any(|reg| {
            let localhost = reg.host_str() == Some("localhost");
            reg.scheme() == req.scheme()
                && reg.host_str() == req.host_str()
                && reg.path() == req.path()
                && reg.query() == req.query()
                && (localhost || reg.port_or_known_default() == req.port_or_known_default())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_port_is_ignored_for_localhost_only() {
        let reg = vec!["http://localhost".to_string()];
        assert!(redirect_allowed(&reg, "http://localhost:53111/"));
        assert!(redirect_allowed(&reg, "http://localhost:1"));
        assert!(redirect_allowed(&reg, "http://localhost/"));
        for refused in [
            "http://127.0.0.1:53111/",
            "http://[::1]:53111/",
            "http://localhost:53111/callback",
            "https://localhost:53111/",
            "http://localhost:53111/?x=1",
            "http://evil.example/",
        ] {
            assert!(!redirect_allowed(&reg, refused), "{refused}");
        }
        let other = vec![
            "http://127.0.0.1/callback".to_string(),
            "https://app.example/Cb".to_string(),
        ];
        assert!(redirect_allowed(&other, "http://127.0.0.1/callback"));
        assert!(!redirect_allowed(&other, "http://127.0.0.1:9000/callback"));
        assert!(redirect_allowed(&other, "https://app.example:443/Cb"));
        assert!(!redirect_allowed(&other, "https://app.example/cb"));
    }

    #[test]
    fn scopes_split_and_default_expands() {
        let s = parse_scopes("openid offline_access https://graph.microsoft.com/User.Read");
        assert_eq!(s.graph, vec!["User.Read"]);
        assert_eq!(s.oidc, vec!["openid", "offline_access"]);
        let d = parse_scopes("https://graph.microsoft.com/.default");
        assert!(d.graph.contains(&"User.ReadWrite.All".to_string()));
    }
}
