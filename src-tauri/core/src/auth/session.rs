//! A signed-in session: the tokens in memory, silent refresh with rotation, the pinned tenant,
//! and a Global Administrator's refresh token mirrored to the keychain.
//!
//! Only a Global Administrator's sign-in is kept (security review L5): a fresh sign-in is
//! saved once [`Session::identify`] has shown the role, never before, and a resumed sign-in
//! whose person no longer holds the role is deleted from the keychain.
//!
//! The access token never leaves memory. Every refresh answer may carry a new refresh token
//! (Microsoft rotates them; oidc-provider revokes the grant if an old one is reused), so the
//! newest one always replaces the old, in memory and in the keychain. A keychain failure is
//! remembered for the UI ("this sign-in will not be remembered") and the session goes on.

use super::claims::Claims;
use super::errors::Step;
use super::oauth::{self, OAuthClient, TokenAnswer};
use super::SignIn;
use crate::graph::{BoxFuture, GraphClient, GraphOptions, Secret, TokenSource};
use crate::keychain::Keychain;
use crate::{Error, ErrorCode, Result};
use oauth2::{RefreshToken, Scope, TokenResponse};
use std::sync::{Arc, Mutex as SyncMutex};
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Refresh this long before the access token expires, so no request carries a dying token.
const EXPIRY_MARGIN: Duration = Duration::from_secs(120);

/// A signed-in session. Cheap to clone; clones share the tokens.
#[derive(Clone)]
pub struct Session {
    inner: Arc<Inner>,
}

struct Inner {
    oauth: OAuthClient,
    http: reqwest::Client,
    scopes: Vec<String>,
    graph_base_url: String,
    keychain: Option<Keychain>,
    tokens: Mutex<Option<TokenSet>>,
    claims: SyncMutex<Claims>,
    tenant_id: SyncMutex<Option<String>>,
    keep: SyncMutex<Keep>,
    keychain_error: SyncMutex<Option<Error>>,
}

/// Whether this session's refresh token belongs in the keychain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// A fresh sign-in: not saved until the person is known to be a Global Administrator.
    NotYet,
    /// A Global Administrator's (or resumed from the keychain): every rotation is saved.
    Yes,
    /// Not a Global Administrator: never saved.
    No,
}

struct TokenSet {
    access: Secret,
    expires_at: Instant,
    refresh: Option<Secret>,
}

impl Session {
    /// A session from a fresh token answer (browser or device code).
    pub(crate) fn from_answer(sign_in: &SignIn, answer: &TokenAnswer) -> Session {
        let session = Self::empty(sign_in, None, Keep::NotYet);
        session.absorb_claims(answer);
        *session.inner.tokens.try_lock().expect("new session") = Some(token_set(answer, None));
        session
    }

    /// A session that only has a saved refresh token (resume after a restart).
    pub(crate) fn from_refresh_token(
        sign_in: &SignIn,
        tenant_id: &str,
        refresh: Secret,
    ) -> Session {
        let session = Self::empty(sign_in, Some(tenant_id.to_owned()), Keep::Yes);
        *session.inner.tokens.try_lock().expect("new session") = Some(TokenSet {
            access: Secret::new(""),
            expires_at: Instant::now(),
            refresh: Some(refresh),
        });
        session
    }

    fn empty(sign_in: &SignIn, tenant_id: Option<String>, keep: Keep) -> Session {
        Session {
            inner: Arc::new(Inner {
                oauth: sign_in.oauth.clone(),
                http: sign_in.http.clone(),
                scopes: sign_in.config.scopes.clone(),
                graph_base_url: sign_in.config.graph_base_url.clone(),
                keychain: sign_in.keychain.clone(),
                tokens: Mutex::new(None),
                claims: SyncMutex::default(),
                tenant_id: SyncMutex::new(tenant_id),
                keep: SyncMutex::new(keep),
                keychain_error: SyncMutex::default(),
            }),
        }
    }

