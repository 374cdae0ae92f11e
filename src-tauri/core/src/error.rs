//! The one error type of the core.
//!
//! Every failure a person can meet carries a stable machine [`ErrorCode`] that the front ends
//! translate ("sign_in_cancelled" becomes plain words in English or Italian), a safe English
//! message for logs and the command line, and optional details for support. Nothing secret may
//! ever be put in any of the three: errors are shown, logged and copied to support.
//!
//! The wire format `{code, message, details}` is locked by a test below, because the UI and
//! its translations depend on it.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Declares [`ErrorCode`] once: each variant with its wire name, so that the enum, the list of
/// all codes and the string form can never drift apart.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $name:ident => $wire:literal,)*) => {
        /// A stable, machine-readable reason. Serialized in `snake_case`; never rename one (the
        /// UI's translations are keyed on it), only add new ones.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $wire)] $name,)*
        }

        impl ErrorCode {
            /// Every code, for tests that check each one has a translation.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$name,)*];

            /// The code as it travels on the wire (`"sign_in_cancelled"`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$name => $wire,)*
                }
            }
        }
    };
}

error_codes! {
    // --- general ---
    /// A bug or an unexpected state; the details say where.
    Internal => "internal",
    /// The input given by the person or a caller is not valid.
    InvalidInput => "invalid_input",
    /// The configuration (authority, client id, Graph URL...) is missing or wrong.
    Config => "config",
    /// The operation was cancelled by the person.
    Cancelled => "cancelled",
    /// A file could not be read or written.
    Io => "io",
    /// The disk a backup is saved to is (nearly) full: the backup stopped, what is saved stays.
    DiskFull => "disk_full",

    // --- network and Microsoft's answers ---
    /// Microsoft could not be reached (DNS, connection refused or reset).
    Network => "network",
    /// Microsoft did not answer in time.
    Timeout => "timeout",
    /// Microsoft answered something that could not be understood (truncated or malformed).
    MalformedResponse => "malformed_response",
    /// Microsoft asked us to slow down and retries ran out.
    Throttled => "throttled",
    /// Microsoft's service is temporarily unavailable (503/504) and retries ran out.
    ServiceUnavailable => "service_unavailable",
    /// The access token was refused (401) even after a refresh.
    Unauthorized => "unauthorized",
    /// The signed-in person lacks a permission or role for this call (403).
    AccessDenied => "access_denied",
    /// The object does not exist (404).
    NotFound => "not_found",
    /// Microsoft refused the request for another reason; details carry Microsoft's code.
    GraphError => "graph_error",
    /// Azure Resource Manager refused the request for a reason no other code names (its own
    /// code, `armCode`, is in the details).
    AzureError => "azure_error",

    // --- sign-in ---
    /// The person is not signed in (or was signed out).
    NotSignedIn => "not_signed_in",
    /// The person closed or cancelled the sign-in page.
    SignInCancelled => "sign_in_cancelled",
    /// Nobody completed the sign-in within the time allowed.
    SignInTimeout => "sign_in_timeout",
    /// The answer to the sign-in did not match the request (`state` differs): possible forgery.
    SignInStateMismatch => "sign_in_state_mismatch",
    /// Sign-in failed for a reason not listed here; details carry Microsoft's code.
    SignInFailed => "sign_in_failed",
    /// The app has not been granted the permissions it needs in this organization.
    ConsentRequired => "consent_required",
    /// The person declined to grant the permissions.
    ConsentDeclined => "consent_declined",
    /// Multi-factor authentication is required to continue.
    MfaRequired => "mfa_required",
    /// A conditional access policy (or security defaults) blocks this sign-in.
    BlockedByConditionalAccess => "blocked_by_conditional_access",
    /// The saved sign-in expired or was revoked; sign in again.
    SessionExpired => "session_expired",
    /// The organization no longer exists (expected after the directory is deleted).
    TenantNotFound => "tenant_not_found",
    /// The device code expired before the person entered it.
    DeviceCodeExpired => "device_code_expired",
    /// The person declined the device-code sign-in.
    DeviceCodeDeclined => "device_code_declined",
    /// The signed-in person is not a Global Administrator.
    NotGlobalAdmin => "not_global_admin",

    // --- keychain ---
    /// There is no OS keychain available (no Secret Service, no session bus...).
    KeychainUnavailable => "keychain_unavailable",
    /// The keychain is locked.
    KeychainLocked => "keychain_locked",
    /// The person or the OS denied access to the keychain.
    KeychainDenied => "keychain_denied",

    // --- safety ---
    /// The token or data belongs to another organization than the one pinned at sign-in.
    TenantMismatch => "tenant_mismatch",
    /// A destructive action needs the organization's name typed as confirmation.
    ConfirmationRequired => "confirmation_required",
    /// The typed confirmation does not match the organization's name.
    ConfirmationMismatch => "confirmation_mismatch",
    /// The backup checklist is not settled yet, so destructive steps are locked.
    BackupNotSettled => "backup_not_settled",
    /// The action would delete the signed-in administrator.
    WouldDeleteSelf => "would_delete_self",
    /// The action would remove the last Global Administrator.
    LastGlobalAdmin => "last_global_admin",

    // --- closure ---
    /// The step cannot run now; details say what blocks it.
    StepBlocked => "step_blocked",
    /// An earlier step must be finished first.
    StepNotReady => "step_not_ready",

    // --- journal ---
    /// The saved progress could not be read (damaged file); a backup copy is kept.
    JournalCorrupt => "journal_corrupt",

    // --- app shell ---
    /// The app refused to open a web address that is not on its allowlist.
    UrlNotAllowed => "url_not_allowed",

    // --- updates ---
    /// An update's download does not carry the publisher's signature: refused, nothing installed.
    UpdateRefused => "update_refused",
    /// An update could not be fetched or installed (network, feed, installer); nothing changed.
    UpdateFailed => "update_failed",
    /// An update waits while a closure step runs (it would restart the app in the middle).
    UpdateWaitForStep => "update_wait_for_step",
    /// No update is checked for or installed while the practice company is open.
    UpdateNotInPractice => "update_not_in_practice",
}

