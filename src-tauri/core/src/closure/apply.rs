//! `apply`, shared by every step: runs a plan's actions through the Graph client in chunks,
//! writing the journal before (intended) and after (outcome, request id) each chunk,
//! re-checking the pinned tenant before each chunk, and checking for cancellation between
//! chunks. Inside a chunk, up to `parallel` `$batch` calls of 20 run at once (they share the
//! client's pacer, so the directory budgets still hold).
//!
//! Resuming after a crash: the plan is rebuilt from a fresh inventory, so what was done is
//! no longer in it; actions the journal left "in doubt" (intended, no outcome) that the new
//! plan no longer contains are recorded as done, and those it still contains run again.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use time::OffsetDateTime;
use tokio::task::JoinSet;

use super::action_text::ActionText;
use super::plan::{Action, ActionMethod, TargetKind};
use super::safety::{check_tenant, FINAL_PHASE};
use super::StepId;
use crate::clock::Clock;
use crate::error::{Error, ErrorCode, Result};
use crate::graph::{BatchItem, BatchOutcome, GraphClient};
use crate::journal::{JournalRecord, JournalStore, Outcome, OutcomeNote};

/// Shared with the face, which may cancel while `apply` runs; work stops between chunks.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Progress after each chunk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub step: StepId,
    /// Actions settled (succeeded, already done, or failed) out of `total`.
    pub done: usize,
    pub total: usize,
    pub failed: usize,
    /// The last action settled, in words.
    pub last: Option<String>,
}

/// An action that did not succeed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FailedAction {
    pub key: String,
    pub description: String,
    pub error: Error,
}

/// What `apply` did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ApplyReport {
    pub succeeded: usize,
    /// Found done already (by an earlier run, or gone when Closeout got there).
    pub already_done: usize,
    pub failed: Vec<FailedAction>,
    /// Not run because what they depend on failed.
    pub skipped: usize,
    pub cancelled: bool,
}

/// How many actions are journaled together (a chunk), and how many `$batch` calls run at
/// once inside a chunk.
#[derive(Debug, Clone, Copy)]
pub struct Chunking {
    pub chunk: usize,
    pub parallel: usize,
}

impl Default for Chunking {
    fn default() -> Self {
        Chunking {
            chunk: 100,
            parallel: 5,
        }
    }
}

pub(crate) struct Executor<'a> {
    pub client: &'a GraphClient,
    pub store: &'a JournalStore,
    pub record: &'a mut JournalRecord,
    pub chunking: Chunking,
    /// The session's clock: every outcome is dated by it.
    pub clock: &'a Clock,
}

