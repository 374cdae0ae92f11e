//! The last step's checks: Microsoft's prerequisites for deleting the directory, and the parts
//! of the organization Closeout could not read.

use super::apps::{app_names, third_party_apps};
use super::subscriptions::subscription_names;
use super::{finding, when_any, Finding, FindingCode, Severity};
use crate::closure::inventory::{Inventory, Unreadable};
use crate::closure::StepId;

/// The journal key of the owner's answer "every invoice on Bills & payments is paid".
pub const NO_UNPAID_INVOICES: &str = "no_unpaid_invoices";

/// Graph lists no invoices (INFERENCE: no documented delegated Graph API for Microsoft 365
/// bills), so the owner looks at Bills & payments; a warning until they say all is paid.
pub fn unpaid_invoice_check(inv: &Inventory, _: &str) -> Option<Finding> {
    finding(
        FindingCode::UnpaidInvoiceCheck,
        Severity::Warning,
        Some(StepId::Directory),
        vec![inv.org_name().to_string()],
        "An unpaid invoice stops Microsoft from deleting the organization, and Closeout cannot \
         see invoices.",
        "In the admin center open Billing > Bills & payments and pay any unpaid bill (never \
         'cancel' by removing the card or letting a payment fail). Then say so on the last step.",
    )
}

pub fn could_not_read(inv: &Inventory, _: &str) -> Option<Finding> {
    when_any(
        inv.unreadable.iter().map(unreadable_subject).collect(),
        |s| {
            finding(
                FindingCode::CouldNotRead,
                Severity::Warning,
                None,
                s,
                "Microsoft did not let Closeout read part of the organization.",
                "Check these parts in the admin center.",
            )
        },
    )
}

/// "users (malformed_response): id \"x\"", "securityDefaults (access_denied)".
fn unreadable_subject(part: &Unreadable) -> String {
    let mut subject = format!("{} ({})", part.part, part.code);
    if !part.objects.is_empty() {
        subject.push_str(": ");
        subject.push_str(&part.objects.join(", "));
    }
    subject
}

/// The last step acts on what it could read and then removes Closeout's own access, which
/// cannot be undone from here: a part it depends on that could not be read blocks it.
pub fn unreadable_blocker(inv: &Inventory, step: StepId) -> Option<Finding> {
    when_any(
        crate::closure::steps::unreadable_for(inv, step)
            .map(unreadable_subject)
            .collect(),
        |s| {
            finding(
                FindingCode::CouldNotRead,
                Severity::Blocker,
                Some(step),
                s,
                "Closeout could not read part of the organization this step depends on.",
                "Check again; if it stays so, check these parts in the admin center.",
            )
        },
    )
}

/// Microsoft's prerequisites for deleting the directory, as blockers of the last step.
/// `own_app_id` is this app's client id: its enterprise app is removed last, so it is not
/// counted here.
pub fn directory_prerequisites(inv: &Inventory, own_app_id: &str) -> Vec<Finding> {
    use FindingCode::*;
    use Severity::Blocker;
    let step = Some(StepId::Directory);
    [
        when_any(inv.other_users().map(|u| u.label()).collect(), |s| {
            finding(
                UsersRemain,
                Blocker,
                step,
                s,
                "People other than you still exist.",
                "Finish step 1 (delete users).",
            )
        }),
        when_any(subscription_names(inv, |s| !s.is_deleted()), |s| {
            finding(
                SubscriptionsRemain,
                Blocker,
                step,
                s,
                "Subscriptions are not deprovisioned yet.",
                "Finish steps 2 and 3, then wait 72 hours after deleting them.",
            )
        }),
        when_any(inv.custom_domains().map(|d| d.id.clone()).collect(), |s| {
            finding(
                DomainsRemain,
                Blocker,
                step,
                s,
                "Custom domains are still attached.",
                "Finish the Domains step.",
            )
        }),
        when_any(app_names(inv), |s| {
            finding(
                ApplicationsRemain,
                Blocker,
                step,
                s,
                "App registrations still exist.",
                "Run the clean-up of this step.",
            )
        }),
        when_any(third_party_apps(inv, own_app_id), |s| {
            finding(
                EnterpriseAppsRemain,
                Blocker,
                step,
                s,
                "Enterprise apps still exist.",
                "Run the clean-up of this step.",
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}
