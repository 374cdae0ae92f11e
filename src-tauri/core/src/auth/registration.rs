//! Whose app registration Closeout signs in with: the publisher's, built in at release time,
//! or an organization's own, entered on the Sign-in page's "Advanced" panel.
//!
//! The publisher's client id is public (not a secret) but belongs to whoever publishes
//! Closeout, so it is never in the source: the release workflow sets `CLOSEOUT_CLIENT_ID`
//! while compiling and [`BUILT_IN_CLIENT_ID`] holds it. An organization that wants its own
//! single-tenant registration types its client id (and tenant); both are checked here, so
//! nothing but a GUID or a domain name can reach the sign-in address.

use crate::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// The publisher's app registration id, built in by the release workflow; `None` in
/// development builds (they say how to set `CLOSEOUT_CLIENT_ID` instead).
pub const BUILT_IN_CLIENT_ID: Option<&str> = option_env!("CLOSEOUT_CLIENT_ID");

/// The client id to use: the organization's own, else the run-time one, else the built-in one.
pub(crate) fn choose_client_id(
    own: Option<&OwnRegistration>,
    run_time: Option<String>,
    built_in: Option<&str>,
) -> Option<String> {
    own.map(|o| o.client_id.clone())
        .or(run_time)
        .or_else(|| built_in.map(str::to_owned))
        .filter(|id| !id.trim().is_empty())
}

/// An organization's own (usually single-tenant) app registration, entered on the Sign-in
/// page's "Advanced" panel and remembered in the app's preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnRegistration {
    /// The registration's Application (client) id: a GUID.
    pub client_id: String,
    /// The directory (tenant) id or a domain of the organization; `None` for `organizations`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
}

impl OwnRegistration {
    /// Checks what a person typed: the client id must be a GUID, the tenant (optional) a GUID
    /// or a domain name such as `contoso.onmicrosoft.com`.
    pub fn new(client_id: &str, tenant: &str) -> Result<Self> {
        let client_id = client_id.trim();
        if !is_guid(client_id) {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "the application (client) id must look like 00000000-0000-0000-0000-000000000000",
            )
            .with_details(serde_json::json!({ "field": "clientId" })));
        }
        let tenant = tenant.trim();
        if !tenant.is_empty() && !is_guid(tenant) && !is_domain(tenant) {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "the tenant must be a directory (tenant) id or a domain such as contoso.onmicrosoft.com",
            )
            .with_details(serde_json::json!({ "field": "tenant" })));
        }
        Ok(OwnRegistration {
            client_id: client_id.to_ascii_lowercase(),
            tenant: (!tenant.is_empty()).then(|| tenant.to_ascii_lowercase()),
        })
    }

    /// A remembered value read back from disk is checked again, so a hand-edited file cannot
    /// put an arbitrary path into the sign-in address.
    pub fn is_valid(&self) -> bool {
        Self::new(&self.client_id, self.tenant.as_deref().unwrap_or("")).as_ref() == Ok(self)
    }
}

/// `8-4-4-4-12` hexadecimal digits.
pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Two or more dot-separated DNS labels of letters, digits and inner hyphens.
fn is_domain(text: &str) -> bool {
    let labels: Vec<&str> = text.split('.').collect();
    text.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: &str = "0e8a4a5c-3d1f-4c8b-9f1e-2a6b7c8d9e0f";

    #[test]
    fn the_organization_s_own_id_wins_then_the_run_time_one_then_the_built_in_one() {
        let own = OwnRegistration::new(OWN, "").unwrap();
        let run_time = || Some("run-time".to_owned());
        assert_eq!(
            choose_client_id(Some(&own), run_time(), Some("built-in")).as_deref(),
            Some(OWN)
        );
        assert_eq!(
            choose_client_id(None, run_time(), Some("built-in")).as_deref(),
            Some("run-time")
        );
        assert_eq!(
            choose_client_id(None, None, Some("built-in")).as_deref(),
            Some("built-in")
        );
        // A development build with nothing set: the caller shows the set-up message.
        assert_eq!(choose_client_id(None, None, None), None);
        assert_eq!(choose_client_id(None, Some(" ".into()), None), None);
    }

    #[test]
    fn an_own_registration_is_a_guid_and_a_tenant_id_or_domain() {
        let own = OwnRegistration::new(
            &format!(" {} ", OWN.to_uppercase()),
            "Contoso.onmicrosoft.com",
        )
        .unwrap();
        assert_eq!(own.client_id, OWN);
        assert_eq!(own.tenant.as_deref(), Some("contoso.onmicrosoft.com"));
        assert!(own.is_valid());
        assert_eq!(OwnRegistration::new(OWN, " ").unwrap().tenant, None);
        assert!(OwnRegistration::new(OWN, "72f988bf-86f1-41af-91ab-2d7cd011db47").is_ok());
        for bad_id in [
            "",
            "not-a-guid",
            "0e8a4a5c-3d1f-4c8b-9f1e-2a6b7c8d9e0",
            "0e8a4a5c3d1f4c8b9f1e2a6b7c8d9e0f",
            "0e8a4a5c-3d1f-4c8b-9f1e-2a6b7c8d9e0g",
        ] {
            let err = OwnRegistration::new(bad_id, "").unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidInput, "{bad_id}");
            assert_eq!(err.details.unwrap()["field"], "clientId");
        }
        for bad_tenant in [
            "contoso",
            "../common",
            "a/b.com",
            "-x.com",
            "contoso.com/oauth2?x=1",
        ] {
            let err = OwnRegistration::new(OWN, bad_tenant).unwrap_err();
            assert_eq!(err.details.unwrap()["field"], "tenant", "{bad_tenant}");
        }
        let tampered = OwnRegistration {
            client_id: OWN.into(),
            tenant: Some("evil.com/../x".into()),
        };
        assert!(!tampered.is_valid());
    }
}
