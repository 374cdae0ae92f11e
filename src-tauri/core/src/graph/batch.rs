//! `$batch`: any number of requests, 20 per HTTP call, each item judged on its own.
//!
//! Microsoft's "Combine multiple requests in one HTTP call using JSON batching"
//! (<https://learn.microsoft.com/graph/json-batching>): a batch answers 200 even when items inside failed or were throttled; the
//! responses come back in any order (we correlate by `id`); throttled items carry their own
//! `Retry-After`. So: send up to 20 due items, settle the ones that finished (success or a
//! final error), and put the 429/503/504 ones back with a "not before" time taken from their
//! own `Retry-After` (or backoff), until everything is settled or out of attempts.

use super::client::GraphClient;
use super::errors;
use super::retry::{is_retryable_status, parse_seconds};
use crate::{Error, ErrorCode, Result};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use tokio::time::Instant;

/// Graph's limit of requests in one `$batch`.
pub const MAX_PER_BATCH: usize = 20;

/// One request inside a batch. `path` has the version, like every path of the client
/// (`/v1.0/users/{id}`); items of different versions go in separate batches.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchItem {
    /// Unique among the items; the outcome carries it back.
    pub id: String,
    pub method: Method,
    pub path: String,
    pub body: Option<Value>,
}

impl BatchItem {
    pub fn get(id: impl Into<String>, path: impl Into<String>) -> Self {
        Self::new(id, Method::GET, path, None)
    }
    pub fn delete(id: impl Into<String>, path: impl Into<String>) -> Self {
        Self::new(id, Method::DELETE, path, None)
    }
    pub fn patch(id: impl Into<String>, path: impl Into<String>, body: Value) -> Self {
        Self::new(id, Method::PATCH, path, Some(body))
    }
    pub fn post(id: impl Into<String>, path: impl Into<String>, body: Value) -> Self {
        Self::new(id, Method::POST, path, Some(body))
    }
    fn new(
        id: impl Into<String>,
        method: Method,
        path: impl Into<String>,
        body: Option<Value>,
    ) -> Self {
        BatchItem {
            id: id.into(),
            method,
            path: path.into(),
            body,
        }
    }
}

/// What happened to one item, in the order the items were given.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOutcome {
    pub id: String,
    /// The item's final status (0 if it never got one, e.g. the batch call itself failed).
    pub status: u16,
    /// The item's `request-id`, else the enclosing `$batch` call's.
    pub request_id: Option<String>,
    /// The item's body (`null` when empty).
    pub body: Value,
    /// `None` on success; a DELETE answered 404 after being retried counts as success.
    pub error: Option<Error>,
}

impl BatchOutcome {
    pub fn is_success(&self) -> bool {
        self.error.is_none()
    }
}

#[derive(Deserialize)]
struct BatchAnswer {
    responses: Vec<ItemAnswer>,
}

#[derive(Deserialize)]
struct ItemAnswer {
    id: String,
    status: u16,
    #[serde(default)]
    headers: HashMap<String, String>,
    #[serde(default)]
    body: Value,
}

struct Pending {
    index: usize,
    tries: u32,
    not_before: Instant,
}

