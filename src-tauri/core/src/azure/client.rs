//! The Azure Resource Manager client: the ARM token from its own [`TokenSource`] (never the
//! Graph one), sent only where [`ArmBase`] allows; one refresh on 401; 429/503 waited out
//! (`Retry-After`, else a short backoff); ARM's `{"error":{"code","message"}}` mapped to the
//! core's error codes with `armCode` in the details. No token ever reaches a log.

use super::origin::ArmBase;
use crate::graph::{Secret, TokenSource};
use crate::{Error, ErrorCode, Result};
use reqwest::header::AUTHORIZATION;
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

const TRIES: usize = 3;
const LONGEST_WAIT: Duration = Duration::from_secs(30);

/// One ARM answer: the status, the JSON body (`Null` when empty) and Microsoft's request id.
#[derive(Debug, Clone)]
pub struct ArmReply {
    pub status: u16,
    pub body: Value,
    pub request_id: Option<String>,
}

#[derive(Clone)]
pub struct ArmClient {
    base: ArmBase,
    http: reqwest::Client,
    tokens: Arc<dyn TokenSource>,
}

impl ArmClient {
    /// `base_url`: [`super::MICROSOFT_ARM`], or the practice tenant's `sim.arm_url()`.
    pub fn new(base_url: &str, tokens: Arc<dyn TokenSource>) -> Result<Self> {
        Ok(ArmClient {
            base: ArmBase::parse(base_url)?,
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .user_agent(concat!("Closeout/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| Error::internal(format!("HTTP client: {e}")))?,
            tokens,
        })
    }

    pub async fn get(&self, path: &str) -> Result<ArmReply> {
        self.send(Method::GET, self.base.url_for(path)?).await
    }

    pub async fn post(&self, path: &str) -> Result<ArmReply> {
        self.send(Method::POST, self.base.url_for(path)?).await
    }

    pub async fn delete(&self, path: &str) -> Result<ArmReply> {
        self.send(Method::DELETE, self.base.url_for(path)?).await
    }

    /// Every item of a list, following `nextLink` (absent or `null` on the last page).
    pub async fn get_all(&self, path: &str) -> Result<Vec<Value>> {
        let mut url = self.base.url_for(path)?;
        let mut items = Vec::new();
        loop {
            let reply = self.send(Method::GET, url).await?;
            if let Some(value) = reply.body.get("value").and_then(Value::as_array) {
                items.extend(value.iter().cloned());
            }
            match reply.body.get("nextLink").and_then(Value::as_str) {
                Some(next) if !next.is_empty() => url = self.base.next_page(next)?,
                _ => return Ok(items),
            }
        }
    }

    async fn send(&self, method: Method, url: Url) -> Result<ArmReply> {
        let mut token = self.tokens.access_token().await?;
        let mut refreshed = false;
        let mut tries = 0;
        loop {
            tries += 1;
            let res = self.once(&method, &url, &token).await?;
            let status = res.status().as_u16();
            if status == 401 && !refreshed {
                refreshed = true;
                token = self.tokens.refresh_after_401(token).await?;
                continue;
            }
            if matches!(status, 429 | 503) && tries < TRIES {
                tokio::time::sleep(wait(res.headers(), tries)).await;
                continue;
            }
            return answer(&method, &url, res).await;
        }
    }

    async fn once(&self, method: &Method, url: &Url, token: &Secret) -> Result<reqwest::Response> {
        let mut auth =
            reqwest::header::HeaderValue::from_str(&format!("Bearer {}", token.expose()))
                .map_err(|_| Error::internal("the Azure token is not a header value"))?;
        auth.set_sensitive(true);
        let mut req = self
            .http
            .request(method.clone(), url.clone())
            .header(AUTHORIZATION, auth);
        if *method == Method::POST {
            req = req.header(reqwest::header::CONTENT_LENGTH, "0");
        }
        req.send().await.map_err(|e| {
            let code = if e.is_timeout() {
                ErrorCode::Timeout
            } else {
                ErrorCode::Network
            };
            Error::new(code, "Azure Resource Manager did not answer")
                .with_details(json!({ "request": template(method, url) }))
        })
    }
}

/// `Retry-After` seconds when given (capped), else 1 s, 2 s.
fn wait(headers: &reqwest::header::HeaderMap, tries: usize) -> Duration {
    headers
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(Duration::from_secs_f64)
        .unwrap_or(Duration::from_secs(tries as u64))
        .min(LONGEST_WAIT)
}

/// The request without ids or query: `GET /subscriptions`, `DELETE .../roleAssignments/{id}`.
/// ARM's answer as one of the core's codes. ARM's own code says more than the status where
/// the owner can act on it (Azure Resource Manager's troubleshooting pages: a token from
/// another directory, an expired token, a subscription gone); its other answers are Azure's,
/// never `graph_error`. 500 and 502 are ARM's "try again later" as 503 and 504 are.
fn code_for_arm(status: u16, arm_code: &str) -> ErrorCode {
    match (status, arm_code) {
        (_, "InvalidAuthenticationTokenTenant") => ErrorCode::TenantMismatch,
        (_, "ExpiredAuthenticationToken") => ErrorCode::SessionExpired,
        (_, "SubscriptionNotFound") => ErrorCode::NotFound,
        (_, "AuthorizationFailed" | "LinkedAuthorizationFailed") => ErrorCode::AccessDenied,
        (500 | 502, _) => ErrorCode::ServiceUnavailable,
        (401 | 403 | 404 | 429 | 503 | 504, _) => crate::graph::code_for_status(status),
        _ => ErrorCode::AzureError,
    }
}

fn template(method: &Method, url: &Url) -> String {
    let path: Vec<&str> = url
        .path()
        .split('/')
        .map(|s| if crate::auth::is_guid(s) { "{id}" } else { s })
        .collect();
    format!("{method} {}", path.join("/"))
}

async fn answer(method: &Method, url: &Url, res: reqwest::Response) -> Result<ArmReply> {
    let status = res.status().as_u16();
    let request_id = res
        .headers()
        .get("x-ms-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = res.bytes().await.map_err(|_| {
        Error::new(ErrorCode::Network, "the Azure answer was cut off")
            .with_details(json!({ "request": template(method, url) }))
    })?;
    let body: Value = if bytes.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).map_err(|_| {
            Error::new(
                ErrorCode::MalformedResponse,
                "Azure answered something unreadable",
            )
            .with_details(json!({ "status": status, "request": template(method, url) }))
        })?
    };
    if (200..300).contains(&status) {
        return Ok(ArmReply {
            status,
            body,
            request_id,
        });
    }
    let arm_code = body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let arm_message: String = body["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .chars()
        .take(300)
        .collect();
    let code = code_for_arm(status, &arm_code);
    Err(Error::new(
        code,
        format!("Azure Resource Manager answered {status} {arm_code}"),
    )
    .with_details(json!({
        "status": status,
        "requestId": request_id,
        "armCode": arm_code,
        "armMessage": arm_message,
        "request": template(method, url),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_codes_map_to_what_the_owner_can_act_on() {
        for (status, arm, code) in [
            (
                401,
                "InvalidAuthenticationTokenTenant",
                ErrorCode::TenantMismatch,
            ),
            (401, "ExpiredAuthenticationToken", ErrorCode::SessionExpired),
            (401, "InvalidAuthenticationToken", ErrorCode::Unauthorized),
            (404, "SubscriptionNotFound", ErrorCode::NotFound),
            (403, "AuthorizationFailed", ErrorCode::AccessDenied),
            (400, "InvalidApiVersionParameter", ErrorCode::AzureError),
            (400, "InvalidFilterInQueryString", ErrorCode::AzureError),
            (409, "ReadOnlyDisabledSubscription", ErrorCode::AzureError),
            (500, "InternalServerError", ErrorCode::ServiceUnavailable),
            (502, "", ErrorCode::ServiceUnavailable),
            (504, "GatewayTimeout", ErrorCode::ServiceUnavailable),
            (429, "TooManyRequests", ErrorCode::Throttled),
        ] {
            assert_eq!(code_for_arm(status, arm), code, "{status} {arm}");
        }
    }
}
