//! What the journal holds for one organization, and the small mutations the engine makes to it.
//!
//! Everything here is safe to show and to copy to support: ids, names, dates, Microsoft's
//! request ids. Never tokens, never passwords, never message contents.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

use crate::backup::Checklist;
use crate::closure::{ActionText, StepId, StepState};
use crate::error::ErrorCode;

/// The version of the journal's file format; bumped on any incompatible change, with a
/// migration from every older version in `migrate.rs`. 2: actions say what they did as a
/// code and parameters (no English sentence), outcome notes and step states are closed sets.
pub const SCHEMA_VERSION: u32 = 2;

/// The durable state of one organization's closure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalRecord {
    pub schema_version: u32,
    /// Pinned at the first sign-in: every later token must be for this tenant.
    pub tenant_id: String,
    /// The organization's display name, the text the owner types to confirm.
    pub org_name: String,
    /// The administrator doing the closure (id and sign-in name), never deleted.
    pub admin_id: String,
    pub admin_upn: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
    /// The step the owner is on (the first one not finished).
    pub current_step: Option<StepId>,
    /// Per step: when it started and how it last verified.
    #[serde(default)]
    pub steps: BTreeMap<StepId, StepRecord>,
    /// Every action intended, in order, with its outcome once known.
    #[serde(default)]
    pub actions: Vec<ActionRecord>,
    #[serde(default)]
    pub acknowledgements: Vec<Acknowledgement>,
    #[serde(default)]
    pub confirmations: Vec<Confirmation>,
    #[serde(default)]
    pub backup: Checklist,
    #[serde(default)]
    pub dates: KeyDates,
    /// The last "Check for Azure subscriptions" (Graph cannot see Azure): kept, so that after
    /// a restart Azure is not "not checked" again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure: Option<crate::azure::AzureReport>,
    /// What the checks found, from the first check on (for the closure report).
    #[serde(default)]
    pub findings: Vec<super::findings::FindingRecord>,
}

/// How far a step got.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub started_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub finished_at: Option<OffsetDateTime>,
    /// The last verification's state.
    #[serde(default)]
    pub last_state: Option<StepState>,
}

/// One thing the engine meant to do to the organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActionRecord {
    /// Stable across restarts: the step, the verb and the object (`users:delete:<id>`).
    pub key: String,
    pub step: StepId,
    /// What it does, as a code and its parameters; the report says it in the owner's language.
    pub what: ActionText,
    #[serde(with = "time::serde::rfc3339")]
    pub intended_at: OffsetDateTime,
    pub outcome: Option<Outcome>,
}

/// What happened when an action ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub ok: bool,
    /// Microsoft's HTTP status for the action (204, 404 for "already gone"...).
    pub status: Option<u16>,
    /// Microsoft's `request-id`, for support and the closure report.
    pub request_id: Option<String>,
    /// Why it counts as done although Microsoft did not just do it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<OutcomeNote>,
    /// The error code when it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorCode>,
}

/// An outcome that is a success without a change made now (the report's `action.outcome.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeNote {
    /// Microsoft answered 404 to a delete: the object was gone already.
    AlreadyGone,
    /// Found done when a run interrupted mid-batch was resumed.
    DoneBeforeRestart,
}

impl OutcomeNote {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeNote::AlreadyGone => "already_gone",
            OutcomeNote::DoneBeforeRestart => "done_before_restart",
        }
    }
}

/// The owner said they understood something ("no restore after purge").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub key: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The owner typed the organization's name to allow a destructive step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Confirmation {
    pub step: StepId,
    pub typed: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The dates that matter, as Microsoft reported them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KeyDates {
    /// The next lifecycle date of each subscription, by subscription id.
    #[serde(default)]
    pub subscriptions: BTreeMap<String, SubscriptionDates>,
    /// When the last subscription was deleted: the directory can go 72 hours later.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub deprovisioning_from: Option<OffsetDateTime>,
    /// When sign-in first answered that the organization no longer exists.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub tenant_deleted_at: Option<OffsetDateTime>,
    /// The next "check your email records" day, while the mail page says waiting.
    #[serde(default)]
    pub mail_follow_up: Option<crate::mail_handover::MailFollowUp>,
    /// The owner's answer to "bought through Microsoft 365 on", by domain (lowercase): Graph
    /// does not say, and Microsoft allows no transfer in the 60 days after the purchase.
    #[serde(default)]
    pub domains_bought_on: BTreeMap<String, DomainPurchase>,
}

/// The day a domain was bought through Microsoft 365, as the owner read it in the admin center.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainPurchase {
    #[serde(with = "crate::backup::usage::iso_day")]
    pub on: time::Date,
}

/// One subscription's status and the date it moves on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubscriptionDates {
    /// The product name; journals written before product names held the part number.
    pub name: String,
    pub status: String,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub next_lifecycle: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub deleted_by_owner_at: Option<OffsetDateTime>,
}

impl SubscriptionDates {
    /// The name to show the owner, also for a journal that stored the part number.
    pub fn product_name(&self) -> &str {
        crate::closure::products::product_name(&self.name)
    }
}

