//! Turning Graph's answers into [`crate::Error`], and paths into safe log templates.
//!
//! Graph's error body is `{"error":{"code","message","innerError":{"request-id",...}}}`
//! ("Microsoft Graph error responses and resource types", <https://learn.microsoft.com/graph/errors>).
//! We branch on the HTTP status and keep Microsoft's `code` and the request id
//! in the details for support. Bodies that are not that shape (HTML from a proxy, truncated
//! JSON, nothing at all) still give a proper error, never a panic.

use crate::{Error, ErrorCode};
use serde_json::{json, Value};

/// Builds the error for a non-success answer.
pub fn from_status(
    status: u16,
    body: &[u8],
    request_id: Option<&str>,
    method: &str,
    template: &str,
) -> Error {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let graph_code = error
        .and_then(|e| e.get("code"))
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
        .map(str::to_owned);
    let graph_message = error
        .and_then(|e| e.get("message"))
        .and_then(Value::as_str)
        .map(|m| m.chars().take(300).collect::<String>());
    let inner_request_id = error
        .and_then(|e| e.get("innerError"))
        .and_then(|i| i.get("request-id"))
        .and_then(Value::as_str);
    let request_id = request_id.or(inner_request_id);
    let code = code_for_status(status);
    let message = match graph_code.as_deref() {
        Some(what) => format!("Microsoft Graph answered {status} ({what}) to {method} {template}"),
        None => format!("Microsoft Graph refused ({status}) {method} {template}"),
    };
    Error::new(code, message).with_details(json!({
        "status": status,
        "graphCode": graph_code,
        "graphMessage": graph_message,
        "requestId": request_id,
        "request": format!("{method} {template}"),
    }))
}

/// The error for a body that arrived but cannot be understood.
pub fn malformed(
    reason: &str,
    status: u16,
    request_id: Option<&str>,
    method: &str,
    template: &str,
) -> Error {
    Error::new(
        ErrorCode::MalformedResponse,
        format!("Microsoft Graph's answer to {method} {template} could not be read: {reason}"),
    )
    .with_details(json!({
        "status": status,
        "requestId": request_id,
        "request": format!("{method} {template}"),
    }))
}

/// The error for a failed exchange (no answer, or the connection broke).
pub fn transport(err: &reqwest::Error, method: &str, template: &str) -> Error {
    let code = if err.is_timeout() {
        ErrorCode::Timeout
    } else {
        ErrorCode::Network
    };
    // reqwest's Display includes the URL, which may carry ids; keep only the kind.
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "could not connect"
    } else if err.is_body() || err.is_decode() {
        "the connection broke while reading the answer"
    } else {
        "the connection failed"
    };
    Error::new(code, format!("{method} {template}: {kind}"))
        .with_details(json!({"request": format!("{method} {template}")}))
}

/// A path with its ids replaced, safe for logs: `/v1.0/users/{id}?$select`. Segments that look
/// like ids (GUIDs, user principal names, numbers, `key='value'` forms) become `{id}`; query
/// values are dropped, their names kept.
pub fn template(path: &str) -> String {
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    let mut out = String::with_capacity(route.len());
    for (i, segment) in route.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if looks_like_id(segment) {
            out.push_str("{id}");
        } else if let Some(open) = segment.find('(') {
            out.push_str(&segment[..open]);
            out.push_str("({id})");
        } else {
            out.push_str(segment);
        }
    }
    if !query.is_empty() {
        let names: Vec<String> = query
            .split('&')
            .map(|pair| pair.split('=').next().unwrap_or("").replace("%24", "$"))
            .collect();
        out.push('?');
        out.push_str(&names.join("&"));
    }
    out
}

fn looks_like_id(segment: &str) -> bool {
    if segment.is_empty() {
        return false;
    }
    let hexish = segment.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    segment.contains('@')
        || segment.contains('.') && !segment.starts_with("microsoft.graph.") && segment != "v1.0"
        || segment.chars().all(|c| c.is_ascii_digit())
        || (hexish && segment.len() >= 16)
        || segment.contains('%')
}

/// The error code of a refusal with `status`, for Graph and for Azure Resource Manager alike.
pub(crate) fn code_for_status(status: u16) -> ErrorCode {
    match status {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::AccessDenied,
        404 => ErrorCode::NotFound,
        429 => ErrorCode::Throttled,
        503 | 504 => ErrorCode::ServiceUnavailable,
        _ => ErrorCode::GraphError,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_error_body_maps_to_code_and_details() {
        let body = br#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"request-id":"abc"}}}"#;
        let err = from_status(403, body, None, "DELETE", "/v1.0/users/{id}");
        assert_eq!(err.code, ErrorCode::AccessDenied);
        let details = err.details.unwrap();
        assert_eq!(details["graphCode"], "Authorization_RequestDenied");
        assert_eq!(details["requestId"], "abc");
        assert_eq!(details["status"], 403);
    }

    #[test]
    fn garbage_bodies_still_give_an_error() {
        for body in [&b"<html>bad gateway"[..], b"", b"{\"error\":", b"[1,2"] {
            let err = from_status(502, body, Some("rid"), "GET", "/v1.0/users");
            assert_eq!(err.code, ErrorCode::GraphError);
            assert_eq!(err.details.unwrap()["requestId"], "rid");
        }
    }

    #[test]
    fn templates_hide_ids_and_query_values() {
        assert_eq!(
            template("/v1.0/users/0f5c2a1e-1111-2222-3333-444455556666?$select=id,upn"),
            "/v1.0/users/{id}?$select"
        );
        assert_eq!(
            template("/v1.0/users?%24select=id&%24skiptoken=x"),
            "/v1.0/users?$select&$skiptoken"
        );
        assert_eq!(
            template("/v1.0/users/anna@bakery.example"),
            "/v1.0/users/{id}"
        );
        assert_eq!(
            template("/v1.0/domains/bakery.example/forceDelete"),
            "/v1.0/domains/{id}/forceDelete"
        );
        assert_eq!(
            template("/v1.0/directory/deletedItems/microsoft.graph.user"),
            "/v1.0/directory/deletedItems/microsoft.graph.user"
        );
        assert_eq!(
            template("/v1.0/directoryRoles(roleTemplateId='62e9')/members"),
            "/v1.0/directoryRoles({id})/members"
        );
        assert_eq!(
            template("/beta/users/42/authentication/requirements"),
            "/beta/users/{id}/authentication/requirements"
        );
    }
}
