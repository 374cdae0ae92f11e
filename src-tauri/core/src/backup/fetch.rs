//! Downloading a usage report from Graph.
//!
//! Graph answers a report request with `302 Found` and a pre-authenticated download address
//! (valid a few minutes, on another host), or, from some proxies and the practice tenant, with
//! the CSV body directly. Both are handled. The redirect is followed by hand so the access token
//! is sent to Graph only, never to the download host.

use reqwest::{header, redirect, StatusCode};
use std::time::Duration;

use super::usage::ReportKind;
use crate::error::{Error, ErrorCode, Result};
use crate::graph::TokenSource;

/// Downloads one usage report's CSV bytes. `graph_base` is the Graph root without the version
/// (`GraphClient::base_url()`: `https://graph.microsoft.com`, or the practice tenant's);
/// `tokens` is the signed-in session's token source (refreshed once on a 401).
pub async fn fetch_report(
    graph_base: &str,
    tokens: &dyn TokenSource,
    kind: ReportKind,
) -> Result<Vec<u8>> {
    let http = reqwest::Client::builder()
        .redirect(redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Error::internal(format!("http client: {e}")))?;
    let url = format!("{}{}", graph_base.trim_end_matches('/'), kind.path());
    let token = tokens.access_token().await?;
    let mut first = http
        .get(&url)
        .bearer_auth(token.expose())
        .send()
        .await
        .map_err(transport)?;
    if first.status() == StatusCode::UNAUTHORIZED {
        let fresh = tokens.refresh_after_401(token).await?;
        first = http
            .get(&url)
            .bearer_auth(fresh.expose())
            .send()
            .await
            .map_err(transport)?;
    }
    if first.status().is_redirection() {
        let location = first
            .headers()
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::MalformedResponse,
                    "the report redirect has no Location header",
                )
            })?;
        let target = first.url().join(location).map_err(|e| {
            Error::new(
                ErrorCode::MalformedResponse,
                format!("report location: {e}"),
            )
        })?;
        let download = http.get(target).send().await.map_err(transport)?;
        return body(download).await;
    }
    body(first).await
}

async fn body(response: reqwest::Response) -> Result<Vec<u8>> {
    let status = response.status();
    let request_id = response
        .headers()
        .get("request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    if status.is_success() {
        return Ok(response.bytes().await.map_err(transport)?.to_vec());
    }
    let code = match status {
        StatusCode::UNAUTHORIZED => ErrorCode::Unauthorized,
        StatusCode::FORBIDDEN => ErrorCode::AccessDenied,
        StatusCode::NOT_FOUND => ErrorCode::NotFound,
        StatusCode::TOO_MANY_REQUESTS => ErrorCode::Throttled,
        StatusCode::SERVICE_UNAVAILABLE | StatusCode::GATEWAY_TIMEOUT => {
            ErrorCode::ServiceUnavailable
        }
        _ => ErrorCode::GraphError,
    };
    Err(
        Error::new(code, format!("the usage report answered {status}"))
            .with_details(serde_json::json!({"status": status.as_u16(), "requestId": request_id})),
    )
}

fn transport(err: reqwest::Error) -> Error {
    let code = if err.is_timeout() {
        ErrorCode::Timeout
    } else {
        ErrorCode::Network
    };
    // Without the URL: a download address is a bearer credential for a few minutes.
    Error::new(
        code,
        format!("usage report download failed: {}", err.without_url()),
    )
}
