//! A Graph answer before it is written out (as an HTTP response or a `$batch` item), and
//! Microsoft's error shape `{"error":{"code","message","innerError":{...}}}`.

use serde_json::{json, Value};

pub const JSON_TYPE: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

#[derive(Debug, Clone)]
pub enum Body {
    Empty,
    Json(Value),
    /// `text/plain`, as `/users/$count` answers.
    Text(String),
    /// Filled with `innerError` (date, request-id, client-request-id) when written out.
    Error {
        code: String,
        message: String,
    },
}

#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

/// Handlers return `Err(reply)` to stop early with an error answer.
pub type Out = Result<Reply, Reply>;

impl Reply {
    pub fn json(status: u16, value: Value) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Body::Json(value),
        }
    }

    pub fn ok(value: Value) -> Reply {
        Reply::json(200, value)
    }

    pub fn no_content() -> Reply {
        Reply {
            status: 204,
            headers: Vec::new(),
            body: Body::Empty,
        }
    }

    pub fn error(status: u16, code: &str, message: impl Into<String>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Body::Error {
                code: code.into(),
                message: message.into(),
            },
        }
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The body as JSON, with `innerError` filled in for errors.
    pub fn body_json(
        &self,
        date: &str,
        request_id: &str,
        client_request_id: &str,
    ) -> Option<Value> {
        match &self.body {
            Body::Empty => None,
            Body::Json(v) => Some(v.clone()),
            Body::Text(t) => Some(Value::String(t.clone())),
            Body::Error { code, message } => Some(json!({"error": {
                "code": code,
                "message": message,
                "innerError": {"date": date, "request-id": request_id, "client-request-id": client_request_id},
            }})),
        }
    }

    pub fn content_type(&self) -> Option<&'static str> {
        match self.body {
            Body::Empty => None,
            Body::Json(_) => Some(JSON_TYPE),
            Body::Text(_) => Some("text/plain"),
            Body::Error { .. } => Some("application/json"),
        }
    }
}

pub fn not_found(id: &str) -> Reply {
    Reply::error(404, "Request_ResourceNotFound", format!("Resource '{id}' does not exist or one of its queried reference-property objects are not present."))
}

pub fn denied() -> Reply {
    Reply::error(
        403,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )
}

pub fn bad_request(message: impl Into<String>) -> Reply {
    Reply::error(400, "Request_BadRequest", message)
}

pub fn unsupported_query(message: impl Into<String>) -> Reply {
    Reply::error(400, "Request_UnsupportedQuery", message)
}

/// An injected failure (429, 503, 504), shaped as Microsoft's own, with `Retry-After`.
pub fn injected(code: u16, retry_after_secs: f64) -> Reply {
    let (error, message) = match code {
        // Microsoft's directory answers for a missing permission or role.
        403 => (
            "Authorization_RequestDenied",
            "Insufficient privileges to complete the operation.",
        ),
        404 => (
            "Request_ResourceNotFound",
            "Resource does not exist or one of its queried reference-property objects are not present.",
        ),
        405 => (
            "Request_BadRequest",
            "Specified HTTP method is not allowed for the request target.",
        ),
        // INFERENCE: Graph's 409 and 500 codes vary by workload; these are the common ones.
        409 => ("Conflict", "The request conflicts with the current state of the object."),
        429 => ("TooManyRequests", "Please retry again later."),
        500 => ("generalException", "An unexpected error occurred."),
        503 => (
            "serviceNotAvailable",
            "The service is temporarily unavailable. Please retry later.",
        ),
        _ => ("gatewayTimeout", "The operation timed out."),
    };
    let reply = Reply::error(code, error, message);
    // Only throttling and unavailability say when to come back.
    match code {
        429 | 503 | 504 => reply.header(
            "Retry-After",
            crate::throttle::retry_after_value(retry_after_secs),
        ),
        _ => reply,
    }
}
