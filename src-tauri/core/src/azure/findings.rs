//! The Azure findings: `azure_not_checked` (a warning on "Your organization", a blocker of
//! step 5 until checked), `azure_access_not_elevated` (some subscriptions may be hidden) and
//! `azure_subscriptions` (active or cancelled-but-not-deleted ones: they block step 5).
//! Kept here, beside the Azure check, rather than in the Graph checks: they come from ARM.

use super::AzureReport;
use crate::closure::checks::{Finding, FindingCode, Severity};
use crate::closure::StepId;
use crate::journal::JournalRecord;

/// Acknowledgement written when a check saw every subscription and none blocked.
pub const AZURE_CLEAR: &str = "azure_checked_clear";

const STEP: Option<StepId> = Some(StepId::Directory);

fn not_checked(severity: Severity) -> Finding {
    Finding {
        code: FindingCode::AzureNotChecked,
        severity,
        step: STEP,
        subjects: Vec::new(),
        message: "Azure subscriptions are not checked yet. Microsoft Graph cannot see them, and \
                  any that remain stop the directory from being deleted."
            .into(),
        what_to_do: "On Your organization, press \"Check for Azure subscriptions\" and let \
                     Closeout read Azure Resource Manager."
            .into(),
    }
}

/// The Azure findings for "Your organization": from this run's check, or the journal.
pub fn findings(report: Option<&AzureReport>, record: &JournalRecord) -> Vec<Finding> {
    let Some(report) = report else {
        return if record.is_acknowledged(AZURE_CLEAR) {
            Vec::new()
        } else {
            vec![not_checked(Severity::Warning)]
        };
    };
    let mut out = Vec::new();
    let blocking: Vec<String> = report.blocking().map(|s| s.label()).collect();
    if !blocking.is_empty() {
        out.push(Finding {
            code: FindingCode::AzureSubscriptions,
            severity: Severity::Blocker,
            step: STEP,
            subjects: blocking,
            message: "Azure subscriptions still exist. Active or cancelled, they stop the \
                      directory from being deleted."
                .into(),
            what_to_do: "In the Azure portal, cancel each subscription, then delete it (3 days \
                         after cancelling a free or pay-as-you-go one, 7 days for others), then \
                         check again."
                .into(),
        });
    }
    if !report.elevation.sees_all() {
        out.push(Finding {
            code: FindingCode::AzureAccessNotElevated,
            severity: Severity::Warning,
            step: STEP,
            subjects: Vec::new(),
            message: "You may not see every Azure subscription: as a Global Administrator you \
                      see only those you were given access to."
                .into(),
            what_to_do: "Check again and let Closeout turn on \"Access management for Azure \
                         resources\" for you; it turns it off again once no subscription is left."
                .into(),
        });
    }
    out
}

/// Whether `code` is one of the Azure findings.
pub fn is_azure(code: FindingCode) -> bool {
    matches!(
        code,
        FindingCode::AzureSubscriptions
            | FindingCode::AzureAccessNotElevated
            | FindingCode::AzureNotChecked
    )
}

/// What stops step 5: blocking subscriptions, and an Azure check never done.
pub fn directory_blockers(report: Option<&AzureReport>, record: &JournalRecord) -> Vec<Finding> {
    findings(report, record)
        .into_iter()
        .filter_map(|f| match f.code {
            FindingCode::AzureSubscriptions => Some(f),
            FindingCode::AzureNotChecked => Some(not_checked(Severity::Blocker)),
            _ => None,
        })
        .collect()
}
