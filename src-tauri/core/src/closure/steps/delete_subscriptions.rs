//! Step 3, admin center only: delete the disabled subscriptions, so that Microsoft
//! deprovisions them 72 hours later instead of after the 90-day disabled period.
//!
//! Graph shows no "marked for deletion" flag: a deleted subscription keeps its disabled status
//! but its next lifecycle date moves forward to the deprovisioning (72 hours away). The
//! journal remembers each subscription's dates, so Closeout notices that move by itself.

use time::OffsetDateTime;

use super::cancel_subscriptions::portal_item;
use super::{StepState, Verification};
use crate::closure::checks::{Finding, FindingCode, Severity};
use crate::closure::inventory::Inventory;
use crate::closure::model::CompanySubscription;
use crate::closure::plan::{PortalGuide, PortalLinks, StepPlan};
use crate::closure::StepId;
use crate::journal::{JournalRecord, SubscriptionDates, DEPROVISIONING};

const STEP: StepId = StepId::DeleteSubscriptions;

pub fn plan(inv: &Inventory, links: &PortalLinks, record: &JournalRecord) -> StepPlan {
    let mut plan = StepPlan::new(
        STEP,
        "Deletes the cancelled subscriptions, so Microsoft removes them for good 72 hours later \
         and the directory can then be deleted. Only the admin center can do this.",
        "Files in SharePoint and OneDrive are deleted at once. For 72 hours the subscription \
         can still be reactivated.",
    );
    plan.blockers = blockers(inv);
    plan.portal = Some(PortalGuide {
        url: links.products.clone(),
        instructions: vec![
            "Open the Microsoft 365 admin center and sign in if asked.".into(),
            "Go to Billing > Your products (in the Simplified view: Billing) and set the \
             Subscription status filter to All, so that disabled subscriptions are shown."
                .into(),
            "Open each disabled subscription Closeout lists. Under Subscription and payment \
             settings, select Delete subscription; in the pane, tick the box if one is shown and \
             select Delete subscription, then Yes."
                .into(),
            "Microsoft removes the subscription for good 72 hours after you delete it. Closeout \
             shows the date and checks by itself."
                .into(),
            "If Microsoft does not offer Delete subscription (accounts under a Microsoft Customer \
             Agreement), the subscription is deleted by itself at the end of its term. If you are \
             stuck, contact Microsoft support."
                .into(),
        ],
        cautions: Vec::new(),
        items: awaiting_deletion(inv, record).map(portal_item).collect(),
    });
    plan
}

fn blockers(inv: &Inventory) -> Vec<Finding> {
    let active: Vec<String> = inv
        .paid_subscriptions()
        .filter(|s| s.is_active())
        .map(|s| s.product_name().to_string())
        .collect();
    if active.is_empty() {
        return Vec::new();
    }
    vec![Finding {
        code: FindingCode::SubscriptionsRemain,
        severity: Severity::Blocker,
        step: Some(STEP),
        subjects: active,
        message: "Some subscriptions are still active.".into(),
        what_to_do: "Cancel them first (step 2).".into(),
    }]
}

/// Disabled subscriptions the owner has not deleted yet.
fn awaiting_deletion<'a>(
    inv: &'a Inventory,
    record: &'a JournalRecord,
) -> impl Iterator<Item = &'a CompanySubscription> {
    inv.paid_subscriptions()
        .filter(move |s| s.is_disabled() && !is_marked(record, &s.id))
}

/// Whether Closeout saw the owner delete this subscription.
fn is_marked(record: &JournalRecord, subscription_id: &str) -> bool {
    record
        .dates
        .subscriptions
        .get(subscription_id)
        .and_then(|d| d.deleted_by_owner_at)
        .is_some()
}

/// Stores each subscription's status and next date in the journal, and notices deletions by
/// the owner (the next date moved earlier, or is within the 72-hour deprovisioning window).
pub fn note_dates(record: &mut JournalRecord, inv: &Inventory, now: OffsetDateTime) {
    // Every subscription, sign-up products too: the report lists each one's last state.
    for sub in &inv.subscriptions {
        let entry = record
            .dates
            .subscriptions
            .entry(sub.id.clone())
            .or_insert_with(|| SubscriptionDates {
                name: sub.product_name().to_string(),
                status: sub.status.clone(),
                next_lifecycle: sub.next_lifecycle_date_time,
                deleted_by_owner_at: None,
            });
        let moved_earlier = matches!(
            (entry.next_lifecycle, sub.next_lifecycle_date_time),
            (Some(before), Some(after)) if after < before
        );
        let within_window = sub
            .next_lifecycle_date_time
            .is_some_and(|at| at <= now + DEPROVISIONING);
        if sub.is_disabled()
            && entry.deleted_by_owner_at.is_none()
            && (moved_earlier || within_window)
        {
            entry.deleted_by_owner_at = Some(now);
        }
        entry.name = sub.product_name().to_string();
        entry.status = sub.status.clone();
        entry.next_lifecycle = sub.next_lifecycle_date_time;
    }
    let pending: Vec<_> = inv
        .paid_subscriptions()
        .filter(|s| !s.is_deleted())
        .collect();
    let all_marked = pending.iter().all(|s| is_marked(record, &s.id));
    if !pending.is_empty() && all_marked && record.dates.deprovisioning_from.is_none() {
        let last = pending
            .iter()
            .filter_map(|s| s.next_lifecycle_date_time)
            .max();
        record.dates.deprovisioning_from = Some(last.map_or(now, |at| at - DEPROVISIONING));
    }
}

pub fn verify(inv: &Inventory, record: &JournalRecord) -> Verification {
    let blockers = blockers(inv);
    if !blockers.is_empty() {
        let active = blockers[0].subjects.clone();
        return Verification::new(STEP, StepState::ToDo, "", active).unless_blocked(blockers);
    }
    let to_delete: Vec<String> = awaiting_deletion(inv, record)
        .map(|s| s.product_name().to_string())
        .collect();
    if !to_delete.is_empty() {
        return Verification::new(
            STEP,
            StepState::ToDo,
            "Some cancelled subscriptions are not deleted yet: delete them in the admin center.",
            to_delete,
        );
    }
    let waiting: Vec<&CompanySubscription> = inv
        .paid_subscriptions()
        .filter(|s| !s.is_deleted())
        .collect();
    if waiting.is_empty() {
        return Verification::done(STEP, "Every subscription is deleted and deprovisioned.");
    }
    let mut verification = Verification::new(
        STEP,
        StepState::Waiting,
        "Deleted: Microsoft removes the subscriptions for good 72 hours after deletion.",
        waiting
            .iter()
            .map(|s| s.product_name().to_string())
            .collect(),
    );
    verification.until = waiting
        .iter()
        .filter_map(|s| s.next_lifecycle_date_time)
        .max();
    verification
}