impl JournalRecord {
    /// A fresh journal pinned to this organization and administrator.
    pub fn new(tenant_id: &str, org_name: &str, admin_id: &str, admin_upn: &str) -> Self {
        Self::new_at(
            tenant_id,
            org_name,
            admin_id,
            admin_upn,
            OffsetDateTime::now_utc(),
        )
    }

    /// [`JournalRecord::new`], created at `now` (a closure session's clock: `crate::clock`).
    pub fn new_at(
        tenant_id: &str,
        org_name: &str,
        admin_id: &str,
        admin_upn: &str,
        now: OffsetDateTime,
    ) -> Self {
        JournalRecord {
            schema_version: SCHEMA_VERSION,
            tenant_id: tenant_id.to_string(),
            org_name: org_name.to_string(),
            admin_id: admin_id.to_string(),
            admin_upn: admin_upn.to_string(),
            created_at: now,
            updated_at: now,
            current_step: Some(StepId::Users),
            steps: BTreeMap::new(),
            actions: Vec::new(),
            acknowledgements: Vec::new(),
            confirmations: Vec::new(),
            backup: Checklist::default(),
            dates: KeyDates::default(),
            azure: None,
            findings: Vec::new(),
        }
    }

    /// Records that these actions are about to run (idempotent per key).
    pub fn intend(&mut self, step: StepId, actions: &[(String, ActionText)]) {
        self.intend_at(step, actions, OffsetDateTime::now_utc());
    }

    /// [`JournalRecord::intend`] at `now` (the closure session's clock).
    pub fn intend_at(
        &mut self,
        step: StepId,
        actions: &[(String, ActionText)],
        now: OffsetDateTime,
    ) {
        for (key, what) in actions {
            if self.action(key).is_none() {
                self.actions.push(ActionRecord {
                    key: key.clone(),
                    step,
                    what: what.clone(),
                    intended_at: now,
                    outcome: None,
                });
            }
        }
        self.steps
            .entry(step)
            .or_default()
            .started_at
            .get_or_insert(now);
    }

    /// Records an action's outcome; a successful outcome is never overwritten by a later one.
    pub fn record(&mut self, key: &str, outcome: Outcome) {
        if let Some(action) = self.actions.iter_mut().find(|a| a.key == key) {
            if !action.outcome.as_ref().is_some_and(|o| o.ok) {
                action.outcome = Some(outcome);
            }
        }
    }

    pub fn action(&self, key: &str) -> Option<&ActionRecord> {
        self.actions.iter().find(|a| a.key == key)
    }

    /// Whether the action already succeeded (so a resumed run skips it).
    pub fn is_done(&self, key: &str) -> bool {
        self.action(key)
            .and_then(|a| a.outcome.as_ref())
            .is_some_and(|o| o.ok)
    }

    /// Actions intended but with no recorded outcome: a crash happened mid-batch.
    pub fn in_doubt(&self, step: StepId) -> Vec<&ActionRecord> {
        self.actions
            .iter()
            .filter(|a| a.step == step && a.outcome.is_none())
            .collect()
    }

    pub fn acknowledge(&mut self, key: &str) {
        self.acknowledge_at(key, OffsetDateTime::now_utc());
    }

    /// [`JournalRecord::acknowledge`] at `now` (the closure session's clock).
    pub fn acknowledge_at(&mut self, key: &str, now: OffsetDateTime) {
        if !self.is_acknowledged(key) {
            self.acknowledgements.push(Acknowledgement {
                key: key.to_string(),
                at: now,
            });
        }
    }

    pub fn is_acknowledged(&self, key: &str) -> bool {
        self.acknowledgements.iter().any(|a| a.key == key)
    }

    pub fn confirm(&mut self, step: StepId, typed: &str) {
        self.confirm_at(step, typed, OffsetDateTime::now_utc());
    }

    /// [`JournalRecord::confirm`] at `now` (the closure session's clock).
    pub fn confirm_at(&mut self, step: StepId, typed: &str, now: OffsetDateTime) {
        self.confirmations.push(Confirmation {
            step,
            typed: typed.to_string(),
            at: now,
        });
    }

    /// Stores a step's verification, and moves `current_step` to the first unfinished step.
    pub fn set_step_state(&mut self, step: StepId, state: StepState, done: bool) {
        self.set_step_state_at(step, state, done, OffsetDateTime::now_utc());
    }

    /// [`JournalRecord::set_step_state`] at `now` (the closure session's clock).
    pub fn set_step_state_at(
        &mut self,
        step: StepId,
        state: StepState,
        done: bool,
        now: OffsetDateTime,
    ) {
        let record = self.steps.entry(step).or_default();
        record.last_state = Some(state);
        if done {
            record.finished_at.get_or_insert(now);
        } else {
            // Microsoft's state is the truth: a step found undone again is not finished.
            record.finished_at = None;
        }
        self.current_step = StepId::ALL.into_iter().find(|s| !self.is_step_done(*s));
    }

    pub fn is_step_done(&self, step: StepId) -> bool {
        self.steps
            .get(&step)
            .is_some_and(|r| r.finished_at.is_some())
    }
}
