//! The one Microsoft Graph client every call goes through: auth, paging, `$batch`, throttling.
//!
//! # Public API (the closure engineer codes against this)
//!
//! ```ignore
//! use closeout_core::graph::*;
//! // Build: after sign-in, `session.graph()` gives one; in tests, a StaticToken works.
//! let graph = GraphClient::new("https://graph.microsoft.com", Arc::new(StaticToken(Secret::new("t"))))?;
//! let graph = GraphClient::with_options(base, tokens, GraphOptions { retry, pacing })?;
//! graph.set_tenant_size(TenantSize::from_user_count(300)).await;  // once the size is known
//!
//! // Paths are relative to the base URL and include the version.
//! let path = list_path("/v1.0/users", &["id", "userPrincipalName"], Some(MAX_TOP));
//! let me: Me = graph.get("/v1.0/me?$select=id,userPrincipalName").await?;           // Result<T>
//! let r: Reply<Me> = graph.get_reply("/v1.0/me").await?;          // + request_id, status
//! let users: Vec<User> = graph.get_all("/v1.0/users?$select=id&$top=999").await?;  // follows @odata.nextLink
//! let users: Vec<User> = graph.get_all_with_progress(path, |read_so_far| ..).await?;
//! let n: Vec<User> = graph.with_consistency(ConsistencyLevel::Eventual).get_all(path).await?;
//! let d: Done = graph.patch("/v1.0/policies/identitySecurityDefaultsEnforcementPolicy", json!({"isEnabled": false})).await?;
//! let d: Done = graph.delete("/v1.0/users/{id}").await?;         // 404 after a retry => Ok, status 404
//! let r: Reply<serde_json::Value> = graph.post("/v1.0/domains/x/forceDelete", json!({..})).await?; // 204 => Value::Null
//! let outcomes: Vec<BatchOutcome> = graph
//!     .batch(vec![BatchItem::delete("1", "/v1.0/users/a"), ...], |settled| ..).await?;
//! // outcomes in input order: {id, status, request_id, body, error: Option<Error>}
//! ```
//!
//! # Behaviour
//!
//! - Bearer token from a [`TokenSource`] before each request; on 401 it is asked once to
//!   refresh and the request is resent; a second 401 is [`crate::ErrorCode::Unauthorized`].
//! - 429/503/504: wait `Retry-After` (fractional seconds accepted), else exponential backoff
//!   with jitter; at most [`RetryPolicy::max_attempts`] tries. A 429 pauses the whole client.
//!   Broken connections and 504s are resent for GET/PATCH/DELETE (a POST only on 429/503 or
//!   when it never connected: it may have been carried out).
//! - Conditional Access paths (`/identity/conditionalAccess/...`) are spaced one second apart
//!   and their 429s (which have no `Retry-After`) wait at least a second.
//! - Pacing against the directory resource-unit budgets: see [`pacing`]'s module docs.
//! - Errors: 401 `Unauthorized`, 403 `AccessDenied`, 404 `NotFound`, 429 `Throttled`,
//!   503/504 `ServiceUnavailable`, other statuses `GraphError`; undecodable bodies
//!   `MalformedResponse`; transport `Network`/`Timeout`. Errors from an answer carry in
//!   `details`: `status`, `requestId`, `graphCode` (Microsoft's `error.code`), `graphMessage`
//!   and `request` (method + path template, ids removed); transport errors only `request`.
//! - Where the token goes: only to the configured base (same scheme, host and port, a
//!   versioned path); `@odata.nextLink` only when it is an absolute URL on that base; the base
//!   must be https except on loopback (`origin.rs`).
//! - Tracing: one `graph.request` span per try with `method`, `path` (template), `attempt`,
//!   `status`, `request_id`, `duration_ms`. Never a token: the Authorization header is marked
//!   sensitive and never logged.

mod answer;
mod batch;
mod client;
mod errors;
pub(crate) use errors::code_for_status;
mod origin;
pub mod pacing;
mod query;
mod retry;
mod token;

pub use batch::{BatchItem, BatchOutcome, MAX_PER_BATCH};
pub use client::{ConsistencyLevel, Done, GraphClient, GraphOptions, Reply};
pub(crate) use errors::from_status;
pub use errors::template as path_template;
pub use pacing::{Pacing, TenantSize};
pub use query::{list_path, MAX_TOP};
pub use reqwest::Method;
pub use retry::RetryPolicy;
pub use token::{BoxFuture, Secret, StaticToken, TokenSource};
