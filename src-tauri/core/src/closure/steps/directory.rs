//! Step 5: delete the directory. Closeout cleans up what an app may (app registrations,
//! third-party enterprise apps, the recycle bin), re-checks Microsoft's prerequisites, removes
//! its own enterprise app last, and then sends the owner to Entra "Manage tenants > Delete".
//! Done when sign-in answers that the organization no longer exists.

use super::{delete, purge, ActionCode, ActionText, StepState, Verification};
use crate::closure::checks::{
    deletable_service_principals, directory_prerequisites, unreadable_blocker, Finding, FindingCode,
};
use crate::closure::inventory::Inventory;
use crate::closure::plan::{PortalGuide, PortalItem, PortalLinks, StepPlan, TargetKind};
use crate::closure::safety::FINAL_PHASE;
use crate::closure::StepId;
use crate::journal::{JournalRecord, DEPROVISIONING};

const STEP: StepId = StepId::Directory;

/// The journal key prefix of the very last action: Closeout's own enterprise app removed.
pub const OWN_ACCESS_REMOVED: &str = "directory:remove_own_access:";

/// Whether the journal shows Closeout's own access removed (Graph then refuses us).
pub fn own_access_removed(record: &JournalRecord) -> bool {
    record
        .actions
        .iter()
        .any(|a| a.key.starts_with(OWN_ACCESS_REMOVED) && record.is_done(&a.key))
}

/// Prerequisites the clean-up cannot fix (people, subscriptions, domains).
fn blockers(inv: &Inventory, own_app_id: &str) -> Vec<Finding> {
    directory_prerequisites(inv, own_app_id)
        .into_iter()
        .filter(|f| {
            !matches!(
                f.code,
                FindingCode::ApplicationsRemain | FindingCode::EnterpriseAppsRemain
            )
        })
        .chain(unreadable_blocker(inv, STEP))
        .collect()
}

pub fn plan(inv: &Inventory, own_app_id: &str, links: &PortalLinks) -> StepPlan {
    let mut plan = StepPlan::new(
        STEP,
        "Removes the last apps and deleted items, then you delete the directory in the Microsoft \
         Entra admin center. After that, your account with Microsoft is closed.",
        "Deleting the directory cannot be undone.",
    );
    plan.blockers = blockers(inv, own_app_id);
    for app in &inv.applications {
        plan.actions.push(delete(
            STEP,
            0,
            TargetKind::Application,
            &app.id,
            ActionText::named(ActionCode::DeleteAppRegistration, &app.display_name),
        ));
    }
    for sp in deletable_service_principals(inv, own_app_id) {
        plan.actions.push(delete(
            STEP,
            0,
            TargetKind::ServicePrincipal,
            &sp.id,
            ActionText::named(ActionCode::DeleteEnterpriseApp, sp.name()),
        ));
    }
    let purged_apps = inv
        .applications
        .iter()
        .map(|a| (a.id.as_str(), a.display_name.as_str(), true));
    let purged_users = inv.deleted_users.iter().map(|u| {
        (
            u.id.as_str(),
            u.user_principal_name.as_deref().unwrap_or(&u.id),
            false,
        )
    });
    for (id, name, after_delete) in purged_apps.chain(purged_users) {
        plan.actions.push(purge(STEP, id, name, after_delete));
    }
    if plan.blockers.is_empty() {
        for sp in inv
            .service_principals
            .iter()
            .filter(|sp| crate::closure::ids::same_id(&sp.app_id, own_app_id))
        {
            let mut last = delete(
                STEP,
                FINAL_PHASE,
                TargetKind::ServicePrincipal,
                &sp.id,
                ActionText::new(ActionCode::RemoveOwnAccess),
            );
            last.key = format!("{OWN_ACCESS_REMOVED}{}", sp.id);
            plan.actions.push(last);
        }
    }
    plan.portal = Some(PortalGuide {
        url: links.manage_tenants.clone(),
        instructions: vec![
            "Open the Microsoft Entra admin center and sign in as Global Administrator if asked \
             (Microsoft asks for your phone there)."
                .into(),
            "In the left menu select Entra ID, then Overview, then Manage tenants. (On older menus: \
             Identity > Overview > Manage tenants.)"
                .into(),
            "Tick the box next to your organization and select Delete. Microsoft checks that \
             nothing is left."
                .into(),
            "Microsoft also checks that every invoice is paid. If one is not, pay it in the \
             Microsoft 365 admin center (Billing > Bills & payments)."
                .into(),
            "If Microsoft's checks name a self-service sign-up product, open Entra ID > Licenses > \
             Self-service sign-up products, select it, select Delete and then Yes; then select \
             Delete on Manage tenants again."
                .into(),
            "When every check passes, select Delete again. Closeout confirms with Microsoft that \
             the organization is gone."
                .into(),
        ],
        cautions: vec!["portal.directory.switch_directory".into()],
        items: vec![PortalItem {
            id: inv.organization.id.clone(),
            text: inv.org_name().to_string(),
        }],
    });
    plan
}

/// After the clean-up, what is left before the owner can delete the directory.
pub fn verify(inv: &Inventory, own_app_id: &str, record: &JournalRecord) -> Verification {
    let prerequisites = directory_prerequisites(inv, own_app_id);
    let only_subscriptions = prerequisites
        .iter()
        .all(|f| f.code == FindingCode::SubscriptionsRemain);
    if let (Some(from), false, true) = (
        record.dates.deprovisioning_from,
        prerequisites.is_empty(),
        only_subscriptions,
    ) {
        let mut waiting = Verification::new(
            STEP,
            StepState::Waiting,
            "Waiting for Microsoft to deprovision the deleted subscriptions.",
            prerequisites[0].subjects.clone(),
        );
        waiting.until = Some(from + DEPROVISIONING);
        return waiting;
    }
    let apps_left = prerequisites.iter().any(|f| {
        matches!(
            f.code,
            FindingCode::ApplicationsRemain | FindingCode::EnterpriseAppsRemain
        )
    });
    let message = if apps_left {
        "Apps and deleted items are left to clean up."
    } else {
        "Ready: delete the directory in the Microsoft Entra admin center."
    };
    let remaining = prerequisites
        .iter()
        .flat_map(|f| f.subjects.clone())
        .collect();
    Verification::new(STEP, StepState::ToDo, message, remaining)
        .unless_blocked(blockers(inv, own_app_id))
}
