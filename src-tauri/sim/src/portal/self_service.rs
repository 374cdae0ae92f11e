//! "Your products" for subscriptions the organization did not buy centrally, as Microsoft's
//! "Manage self-service purchases (Admin)" and "Manage self-service sign-up subscriptions"
//! describe them:
//!
//! - a self-service purchase (account type Self-service) can't be changed by an admin; the
//!   buyer cancels it, or an admin selects **Take control of this subscription** and then
//!   either **Move users** (to a product with a free license for each) or **Cancel
//!   subscription**; either way its status shows as Deleted and the buyer gets an email;
//! - a free self-service sign-up subscription (account type Free) is deleted, never cancelled.

use super::products::{still_live, with_subscription};
use crate::app::Shared;
use crate::html::esc;
use crate::state::subscriptions::{LifeState, Owner, Subscription};
use crate::state::World;
use axum::extract::{Form, Path, State};
use axum::response::Response;
use std::collections::HashMap;

/// A person's display name, also after their account was deleted.
pub fn person(w: &World, id: &str) -> String {
    let t = &w.tenant;
    t.users
        .get(id)
        .or_else(|| t.deleted_users.get(id))
        .map(|u| u.display_name.clone())
        .unwrap_or_else(|| "a person no longer in your organization".into())
}

/// The actions cell for a self-service subscription (`None` for any other kind).
pub fn actions(w: &World, s: &Subscription) -> Option<String> {
    let live = matches!(s.state, LifeState::Active | LifeState::Expired);
    let id = &s.id;
    let name = esc(s.product_name);
    match &s.owner {
        Owner::SelfServicePurchase { .. } if !live => Some(String::new()),
        Owner::SelfServicePurchase { buyer_id } => {
            let buyer = esc(&person(w, buyer_id));
            let targets: String = w
                .tenant
                .subscriptions
                .iter()
                .filter(|t| t.owner.account_type() == "Organization" && t.state == LifeState::Active)
                .map(|t| format!("<option value=\"{}\">{}</option>", t.id, esc(t.product_name)))
                .collect();
            Some(format!(
                "<p>Self-service purchase by {buyer}: you can't make changes to it. {buyer} can cancel it, or you can take control of it.</p>\
<form method=\"post\" action=\"/portal/admin/products/{id}/take-control\"><input type=\"hidden\" name=\"option\" value=\"cancel\">\
<label for=\"r-{id}\">Reason for cancelling {name}</label><select id=\"r-{id}\" name=\"reason\"><option>We no longer need it</option><option>Other</option></select>\
<label><input type=\"checkbox\" name=\"sure\" value=\"yes\" required> Are you sure you want to cancel? Yes</label>\
<button type=\"submit\" class=\"danger\">Take control of this subscription: Cancel subscription {name}</button></form>\
<form method=\"post\" action=\"/portal/admin/products/{id}/take-control\"><input type=\"hidden\" name=\"option\" value=\"move\">\
<label for=\"m-{id}\">Move the users of {name} to</label><select id=\"m-{id}\" name=\"target\">{targets}</select>\
<button type=\"submit\" class=\"secondary\">Take control of this subscription: Move users</button></form>\
<form method=\"post\" action=\"/portal/admin/products/{id}/buyer-cancellation\">\
<button type=\"submit\" class=\"secondary\">Practice: {buyer} cancels {name}</button></form>"
            ))
        }
        Owner::SelfServiceSignUp { .. } if s.state == LifeState::Deleted => Some(String::new()),
        Owner::SelfServiceSignUp { .. } => Some(format!(
            "<form method=\"post\" action=\"/portal/admin/products/{id}/delete\">\
<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> I understand that deleting {name} blocks everyone from it and deletes its data</label>\
<button type=\"submit\" class=\"danger\">Delete subscription {name}</button></form>"
        )),
        _ => None,
    }
}

/// Cancel and Change license quantity are not for self-service subscriptions.
pub fn refuse_changes(s: &Subscription) -> Result<(), String> {
    match s.owner {
        Owner::SelfServicePurchase { .. } => Err(format!(
            "{} is a self-service purchase: you can't make changes to it. Select Take control of this subscription first.",
            s.product_name
        )),
        Owner::SelfServiceSignUp { .. } => Err(format!(
            "{} is a free self-service sign-up subscription: it can't be cancelled. Select Delete subscription.",
            s.product_name
        )),
        _ => Ok(()),
    }
}

