//! Which resource a token is for: Microsoft Graph, or Azure Resource Manager (the Azure
//! subscriptions check). Microsoft issues one access token per resource; a token request that
//! names scopes of two resources is refused (AADSTS28000), and each API refuses a token minted
//! for the other one.
//!
//! Requested ARM scopes travel through the sign-in state with the Graph permission names,
//! marked with [`ARM_MARK`], so the code, device and refresh grants keep one scope list.
//!
//! Consent is incremental, as Microsoft's dynamic consent works: the first sign-in asks only
//! for Graph; a refresh-token grant for the ARM scope answers AADSTS65001 until the person has
//! consented to it once through the sign-in page (authorize with the ARM scope).

use super::errors::AadError;
use crate::state::World;

/// The ARM resource as Closeout names it in scopes.
pub const ARM_RESOURCE: &str = "https://management.azure.com/";
/// Other spellings Microsoft accepts for the same resource (the classic one and its app id).
const ARM_ALIASES: &[&str] = &[
    "https://management.core.windows.net/",
    "797f4846-ba00-4fd7-ba43-dac1f8f63013/",
];
/// The prefix that marks an ARM scope in a grant's scope list.
pub const ARM_MARK: &str = "azure:";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Graph,
    AzureResourceManager,
}

/// `Some("azure:user_impersonation")` when `scope` is an ARM scope.
pub fn arm_scope(scope: &str) -> Option<String> {
    std::iter::once(ARM_RESOURCE)
        .chain(ARM_ALIASES.iter().copied())
        .find_map(|p| {
            scope
                .get(..p.len())
                .filter(|h| h.eq_ignore_ascii_case(p))
                .map(|_| format!("{ARM_MARK}{}", &scope[p.len()..]))
        })
}

/// The audience of a token for `scopes`, or Microsoft's refusal when they name two resources.
pub fn of(scopes: &[String]) -> Result<Audience, AadError> {
    let arm = scopes.iter().filter(|s| s.starts_with(ARM_MARK)).count();
    match arm {
        0 => Ok(Audience::Graph),
        n if n == scopes.len() => Ok(Audience::AzureResourceManager),
        _ => Err(AadError::new(
            "invalid_scope",
            28000,
            "Provided value for the input parameter scope is not valid because it contains more than one resource. The scope https://graph.microsoft.com/.default https://management.azure.com/user_impersonation is not valid.",
        )),
    }
}

/// The `scope` text of the token answer: full resource URIs.
pub fn scope_text(scopes: &[String]) -> Vec<String> {
    scopes
        .iter()
        .map(|s| match s.strip_prefix(ARM_MARK) {
            Some(arm) => format!("{ARM_RESOURCE}{arm}"),
            None => format!("https://graph.microsoft.com/{s}"),
        })
        .collect()
}

/// An interactive sign-in (the person saw the permissions and pressed Sign in) that named an
/// ARM scope consents to it for the tenant.
pub fn record_consent(w: &mut World, scopes: &[String]) {
    if scopes.iter().any(|s| s.starts_with(ARM_MARK)) {
        w.auth.arm_consented = true;
    }
}

/// A silent (refresh-token) request for an ARM scope nobody consented to: AADSTS65001, as
/// Microsoft answers when a new permission needs an interactive prompt.
pub fn require_consent(w: &World, scopes: &[String]) -> Result<(), AadError> {
    let wants_arm = scopes.iter().any(|s| s.starts_with(ARM_MARK));
    if wants_arm && !w.auth.arm_consented {
        return Err(AadError::new(
            "invalid_grant",
            65001,
            format!("The user or administrator has not consented to use the application with ID '{}' named 'Closeout'. Send an interactive authorization request for this user and resource.", w.client_id),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_scopes_are_marked_and_mixed_resources_refused() {
        let arm = arm_scope("https://management.azure.com/user_impersonation").unwrap();
        assert_eq!(arm, "azure:user_impersonation");
        assert_eq!(
            arm_scope("https://management.core.windows.net/user_impersonation").as_deref(),
            Some("azure:user_impersonation")
        );
        assert!(arm_scope("https://graph.microsoft.com/User.Read").is_none());
        assert!(matches!(
            of(std::slice::from_ref(&arm)),
            Ok(Audience::AzureResourceManager)
        ));
        assert!(matches!(of(&["User.Read".into()]), Ok(Audience::Graph)));
        assert!(matches!(of(&[arm, "User.Read".into()]), Err(e) if e.code == 28000));
    }
}
