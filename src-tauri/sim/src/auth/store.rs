//! Server-side sign-in state: opaque tokens and codes mapped to who, which tenant, which scopes.

use std::collections::HashMap;
use std::time::Instant;
use time::OffsetDateTime;

/// Access token lifetime in seconds (`expires_in`).
pub const ACCESS_TOKEN_SECS: i64 = 3599;
/// Refresh tokens die after 90 days without use.
pub const REFRESH_INACTIVE_DAYS: i64 = 90;
/// Authorization codes live about 10 minutes.
pub const CODE_SECS: i64 = 600;
/// Device codes live 15 minutes.
pub const DEVICE_CODE_SECS: i64 = 900;

#[derive(Debug, Clone)]
pub struct AccessGrant {
    pub user_id: String,
    pub tenant_id: String,
    pub client_id: String,
    /// Graph permission names as granted (e.g. `User.ReadWrite.All`).
    pub scopes: Vec<String>,
    pub expires: OffsetDateTime,
    /// The resource the token is for: Graph answers only Graph tokens, ARM only ARM ones.
    pub audience: super::audience::Audience,
}

impl AccessGrant {
    pub fn has_scope(&self, any_of: &[&str]) -> bool {
        self.scopes
            .iter()
            .any(|s| any_of.iter().any(|a| a.eq_ignore_ascii_case(s)))
    }
}

#[derive(Debug, Clone)]
pub struct RefreshGrant {
    pub user_id: String,
    pub scopes: Vec<String>,
    pub oidc: Vec<String>,
    pub last_used: OffsetDateTime,
}

#[derive(Debug, Clone)]
pub struct CodeGrant {
    pub user_id: String,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    pub oidc: Vec<String>,
    pub challenge: Option<(String, String)>,
    pub nonce: Option<String>,
    pub issued: OffsetDateTime,
    pub redeemed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceState {
    Pending,
    Approved(String),
    Declined,
}

#[derive(Debug, Clone)]
pub struct DeviceGrant {
    pub user_code: String,
    pub scopes: Vec<String>,
    pub oidc: Vec<String>,
    pub issued: OffsetDateTime,
    pub state: DeviceState,
    pub last_poll: Option<Instant>,
}

/// An authorize request waiting for the person to press Sign in or Cancel.
#[derive(Debug, Clone)]
pub struct PendingSignIn {
    pub user_id: String,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub response_mode: String,
    pub scopes: Vec<String>,
    pub oidc: Vec<String>,
    pub challenge: Option<(String, String)>,
    pub nonce: Option<String>,
}

#[derive(Default)]
pub struct AuthStore {
    pub access: HashMap<String, AccessGrant>,
    pub refresh: HashMap<String, RefreshGrant>,
    pub codes: HashMap<String, CodeGrant>,
    /// Keyed by device_code.
    pub devices: HashMap<String, DeviceGrant>,
    pub pending: HashMap<String, PendingSignIn>,
    /// Someone consented to the Azure Resource Manager scope (see [`super::audience`]).
    pub arm_consented: bool,
    /// The practice Entra admin center's second factor (number matching).
    pub entra_mfa: crate::portal::entra_mfa::EntraMfa,
}
