//! Microsoft's sign-in errors mapped to stable [`ErrorCode`]s the UI can explain.
//!
//! Microsoft says to branch on the `AADSTSnnnnn` code, never on the description text (fact
//! sheet C). Token errors carry it in `error_description` (and `error_codes`), authorize
//! redirects in `error_description`. Where no code is given (standard OpenID Connect servers),
//! the OAuth `error` value decides.

use crate::{Error, ErrorCode};
use serde_json::json;

/// Which step failed, because `invalid_grant` means different things in each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The browser came back to the loopback with `error=...`.
    Authorize,
    /// Exchanging the authorization code (with the PKCE verifier).
    CodeExchange,
    /// Using the refresh token.
    Refresh,
    /// Polling the device-code grant.
    DeviceCode,
}

/// The `AADSTSnnnnn` number in a description, if any.
pub fn aadsts_code(description: &str) -> Option<u32> {
    let start = description.find("AADSTS")? + "AADSTS".len();
    let digits: String = description[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The error for an OAuth error answer (`error`, optional `error_description`).
pub fn sign_in_error(step: Step, error: &str, description: Option<&str>) -> Error {
    let aadsts = description.and_then(aadsts_code);
    // Device-code outcomes are named by the OAuth error itself (Microsoft sends
    // `authorization_declined` with AADSTS65004, which elsewhere means declined consent).
    let code = match (step, error) {
        (Step::DeviceCode, "authorization_declined" | "access_denied" | "expired_token") => {
            code_for_oauth_error(step, error)
        }
        _ => aadsts
            .and_then(code_for_aadsts)
            .unwrap_or_else(|| code_for_oauth_error(step, error)),
    };
    let mut message = format!("Sign-in failed: {error}");
    if let Some(number) = aadsts {
        message.push_str(&format!(" (AADSTS{number})"));
    }
    // Descriptions hold ids and timestamps, never tokens; cut them to a readable length.
    let description: Option<String> = description.map(|d| d.chars().take(400).collect());
    Error::new(code, message).with_details(json!({
        "microsoftError": error,
        "aadsts": aadsts,
        "description": description,
        "step": format!("{step:?}"),
    }))
}

fn code_for_aadsts(number: u32) -> Option<ErrorCode> {
    Some(match number {
        65001 | 90094 | 90095 | 650056 | 650057 => ErrorCode::ConsentRequired,
        65004 => ErrorCode::ConsentDeclined,
        50076 | 50079 | 50074 | 50072 => ErrorCode::MfaRequired,
        53003 | 530035 => ErrorCode::BlockedByConditionalAccess,
        70008 | 700082 | 50173 | 70043 | 50058 => ErrorCode::SessionExpired,
        90002 | 50034 | 700016 => ErrorCode::TenantNotFound,
        70019 => ErrorCode::DeviceCodeExpired,
        _ => return None,
    })
}

fn code_for_oauth_error(step: Step, error: &str) -> ErrorCode {
    match (step, error) {
        (_, "access_denied") if step != Step::DeviceCode => ErrorCode::SignInCancelled,
        (_, "authorization_declined" | "access_denied") => ErrorCode::DeviceCodeDeclined,
        (_, "expired_token") => ErrorCode::DeviceCodeExpired,
        (_, "consent_required") => ErrorCode::ConsentRequired,
        (_, "interaction_required") => ErrorCode::MfaRequired,
        (Step::Refresh, "invalid_grant") => ErrorCode::SessionExpired,
        _ => ErrorCode::SignInFailed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aadsts_codes_decide_over_the_oauth_error() {
        let cases = [
            (
                "AADSTS65001: The user or administrator has not consented",
                ErrorCode::ConsentRequired,
            ),
            (
                "AADSTS65004: User declined to consent",
                ErrorCode::ConsentDeclined,
            ),
            (
                "AADSTS50076: Due to a configuration change...",
                ErrorCode::MfaRequired,
            ),
            (
                "AADSTS53003: Access has been blocked by Conditional Access",
                ErrorCode::BlockedByConditionalAccess,
            ),
            (
                "AADSTS700082: The refresh token has expired due to inactivity",
                ErrorCode::SessionExpired,
            ),
            (
                "AADSTS90002: Tenant 'x' not found",
                ErrorCode::TenantNotFound,
            ),
        ];
        for (description, code) in cases {
            let err = sign_in_error(Step::Refresh, "invalid_grant", Some(description));
            assert_eq!(err.code, code, "{description}");
        }
        let err = sign_in_error(
            Step::CodeExchange,
            "invalid_grant",
            Some("AADSTS501481: verifier"),
        );
        assert_eq!(err.code, ErrorCode::SignInFailed);
        assert_eq!(err.details.unwrap()["aadsts"], 501481);
    }

    #[test]
    fn plain_oauth_errors() {
        let cancel = sign_in_error(
            Step::Authorize,
            "access_denied",
            Some("the user canceled the authentication"),
        );
        assert_eq!(cancel.code, ErrorCode::SignInCancelled);
        assert_eq!(
            sign_in_error(Step::DeviceCode, "authorization_declined", None).code,
            ErrorCode::DeviceCodeDeclined
        );
        assert_eq!(
            sign_in_error(Step::DeviceCode, "expired_token", None).code,
            ErrorCode::DeviceCodeExpired
        );
        assert_eq!(
            sign_in_error(Step::Refresh, "invalid_grant", None).code,
            ErrorCode::SessionExpired
        );
        assert_eq!(
            sign_in_error(Step::CodeExchange, "invalid_grant", None).code,
            ErrorCode::SignInFailed
        );
    }
}
