//! Entra admin center "Licenses > Self-service sign-up products": the free products people
//! signed up for by themselves, listed apart from the seat-based subscriptions, each with
//! Delete. Microsoft's "Delete a tenant" article: deleting one is immediate and irrevocable,
//! removes every user's access and its data, and its state becomes Deleted; after a refresh it
//! is no longer listed. Only a Global Administrator does it, after the Entra admin center's
//! second factor (as on every practice Entra page: [`super::entra_mfa`]).

use super::{signed_in_upn, ENTRA};
use crate::app::Shared;
use crate::html::{boxed, esc, page};
use crate::state::World;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;

const TITLE: &str = "Licenses | Self-service sign-up products";
const PATH: &str = "/portal/entra/licenses/self-service";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route(PATH, get(list))
        .route(&format!("{PATH}/{{id}}/delete"), post(delete))
}

fn render(w: &World, status: StatusCode, notice: &str) -> Response {
    let rows: String = w
        .tenant
        .subscriptions
        .iter()
        .filter(|s| s.is_sign_up() && !s.is_deprovisioned())
        .map(|s| {
            format!(
                "<tr><th scope=\"row\">{name}</th><td>{used}</td><td>Active</td><td>\
<form method=\"post\" action=\"{PATH}/{id}/delete\">\
<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> Deleting {name} is immediate and irrevocable: every user loses access and its data is deleted. Yes</label>\
<button type=\"submit\" class=\"danger\">Delete {name}</button></form></td></tr>",
                name = esc(s.product_name),
                used = w.tenant.consumed_units(s.sku_id),
                id = s.id,
            )
        })
        .collect();
    let list = if rows.is_empty() {
        "<p>No self-service sign-up products.</p>".to_string()
    } else {
        format!(
            "<table><caption>Self-service sign-up products</caption><thead><tr><th scope=\"col\">Product</th>\
<th scope=\"col\">Users</th><th scope=\"col\">State</th><th scope=\"col\">Actions</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    };
    let body = format!(
        "{notice}<p>Tenant: <strong>{}</strong> ({}). Signed in as <strong>{}</strong>.</p>{list}",
        esc(&w.tenant.display_name),
        esc(&w.tenant.id),
        esc(&signed_in_upn(w)),
    );
    (status, page(ENTRA, TITLE, &body)).into_response()
}

async fn list(State(app): State<Shared>) -> Response {
    if let Some(ask) = super::entra_mfa::challenge(&app, PATH) {
        return ask;
    }
    render(&app.world(), StatusCode::OK, "")
}

async fn delete(
    State(app): State<Shared>,
    Path(id): Path<String>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    // A form sent without the second factor (or after it lapsed) asks for it, then shows the
    // list again: the owner presses Delete once more, as on Microsoft's page.
    if let Some(ask) = super::entra_mfa::challenge(&app, PATH) {
        return ask;
    }
    let now = app.clock.now();
    let confirmed = f.get("confirm").map(String::as_str) == Some("yes");
    let mut w = app.world();
    let refuse = |w: &World, status, text: &str| render(w, status, &boxed("error", &esc(text)));
    if w.tenant.is_deleted() {
        return refuse(
            &w,
            StatusCode::NOT_FOUND,
            "This organization has been deleted.",
        );
    }
    let admin = w
        .tenant
        .users
        .get(&w.tenant.signed_in_user)
        .is_some_and(|u| u.is_global_admin());
    if !admin {
        return refuse(
            &w,
            StatusCode::FORBIDDEN,
            "Only a Global Administrator can delete self-service sign-up products.",
        );
    }
    let Some(i) = w
        .tenant
        .subscriptions
        .iter()
        .position(|s| s.id == id && s.is_sign_up() && !s.is_deprovisioned())
    else {
        return refuse(&w, StatusCode::NOT_FOUND, "That product was not found.");
    };
    if !confirmed {
        return refuse(
            &w,
            StatusCode::CONFLICT,
            "Select Yes to confirm that the deletion is immediate and irrevocable.",
        );
    }
    let s = &mut w.tenant.subscriptions[i];
    s.delete_at_once();
    let entry = super::self_service::deletion(s, now);
    let text = format!("Deletion in progress. {}: Deleted.", s.product_name);
    drop(w);
    app.stats().deletions.push(entry);
    let w = app.world();
    render(&w, StatusCode::OK, &boxed("ok", &esc(&text)))
}
