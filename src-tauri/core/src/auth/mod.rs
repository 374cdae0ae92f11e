//! Sign-in as the organization's Global Administrator: authorization code + PKCE through the
//! system browser and a loopback listener, the device-code fallback, and silent refresh.
//!
//! # Public API
//!
//! ```ignore
//! use closeout_core::auth::*;
//! // Configuration: Microsoft (client id from CLOSEOUT_CLIENT_ID), the practice tenant, or any
//! // OpenID Connect server with explicit endpoints.
//! let config = AuthConfig::from_env()?;                       // or AuthConfig::microsoft(id)?
//! let config = AuthConfig::for_authority(&sim.authority(), sim.client_id(), sim.base_url())?;
//! let sign_in = SignIn::new(config, Some(Keychain::default()))?; // None: never save
//!
//! // Browser: the face opens the URL (tauri-plugin-opener) and shows "waiting / Cancel".
//! let cancel = CancelHandle::new();                           // cancel.cancel() from the UI
//! let options = BrowserOptions { lang: Lang::It, cancel: cancel.clone(), ..Default::default() };
//! let session: Session = sign_in.browser(&options, |url| open_in_browser(url)).await?;
//!
//! // Device code fallback: show code.user_code and code.verification_uri, then wait.
//! let code: DeviceCode = sign_in.start_device_code().await?;
//! let session = sign_in.finish_device_code(&code, &cancel).await?;
//!
//! // Then: who, which tenant (pinned), Global Admin or not. Only a Global Administrator's
//! // refresh token is saved in the keychain; anyone else's is never kept.
//! let me: Identity = session.identify().await?;  me.require_global_admin()?;
//! let graph = session.graph()?;                               // every Graph call from here
//! session.keychain_error();                                   // Some(..): not remembered
//!
//! // Next start: silent sign-in from the keychain; Ok(None) when nothing is saved.
//! let session: Option<Session> = sign_in.resume(&tenant_id).await?;
//!
//! // "Sign out and forget this computer" (app button, `closeout-cli sign-out`): drops the
//! // session's tokens from memory and deletes every keychain entry of the tenant's sign-in.
//! auth::sign_out_and_forget(&Keychain::default(), &tenant_id, Some(&session)).await?;
//! ```
//!
//! Errors: [`ErrorCode::SignInCancelled`] (browser "cancel" or the face's cancel),
//! `SignInTimeout`, the AADSTS-derived codes of [`errors`], and for device code
//! `DeviceCodeExpired` / `DeviceCodeDeclined`. A redirect with a forged or stale `state` is
//! ignored by the listener (the wait goes on), so it never ends a sign-in.

mod browser;
pub mod claims;
pub mod config;
mod device;
pub mod errors;
mod identity;
mod incremental;
mod loopback;
mod oauth;
mod redirect;
mod registration;
mod session;

pub use browser::BrowserOptions;
pub use claims::Claims;
pub use config::{
    closure_scopes, AuthConfig, AUTHORITY_ENV, CLIENT_ID_ENV, GRAPH_URL_ENV, MICROSOFT_AUTHORITY,
    MICROSOFT_GRAPH,
};
pub use device::DeviceCode;
pub use identity::{Identity, GLOBAL_ADMIN_TEMPLATE_ID};
pub use incremental::{
    azure_interactively, azure_scopes, azure_session, azure_silently, ARM_SCOPE,
};
pub use loopback::{
    page as browser_page, CancelHandle, Lang, LISTENER_MAX_CONNECTIONS, LISTENER_READ_TIMEOUT,
};
pub use registration::{is_guid, OwnRegistration, BUILT_IN_CLIENT_ID};
pub use session::Session;

/// "Sign out and forget this computer": forgets `session`'s tokens in memory (when one is
/// open) and deletes the saved sign-in of `tenant_id` from `keychain`, every part of it.
/// Needs no configuration (no client id), so it works even when nothing else would; calling
/// it when nothing is saved is not an error. The face then forgets its own pointers to the
/// tenant (the app's `last-organization`, the CLI's `signed-in-tenant`).
pub async fn sign_out_and_forget(
    keychain: &Keychain,
    tenant_id: &str,
    session: Option<&Session>,
) -> Result<()> {
    if let Some(session) = session {
        session.sign_out().await?;
    }
    let keychain = keychain.clone();
    let tenant = tenant_id.to_owned();
    session::blocking(move || keychain.delete(&tenant)).await
}

use crate::keychain::Keychain;
use crate::{ErrorCode, Result};

/// The sign-in service: configuration, HTTP client and the keychain it saves to.
pub struct SignIn {
    config: AuthConfig,
    oauth: oauth::OAuthClient,
    http: reqwest::Client,
    keychain: Option<Keychain>,
}

impl SignIn {
    /// `keychain: None` never saves anything (practice runs, tests, or a refused keychain).
    pub fn new(config: AuthConfig, keychain: Option<Keychain>) -> Result<Self> {
        Ok(SignIn {
            oauth: oauth::client(&config)?,
            http: oauth::http()?,
            config,
            keychain,
        })
    }

    pub fn config(&self) -> &AuthConfig {
        &self.config
    }

    /// Signs in silently with the refresh token saved for `tenant_id`. `Ok(None)` when none
    /// is saved; a saved one that Microsoft refuses (expired, revoked) is forgotten and its
    /// error returned (`SessionExpired`...), so the face falls back to an interactive sign-in.
    pub async fn resume(&self, tenant_id: &str) -> Result<Option<Session>> {
        let Some(keychain) = self.keychain.clone() else {
            return Ok(None);
        };
        let tenant = tenant_id.to_owned();
        let saved = tokio::task::spawn_blocking(move || keychain.load(&tenant))
            .await
            .map_err(|e| crate::Error::internal(format!("keychain task: {e}")))??;
        let Some(refresh) = saved else {
            return Ok(None);
        };
        let session = Session::from_refresh_token(self, tenant_id, refresh);
        match session.refresh_now().await {
            Ok(()) => Ok(Some(session)),
            Err(err) => {
                if matches!(
                    err.code,
                    ErrorCode::SessionExpired | ErrorCode::TenantNotFound
                ) {
                    self.forget(tenant_id).await?;
                }
                Err(err)
            }
        }
    }

    /// Deletes the saved sign-in of `tenant_id` (no error if there is none).
    pub async fn forget(&self, tenant_id: &str) -> Result<()> {
        let Some(keychain) = self.keychain.clone() else {
            return Ok(());
        };
        let tenant = tenant_id.to_owned();
        session::blocking(move || keychain.delete(&tenant)).await
    }
}
