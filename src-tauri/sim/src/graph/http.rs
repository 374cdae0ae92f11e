//! The HTTP face of Graph: parsing, bearer-token checks, injected faults and latency,
//! stats, and Microsoft's response headers (`request-id`, `client-request-id`, ...).

use super::reply::{Reply, JSON_TYPE};
use super::{batch, execute, resolve, stats_key, Request};
use crate::app::{lock, Shared};
use crate::auth::store::AccessGrant;
use crate::faults::Fault;
use crate::server::ConnControl;
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Extension, Router};
use std::collections::HashMap;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/v1.0/{*rest}", any(entry))
        .route("/beta/{*rest}", any(entry))
        .route("/reports-download/{token}", get(download))
        .merge(super::drive::download_routes())
}

async fn entry(
    State(app): State<Shared>,
    conn: Option<Extension<ConnControl>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    // Outlook's 4-at-a-time per mailbox holds from arrival to answer, latency included.
    let _mail_slot = match super::mail::slot(&app, uri.path()) {
        Ok(slot) => slot,
        Err(reply) => return write(&app, &reply, &Ids::new(&headers)),
    };
    let arrived = tokio::time::Instant::now();
    let (fault, delay) = {
        let mut dice = lock(&app.dice);
        (dice.fault(), dice.delay())
    };
    let ids = Ids::new(&headers);
    let parsed = parse(&method, &uri, &headers, &body);
    let key = match &parsed {
        Ok(req) => http_stats_key(req),
        Err(_) => format!("{method} (unparsable)"),
    };
    // The latency is the time Microsoft takes to answer, its own work included: a read is
    // answered at `delay` after it arrived, however long the practice tenant took to make the
    // answer (on a loaded machine that work would otherwise add to every answer). A write
    // still takes effect only after the delay, as a slow write does.
    let early = (method == Method::GET && fault.is_none()).then(|| answer(&app, &parsed));
    if !delay.is_zero() {
        tokio::time::sleep_until(arrived + delay).await;
    }
    app.stats().record_http(&key);
    if let Some(f) = fault {
        app.stats().faults_injected += 1;
        tracing::debug!(?f, path = uri.path(), "injecting fault");
        match f {
            Fault::Reset => {
                if let Some(Extension(c)) = conn {
                    c.reset();
                }
                return std::future::pending::<Response>().await;
            }
            Fault::Hang => return std::future::pending::<Response>().await,
            Fault::Status(code) => {
                let secs = lock(&app.dice).retry_after();
                let reply = super::reply::injected(code, secs);
                app.stats().record(key, code);
                return write(&app, &reply, &ids);
            }
            Fault::Truncate => {}
        }
    }
    let reply = match early {
        Some(reply) => reply,
        None => answer(&app, &parsed),
    };
    tracing::debug!(%method, path = uri.path(), status = reply.status, request_id = %ids.request, "graph");
    app.stats().record(key, reply.status);
    let response = write(&app, &reply, &ids);
    if fault == Some(Fault::Truncate) {
        return truncate(response).await;
    }
    response
}

fn answer(app: &Shared, parsed: &Result<Request, Reply>) -> Reply {
    match parsed {
        Err(reply) => reply.clone(),
        Ok(req) => match authenticate(app, req) {
            Err(reply) => reply,
            Ok(grant) if is_batch(req) => batch::run(app, req, &grant),
            Ok(grant) => execute(app, req, &grant).1,
        },
    }
}

pub struct Ids {
    pub request: String,
    pub client: String,
}

