//! The request loop: token, pacing, one try, and what to do with the answer.
//!
//! Every Graph call of the app goes through [`GraphClient::send`]: it asks the token source
//! for a bearer token, waits for the pacer, sends, records one tracing span, and then decides:
//! 401 → refresh once and resend; 429/503/504 → wait (`Retry-After` or backoff) and resend up
//! to the policy's bound; a broken connection → resend if the request is idempotent.

use super::answer::{decode, done};
use super::errors;
use super::origin::GraphBase;
use super::pacing::{is_conditional_access, Pacer, Pacing, TenantSize};
use super::retry::{is_retryable_status, retry_after, RetryPolicy};
use super::token::{Secret, TokenSource};
use crate::{Error, Result};
use reqwest::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tracing::{field, Instrument};

/// The `ConsistencyLevel` request header, needed for `$count` and advanced queries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConsistencyLevel {
    Eventual,
}

/// Settings of a [`GraphClient`]; `Default` is right for Microsoft.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    pub retry: RetryPolicy,
    pub pacing: Pacing,
}

/// A decoded answer with what the journal needs to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply<T> {
    pub value: T,
    /// Microsoft's `request-id` response header (quote it to Microsoft support).
    pub request_id: Option<String>,
    pub status: u16,
}

/// The result of a write with no body worth keeping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Done {
    pub request_id: Option<String>,
    /// The final HTTP status; `404` on a DELETE means it was already gone after a retry.
    pub status: u16,
}

/// The one Microsoft Graph client. Cheap to clone: clones share the connection pool, the
/// token source and the pacer (so budgets hold across parallel tasks).
#[derive(Clone)]
pub struct GraphClient {
    inner: Arc<Inner>,
    consistency: Option<ConsistencyLevel>,
    /// `Prefer: odata.maxpagesize`, for the collections that honour it (message delta).
    max_page_size: Option<u32>,
}

struct Inner {
    http: reqwest::Client,
    base: GraphBase,
    tokens: Arc<dyn TokenSource>,
    retry: RetryPolicy,
    pacer: Pacer,
}

/// One answer as it came, after retries.
pub(crate) struct Raw {
    pub status: u16,
    pub request_id: Option<String>,
    pub body: Vec<u8>,
    /// More than one try was sent (a DELETE's 404 then means "already done").
    pub retried: bool,
    /// The `Location` header, where the answer has one (a delta's 410 says where to resync).
    pub location: Option<String>,
}

/// More pages than one collection of the largest tenant has (10 million objects at 999 a page):
/// a server that keeps sending links is looping.
const MAX_PAGES: usize = 10_000;

#[derive(Deserialize)]
struct Page<T> {
    value: Vec<T>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

impl GraphClient {
    /// A client for `base_url` (`https://graph.microsoft.com`, or the practice tenant's base),
    /// with Microsoft's defaults for retries and pacing.
    pub fn new(base_url: &str, tokens: Arc<dyn TokenSource>) -> Result<Self> {
        Self::with_options(base_url, tokens, GraphOptions::default())
    }

    pub fn with_options(
        base_url: &str,
        tokens: Arc<dyn TokenSource>,
        options: GraphOptions,
    ) -> Result<Self> {
        let base = GraphBase::parse(base_url)?;
        let http = reqwest::Client::builder()
            .user_agent(concat!("Closeout/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .timeout(options.retry.request_timeout)
            .connect_timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| Error::internal(format!("HTTP client: {e}")))?;
        Ok(GraphClient {
            inner: Arc::new(Inner {
                http,
                base,
                tokens,
                retry: options.retry,
                pacer: Pacer::new(options.pacing),
            }),
            consistency: None,
            max_page_size: None,
        })
    }

    /// The Graph base URL, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.inner.base.as_str()
    }

    /// The client path of an `@odata.nextLink` taken from an answer, refused unless it is an
    /// absolute URL on the Graph base (the bearer token must never be sent elsewhere).
    pub fn next_page_path(&self, link: &str) -> Result<String> {
        self.inner.base.next_page(link)
    }

    /// A clone that sends `ConsistencyLevel` on every request (for `$count`, `$search`...).
    pub fn with_consistency(&self, level: ConsistencyLevel) -> Self {
        GraphClient {
            consistency: Some(level),
            ..self.clone()
        }
    }

