//! Where the Graph client gets its bearer token from.
//!
//! The client does not know about sign-in: it asks a [`TokenSource`] for a token before each
//! request, and asks it to refresh once when Microsoft answers 401. The sign-in session
//! implements it; tests and scripts can use [`StaticToken`].

use crate::Result;
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// A boxed future, so that [`TokenSource`] can be used as `Arc<dyn TokenSource>`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A secret string (an access or refresh token) that never shows itself in `Debug` or logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is sent (a header, a form, the keychain).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Gives the Graph client its access token.
pub trait TokenSource: Send + Sync + 'static {
    /// A currently valid access token (refreshing silently first if it has expired).
    fn access_token(&self) -> BoxFuture<'_, Result<Secret>>;

    /// Microsoft refused `refused` (401): get a fresh one. If the source already holds a newer
    /// token than `refused` (another request refreshed meanwhile), it returns that one.
    fn refresh_after_401(&self, refused: Secret) -> BoxFuture<'_, Result<Secret>>;
}

/// A fixed token: for scripts, tests and the command line. A 401 is final.
pub struct StaticToken(pub Secret);

impl TokenSource for StaticToken {
    fn access_token(&self) -> BoxFuture<'_, Result<Secret>> {
        let token = self.0.clone();
        Box::pin(async move { Ok(token) })
    }

    fn refresh_after_401(&self, _refused: Secret) -> BoxFuture<'_, Result<Secret>> {
        Box::pin(async move {
            Err(crate::Error::new(
                crate::ErrorCode::Unauthorized,
                "The access token was refused and this token source cannot refresh it",
            ))
        })
    }
}