impl ErrorCode {
    /// Whether trying the same thing again later may succeed (network, throttling...).
    pub fn is_transient(self) -> bool {
        matches!(
            self,
            ErrorCode::Network
                | ErrorCode::Timeout
                | ErrorCode::Throttled
                | ErrorCode::ServiceUnavailable
        )
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failure with a stable code, a safe message and optional details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Error {
    pub code: ErrorCode,
    /// Safe English text for logs and the command line; the UI shows its own translation.
    pub message: String,
    /// Safe, structured context for support (Microsoft's error code, the request id...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            details: None,
        }
    }

    /// Adds structured details. Never pass tokens, secrets or response bodies with them.
    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::Internal, message)
    }

    pub fn io(context: &str, err: &std::io::Error) -> Self {
        Error::new(ErrorCode::Io, format!("{context}: {err}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wire_format_is_code_message_details() {
        let err = Error::new(ErrorCode::SignInCancelled, "Sign-in was cancelled")
            .with_details(json!({"microsoftCode": "access_denied"}));
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            json!({
                "code": "sign_in_cancelled",
                "message": "Sign-in was cancelled",
                "details": {"microsoftCode": "access_denied"}
            })
        );
        let bare = Error::new(ErrorCode::Network, "offline");
        assert_eq!(
            serde_json::to_string(&bare).unwrap(),
            r#"{"code":"network","message":"offline"}"#
        );
    }

    #[test]
    fn every_code_is_listed_once_and_round_trips() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} listed twice");
            let back: ErrorCode = serde_json::from_value(json!(code.as_str())).unwrap();
            assert_eq!(back, *code);
        }
    }
}