    /// A Graph client that uses this session's tokens, with Microsoft's defaults. Each call
    /// makes a new client with its own pacer: make one and clone it, so that every task shares
    /// the same budget.
    pub fn graph(&self) -> Result<GraphClient> {
        self.graph_with(GraphOptions::default())
    }

    pub fn graph_with(&self, options: GraphOptions) -> Result<GraphClient> {
        GraphClient::with_options(&self.inner.graph_base_url, Arc::new(self.clone()), options)
    }

    /// Claims of the latest ID token (empty if the server sent none).
    pub fn claims(&self) -> Claims {
        self.inner.claims.lock().expect("claims lock").clone()
    }

    /// The tenant pinned for this session (after [`Self::identify`] or a resume).
    pub fn tenant_id(&self) -> Option<String> {
        self.inner.tenant_id.lock().expect("tenant lock").clone()
    }

    /// The last failure to save the sign-in in the keychain, for the UI to explain.
    pub fn keychain_error(&self) -> Option<Error> {
        self.inner
            .keychain_error
            .lock()
            .expect("keychain lock")
            .clone()
    }

    /// The current refresh token (to check rotation, or for a face that stores it itself).
    pub async fn refresh_token(&self) -> Option<Secret> {
        self.inner.tokens.lock().await.as_ref()?.refresh.clone()
    }

    /// Uses the refresh token now (rotation); errors map the AADSTS codes.
    pub async fn refresh_now(&self) -> Result<()> {
        let mut tokens = self.inner.tokens.lock().await;
        self.refresh_locked(&mut tokens).await
    }

    /// Pins `tenant_id` (or checks it matches the pinned one). A Global Administrator's
    /// refresh token is saved; anyone else's is not, and if it was resumed from the keychain
    /// (the role was removed since), it is deleted there.
    pub(crate) async fn pin_tenant(&self, tenant_id: &str, is_global_admin: bool) -> Result<()> {
        {
            let mut pinned = self.inner.tenant_id.lock().expect("tenant lock");
            match pinned.as_deref() {
                Some(existing) if existing != tenant_id => return Err(tenant_mismatch()),
                _ => *pinned = Some(tenant_id.to_owned()),
            }
        }
        let was = std::mem::replace(
            &mut *self.inner.keep.lock().expect("keep lock"),
            if is_global_admin { Keep::Yes } else { Keep::No },
        );
        if is_global_admin {
            if let Some(refresh) = self.refresh_token().await {
                self.save(&refresh).await;
            }
        } else if was == Keep::Yes {
            if let Some(keychain) = self.inner.keychain.clone() {
                let tenant = tenant_id.to_owned();
                blocking(move || keychain.delete(&tenant)).await?;
            }
        }
        Ok(())
    }

    /// Forgets everything: the tokens in memory and the saved refresh token.
    pub async fn sign_out(&self) -> Result<()> {
        *self.inner.tokens.lock().await = None;
        *self.inner.claims.lock().expect("claims lock") = Claims::default();
        let tenant = self.inner.tenant_id.lock().expect("tenant lock").take();
        match (&self.inner.keychain, tenant) {
            (Some(keychain), Some(tenant)) => {
                let keychain = keychain.clone();
                blocking(move || keychain.delete(&tenant)).await
            }
            _ => Ok(()),
        }
    }

    async fn refresh_locked(&self, tokens: &mut Option<TokenSet>) -> Result<()> {
        let set = tokens.as_mut().ok_or_else(not_signed_in)?;
        let refresh = set.refresh.clone().ok_or_else(|| {
            Error::new(
                ErrorCode::SessionExpired,
                "There is no refresh token; sign in again",
            )
        })?;
        let rt = RefreshToken::new(refresh.expose().to_owned());
        let answer = self
            .inner
            .oauth
            .exchange_refresh_token(&rt)
            .add_scopes(self.inner.scopes.iter().cloned().map(Scope::new))
            .request_async(&self.inner.http)
            .await
            .map_err(|e| oauth::token_error(Step::Refresh, e))?;
        let claims_tenant = self.absorb_claims(&answer);
        let pinned = self.tenant_id();
        if let (Some(pinned), Some(claimed)) = (&pinned, &claims_tenant) {
            if pinned != claimed {
                return Err(tenant_mismatch());
            }
        }
        *set = token_set(&answer, Some(refresh));
        tracing::debug!(
            rotated = answer.refresh_token().is_some(),
            "session refreshed"
        );
        if let Some(newest) = set.refresh.clone() {
            self.save(&newest).await;
        }
        Ok(())
    }

