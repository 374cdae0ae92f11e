//! One module per step, each with the same verbs: `plan` (pure: inventory → actions and, for
//! portal-only steps, the page and the words) and `verify` (the inventory read back from Graph
//! → done / waiting until a date / blocked and why). `apply` is shared by every step
//! ([`super::apply`]): the actions differ, the journaling, batching and safety must not.

pub mod cancel_subscriptions;
pub mod delete_subscriptions;
pub mod directory;
pub mod domains;
pub mod mfa;
pub mod mfa_policies;
pub mod users;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

pub(crate) use super::action_text::{ActionCode, ActionText};
use super::checks::Finding;
use super::inventory::{Inventory, Unreadable};
use super::plan::{Action, ActionMethod, TargetKind};
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
    /// Closeout could not check: a part the step depends on could not be read (`unreadable`
    /// says which and why). Never shown as done; "Check again" reads it anew.
    Unknown,
    Done,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::ToDo => "to_do",
            StepState::Waiting => "waiting",
            StepState::Blocked => "blocked",
            StepState::Unknown => "unknown",
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
    /// With [`StepState::Unknown`]: the parts that could not be read, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<Unreadable>,
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
            unreadable: Vec::new(),
        }
    }

    /// Unknown if a part this step depends on could not be read (whatever else it found:
    /// an empty answer that was really a refusal must never read as "done"); else `self`.
    /// A blocked step stays blocked: what blocks it is known.
    pub fn unless_unknown(self, inv: &Inventory) -> Self {
        let unreadable = unreadable_for(inv, self.step).cloned().collect();
        self.unknown_because(unreadable)
    }

    /// Unknown because of `unreadable` (when there is any and the step is not blocked).
    pub fn unknown_because(mut self, unreadable: Vec<Unreadable>) -> Self {
        if unreadable.is_empty() || self.state == StepState::Blocked {
            return self;
        }
        let parts: Vec<String> = unreadable
            .iter()
            .map(|u| format!("{} ({})", u.part, u.code))
            .collect();
        self.state = StepState::Unknown;
        self.until = None;
        self.message = format!(
            "Couldn't check: Microsoft did not let Closeout read {}. Check again; if it stays \
             so, check it in the admin center.",
            parts.join(", ")
        );
        self.unreadable = unreadable;
        self
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

/// The inventory parts whose contents a step's verdict rests on: if one could not be read,
/// the step cannot be called done ([`Verification::unless_unknown`]). The parts every
/// inventory needs (organization, me, my roles) fail the whole read instead.
pub fn depends_on(step: StepId) -> &'static [&'static str] {
    match step {
        StepId::Users => &["users"],
        StepId::Domains => &["domains", "users", "groups"],
        StepId::CancelSubscriptions | StepId::DeleteSubscriptions => &["subscriptions"],
        // Security defaults are shown, not changed: step 4's verdict does not rest on them.
        StepId::Mfa => &["conditionalAccess", "users"],
        StepId::Directory => &[
            "users",
            "deletedUsers",
            "domains",
            "subscriptions",
            "applications",
            "servicePrincipals",
        ],
    }
}

/// The parts `step` depends on that could not be read.
pub fn unreadable_for(inv: &Inventory, step: StepId) -> impl Iterator<Item = &Unreadable> {
    let parts = depends_on(step);
    inv.unreadable
        .iter()
        .filter(move |u| parts.contains(&u.part.as_str()))
}

/// A `DELETE` action on a Graph object.
pub(crate) fn delete(
    step: StepId,
    phase: u8,
    target: TargetKind,
    id: &str,
    what: impl Into<ActionText>,
) -> Action {
    let what = what.into();
    let verb = match target {
        TargetKind::DeletedItem => "purge",
        _ => "delete",
    };
    Action {
        key: format!("{step}:{verb}:{id}"),
        description: what.english(),
        what,
        phase,
        target,
        target_id: id.to_string(),
        method: ActionMethod::Delete,
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
        ActionText::named(ActionCode::Purge, name),
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
    what: impl Into<ActionText>,
) -> Action {
    let what = what.into();
    Action {
        key: format!("{step}:update:{id}"),
        description: what.english(),
        what,
        phase,
        target,
        target_id: id.to_string(),
        method: ActionMethod::Patch,
        path: target.path(id),
        body: Some(body),
        after: None,
    }
}
