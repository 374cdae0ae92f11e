//! Checks on the subscriptions: bought through a partner, too many licenses, trials.

use super::{finding, when_any, Finding, FindingCode::*, Severity::*};
use crate::closure::inventory::Inventory;
use crate::closure::model::CompanySubscription;
use crate::closure::StepId;

/// The subscriptions steps 2 and 3 handle that `keep` (self-service sign-up products have a
/// check of their own).
pub fn subscription_names(
    inv: &Inventory,
    keep: impl Fn(&CompanySubscription) -> bool,
) -> Vec<String> {
    inv.paid_subscriptions()
        .filter(|s| keep(s))
        .map(|s| s.product_name().to_string())
        .collect()
}

pub fn partner_subscription(inv: &Inventory, _: &str) -> Option<Finding> {
    let tenant = inv.tenant_id().to_string();
    let subjects = subscription_names(inv, |s| s.may_be_from_partner(&tenant) && !s.is_deleted());
    when_any(subjects, |s| {
        finding(
            PartnerSubscription,
            Blocker,
            Some(StepId::CancelSubscriptions),
            s,
            "This subscription may have been bought through a partner: another organization is \
             named as its owner.",
            "If a partner sold it, ask them to cancel it: only they can. If you bought it from \
             Microsoft directly, say so and continue; the admin center check of step 2 settles it.",
        )
    })
}

pub fn too_many_licenses(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = subscription_names(inv, |s| s.is_active() && s.total_licenses > 25);
    when_any(subjects, |s| {
        finding(
            TooManyLicenses,
            Blocker,
            Some(StepId::CancelSubscriptions),
            s,
            "A subscription has more than 25 licenses, so it cannot be cancelled online.",
            "Reduce it to 25 licenses or fewer in the admin center, then cancel it.",
        )
    })
}

pub fn trial_subscription(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = subscription_names(inv, |s| s.is_trial && !s.is_deleted());
    when_any(subjects, |s| {
        finding(
            TrialSubscription,
            Warning,
            Some(StepId::CancelSubscriptions),
            s,
            "A trial subscription: nothing is charged.",
            "Cancel it like the others, or let it expire.",
        )
    })
}
