//! "Billing > Your products": cancel a subscription (Microsoft's rules: at most 25 licenses
//! online, custom domains removed first, partner subscriptions through the partner), change
//! the license quantity, and delete a disabled subscription (deprovisioned 72 hours later).

use super::{signed_in_upn, when, ADMIN_CENTER};
use crate::app::Shared;
use crate::html::{boxed, esc, page};
use crate::state::subscriptions::{LifeState, Owner, Subscription};
use crate::state::users::BILLING_ADMIN;
use crate::state::World;
use crate::stats::Deletion;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

/// Microsoft lets admins cancel online only up to this many licenses.
pub const ONLINE_CANCEL_LIMIT: u32 = 25;
const TITLE: &str = "Your products";

fn status_text(s: &Subscription) -> String {
    match (s.state, s.next_lifecycle) {
        (LifeState::Disabled, Some(at)) if s.marked_for_deletion => {
            format!("Disabled: deleting, deprovisioned on {}", when(at))
        }
        (LifeState::Deleted, _) => "Deprovisioned".into(),
        (state, Some(at)) => format!("{} (next change {})", state.label(), when(at)),
        (state, None) => state.label().into(),
    }
}

fn row(w: &World, s: &Subscription) -> String {
    let name = esc(s.product_name);
    let seller = match &s.owner {
        Owner::Direct => "Microsoft".to_string(),
        Owner::Partner { name, .. } => format!("Partner: {}", esc(name)),
        Owner::SelfServicePurchase { buyer_id } => {
            format!(
                "Bought by {}",
                esc(&super::self_service::person(w, buyer_id))
            )
        }
        Owner::SelfServiceSignUp { user_id } => {
            format!(
                "Signed up by {}",
                esc(&super::self_service::person(w, user_id))
            )
        }
    };
    let mut actions = String::new();
    let live = matches!(s.state, LifeState::Active | LifeState::Expired);
    if let Some(own) = super::self_service::actions(w, s) {
        actions.push_str(&own);
    } else if let (true, Owner::Partner { name: partner, .. }) = (live, &s.owner) {
        // Microsoft's admin center offers no cancel for these; the practice lets the partner act.
        actions.push_str(&format!(
            "<p>Bought through {partner}: contact them to cancel.</p>\
<form method=\"post\" action=\"/portal/admin/products/{id}/partner-cancellation\">\
<button type=\"submit\" class=\"secondary\">Practice: {partner} cancels {name}</button></form>",
            partner = esc(partner),
            id = s.id
        ));
    } else if live {
        actions.push_str(&format!(
            "<form method=\"post\" action=\"/portal/admin/products/{id}/cancel\">\
<button type=\"submit\" class=\"danger\">Cancel {name}</button></form>\
<form method=\"post\" action=\"/portal/admin/products/{id}/licenses\">\
<label for=\"q-{id}\">License quantity for {name}</label>\
<input id=\"q-{id}\" name=\"quantity\" type=\"number\" min=\"1\" value=\"{total}\">\
<button type=\"submit\" class=\"secondary\">Change license quantity</button></form>",
            id = s.id,
            total = s.total_licenses
        ));
    }
    if s.state == LifeState::Disabled && !s.marked_for_deletion {
        actions.push_str(&format!(
            "<form method=\"post\" action=\"/portal/admin/products/{id}/delete\">\
<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> I understand that all data for {name} will be permanently deleted</label>\
<button type=\"submit\" class=\"danger\">Delete {name}</button></form>",
            id = s.id
        ));
    }
    format!(
        "<tr><th scope=\"row\">{name}</th><td>{used} of {total} assigned</td><td>{status}</td><td>{account}</td><td>{seller}</td><td>{actions}</td></tr>",
        account = s.owner.account_type(),
        used = w.tenant.consumed_units(s.sku_id),
        total = s.total_licenses,
        status = esc(&status_text(s)),
    )
}

fn render(w: &World, status: StatusCode, notice: &str) -> Response {
    let rows: String = w.tenant.subscriptions.iter().map(|s| row(w, s)).collect();
    let body = format!(
        "{notice}<p>Organization: <strong>{}</strong>. Signed in as <strong>{}</strong>. Subscription status filter: <strong>All</strong>.</p>\
<table><caption>Subscriptions</caption><thead><tr><th scope=\"col\">Product</th><th scope=\"col\">Licenses</th>\
<th scope=\"col\">Status</th><th scope=\"col\">Account type</th><th scope=\"col\">Bought from</th><th scope=\"col\">Actions</th></tr></thead><tbody>{rows}</tbody></table>",
        esc(&w.tenant.display_name),
        esc(&signed_in_upn(w)),
    );
    (status, page(ADMIN_CENTER, TITLE, &body)).into_response()
}

fn refuse(w: &World, text: &str) -> Response {
    render(w, StatusCode::CONFLICT, &boxed("error", &esc(text)))
}

