//! The `tangled` organization's self-service products (issue 11): a free sign-up product one
//! person signed up for by themselves, and a product another person bought with their own card.
//! Both are what Microsoft's "Delete a tenant" checks refuse while they remain.

use super::builder::Builder;
use crate::state::subscriptions::{Owner, POWER_BI_FREE, POWER_BI_PRO, SIGN_UP_UNITS};

/// Two people who are not admins (members with a mailbox, in paging order): the first signed
/// up for Microsoft Fabric (Free), the second bought Power BI Pro for herself and a colleague.
pub(super) fn add(b: &mut Builder) {
    let people: Vec<String> = b
        .tenant
        .users
        .values()
        .filter(|u| u.user_type == "Member" && u.purpose == "user" && u.roles.is_empty())
        .map(|u| u.id.clone())
        .take(3)
        .collect();
    let [signed_up, buyer, colleague] = people.as_slice() else {
        return;
    };
    let free = b.subscription(
        &POWER_BI_FREE,
        SIGN_UP_UNITS,
        // INFERENCE: a free sign-up product reads as a trial in `/directory/subscriptions`
        // (Microsoft documents `isTrial` only as "free trial or purchased").
        true,
        false,
        0,
        Owner::SelfServiceSignUp {
            user_id: signed_up.clone(),
        },
    );
    let sub = &mut b.tenant.subscriptions[free];
    // It never expires by itself: only deleting it removes it.
    sub.next_lifecycle = None;
    sub.recurring_billing = false;
    b.license(&POWER_BI_FREE, std::slice::from_ref(signed_up));
    b.subscription(
        &POWER_BI_PRO,
        2,
        false,
        false,
        12,
        Owner::SelfServicePurchase {
            buyer_id: buyer.clone(),
        },
    );
    b.license(&POWER_BI_PRO, &[buyer.clone(), colleague.clone()]);
}