impl Executor<'_> {
    pub async fn run(
        &mut self,
        step: StepId,
        actions: Vec<Action>,
        mut progress: impl FnMut(Progress) + Send,
        cancel: &CancelToken,
    ) -> Result<ApplyReport> {
        let mut report = ApplyReport::default();
        // The same action twice (a duplicated object in an answer) runs once.
        let mut keys = HashSet::new();
        let actions: Vec<Action> = actions
            .into_iter()
            .filter(|a| keys.insert(a.key.clone()))
            .collect();
        self.reconcile(step, &actions)?;
        let total = actions.len();
        let mut pending: Vec<Action> = Vec::new();
        for action in actions {
            if self.record.is_done(&action.key) {
                report.already_done += 1;
            } else {
                pending.push(action);
            }
        }
        let mut phases: Vec<u8> = pending.iter().map(|a| a.phase).collect();
        phases.sort_unstable();
        phases.dedup();
        for phase in phases {
            if phase == FINAL_PHASE && (!report.failed.is_empty() || report.skipped > 0) {
                report.skipped += pending.iter().filter(|a| a.phase == phase).count();
                continue;
            }
            let (ready, blocked): (Vec<Action>, Vec<Action>) = pending
                .iter()
                .filter(|a| a.phase == phase)
                .cloned()
                .partition(|a| dependency_met(a, self.record));
            report.skipped += blocked.len();
            for chunk in ready.chunks(self.chunking.chunk.max(1)) {
                if cancel.is_cancelled() {
                    report.cancelled = true;
                    return Ok(report);
                }
                check_tenant(self.client, &self.record.tenant_id).await?;
                self.run_chunk(step, chunk, &mut report).await?;
                progress(Progress {
                    step,
                    done: report.succeeded + report.already_done + report.failed.len(),
                    total,
                    failed: report.failed.len(),
                    last: chunk.last().map(|a| a.description.clone()),
                });
            }
        }
        Ok(report)
    }

    /// In-doubt actions the fresh plan no longer contains were done before a crash.
    fn reconcile(&mut self, step: StepId, actions: &[Action]) -> Result<()> {
        let planned: HashSet<&str> = actions.iter().map(|a| a.key.as_str()).collect();
        let settled: Vec<String> = self
            .record
            .in_doubt(step)
            .into_iter()
            .filter(|a| !planned.contains(a.key.as_str()))
            .map(|a| a.key.clone())
            .collect();
        for key in &settled {
            self.record.record(
                key,
                outcome(
                    self.clock.now(),
                    None,
                    None,
                    Ok(Some(OutcomeNote::DoneBeforeRestart)),
                ),
            );
        }
        if !settled.is_empty() {
            self.store.save(self.record)?;
        }
        Ok(())
    }

    async fn run_chunk(
        &mut self,
        step: StepId,
        chunk: &[Action],
        report: &mut ApplyReport,
    ) -> Result<()> {
        let intents: Vec<(String, ActionText)> = chunk
            .iter()
            .map(|a| (a.key.clone(), a.what.clone()))
            .collect();
        self.record.intend_at(step, &intents, self.clock.now());
        self.store.save(self.record)?;
        let results = if chunk
            .iter()
            .any(|a| a.target == TargetKind::ConditionalAccessPolicy)
        {
            self.one_by_one(chunk).await
        } else {
            self.batched(chunk).await?
        };
        let at = self.clock.now();
        for (action, result) in chunk.iter().zip(results) {
            match result {
                Ok((status, request_id)) => {
                    let gone = status == 404;
                    if gone {
                        report.already_done += 1;
                    } else {
                        report.succeeded += 1;
                    }
                    let note = gone.then_some(OutcomeNote::AlreadyGone);
                    self.record
                        .record(&action.key, outcome(at, Some(status), request_id, Ok(note)));
                }
                Err(error) => {
                    self.record
                        .record(&action.key, outcome(at, None, None, Err(error.code)));
                    report.failed.push(FailedAction {
                        key: action.key.clone(),
                        description: action.description.clone(),
                        error,
                    });
                }
            }
        }
        self.store.save(self.record)
    }

    /// Conditional access is metered at 1 request per second: single calls, paced by the client.
    async fn one_by_one(&self, chunk: &[Action]) -> Vec<Result<(u16, Option<String>)>> {
        let mut results = Vec::new();
        for action in chunk {
            let done = match action.method {
                ActionMethod::Delete => self.client.delete(&action.path).await,
                ActionMethod::Patch => self.client.patch(&action.path, patch_body(action)).await,
            };
            results.push(done.map(|d| (d.status, d.request_id)));
        }
        results
    }

    /// The chunk split into `parallel` lanes; each lane is one `batch` call of the client
    /// (20 items per `$batch`, its own retries), so at most `parallel` calls are in flight.
    async fn batched(&self, chunk: &[Action]) -> Result<Vec<Result<(u16, Option<String>)>>> {
        let lanes = self.chunking.parallel.max(1);
        let per_lane = chunk.len().div_ceil(lanes).max(1);
        let mut calls = JoinSet::new();
        for (lane, group) in chunk.chunks(per_lane).enumerate() {
            let items: Vec<BatchItem> = group
                .iter()
                .enumerate()
                .map(|(i, a)| batch_item(&(lane * per_lane + i).to_string(), a))
                .collect();
            let client = self.client.clone();
            calls.spawn(async move { client.batch(items, |_| {}).await });
        }
        let mut outcomes: Vec<Option<BatchOutcome>> = vec![None; chunk.len()];
        while let Some(joined) = calls.join_next().await {
            let result = joined.map_err(|e| Error::internal(format!("batch task: {e}")))?;
            for item in result? {
                let index: usize = item.id.parse().map_err(|_| Error::internal("batch id"))?;
                outcomes[index] = Some(item);
            }
        }
        Ok(chunk
            .iter()
            .zip(outcomes)
            .map(|(action, item)| settle(action, item))
            .collect())
    }
}

fn batch_item(id: &str, action: &Action) -> BatchItem {
    match action.method {
        ActionMethod::Delete => BatchItem::delete(id, action.path.clone()),
        ActionMethod::Patch => BatchItem::patch(id, action.path.clone(), patch_body(action)),
    }
}

/// A PATCH's body; one without a body patches nothing (an empty object), it never deletes.
fn patch_body(action: &Action) -> serde_json::Value {
    action.body.clone().unwrap_or_else(|| serde_json::json!({}))
}

/// A batch item's outcome: a DELETE answered 404 means it is already gone.
fn settle(action: &Action, item: Option<BatchOutcome>) -> Result<(u16, Option<String>)> {
    let item = item.ok_or_else(|| Error::internal("an item of the batch got no answer"))?;
    match item.error {
        None => Ok((item.status, item.request_id)),
        Some(_) if action.is_delete() && item.status == 404 => Ok((404, item.request_id)),
        Some(error) => Err(error),
    }
}

/// An outcome: `Ok(note)` a success (with why it needed no change now, if so), `Err(code)`
/// a failure.
fn outcome(
    at: OffsetDateTime,
    status: Option<u16>,
    request_id: Option<String>,
    result: std::result::Result<Option<OutcomeNote>, ErrorCode>,
) -> Outcome {
    Outcome {
        at,
        ok: result.is_ok(),
        status,
        request_id,
        note: result.ok().flatten(),
        error: result.err(),
    }
}

/// Whether what the action depends on (a purge on its delete) has succeeded.
fn dependency_met(action: &Action, record: &JournalRecord) -> bool {
    match &action.after {
        None => true,
        Some(key) => record.is_done(key),
    }
}
