//! The `oauth2` crate set up for a public client, and its errors mapped to ours.
//!
//! Public client: no secret is ever sent (Microsoft refuses one from a desktop app, AADSTS700025).
//! The HTTP client does not follow redirects (a token endpoint that redirects is an attack or
//! a misconfiguration, never something to follow with a code or refresh token in the body).

use super::config::AuthConfig;
use super::errors::{sign_in_error, Step};
use crate::{Error, ErrorCode, Result};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthUrl, ClientId, DeviceAuthorizationUrl, EndpointMaybeSet, EndpointNotSet, EndpointSet,
    ErrorResponseType, ExtraTokenFields, RequestTokenError, StandardErrorResponse,
    StandardRevocableToken, StandardTokenResponse, TokenUrl,
};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The `id_token` that OpenID Connect adds to the token response (who, which tenant).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct IdTokenField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
}

impl ExtraTokenFields for IdTokenField {}

/// A token endpoint answer.
pub type TokenAnswer = StandardTokenResponse<IdTokenField, BasicTokenType>;

/// The configured client: authorize and token set, device code maybe.
pub type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    TokenAnswer,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointMaybeSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

pub fn client(config: &AuthConfig) -> Result<OAuthClient> {
    let bad = |e: url::ParseError| Error::new(ErrorCode::Config, format!("sign-in URL: {e}"));
    Ok(oauth2::Client::new(ClientId::new(config.client_id.clone()))
        .set_auth_uri(AuthUrl::new(config.authorize_url.to_string()).map_err(bad)?)
        .set_token_uri(TokenUrl::new(config.token_url.to_string()).map_err(bad)?)
        .set_device_authorization_url_option(
            config
                .device_code_url
                .as_ref()
                .map(|u| DeviceAuthorizationUrl::new(u.to_string()))
                .transpose()
                .map_err(bad)?,
        ))
}

/// The HTTP client for sign-in endpoints: no redirects, bounded time.
pub fn http() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .user_agent(concat!("Closeout/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| Error::internal(format!("HTTP client: {e}")))
}

/// Maps any `oauth2` request failure (server answer, network, unreadable body).
pub fn token_error<RE, T>(step: Step, err: RequestTokenError<RE, StandardErrorResponse<T>>) -> Error
where
    RE: std::error::Error + 'static,
    T: ErrorResponseType + AsRef<str> + std::fmt::Display + 'static,
{
    match err {
        RequestTokenError::ServerResponse(answer) => sign_in_error(
            step,
            answer.error().as_ref(),
            answer.error_description().map(String::as_str),
        ),
        RequestTokenError::Request(_) => Error::new(
            ErrorCode::Network,
            "The sign-in service could not be reached",
        ),
        RequestTokenError::Parse(_, _) => Error::new(
            ErrorCode::MalformedResponse,
            "The sign-in service answered something that could not be read",
        ),
        RequestTokenError::Other(what) => {
            Error::new(ErrorCode::SignInFailed, format!("Sign-in failed: {what}"))
        }
    }
}