impl GraphClient {
    /// Runs all `items` through `$batch` (20 per call), retrying only the failed ones, and
    /// calls `progress` with the number of settled items after each call.
    pub async fn batch(
        &self,
        items: Vec<BatchItem>,
        mut progress: impl FnMut(usize),
    ) -> Result<Vec<BatchOutcome>> {
        let mut seen = HashSet::new();
        for item in &items {
            if item.id.is_empty() || !seen.insert(item.id.as_str()) {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    "batch item ids must be unique and not empty",
                ));
            }
            version_of(&item.path)?;
        }
        let mut outcomes: Vec<Option<BatchOutcome>> = vec![None; items.len()];
        let now = Instant::now();
        let mut pending: Vec<Pending> = (0..items.len())
            .map(|index| Pending {
                index,
                tries: 0,
                not_before: now,
            })
            .collect();
        let max_tries = self.retry_policy().max_attempts.max(1);
        let mut settled = 0;
        while !pending.is_empty() {
            let earliest = pending.iter().map(|p| p.not_before).min().unwrap_or(now);
            tokio::time::sleep_until(earliest).await;
            let now = Instant::now();
            let Some(first_due) = pending.iter().find(|p| p.not_before <= now) else {
                continue;
            };
            let version = version_of(&items[first_due.index].path)?;
            let (mut chunk, rest): (Vec<Pending>, Vec<Pending>) =
                pending.into_iter().partition(|p| {
                    p.not_before <= now && version_of(&items[p.index].path).ok() == Some(version)
                });
            pending = rest;
            pending.extend(chunk.drain(MAX_PER_BATCH.min(chunk.len())..));

            match self.send_chunk(version, &items, &chunk).await {
                Ok((answers, batch_request_id)) => {
                    for mut entry in chunk {
                        let item = &items[entry.index];
                        entry.tries += 1;
                        let answer = answers.get(&item.id);
                        let status = answer.map_or(503, |a| a.status);
                        if is_retryable_status(status) && entry.tries < max_tries {
                            let told = answer
                                .and_then(|a| header(&a.headers, "retry-after"))
                                .and_then(parse_seconds);
                            let wait = self.retry_policy().delay(entry.tries, told);
                            if status == 429 {
                                self.pacer().pause_for(wait).await;
                            }
                            entry.not_before = Instant::now() + wait;
                            pending.push(entry);
                            continue;
                        }
                        outcomes[entry.index] = Some(settle(
                            item,
                            answer,
                            entry.tries > 1,
                            batch_request_id.clone(),
                        ));
                        settled += 1;
                    }
                }
                Err(error) => {
                    // The batch call itself failed after its own retries: stop, and say so on
                    // every unsettled item rather than guessing.
                    for entry in chunk.into_iter().chain(pending.drain(..)) {
                        outcomes[entry.index] = Some(BatchOutcome {
                            id: items[entry.index].id.clone(),
                            status: 0,
                            request_id: None,
                            body: Value::Null,
                            error: Some(error.clone()),
                        });
                        settled += 1;
                    }
                }
            }
            progress(settled);
        }
        Ok(outcomes.into_iter().flatten().collect())
    }

    /// One `$batch` call; returns the item answers by id and the call's request id.
    async fn send_chunk(
        &self,
        version: &str,
        items: &[BatchItem],
        chunk: &[Pending],
    ) -> Result<(HashMap<String, ItemAnswer>, Option<String>)> {
        let mut requests = Vec::with_capacity(chunk.len());
        for entry in chunk {
            let item = &items[entry.index];
            self.pacer().admit(&item.method, &item.path).await;
            let mut request = json!({
                "id": item.id,
                "method": item.method.as_str(),
                "url": &item.path[version.len()..],
            });
            if let Some(body) = &item.body {
                request["body"] = body.clone();
                request["headers"] = json!({"Content-Type": "application/json"});
            }
            requests.push(request);
        }
        let idempotent = chunk.iter().all(|e| items[e.index].method != Method::POST);
        let path = format!("{version}/$batch");
        let raw = self
            .send(
                Method::POST,
                &path,
                Some(&json!({ "requests": requests })),
                idempotent,
            )
            .await?;
        if !(200..300).contains(&raw.status) {
            return Err(errors::from_status(
                raw.status,
                &raw.body,
                raw.request_id.as_deref(),
                "POST",
                &path,
            ));
        }
        let answer: BatchAnswer = serde_json::from_slice(&raw.body).map_err(|e| {
            let reason = if e.is_eof() {
                "the answer is cut short"
            } else {
                "not a batch answer"
            };
            errors::malformed(reason, raw.status, raw.request_id.as_deref(), "POST", &path)
        })?;
        let answers = answer
            .responses
            .into_iter()
            .map(|a| (a.id.clone(), a))
            .collect();
        Ok((answers, raw.request_id))
    }
}

/// The final outcome of an item that is not going to be retried.
fn settle(
    item: &BatchItem,
    answer: Option<&ItemAnswer>,
    retried: bool,
    batch_request_id: Option<String>,
) -> BatchOutcome {
    let Some(answer) = answer else {
        let error = Error::new(
            ErrorCode::MalformedResponse,
            "Microsoft's batch answer has no entry for this item",
        );
        return BatchOutcome {
            id: item.id.clone(),
            status: 0,
            request_id: batch_request_id,
            body: Value::Null,
            error: Some(error),
        };
    };
    // The item's own request id (its header, else its error's `innerError`), which is what
    // Microsoft support can look up; the enclosing call's only when the item has none.
    let request_id = header(&answer.headers, "request-id")
        .or_else(|| answer.body["error"]["innerError"]["request-id"].as_str())
        .map(str::to_owned)
        .or(batch_request_id);
    let gone_after_retry = item.method == Method::DELETE && answer.status == 404 && retried;
    let error = if (200..300).contains(&answer.status) || gone_after_retry {
        None
    } else {
        let body = serde_json::to_vec(&answer.body).unwrap_or_default();
        Some(errors::from_status(
            answer.status,
            &body,
            request_id.as_deref(),
            item.method.as_str(),
            &errors::template(&item.path),
        ))
    };
    BatchOutcome {
        id: item.id.clone(),
        status: answer.status,
        request_id,
        body: answer.body.clone(),
        error,
    }
}

/// Header lookup in a batch item's header object, ignoring case.
fn header<'a>(headers: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// `/v1.0` or `/beta`, the version prefix of an item's path.
fn version_of(path: &str) -> Result<&'static str> {
    ["/v1.0", "/beta"]
        .into_iter()
        .find(|v| {
            path.strip_prefix(v)
                .is_some_and(|rest| rest.starts_with('/'))
        })
        .ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidInput,
                "batch item paths must start with /v1.0/ or /beta/",
            )
        })
}
