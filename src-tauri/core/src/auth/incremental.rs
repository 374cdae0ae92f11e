//! Incremental consent for a second resource: Azure Resource Manager, asked only when the
//! owner presses "Check for Azure subscriptions" (Graph cannot see Azure subscriptions).
//!
//! Microsoft issues one access token per resource. Closeout first tries the refresh token of
//! the Graph sign-in with the ARM scope (silent; it works once the ARM scope has been
//! consented to); Microsoft answers AADSTS65001 (`ConsentRequired`) until then, and the face
//! runs an interactive sign-in that asks only for the ARM scope. Either way the answer's ID
//! token must name the pinned tenant: a token for another organization is refused. The
//! result is a [`Session`] of its own, so the ARM token never goes to Graph and the Graph
//! token never to ARM; its refresh token is kept in memory only (the keychain keeps the
//! Graph sign-in, from which the silent path starts again after a restart).

use super::browser::BrowserOptions;
use super::config::AuthConfig;
use super::session::Session;
use super::SignIn;
use crate::{Error, ErrorCode, Result};

/// The delegated ARM permission: act as the signed-in person in Azure Resource Manager.
pub const ARM_SCOPE: &str = "https://management.azure.com/user_impersonation";

/// OpenID Connect scopes (for the ID token that names the tenant) plus the ARM scope only:
/// a token request naming Graph and ARM together is refused by Microsoft (AADSTS28000).
pub fn azure_scopes() -> Vec<String> {
    ["openid", "profile", "offline_access", ARM_SCOPE]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

fn arm_sign_in(config: &AuthConfig) -> Result<SignIn> {
    let mut config = config.clone();
    config.scopes = azure_scopes();
    SignIn::new(config, None)
}

fn pinned(graph: &Session) -> Result<String> {
    graph
        .tenant_id()
        .ok_or_else(|| Error::new(ErrorCode::NotSignedIn, "Sign in before checking Azure"))
}

/// The ARM session from the Graph sign-in's refresh token, without a browser.
/// `ConsentRequired` when the ARM scope was never consented to.
pub async fn azure_silently(config: &AuthConfig, graph: &Session) -> Result<Session> {
    let tenant = pinned(graph)?;
    let refresh = graph.refresh_token().await.ok_or_else(|| {
        Error::new(
            ErrorCode::SessionExpired,
            "There is no refresh token; sign in again",
        )
    })?;
    let arm = Session::from_refresh_token(&arm_sign_in(config)?, &tenant, refresh);
    arm.refresh_now().await?;
    require_tenant(&arm, &tenant)?;
    Ok(arm)
}

/// The ARM session through the browser (the consent prompt for the ARM scope). The face
/// passes the admin's sign-in name as `options.login_hint`, so the same account is used.
pub async fn azure_interactively(
    config: &AuthConfig,
    graph: &Session,
    options: &BrowserOptions,
    open: impl FnOnce(&str) -> Result<()>,
) -> Result<Session> {
    let tenant = pinned(graph)?;
    let arm = arm_sign_in(config)?.browser(options, open).await?;
    require_tenant(&arm, &tenant)?;
    arm.pin_tenant(&tenant, false).await?;
    Ok(arm)
}

/// Silent first; the browser only when Microsoft asks for consent.
pub async fn azure_session(
    config: &AuthConfig,
    graph: &Session,
    options: &BrowserOptions,
    open: impl FnOnce(&str) -> Result<()>,
) -> Result<Session> {
    match azure_silently(config, graph).await {
        Err(e) if e.code == ErrorCode::ConsentRequired => {
            azure_interactively(config, graph, options, open).await
        }
        other => other,
    }
}

/// The ID token's tenant must be the pinned one; none at all is refused too (nothing proves
/// which organization the token is for).
fn require_tenant(arm: &Session, tenant: &str) -> Result<()> {
    match arm.claims().tenant_id {
        Some(t) if t.eq_ignore_ascii_case(tenant) => Ok(()),
        other => Err(Error::new(
            ErrorCode::TenantMismatch,
            "The Azure sign-in belongs to another organization than the one this closure is for",
        )
        .with_details(serde_json::json!({ "pinned": tenant, "actual": other }))),
    }
}
