//! Where the owner grants themselves access to other people's data, as in Microsoft's portals:
//! the practice Exchange admin center ("Mailboxes > the person > Delegation > Read and manage",
//! Full Access) and the practice admin center's "Active users > the person > OneDrive > Create
//! link to files". A grant works after the configured delay, as Microsoft's can take up to an
//! hour, and the page says so.

use super::when;
use crate::app::Shared;
use crate::html::{boxed, esc, page};
use crate::state::content::Grant;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::collections::HashMap;
use time::OffsetDateTime;

pub const EXCHANGE: &str = "Practice Exchange admin center";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/portal/exchange/mailboxes", get(mailboxes))
        .route(
            "/portal/exchange/mailboxes/{id}/full-access",
            post(full_access),
        )
        .route("/portal/admin/users", get(users))
        .route(
            "/portal/admin/users/{id}/onedrive-access",
            post(onedrive_access),
        )
}

fn state_text(grants: &HashMap<String, Grant>, id: &str, now: OffsetDateTime) -> String {
    match grants.get(id) {
        Some(g) if g.effective <= now => "You have access".into(),
        Some(g) => format!(
            "Access granted; Microsoft applies it by {} (it can take up to an hour)",
            when(g.effective)
        ),
        None => "No access".into(),
    }
}

/// One table row per person other than the signed-in owner: name, state, and the button.
fn table(app: &Shared, mail: bool, notice: &str) -> Html<String> {
    let w = app.world();
    let now = app.clock.now();
    let grants = if mail {
        &w.content.mail_grants
    } else {
        &w.content.drive_grants
    };
    let (action, label) = if mail {
        (
            "/portal/exchange/mailboxes/{id}/full-access",
            "Read and manage (Full Access)",
        )
    } else {
        (
            "/portal/admin/users/{id}/onedrive-access",
            "Create link to files",
        )
    };
    let mut rows = String::new();
    for u in w.tenant.users.values() {
        if u.id == w.tenant.signed_in_user {
            continue;
        }
        let button = if grants.contains_key(&u.id) {
            String::new()
        } else {
            format!(
                "<form method=\"post\" action=\"{}\"><button type=\"submit\" aria-label=\"{label} for {name}\">{label}</button></form>",
                action.replace("{id}", &u.id),
                name = esc(&u.display_name)
            )
        };
        rows.push_str(&format!(
            "<tr><td>{}<br><small>{}</small></td><td>{}</td><td>{button}</td></tr>",
            esc(&u.display_name),
            esc(&u.upn),
            esc(&state_text(grants, &u.id, now))
        ));
    }
    let (area, title) = if mail {
        (EXCHANGE, "Mailboxes: Delegation")
    } else {
        (super::ADMIN_CENTER, "Active users: OneDrive")
    };
    let body = format!(
        "{notice}<table><thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Your access</th>\
<th scope=\"col\">Action</th></tr></thead><tbody>{rows}</tbody></table>"
    );
    page(area, title, &body)
}

async fn mailboxes(State(app): State<Shared>) -> Html<String> {
    table(&app, true, "")
}

async fn users(State(app): State<Shared>) -> Html<String> {
    table(&app, false, "")
}

fn grant(app: &Shared, id: &str, mail: bool) -> Response {
    let name = {
        let mut w = app.world();
        let Some(user) = w.tenant.users.get(id).map(|u| u.display_name.clone()) else {
            return (StatusCode::NOT_FOUND, "No such person.").into_response();
        };
        w.content.grant_access(id, mail, app.clock.now());
        user
    };
    let notice = boxed(
        "ok",
        &format!(
            "Saved: access to {}'s {} is being applied.",
            esc(&name),
            if mail { "mailbox" } else { "OneDrive" }
        ),
    );
    table(app, mail, &notice).into_response()
}

async fn full_access(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    grant(&app, &id, true)
}

async fn onedrive_access(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    grant(&app, &id, false)
}