impl Ids {
    fn new(headers: &HeaderMap) -> Ids {
        let request = uuid::Uuid::new_v4().to_string();
        let client = headers
            .get("client-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
            .unwrap_or_else(|| request.clone());
        Ids { request, client }
    }
}

fn is_batch(req: &Request) -> bool {
    req.segments == ["$batch"] && req.method == "POST"
}

/// `"{METHOD} /{version}{template}"`; `"POST /v1.0/$batch"` for a batch.
fn http_stats_key(req: &Request) -> String {
    if is_batch(req) {
        return format!("POST /{}/$batch", req.version);
    }
    stats_key(req, &resolve(req))
}

fn parse(method: &Method, uri: &Uri, headers: &HeaderMap, body: &Bytes) -> Result<Request, Reply> {
    let full = uri.path();
    let (version, path) = if let Some(p) = full.strip_prefix("/v1.0") {
        ("v1.0", p)
    } else {
        ("beta", full.strip_prefix("/beta").unwrap_or(full))
    };
    let headers: HashMap<String, String> = headers
        .iter()
        .filter_map(|(k, v)| {
            Some((
                k.as_str().to_ascii_lowercase(),
                v.to_str().ok()?.to_string(),
            ))
        })
        .collect();
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        Some(serde_json::from_slice(body).map_err(|_| {
            Reply::error(400, "BadRequest", "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.")
        })?)
    };
    let query = uri.query().unwrap_or_default();
    Ok(Request::new(
        method.as_str(),
        version,
        path,
        query,
        headers,
        body,
    ))
}

fn unauthorized(message: &str) -> Reply {
    Reply::error(401, "InvalidAuthenticationToken", message).header(
        "WWW-Authenticate",
        "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", client_id=\"00000003-0000-0000-c000-000000000000\"",
    )
}

pub fn authenticate(app: &Shared, req: &Request) -> Result<AccessGrant, Reply> {
    let header = req
        .headers
        .get("authorization")
        .map(String::as_str)
        .unwrap_or_default();
    let token = header
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("bearer "))
        .map(|_| header[7..].trim());
    let Some(token) = token.filter(|t| !t.is_empty()) else {
        return Err(unauthorized("Access token is empty."));
    };
    let w = app.world();
    let Some(grant) = w.auth.access.get(token).cloned() else {
        return Err(unauthorized("IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format."));
    };
    if w.tenant.is_deleted() {
        return Err(unauthorized(&format!(
            "The tenant for tenant guid '{}' does not exist.",
            grant.tenant_id
        )));
    }
    if grant.expires <= app.clock.token_now() {
        return Err(unauthorized(
            "Lifetime validation failed, the token is expired.",
        ));
    }
    if grant.audience != crate::auth::audience::Audience::Graph {
        return Err(unauthorized("Invalid audience."));
    }
    Ok(grant)
}

fn write(app: &Shared, reply: &Reply, ids: &Ids) -> Response {
    let date = crate::clock::iso(app.clock.now());
    let mut headers = HeaderMap::new();
    let mut put = |name: &str, value: &str| {
        if let (Ok(n), Ok(v)) = (
            axum::http::HeaderName::try_from(name),
            HeaderValue::from_str(value),
        ) {
            headers.append(n, v);
        }
    };
    put("request-id", &ids.request);
    put("client-request-id", &ids.client);
    put("Cache-Control", "no-cache");
    if let Some(ct) = reply.content_type() {
        put("Content-Type", ct);
        if ct == JSON_TYPE {
            put("OData-Version", "4.0");
        }
    }
    for (k, v) in &reply.headers {
        put(k, v);
    }
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match &reply.body {
        super::reply::Body::Text(text) => text.clone(),
        _ => reply
            .body_json(date.trim_end_matches('Z'), &ids.request, &ids.client)
            .map(|v| v.to_string())
            .unwrap_or_default(),
    };
    (status, headers, body).into_response()
}

/// Sends the headers and half the body, then breaks the connection.
async fn truncate(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let half = bytes.slice(..bytes.len() / 2);
    parts.headers.insert(
        axum::http::header::CONTENT_LENGTH,
        HeaderValue::from(bytes.len().max(2)),
    );
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![
        Ok(half),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "injected truncation",
        )),
    ];
    Response::from_parts(parts, Body::from_stream(futures_util::stream::iter(chunks)))
}

async fn download(State(app): State<Shared>, Path(token): Path<String>) -> Response {
    let csv = app.world().downloads.get(&token).cloned();
    match csv {
        Some(bytes) => (
            [(axum::http::header::CONTENT_TYPE, "application/octet-stream")],
            bytes,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "The download link has expired.").into_response(),
    }
}