/// Runs `act` on the subscription if the signed-in user may manage billing.
pub(super) fn with_subscription(
    app: &Shared,
    id: &str,
    act: impl FnOnce(&mut World, usize) -> Result<String, String>,
) -> Response {
    let mut w = app.world();
    if w.tenant.is_deleted() {
        return (
            StatusCode::NOT_FOUND,
            page(
                ADMIN_CENTER,
                TITLE,
                &boxed("error", "This organization has been deleted."),
            ),
        )
            .into_response();
    }
    let allowed = w
        .tenant
        .users
        .get(&w.tenant.signed_in_user)
        .is_some_and(|u| u.has_any_role(&[BILLING_ADMIN]));
    if !allowed {
        let text = "You don't have permission to manage billing. Ask a Global Administrator or Billing Administrator.";
        return render(&w, StatusCode::FORBIDDEN, &boxed("error", text));
    }
    let Some(i) = w.tenant.subscriptions.iter().position(|s| s.id == id) else {
        return render(
            &w,
            StatusCode::NOT_FOUND,
            &boxed("error", "That subscription was not found."),
        );
    };
    match act(&mut w, i) {
        Ok(text) => render(&w, StatusCode::OK, &boxed("ok", &esc(&text))),
        Err(text) => refuse(&w, &text),
    }
}

/// Only Active and Expired subscriptions can be cancelled.
pub(super) fn still_live(s: &Subscription) -> Result<(), String> {
    match s.state {
        LifeState::Active | LifeState::Expired => Ok(()),
        state => Err(format!("{} is already {}.", s.product_name, state.label())),
    }
}

pub async fn list(State(app): State<Shared>) -> Response {
    let w = app.world();
    render(&w, StatusCode::OK, "")
}

pub async fn cancel(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let now = app.clock.now();
    with_subscription(&app, &id, |w, i| {
        let s = &w.tenant.subscriptions[i];
        if let Owner::Partner { name, .. } = &s.owner {
            return Err(format!(
                "{} was bought through {name}. Contact them to cancel it.",
                s.product_name
            ));
        }
        super::self_service::refuse_changes(s)?;
        still_live(s)?;
        if s.total_licenses > ONLINE_CANCEL_LIMIT {
            return Err(format!(
                "{} has {} licenses. To cancel online, first reduce it to {ONLINE_CANCEL_LIMIT} licenses or fewer with Change license quantity, or contact support.",
                s.product_name, s.total_licenses
            ));
        }
        if let Some(d) = w.tenant.domains.iter().find(|d| !d.is_initial) {
            return Err(format!("You added your own domain, {}. Remove the domain before you cancel (Settings > Domains).", d.name));
        }
        let s = &mut w.tenant.subscriptions[i];
        s.cancel(now);
        Ok(format!(
            "{} is cancelled. Its status is now Disabled: only admins can reach its data.",
            s.product_name
        ))
    })
}

/// Practice only: the partner cancels a subscription it sold (what the owner asks them to do).
pub async fn partner_cancellation(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let now = app.clock.now();
    with_subscription(&app, &id, |w, i| {
        let s = &mut w.tenant.subscriptions[i];
        let Owner::Partner { name, .. } = s.owner.clone() else {
            return Err(format!(
                "{} was bought directly from Microsoft.",
                s.product_name
            ));
        };
        still_live(s)?;
        s.cancel(now);
        Ok(format!(
            "{name} cancelled {}. Its status is now Disabled.",
            s.product_name
        ))
    })
}

pub async fn licenses(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let wanted = f.get("quantity").and_then(|q| q.trim().parse::<u32>().ok());
    with_subscription(&app, &id, |w, i| {
        let assigned = w.tenant.consumed_units(w.tenant.subscriptions[i].sku_id);
        let s = &mut w.tenant.subscriptions[i];
        super::self_service::refuse_changes(s)?;
        let Some(quantity) = wanted.filter(|q| *q >= 1) else {
            return Err("Enter a license quantity of 1 or more.".into());
        };
        if s.state != LifeState::Active {
            return Err(format!(
                "{} is {}; its quantity can't be changed.",
                s.product_name,
                s.state.label()
            ));
        }
        if quantity < assigned {
            return Err(format!("{assigned} licenses are assigned to people. Unassign licenses (or delete users) before reducing to {quantity}."));
        }
        s.total_licenses = quantity;
        Ok(format!("{} now has {quantity} licenses.", s.product_name))
    })
}

pub async fn delete(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let now = app.clock.now();
    let confirmed = f.get("confirm").map(String::as_str) == Some("yes");
    let mut log = None;
    let response = with_subscription(&app, &id, |w, i| {
        let s = &mut w.tenant.subscriptions[i];
        if s.is_sign_up() && s.state != LifeState::Deleted && confirmed {
            s.delete_at_once();
            log = Some(super::self_service::deletion(s, now));
            return Ok(format!("{} is deleted.", s.product_name));
        }
        if s.state != LifeState::Disabled || s.marked_for_deletion {
            return Err(format!(
                "Only a disabled subscription can be deleted. {} is {}.",
                s.product_name,
                status_text(s)
            ));
        }
        if !confirmed {
            return Err(
                "Tick the box to confirm that all data will be permanently deleted.".into(),
            );
        }
        s.delete(now);
        log = Some(Deletion {
            kind: "subscription".into(),
            id: s.id.clone(),
            name: s.product_name.into(),
            at: crate::clock::iso(now),
        });
        let at = s.next_lifecycle.map(when).unwrap_or_default();
        Ok(format!(
            "{} is being deleted. Its data is permanently deleted and it is deprovisioned on {at}.",
            s.product_name
        ))
    });
    if let Some(entry) = log {
        app.stats().deletions.push(entry);
    }
    response
}