    /// A clone that asks for pages of up to `size` items (`Prefer: odata.maxpagesize`), which
    /// Microsoft documents for delta queries such as messages' (10 a page otherwise).
    pub fn with_max_page_size(&self, size: u32) -> Self {
        GraphClient {
            max_page_size: Some(size),
            ..self.clone()
        }
    }

    /// The one `Prefer` header: Microsoft's evolvable enums with their newest members instead
    /// of `unknownFutureValue` (the models accept any member they do not know), and the page
    /// size when one was asked for.
    fn prefer(&self) -> String {
        match self.max_page_size {
            Some(size) => format!("include-unknown-enum-members, odata.maxpagesize={size}"),
            None => "include-unknown-enum-members".into(),
        }
    }

    /// Paces against another tenant size's budget from now on (all clones share it). Until
    /// called, the smallest budget (3,500 RU / 10 s) is assumed, which is safe for any tenant.
    pub async fn set_tenant_size(&self, size: TenantSize) {
        self.inner.pacer.set_tenant_size(size).await;
    }

    /// GET one object (or one page) and decode it.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        Ok(self.get_reply(path).await?.value)
    }

    /// GET, keeping the request id and status.
    pub async fn get_reply<T: DeserializeOwned>(&self, path: &str) -> Result<Reply<T>> {
        let raw = self.send(Method::GET, path, None, true).await?;
        decode(Method::GET, path, raw)
    }

    /// GET every page of a collection, following `@odata.nextLink` until it is absent.
    pub async fn get_all<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>> {
        self.get_all_with_progress(path, |_| {}).await
    }

    /// [`Self::get_all`], calling `progress` with the number of items read so far after each page.
    pub async fn get_all_with_progress<T: DeserializeOwned>(
        &self,
        path: &str,
        mut progress: impl FnMut(usize),
    ) -> Result<Vec<T>> {
        let mut items = Vec::new();
        let mut next = Some(path.to_owned());
        let mut followed = std::collections::HashSet::new();
        while let Some(path) = next.take() {
            let page: Page<T> = self.get(&path).await?;
            items.extend(page.value);
            progress(items.len());
            if let Some(link) = page.next_link {
                let path = self.next_page_path(&link)?;
                // A link seen before, or more pages than any tenant has, is a loop: stop.
                if !followed.insert(path.clone()) || followed.len() > MAX_PAGES {
                    return Err(errors::malformed(
                        "the next-page links go round in a circle",
                        200,
                        None,
                        "GET",
                        &errors::template(&path),
                    ));
                }
                next = Some(path);
            }
        }
        Ok(items)
    }

    /// PATCH with a JSON body; Graph answers 204 (or 200 with the object, which we drop).
    pub async fn patch(&self, path: &str, body: Value) -> Result<Done> {
        let raw = self.send(Method::PATCH, path, Some(&body), true).await?;
        done(Method::PATCH, path, raw)
    }

    /// DELETE; a 404 on a retried request means the first try already deleted it, so it is
    /// success with `status: 404`. A 404 on the first try is [`ErrorCode::NotFound`].
    pub async fn delete(&self, path: &str) -> Result<Done> {
        let raw = self.send(Method::DELETE, path, None, true).await?;
        if raw.status == 404 && raw.retried {
            return Ok(Done {
                request_id: raw.request_id,
                status: 404,
            });
        }
        done(Method::DELETE, path, raw)
    }

    /// POST a JSON body and decode the answer; an empty body (204) decodes as JSON `null`, so
    /// use `T = ()`, `Option<_>` or `serde_json::Value` when nothing comes back. Not resent
    /// after a broken connection or a 504 (it may have been carried out).
    pub async fn post<T: DeserializeOwned>(&self, path: &str, body: Value) -> Result<Reply<T>> {
        let raw = self.send(Method::POST, path, Some(&body), false).await?;
        decode(Method::POST, path, raw)
    }

    /// GET with the usual retries, returning the last answer whatever its status, for callers
    /// that handle some statuses themselves (a delta's 410, another mailbox's 403) or want the
    /// bytes as they are (a message's MIME).
    pub async fn get_any(&self, path: &str) -> Result<(u16, Vec<u8>)> {
        let raw = self.send(Method::GET, path, None, true).await?;
        Ok((raw.status, raw.body))
    }

