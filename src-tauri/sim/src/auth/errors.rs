//! Sign-in errors shaped like Microsoft's: `{error, error_description, error_codes,
//! timestamp, trace_id, correlation_id, error_uri}` with an `AADSTSnnnnn:` description.

use crate::clock::iso;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use time::OffsetDateTime;

pub struct AadError {
    pub status: StatusCode,
    pub error: &'static str,
    pub code: u32,
    pub text: String,
}

impl AadError {
    pub fn new(error: &'static str, code: u32, text: impl Into<String>) -> Self {
        let status = if error == "invalid_client" {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::BAD_REQUEST
        };
        AadError {
            status,
            error,
            code,
            text: text.into(),
        }
    }

    pub fn description(&self, trace: &str, correlation: &str, now: OffsetDateTime) -> String {
        let stamp = iso(now).replace('T', " ");
        format!(
            "AADSTS{}: {} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {stamp}",
            self.code, self.text
        )
    }

    pub fn into_response_at(
        self,
        trace: String,
        correlation: String,
        now: OffsetDateTime,
    ) -> Response {
        let body = json!({
            "error": self.error,
            "error_description": self.description(&trace, &correlation, now),
            "error_codes": [self.code],
            "timestamp": iso(now).replace('T', " "),
            "trace_id": trace,
            "correlation_id": correlation,
            "error_uri": format!("https://login.microsoftonline.com/error?code={}", self.code),
        });
        (self.status, Json(body)).into_response()
    }
}

/// Answers with the error, under fresh trace and correlation ids.
pub fn respond(w: &mut crate::state::World, e: AadError, now: OffsetDateTime) -> Response {
    let (trace, correlation) = (w.ids.guid(), w.ids.guid());
    e.into_response_at(trace, correlation, now)
}

/// The tenant named in the path no longer exists (or never did).
pub fn tenant_not_found(tenant: &str) -> AadError {
    AadError::new(
        "invalid_request",
        90002,
        format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant."),
    )
}

pub fn missing(param: &str) -> AadError {
    AadError::new(
        "invalid_request",
        900144,
        format!("The request body must contain the following parameter: '{param}'."),
    )
}
