//! "Does the organization still exist?", asked the way Microsoft documents the end of a
//! closure: sign-in answers AADSTS90002 ("tenant not found") for a deleted tenant. We ask the
//! token endpoint of the tenant itself, with no credential at all (a refresh-token grant with
//! a dummy token): an existing tenant answers `invalid_grant`, a deleted one `90002`. Nothing
//! secret is sent, and this works even after Closeout's own access was removed.

use serde::Deserialize;

use crate::error::{Error, ErrorCode, Result};

/// AADSTS90002: InvalidTenantName, the tenant does not exist.
const TENANT_NOT_FOUND: u64 = 90002;

/// `authority` is the configured one (`https://login.microsoftonline.com/organizations`); the
/// tenant id replaces its last segment.
pub async fn tenant_exists(authority: &str, client_id: &str, tenant_id: &str) -> Result<bool> {
    let root = authority
        .trim_end_matches('/')
        .rsplit_once('/')
        .map_or(authority, |(root, _)| root);
    let url = format!("{root}/{tenant_id}/oauth2/v2.0/token");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(|e| Error::internal(format!("HTTP client: {e}")))?;
    let answer = http
        .post(&url)
        .form(&[
            ("client_id", client_id),
            ("grant_type", "refresh_token"),
            ("refresh_token", "closeout-existence-probe"),
            ("scope", "openid"),
        ])
        .send()
        .await
        .map_err(|e| Error::new(ErrorCode::Network, format!("sign-in unreachable: {e}")))?;
    #[derive(Deserialize, Default)]
    struct SignInError {
        #[serde(default)]
        error_codes: Vec<u64>,
    }
    let body: SignInError = answer.json().await.unwrap_or_default();
    Ok(!body.error_codes.contains(&TENANT_NOT_FOUND))
}
