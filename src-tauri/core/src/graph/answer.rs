//! Turning an answer, after retries, into what the caller asked for: success statuses into
//! [`Done`] or a decoded [`Reply`], everything else into the mapped Graph error. A body that
//! cannot be decoded is a [`crate::ErrorCode::MalformedResponse`] naming only the kind of
//! problem, never the body's content.

use super::client::{Done, Raw, Reply};
use super::errors;
use crate::Result;
use reqwest::Method;
use serde::de::DeserializeOwned;

/// Success statuses become `Ok`, others the mapped Graph error.
fn check(method: &Method, path: &str, raw: &Raw) -> Result<()> {
    if (200..300).contains(&raw.status) {
        return Ok(());
    }
    Err(errors::from_status(
        raw.status,
        &raw.body,
        raw.request_id.as_deref(),
        method.as_str(),
        &errors::template(path),
    ))
}

pub(crate) fn done(method: Method, path: &str, raw: Raw) -> Result<Done> {
    check(&method, path, &raw)?;
    Ok(Done {
        request_id: raw.request_id,
        status: raw.status,
    })
}

pub(crate) fn decode<T: DeserializeOwned>(
    method: Method,
    path: &str,
    raw: Raw,
) -> Result<Reply<T>> {
    check(&method, path, &raw)?;
    let body: &[u8] = if raw.body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &raw.body
    };
    let value = serde_json::from_slice(body).map_err(|e| {
        let reason = if e.is_eof() {
            "the answer is cut short".to_owned()
        } else {
            format!("unexpected content ({})", e.classify_name())
        };
        errors::malformed(
            &reason,
            raw.status,
            raw.request_id.as_deref(),
            method.as_str(),
            &errors::template(path),
        )
    })?;
    Ok(Reply {
        value,
        request_id: raw.request_id,
        status: raw.status,
    })
}

/// A short name for a serde_json error category (no content from the body).
trait Classify {
    fn classify_name(&self) -> &'static str;
}

impl Classify for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "io",
            serde_json::error::Category::Syntax => "not JSON",
            serde_json::error::Category::Data => "not the expected shape",
            serde_json::error::Category::Eof => "cut short",
        }
    }
}
