//! Step 2, admin center only: cancel every active subscription. Closeout opens "Your
//! products", says which buttons to press, and polls `/directory/subscriptions` until none is
//! active any more.

use super::Verification;
use crate::closure::checks::{Finding, FindingCode, Severity};
use crate::closure::inventory::Inventory;
use crate::closure::model::CompanySubscription;
use crate::closure::plan::{PortalGuide, PortalItem, PortalLinks, StepPlan};
use crate::closure::StepId;

const STEP: StepId = StepId::CancelSubscriptions;

/// "Microsoft 365 Business Standard, 10 licenses, Enabled".
pub fn describe(sub: &CompanySubscription) -> String {
    let trial = if sub.is_trial { ", trial" } else { "" };
    format!(
        "{}, {} licenses, {}{trial}",
        sub.product_name(),
        sub.total_licenses,
        sub.status
    )
}

/// A subscription as a thing to act on in the admin center.
pub fn portal_item(sub: &CompanySubscription) -> PortalItem {
    PortalItem {
        id: sub.id.clone(),
        text: describe(sub),
    }
}

pub fn plan(inv: &Inventory, links: &PortalLinks, findings: &[Finding]) -> StepPlan {
    let mut plan = StepPlan::new(
        STEP,
        "Cancels your subscriptions: with Cancel now they stop at once; where Microsoft only lets \
         you turn off recurring billing, they run (and are paid for) until the end of their term. \
         Only Microsoft's admin center can do this: Closeout checks the result by itself.",
        "A cancelled subscription can be reactivated while it is disabled (usually 90 days).",
    );
    plan.blockers = blockers(inv, findings);
    plan.portal = Some(PortalGuide {
        url: links.products.clone(),
        instructions: vec![
            "Open the Microsoft 365 admin center and sign in if asked.".into(),
            "Go to Billing > Your products. (If you see the simpler menu, the Simplified view, \
             select Subscriptions instead.)"
                .into(),
            "Open each subscription Closeout lists. Under Subscription and payment settings, select \
             Cancel subscription, choose Cancel now (not \"Cancel before the next renewal date\"), \
             select Next, pick any reason, and select Cancel now."
                .into(),
            "If you see Billing settings instead and Microsoft only offers to turn off recurring \
             billing, select edit the recurring billing settings, select Off, then Save. You keep \
             paying until the end of the term; then the subscription ends by itself. A free trial \
             is cancelled the same way."
                .into(),
            "If a subscription has more than 25 licenses, first select Remove licenses, enter 25 or \
             fewer under Total licenses, and select Save; then cancel it. If Microsoft does not let \
             you remove them, contact Microsoft support."
                .into(),
            "A product whose Account type is Self-service was bought by someone in your \
             organization: open it, select Take control of this subscription, then Cancel \
             subscription; pick a reason, select Cancel subscription and confirm. (Or ask the \
             buyer to cancel it.)"
                .into(),
            "Then come back to Closeout: it sees the change by itself.".into(),
        ],
        cautions: vec!["portal.cancel_subscriptions.account".into(), "portal.cancel_subscriptions.money".into()],
        items: inv.paid_subscriptions()
            .filter(|s| s.is_active())
            .map(portal_item)
            .collect(),
    });
    plan
}

fn blockers(inv: &Inventory, findings: &[Finding]) -> Vec<Finding> {
    let mut blockers: Vec<Finding> = findings
        .iter()
        .filter(|f| f.step == Some(STEP) && f.severity == Severity::Blocker)
        .cloned()
        .collect();
    let domains: Vec<String> = inv.custom_domains().map(|d| d.id.clone()).collect();
    if !domains.is_empty() {
        blockers.push(Finding {
            code: FindingCode::DomainsRemain,
            severity: Severity::Blocker,
            step: Some(STEP),
            subjects: domains,
            message: "Microsoft requires removing your own domains before cancelling.".into(),
            what_to_do: "Finish the Domains step first.".into(),
        });
    }
    blockers
}

pub fn verify(inv: &Inventory, findings: &[Finding]) -> Verification {
    let remaining = inv
        .paid_subscriptions()
        .filter(|s| s.is_active())
        // Product names only: they read the same in every language.
        .map(|s| s.product_name().to_string())
        .collect();
    Verification::from_remaining(
        STEP,
        remaining,
        "Some subscriptions are still active: cancel them in the admin center.",
        "No subscription is active any more.",
    )
    .unless_blocked(blockers(inv, findings))
}
