//! One module per step, each with the same verbs: `plan` (pure: inventory → actions and, for
//! portal-only steps, the page and the words) and `verify` (the inventory read back from Graph
//! → done / waiting until a date / blocked and why). `apply` is shared by every step
//! ([`super::apply`]): the actions differ, the journaling, batching and safety must not.

pub mod cancel_subscriptions;
pub mod delete_subscriptions;
pub mod directory;
pub mod domains;
pub mod mfa;
pub mod users;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::checks::Finding;
use super::plan::{Action, TargetKind};
use super::StepId;

/// Where a step stands, as read from Graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepState {
    /// There is work to do (by Closeout, or by the owner in a portal).
    ToDo,
    /// Nothing to do until `until`: Microsoft is moving things along.
    Waiting,
    /// Something must be resolved first; `blockers` say what.
    Blocked,
    Done,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::ToDo => "to_do",
            StepState::Waiting => "waiting",
            StepState::Blocked => "blocked",
            StepState::Done => "done",
        }
    }
}

/// A step's verification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verification {
    pub step: StepId,
    pub state: StepState,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub until: Option<OffsetDateTime>,
    /// English, for the CLI and logs.
    pub message: String,
    /// What is left ("Anna Rossi (anna@bakery.example)", "bakery.example").
    pub remaining: Vec<String>,
    pub blockers: Vec<Finding>,
}

impl Verification {
    pub fn done(step: StepId, message: &str) -> Self {
        Self::new(step, StepState::Done, message, Vec::new())
    }

    pub fn new(step: StepId, state: StepState, message: &str, remaining: Vec<String>) -> Self {
        Verification {
            step,
            state,
            until: None,
            message: message.into(),
            remaining,
            blockers: Vec::new(),
        }
    }

    /// Blocked if there are blockers, else `self`.
    pub fn unless_blocked(mut self, blockers: Vec<Finding>) -> Self {
        if !blockers.is_empty() && self.state != StepState::Done {
            self.state = StepState::Blocked;
            self.message = blockers
                .iter()
                .map(|b| b.message.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            self.blockers = blockers;
        }
        self
    }

    /// To do while something remains, else done.
    pub fn from_remaining(step: StepId, remaining: Vec<String>, todo: &str, done: &str) -> Self {
        if remaining.is_empty() {
            Self::done(step, done)
        } else {
            Self::new(step, StepState::ToDo, todo, remaining)
        }
    }
}

/// A `DELETE` action on a Graph object.
pub(crate) fn delete(
    step: StepId,
    phase: u8,
    target: TargetKind,
    id: &str,
    description: String,
) -> Action {
    let verb = match target {
        TargetKind::DeletedItem => "purge",
        _ => "delete",
    };
    Action {
        key: format!("{step}:{verb}:{id}"),
        description,
        phase,
        target,
        target_id: id.to_string(),
        method: "DELETE".into(),
        path: target.path(id),
        body: None,
        after: None,
    }
}

/// Removes `name` (id `id`) from the recycle bin for good, in phase 1; `after_delete`: the
/// object is deleted in phase 0 of the same step first.
pub(crate) fn purge(step: StepId, id: &str, name: &str, after_delete: bool) -> Action {
    let mut action = delete(
        step,
        1,
        TargetKind::DeletedItem,
        id,
        format!("Remove {name} from the recycle bin for good"),
    );
    action.after = after_delete.then(|| format!("{step}:delete:{id}"));
    action
}

/// A `PATCH` action on a Graph object.
pub(crate) fn patch(
    step: StepId,
    phase: u8,
    target: TargetKind,
    id: &str,
    body: serde_json::Value,
    description: String,
) -> Action {
    Action {
        key: format!("{step}:update:{id}"),
        description,
        phase,
        target,
        target_id: id.to_string(),
        method: "PATCH".into(),
        path: target.path(id),
        body: Some(body),
        after: None,
    }
}
