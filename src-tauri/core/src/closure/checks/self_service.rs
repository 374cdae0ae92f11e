//! Self-service products (issue 11): what people in the organization signed up for or bought
//! by themselves, which Microsoft's tenant deletion refuses while they remain.
//!
//! - A free **self-service sign-up product** ("Microsoft Fabric (Free)") is deleted by a Global
//!   Administrator in the Entra admin center (Licenses > Self-service sign-up products),
//!   never cancelled: it blocks the last step until Graph no longer lists it.
//! - A **self-service purchase** (a person's own card) can't be changed by an admin until
//!   they take control of it in Your products; step 2 then cancels it like the others, and
//!   Graph shows when it is gone.
//!
//! Microsoft documents neither in Graph. INFERENCE: sign-up products are known by their part
//! numbers (or a free "trial" with tens of thousands of seats), in `/directory/subscriptions`
//! or `/subscribedSkus`, whichever lists them; a purchase names its buyer as `ownerId`. If
//! Graph says otherwise, nothing is lost: a purchase Closeout cannot tell apart is still a
//! subscription step 2 lists (its instructions cover the Self-service account type), and a
//! sign-up product Graph keeps listing after the owner deleted it is settled by the owner's
//! word, journaled ([`SIGN_UPS_DELETED`]).

use super::{finding, when_any, Finding, FindingCode::*, Severity::*};
use crate::closure::inventory::Inventory;
use crate::closure::model::CompanySubscription;
use crate::closure::products::{is_self_service_sign_up, product_name};
use crate::closure::StepId;

/// The journal key of the owner's answer "I deleted every product on Entra's Self-service
/// sign-up products page" (the last step's option `selfServiceProductsDeleted`).
pub const SIGN_UPS_DELETED: &str = "self_service_products_deleted";

/// "Microsoft Fabric (Free) (Anna Rossi)": the product, and who it belongs to when Graph says.
fn with_person(inv: &Inventory, name: &str, sub: Option<&CompanySubscription>) -> String {
    let person = sub
        .and_then(|s| s.owner_id.as_deref())
        .and_then(|id| inv.users.iter().find(|u| u.id.eq_ignore_ascii_case(id)))
        .filter(|u| !is_admin(inv, &u.id));
    match person {
        Some(u) => format!("{name} ({})", u.label()),
        None => name.to_string(),
    }
}

fn is_admin(inv: &Inventory, user_id: &str) -> bool {
    inv.global_admins
        .iter()
        .any(|a| a.id.eq_ignore_ascii_case(user_id))
}

/// The sign-up products still there: from `/directory/subscriptions`, then any only
/// `/subscribedSkus` shows (a status of Deleted in either means gone).
pub fn sign_up_products(inv: &Inventory) -> Vec<String> {
    let mut names: Vec<String> = inv
        .subscriptions
        .iter()
        .filter(|s| s.is_self_service_sign_up() && !s.is_deleted())
        .map(|s| with_person(inv, s.product_name(), Some(s)))
        .collect();
    let listed = |part: &str| {
        inv.subscriptions
            .iter()
            .any(|s| s.sku_part_number.eq_ignore_ascii_case(part))
    };
    for sku in &inv.skus {
        let part = sku.sku_part_number.as_str();
        if is_self_service_sign_up(part) && sku.capability_status != "Deleted" && !listed(part) {
            names.push(product_name(part).to_string());
        }
    }
    names
}

pub fn self_service_products(inv: &Inventory, _: &str) -> Option<Finding> {
    when_any(sign_up_products(inv), |s| {
        finding(
            SelfServiceProducts,
            Blocker,
            Some(StepId::Directory),
            s,
            "People signed up for free self-service products. Microsoft does not delete the \
             organization while one remains, and deleting one deletes its data at once.",
            "Save what you need from them first. Then in the Microsoft Entra admin center open \
             Entra ID > Licenses > Self-service sign-up products, select each product, select \
             Delete and then Yes. Closeout checks when they are gone.",
        )
    })
}

/// Active subscriptions whose owner (INFERENCE: the buyer) is a person who is not a Global
/// Administrator: "Power BI Pro (Anna Rossi (anna@bakery.example))".
pub fn self_service_purchases(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects: Vec<String> = inv
        .paid_subscriptions()
        .filter(|s| s.is_active())
        .filter_map(|s| {
            let named = with_person(inv, s.product_name(), Some(s));
            (named != s.product_name()).then_some(named)
        })
        .collect();
    when_any(subjects, |s| {
        finding(
            SelfServicePurchases,
            Warning,
            Some(StepId::CancelSubscriptions),
            s,
            "Someone in your organization bought a product with their own card (a self-service \
             purchase). An admin can't cancel it as it is, and it stops the organization's \
             deletion while it runs.",
            "Ask the buyer to cancel it before step 1 deletes their account, or in step 2 take \
             it over: in Your products open it, select Take control of this subscription, then \
             Cancel subscription. Closeout checks when it is gone.",
        )
    })
}

/// The owner says every sign-up product is deleted: Graph still listing one no longer blocks
/// (it stays as a warning, so the report shows what was found and how it was settled).
pub fn with_answer(findings: &mut [Finding], record: &crate::journal::JournalRecord) {
    if record.is_acknowledged(SIGN_UPS_DELETED) {
        for f in findings
            .iter_mut()
            .filter(|f| f.code == SelfServiceProducts)
        {
            f.severity = Warning;
        }
    }
}

/// The findings that block the last step from here (the sign-up products still listed).
pub fn directory_blockers(findings: &[Finding]) -> Vec<Finding> {
    findings
        .iter()
        .filter(|f| f.code == SelfServiceProducts && f.severity == Blocker)
        .cloned()
        .collect()
}
