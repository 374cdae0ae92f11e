//! The safety rules, in one place: [`check_consent`] and [`check_actions`] run on a whole plan
//! before anything is sent, [`check_tenant`] before every chunk of writes. Ids are compared
//! without regard to case, as Graph does (and the inventory has made them canonical already,
//! see [`super::ids`]):
//!
//! 1. never the signed-in person ([`ErrorCode::WouldDeleteSelf`]);
//! 2. never the last Global Administrator ([`ErrorCode::LastGlobalAdmin`]);
//! 3. never this app's own enterprise app before the very end (only as the last phase of the
//!    directory step, once everything else is done);
//! 4. the tenant pinned at sign-in is re-read before every batch ([`ErrorCode::TenantMismatch`]);
//! 5. nothing destructive without the organization's name typed by the owner
//!    ([`ErrorCode::ConfirmationRequired`], [`ErrorCode::ConfirmationMismatch`]) and a settled
//!    backup checklist ([`ErrorCode::BackupNotSettled`]).

use serde::Deserialize;
use serde_json::json;

use super::ids::same_id;
use super::inventory::Inventory;
use super::plan::{Action, TargetKind};
use super::StepId;
use crate::error::{Error, ErrorCode, Result};
use crate::graph::GraphClient;
use crate::journal::JournalRecord;

/// The last phase of the directory step: removing the app's own access.
pub const FINAL_PHASE: u8 = 9;

/// Rule 5: the typed confirmation and the backup checklist.
pub fn check_consent(record: &JournalRecord, step: StepId, typed: Option<&str>) -> Result<()> {
    if !step.is_destructive() {
        return Ok(());
    }
    let typed = typed
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::ConfirmationRequired,
                format!(
                    "type the organization's name ({}) to confirm",
                    record.org_name
                ),
            )
        })?;
    if typed != record.org_name.trim() {
        return Err(Error::new(
            ErrorCode::ConfirmationMismatch,
            "the typed name does not match the organization's name",
        ));
    }
    if !record.backup.is_settled() {
        return Err(Error::new(
            ErrorCode::BackupNotSettled,
            "finish the backup checklist before deleting anything",
        ));
    }
    Ok(())
}

/// Rules 1-3, on a whole plan before anything runs.
pub fn check_actions(inv: &Inventory, own_app_id: &str, actions: &[Action]) -> Result<()> {
    for action in actions.iter().filter(|a| a.is_delete()) {
        if action.target == TargetKind::User && same_id(&action.target_id, &inv.me.id) {
            return Err(refusal(
                ErrorCode::WouldDeleteSelf,
                "the signed-in administrator",
                action,
            ));
        }
        let own_app = inv
            .service_principals
            .iter()
            .any(|sp| same_id(&sp.id, &action.target_id) && same_id(&sp.app_id, own_app_id));
        if action.target == TargetKind::ServicePrincipal && own_app && action.phase != FINAL_PHASE {
            return Err(refusal(
                ErrorCode::StepBlocked,
                "Closeout's own access before the end",
                action,
            ));
        }
    }
    let deleted: Vec<&str> = actions
        .iter()
        .filter(|a| a.is_delete() && a.target == TargetKind::User)
        .map(|a| a.target_id.as_str())
        .collect();
    let admins_left = inv
        .global_admins
        .iter()
        .filter(|admin| !deleted.iter().any(|id| same_id(id, &admin.id)))
        .count();
    if !inv.global_admins.is_empty() && admins_left == 0 {
        return Err(Error::new(
            ErrorCode::LastGlobalAdmin,
            "the plan would remove the last Global Administrator",
        ));
    }
    Ok(())
}

fn refusal(code: ErrorCode, what: &str, action: &Action) -> Error {
    Error::new(code, format!("refused: the plan would delete {what}"))
        .with_details(json!({ "action": action.key }))
}

/// Rule 4: the organization the token reaches must be the one pinned in the journal.
pub async fn check_tenant(client: &GraphClient, pinned_tenant: &str) -> Result<()> {
    #[derive(Deserialize)]
    struct Org {
        id: String,
    }
    #[derive(Deserialize)]
    struct Orgs {
        value: Vec<Org>,
    }
    let orgs: Orgs = client.get("/v1.0/organization?$select=id").await?;
    let actual = orgs.value.first().map(|o| o.id.as_str()).unwrap_or("");
    if !actual.eq_ignore_ascii_case(pinned_tenant) {
        return Err(Error::new(
            ErrorCode::TenantMismatch,
            "the signed-in account belongs to another organization than the one being closed",
        )
        .with_details(json!({ "pinned": pinned_tenant, "actual": actual })));
    }
    Ok(())
}