    /// Reads the ID token's claims if present; returns its tenant id.
    fn absorb_claims(&self, answer: &TokenAnswer) -> Option<String> {
        let id_token = answer.extra_fields().id_token.as_deref()?;
        let claims = Claims::from_id_token(id_token);
        let tenant = claims.tenant_id.clone();
        *self.inner.claims.lock().expect("claims lock") = claims;
        tenant
    }

    /// Mirrors the refresh token to the keychain when this sign-in is to be kept (a Global
    /// Administrator's, tenant pinned); failures are kept for the UI, not fatal.
    async fn save(&self, refresh: &Secret) {
        if *self.inner.keep.lock().expect("keep lock") != Keep::Yes {
            return;
        }
        let (Some(keychain), Some(tenant)) = (self.inner.keychain.clone(), self.tenant_id()) else {
            return;
        };
        let refresh = refresh.clone();
        let result = blocking(move || keychain.store(&tenant, &refresh)).await;
        let mut slot = self.inner.keychain_error.lock().expect("keychain lock");
        match result {
            Ok(()) => *slot = None,
            Err(err) => {
                tracing::warn!(code = %err.code, "the sign-in could not be saved in the keychain");
                *slot = Some(err);
            }
        }
    }
}

impl TokenSource for Session {
    fn access_token(&self) -> BoxFuture<'_, Result<Secret>> {
        Box::pin(async move {
            let mut tokens = self.inner.tokens.lock().await;
            let set = tokens.as_ref().ok_or_else(not_signed_in)?;
            if set.expires_at.saturating_duration_since(Instant::now()) <= EXPIRY_MARGIN
                && set.refresh.is_some()
            {
                self.refresh_locked(&mut tokens).await?;
            }
            Ok(tokens.as_ref().ok_or_else(not_signed_in)?.access.clone())
        })
    }

    fn refresh_after_401(&self, refused: Secret) -> BoxFuture<'_, Result<Secret>> {
        Box::pin(async move {
            let mut tokens = self.inner.tokens.lock().await;
            let current = tokens.as_ref().ok_or_else(not_signed_in)?;
            if current.access != refused {
                return Ok(current.access.clone());
            }
            self.refresh_locked(&mut tokens).await?;
            Ok(tokens.as_ref().ok_or_else(not_signed_in)?.access.clone())
        })
    }
}

fn token_set(answer: &TokenAnswer, previous_refresh: Option<Secret>) -> TokenSet {
    let lifetime = answer.expires_in().unwrap_or(Duration::from_secs(3600));
    TokenSet {
        access: Secret::new(answer.access_token().secret().clone()),
        expires_at: Instant::now() + lifetime,
        // Keep the newest: a rotated one if the server sent it, else the one we used.
        refresh: answer
            .refresh_token()
            .map(|rt| Secret::new(rt.secret().clone()))
            .or(previous_refresh),
    }
}

/// Runs a blocking keychain call off the async threads.
pub(crate) async fn blocking(job: impl FnOnce() -> Result<()> + Send + 'static) -> Result<()> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| Error::internal(format!("keychain task: {e}")))?
}

fn not_signed_in() -> Error {
    Error::new(ErrorCode::NotSignedIn, "Not signed in")
}

fn tenant_mismatch() -> Error {
    Error::new(
        ErrorCode::TenantMismatch,
        "The sign-in belongs to another organization than the one this closure is for",
    )
}