    /// [`Self::get_any`] with the answer's `Location` header (a delta's 410 names where to
    /// start again).
    pub(crate) async fn get_any_located(
        &self,
        path: &str,
    ) -> Result<(u16, Vec<u8>, Option<String>)> {
        let raw = self.send(Method::GET, path, None, true).await?;
        Ok((raw.status, raw.body, raw.location))
    }

    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.inner.retry
    }

    pub(crate) fn pacer(&self) -> &Pacer {
        &self.inner.pacer
    }

    /// Sends one request with retries; returns the last answer whatever its status.
    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        idempotent: bool,
    ) -> Result<Raw> {
        let inner = &self.inner;
        let template = errors::template(path);
        // Checked before the token is even fetched: a path that would leave the Graph base
        // never gets one.
        let url = inner.base.url_for(path)?;
        let mut token = inner.tokens.access_token().await?;
        let mut refreshed = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            inner.pacer.admit(&method, path).await;
            let span = tracing::info_span!(
                "graph.request",
                method = %method,
                path = %template,
                attempt,
                status = field::Empty,
                request_id = field::Empty,
                duration_ms = field::Empty,
            );
            let started = std::time::Instant::now();
            let outcome = self
                .exchange(&method, &url, body, &token)
                .instrument(span.clone())
                .await;
            let duration_ms = started.elapsed().as_millis() as u64;
            span.record("duration_ms", duration_ms);
            let last_try = attempt >= inner.retry.max_attempts.max(1);
            let (status, headers, bytes) = match outcome {
                Ok(answer) => answer,
                Err(err) => {
                    let error = errors::transport(&err, method.as_str(), &template);
                    tracing::debug!(parent: &span, error = %error.message, "graph request failed");
                    let may_resend = idempotent || err.is_connect();
                    if last_try || !may_resend {
                        return Err(error);
                    }
                    tokio::time::sleep(inner.retry.delay(attempt, None)).await;
                    continue;
                }
            };
            let request_id = headers
                .get("request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            span.record("status", status);
            if let Some(id) = &request_id {
                span.record("request_id", id.as_str());
            }
            tracing::debug!(parent: &span, status, duration_ms, "graph response");

            if status == 401 && !refreshed {
                refreshed = true;
                attempt -= 1;
                token = inner.tokens.refresh_after_401(token).await?;
                continue;
            }
            let resend = is_retryable_status(status) && (idempotent || status != 504);
            if resend && !last_try {
                let told = retry_after(&headers);
                let mut wait = inner.retry.delay(attempt, told);
                if status == 429 {
                    if told.is_none() && is_conditional_access(path) {
                        wait = wait.max(Duration::from_secs(1));
                    }
                    inner.pacer.pause_for(wait).await;
                }
                tracing::debug!(parent: &span, wait_ms = wait.as_millis() as u64, "graph retry");
                tokio::time::sleep(wait).await;
                continue;
            }
            let location = headers
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            return Ok(Raw {
                status,
                request_id,
                body: bytes,
                retried: attempt > 1,
                location,
            });
        }
    }

    /// One HTTP exchange: the answer's status, headers and complete body.
    async fn exchange(
        &self,
        method: &Method,
        url: &url::Url,
        body: Option<&Value>,
        token: &Secret,
    ) -> std::result::Result<(u16, HeaderMap, Vec<u8>), reqwest::Error> {
        let mut bearer = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
            .unwrap_or_else(|_| HeaderValue::from_static("Bearer invalid"));
        bearer.set_sensitive(true);
        let mut request = self
            .inner
            .http
            .request(method.clone(), url.clone())
            .header(AUTHORIZATION, bearer)
            .header("Prefer", self.prefer())
            .header("client-request-id", uuid::Uuid::new_v4().to_string());
        if let Some(ConsistencyLevel::Eventual) = self.consistency {
            request = request.header("ConsistencyLevel", "eventual");
        }
        if let Some(body) = body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.to_string());
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await?;
        Ok((status, headers, bytes.to_vec()))
    }
}