fn purchase(s: &Subscription) -> Result<(), String> {
    match s.owner {
        Owner::SelfServicePurchase { .. } => still_live(s),
        _ => Err(format!(
            "{} is not a self-service purchase.",
            s.product_name
        )),
    }
}

/// "Take control of this subscription", then Cancel subscription or Move users.
pub async fn take_control(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let option = f.get("option").cloned().unwrap_or_default();
    let sure = f.get("sure").map(String::as_str) == Some("yes");
    let target = f.get("target").cloned().unwrap_or_default();
    with_subscription(&app, &id, |w, i| {
        purchase(&w.tenant.subscriptions[i])?;
        match option.as_str() {
            "cancel" if sure => {}
            "cancel" => return Err("Confirm: Are you sure you want to cancel? Select Yes.".into()),
            "move" => move_users(w, i, &target)?,
            _ => return Err("Choose Move users or Cancel subscription.".into()),
        }
        let s = &mut w.tenant.subscriptions[i];
        s.delete_at_once();
        if option == "cancel" {
            // Everyone with a license loses access to the product.
            let sku = s.sku_id.to_string();
            for u in w.tenant.users.values_mut() {
                u.licenses.retain(|l| *l != sku);
            }
        }
        let s = &w.tenant.subscriptions[i];
        let buyer = match &s.owner {
            Owner::SelfServicePurchase { buyer_id } => person(w, buyer_id),
            _ => String::new(),
        };
        Ok(format!(
            "{} is cancelled: its subscription status shows as Deleted. {buyer} gets an email that says so.",
            s.product_name
        ))
    })
}

/// Moves everyone licensed for subscription `i` to `target`, which must have a free license
/// for each of them.
fn move_users(w: &mut World, i: usize, target: &str) -> Result<(), String> {
    let t = &w.tenant;
    let from = t.subscriptions[i].sku_id;
    let Some(to) = t.subscriptions.iter().find(|s| {
        s.id == target && s.owner.account_type() == "Organization" && s.state == LifeState::Active
    }) else {
        return Err("Select the product to move the users to.".into());
    };
    let (to_sku, to_name, to_total) = (to.sku_id, to.product_name, to.total_licenses);
    let moving: Vec<String> = t
        .users
        .values()
        .filter(|u| u.licenses.iter().any(|l| l == from))
        .map(|u| u.id.clone())
        .collect();
    let needed = moving
        .iter()
        .filter(|id| !t.users[*id].licenses.iter().any(|l| l == to_sku))
        .count() as u32;
    let available = to_total.saturating_sub(t.consumed_units(to_sku));
    if needed > available {
        return Err(format!(
            "You must have an available license for each user you're moving: {to_name} has {available} available and {needed} are needed. Buy licenses first, or cancel instead."
        ));
    }
    for id in moving {
        let u = w.tenant.users.get_mut(&id).expect("listed above");
        u.licenses.retain(|l| l != from);
        if !u.licenses.iter().any(|l| l == to_sku) {
            u.licenses.push(to_sku.to_string());
        }
    }
    Ok(())
}

/// Practice only: the buyer cancels their own purchase (what the owner asks them to do).
/// INFERENCE: it ends as the admin's cancel does (Deleted); Microsoft documents the buyer's
/// steps, not the state they leave.
pub async fn buyer_cancellation(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    with_subscription(&app, &id, |w, i| {
        purchase(&w.tenant.subscriptions[i])?;
        let s = &mut w.tenant.subscriptions[i];
        s.delete_at_once();
        Ok(format!("The buyer cancelled {}.", s.product_name))
    })
}

/// The practice's record of a product deleted at once (what the tests read as Microsoft's).
pub fn deletion(s: &Subscription, now: time::OffsetDateTime) -> crate::stats::Deletion {
    crate::stats::Deletion {
        kind: "subscription".into(),
        id: s.id.clone(),
        name: s.product_name.into(),
        at: crate::clock::iso(now),
    }
}
