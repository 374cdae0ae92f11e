//! The device-code fallback: show a code and a URL, then poll until the person has approved.
//!
//! Polling follows the server's `interval` and `slow_down` (the `oauth2` crate does this),
//! `authorization_pending` keeps waiting, `authorization_declined` and `expired_token` end
//! with their own error codes, and the face's cancel stops it at once.

use super::errors::Step;
use super::loopback::CancelHandle;
use super::oauth;
use super::session::Session;
use super::SignIn;
use crate::{Error, ErrorCode, Result};
use oauth2::{Scope, StandardDeviceAuthorizationResponse};
use serde_json::json;
use std::time::Duration;

/// A device code to show: "open `verification_uri` and enter `user_code`".
#[derive(Debug, Clone)]
pub struct DeviceCode {
    pub user_code: String,
    pub verification_uri: String,
    pub expires_in: Duration,
    pub interval: Duration,
    details: StandardDeviceAuthorizationResponse,
}

impl SignIn {
    /// Asks the server for a device code.
    pub async fn start_device_code(&self) -> Result<DeviceCode> {
        let request = self.oauth.exchange_device_code().map_err(|_| {
            Error::new(
                ErrorCode::Config,
                "This sign-in service has no device-code endpoint",
            )
        })?;
        let details: StandardDeviceAuthorizationResponse = request
            .add_scopes(self.config.scopes.iter().cloned().map(Scope::new))
            .request_async(&self.http)
            .await
            .map_err(|e| oauth::token_error(Step::DeviceCode, e))?;
        Ok(DeviceCode {
            user_code: details.user_code().secret().clone(),
            verification_uri: details.verification_uri().to_string(),
            expires_in: details.expires_in(),
            interval: details.interval(),
            details,
        })
    }

    /// Polls until the person approves, declines, the code expires, or `cancel` fires.
    pub async fn finish_device_code(
        &self,
        code: &DeviceCode,
        cancel: &CancelHandle,
    ) -> Result<Session> {
        let poll = self
            .oauth
            .exchange_device_access_token(&code.details)
            .request_async(&self.http, tokio::time::sleep, None);
        let answer = tokio::select! {
            answer = poll => answer.map_err(|e| oauth::token_error(Step::DeviceCode, e))?,
            () = cancel.cancelled() => {
                return Err(Error::new(ErrorCode::SignInCancelled, "Sign-in was cancelled")
                    .with_details(json!({"by": "app"})));
            }
        };
        Ok(Session::from_answer(self, &answer))
    }
}
