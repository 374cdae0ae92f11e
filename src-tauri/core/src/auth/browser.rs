//! Authorization code + PKCE (S256) through the system browser and the loopback listener.
//!
//! The face opens the URL; we wait for the answer to this sign-in, the face's cancel, or the
//! timeout, whichever comes first. The listener takes only a code that comes back with this
//! sign-in's `state` (a forged or stale one is ignored and the wait goes on), and an error
//! with that state or with none (Microsoft's cancel shape); a code is exchanged with the PKCE
//! verifier, an error is reported as what it says and never exchanged.

use super::errors::{sign_in_error, Step};
use super::loopback::{CancelHandle, Lang, Loopback};
use super::oauth;
use super::redirect::Redirect;
use super::session::Session;
use super::SignIn;
use crate::{Error, ErrorCode, Result};
use oauth2::{AuthorizationCode, CsrfToken, PkceCodeChallenge, RedirectUrl, Scope};
use serde_json::json;
use std::time::Duration;

/// How a browser sign-in behaves.
#[derive(Debug, Clone)]
pub struct BrowserOptions {
    /// The language of the page shown in the browser afterwards.
    pub lang: Lang,
    /// Give up after this long (about 5 minutes by default).
    pub timeout: Duration,
    /// The face's "Cancel" button.
    pub cancel: CancelHandle,
    /// Pre-fills the account on Microsoft's page (`login_hint`).
    pub login_hint: Option<String>,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
            lang: Lang::En,
            timeout: Duration::from_secs(300),
            cancel: CancelHandle::new(),
            login_hint: None,
        }
    }
}

impl SignIn {
    /// Runs the whole browser sign-in. `open` receives the authorize URL and must open it in
    /// the system browser (its error aborts the sign-in).
    pub async fn browser(
        &self,
        options: &BrowserOptions,
        open: impl FnOnce(&str) -> Result<()>,
    ) -> Result<Session> {
        let loopback = Loopback::bind(&self.config.redirect_path).await?;
        let oauth = self.oauth.clone().set_redirect_uri(
            RedirectUrl::new(loopback.redirect_uri())
                .map_err(|e| Error::internal(format!("redirect URI: {e}")))?,
        );
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = oauth
            .authorize_url(CsrfToken::new_random)
            .add_scopes(self.config.scopes.iter().cloned().map(Scope::new))
            .set_pkce_challenge(challenge);
        for (name, value) in &self.config.extra_authorize_params {
            request = request.add_extra_param(name.clone(), value.clone());
        }
        if let Some(hint) = &options.login_hint {
            request = request.add_extra_param("login_hint", hint.clone());
        }
        let (url, state) = request.url();
        open(url.as_str())?;

        let redirect = tokio::select! {
            received = loopback.receive(options.lang, state.secret()) => received?,
            () = options.cancel.cancelled() => {
                return Err(Error::new(ErrorCode::SignInCancelled, "Sign-in was cancelled")
                    .with_details(json!({"by": "app"})));
            }
            () = tokio::time::sleep(options.timeout) => {
                return Err(Error::new(ErrorCode::SignInTimeout, "Nobody completed the sign-in in time"));
            }
        };
        let code = match redirect {
            Redirect::Code(code) => code,
            Redirect::Error {
                error,
                description,
                state_returned,
            } => {
                tracing::info!(state_returned, "the sign-in page answered with an error");
                return Err(sign_in_error(
                    Step::Authorize,
                    &error,
                    description.as_deref(),
                ));
            }
        };
        let answer = oauth
            .exchange_code(AuthorizationCode::new(code))
            .set_pkce_verifier(verifier)
            .request_async(&self.http)
            .await
            .map_err(|e| oauth::token_error(Step::CodeExchange, e))?;
        Ok(Session::from_answer(self, &answer))
    }
}
