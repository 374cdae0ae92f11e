//! Step 1: delete everyone except you, optionally purging them from the recycle bin (which
//! ends Microsoft's 30-day restore window).

use super::{delete, purge, ActionCode, ActionText, Verification};
use crate::closure::checks::{Finding, FindingCode};
use crate::closure::inventory::Inventory;
use crate::closure::plan::{StepOptions, StepPlan, TargetKind};
use crate::closure::StepId;

const STEP: StepId = StepId::Users;

pub fn plan(inv: &Inventory, options: &StepOptions, findings: &[Finding]) -> StepPlan {
    let mut plan = StepPlan::new(
        STEP,
        "Deletes everyone in the organization except you. Their mailboxes and files go with \
         them, so back up first.",
        if options.purge_deleted_users {
            "Purged people cannot be restored."
        } else {
            "Deleted people can be restored for 30 days."
        },
    );
    plan.blockers = blockers(findings);
    for user in inv.other_users() {
        plan.actions.push(delete(
            STEP,
            0,
            TargetKind::User,
            &user.id,
            ActionText::named(ActionCode::DeleteUser, user.label()),
        ));
    }
    if options.purge_deleted_users {
        let deleting = inv.other_users().map(|u| (u.id.clone(), u.label(), true));
        let binned = inv.deleted_users.iter().map(|u| {
            let name = u
                .user_principal_name
                .clone()
                .unwrap_or_else(|| u.id.clone());
            (u.id.clone(), name, false)
        });
        for (id, name, after_delete) in deleting.chain(binned) {
            plan.actions.push(purge(STEP, &id, &name, after_delete));
        }
    }
    plan
}

fn blockers(findings: &[Finding]) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| {
            matches!(
                f.code,
                FindingCode::NotGlobalAdmin | FindingCode::DirectorySyncOn
            )
        })
        .cloned()
        .collect()
}

pub fn verify(inv: &Inventory, findings: &[Finding]) -> Verification {
    let remaining = inv.other_users().map(|u| u.label()).collect();
    Verification::from_remaining(
        STEP,
        remaining,
        "People other than you still exist.",
        "Everyone except you is deleted.",
    )
    .unless_blocked(blockers(findings))
}
