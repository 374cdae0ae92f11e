//! The closure report: what was done, when, by whom, with Microsoft's request ids, the backup
//! answers and the subscriptions' final states. Built from the journal alone, so it can be
//! saved at any point (a progress report) and at the end (the final one, once the directory
//! is gone). The same data goes out as JSON ([`ClosureReport::to_json`]) and as one
//! self-contained HTML page ([`ClosureReport::to_html`], in `report_html`).

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::checklist::{Checklist, ChecklistSummary};
use crate::closure::{ActionText, StepId};
use crate::error::ErrorCode;
use crate::journal::{FindingRecord, JournalRecord, OutcomeNote};

/// The version of the report's JSON; 2: actions as codes and parameters, steps as step ids.
pub const REPORT_VERSION: u32 = 2;

/// A progress report, or the final one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStage {
    Progress,
    Final,
}

/// One action the closure took (or meant to take) on the organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportAction {
    pub key: String,
    pub step: StepId,
    /// What it does: the page says it in the owner's language.
    pub what: ActionText,
    #[serde(with = "time::serde::rfc3339")]
    pub intended_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub done_at: Option<OffsetDateTime>,
    /// `None`: no outcome recorded (interrupted, or not run yet).
    pub ok: Option<bool>,
    pub status: Option<u16>,
    pub request_id: Option<String>,
    pub note: Option<OutcomeNote>,
    pub error: Option<ErrorCode>,
}

/// A typed confirmation of a destructive step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportConfirmation {
    pub step: StepId,
    pub typed: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// A subscription and the last state seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSubscription {
    pub id: String,
    pub name: String,
    pub status: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_lifecycle: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub deleted_by_owner_at: Option<OffsetDateTime>,
}

/// The report's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClosureReport {
    /// [`REPORT_VERSION`] when written.
    pub schema_version: u32,
    pub stage: ReportStage,
    #[serde(with = "time::serde::rfc3339")]
    pub generated_at: OffsetDateTime,
    pub organization: String,
    pub tenant_id: String,
    /// The administrator who did the closure (sign-in name).
    pub closed_by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub started_at: OffsetDateTime,
    pub current_step: Option<StepId>,
    pub actions: Vec<ReportAction>,
    pub confirmations: Vec<ReportConfirmation>,
    pub backup: Checklist,
    pub backup_summary: ChecklistSummary,
    pub subscriptions: Vec<ReportSubscription>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub directory_deleted_at: Option<OffsetDateTime>,
    /// The last DNS check of each domain (the mail handover), with when it was made.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mail_dns: Vec<crate::mail_handover::DomainCheck>,
    /// What the checks found before and during the closure, and when each was seen gone.
    #[serde(default)]
    pub findings: Vec<FindingRecord>,
    /// The owner's answers to what Graph cannot see (bills paid, domains bought elsewhere...).
    #[serde(default)]
    pub answers: Vec<ReportAnswer>,
}

/// One answer the owner gave, by its journal key, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportAnswer {
    pub key: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
}

/// The journal keys that are the owner's answers about a finding or a step's choice (each has
/// its `report.answer.<key>` text); other acknowledgements (reminders seen...) are not listed.
pub const ANSWER_KEYS: &[&str] = &[
    crate::closure::checks::BOUGHT_DIRECTLY,
    crate::closure::checks::NOT_BOUGHT_FROM_MICROSOFT,
    crate::closure::checks::NO_UNPAID_INVOICES,
    crate::closure::checks::SIGN_UPS_DELETED,
    "purge_deleted_users_no_restore",
    "purge_deleted_groups_no_restore",
];

impl ClosureReport {
    /// The report as of `now`, from the journal.
    pub fn from_journal(record: &JournalRecord, now: OffsetDateTime) -> ClosureReport {
        let actions = record
            .actions
            .iter()
            .map(|a| ReportAction {
                key: a.key.clone(),
                step: a.step,
                what: a.what.clone(),
                intended_at: a.intended_at,
                done_at: a.outcome.as_ref().map(|o| o.at),
                ok: a.outcome.as_ref().map(|o| o.ok),
                status: a.outcome.as_ref().and_then(|o| o.status),
                request_id: a.outcome.as_ref().and_then(|o| o.request_id.clone()),
                note: a.outcome.as_ref().and_then(|o| o.note),
                error: a.outcome.as_ref().and_then(|o| o.error),
            })
            .collect();
        let confirmations = record
            .confirmations
            .iter()
            .map(|c| ReportConfirmation {
                step: c.step,
                typed: c.typed.clone(),
                at: c.at,
            })
            .collect();
        let subscriptions = record
            .dates
            .subscriptions
            .iter()
            .map(|(id, s)| ReportSubscription {
                id: id.clone(),
                name: s.product_name().to_string(),
                status: s.status.clone(),
                next_lifecycle: s.next_lifecycle,
                deleted_by_owner_at: s.deleted_by_owner_at,
            })
            .collect();
        let deleted = record.dates.tenant_deleted_at;
        ClosureReport {
            schema_version: REPORT_VERSION,
            stage: if deleted.is_some() {
                ReportStage::Final
            } else {
                ReportStage::Progress
            },
            generated_at: now,
            organization: record.org_name.clone(),
            tenant_id: record.tenant_id.clone(),
            closed_by: record.admin_upn.clone(),
            started_at: record.created_at,
            current_step: record.current_step,
            actions,
            confirmations,
            backup_summary: record.backup.summary(),
            backup: record.backup.clone(),
            subscriptions,
            directory_deleted_at: deleted,
            mail_dns: Vec::new(),
            findings: record.findings.clone(),
            answers: record
                .acknowledgements
                .iter()
                .filter(|a| ANSWER_KEYS.contains(&a.key.as_str()))
                .map(|a| ReportAnswer {
                    key: a.key.clone(),
                    at: a.at,
                })
                .collect(),
        }
    }

    /// Adds the mail handover's last checks (saved beside the journal by each check).
    pub fn with_mail_dns(mut self, checks: Vec<crate::mail_handover::DomainCheck>) -> Self {
        self.mail_dns = checks;
        self
    }

    /// The report as JSON, for keeping next to the HTML or for support.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serializes")
    }
}
