//! The practice Azure portal's "Subscriptions" page: cancel an Azure subscription, then delete
//! it once Microsoft allows (3 days after cancelling a free trial or pay-as-you-go one). Like
//! the real portal it shows only what the signed-in user can see: a subscription someone else
//! owns appears once the Global Administrator has elevated access.

use super::{signed_in_upn, when};
use crate::app::Shared;
use crate::arm::state::AzureSubscription;
use crate::html::{boxed, esc, page};
use crate::state::World;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub const AZURE_PORTAL: &str = "Practice Azure portal";
const TITLE: &str = "Subscriptions";

fn row(s: &AzureSubscription, now: time::OffsetDateTime) -> String {
    let name = esc(&s.display_name);
    let id = esc(&s.id);
    let action = match (s.state(), s.deletable_from()) {
        ("Deleted", _) => String::new(),
        (_, Some(from)) if now >= from => format!(
            "<form method=\"post\" action=\"/portal/azure/subscriptions/{id}/delete\">\
<button type=\"submit\" class=\"danger\">Delete subscription {name}</button></form>"
        ),
        (_, Some(from)) => format!("<p>Cancelled. You can delete it from {}.</p>", when(from)),
        _ => format!(
            "<form method=\"post\" action=\"/portal/azure/subscriptions/{id}/cancel\">\
<button type=\"submit\" class=\"danger\">Cancel subscription {name}</button></form>"
        ),
    };
    format!(
        "<tr><td>{name}</td><td><code>{id}</code></td><td>{}</td><td>{action}</td></tr>",
        s.state()
    )
}

fn list_page(w: &World, now: time::OffsetDateTime, status: StatusCode, notice: &str) -> Response {
    let rows: String = w
        .azure
        .visible_to(&w.tenant.signed_in_user)
        .map(|s| row(s, now))
        .collect();
    let table = if rows.is_empty() {
        "<p>No subscriptions to show. If you expected some, elevate your access (Microsoft Entra ID &gt; Properties &gt; Access management for Azure resources) and look again.</p>".to_string()
    } else {
        format!("<table><thead><tr><th>Subscription name</th><th>Subscription ID</th><th>Status</th><th>Actions</th></tr></thead><tbody>{rows}</tbody></table>")
    };
    let body = format!(
        "{notice}<p>Directory: <strong>{org}</strong> (tenant ID <code>{tid}</code>). Signed in as <strong>{who}</strong>.</p>{table}",
        org = esc(&w.tenant.display_name),
        tid = esc(&w.tenant.id),
        who = esc(&signed_in_upn(w)),
    );
    (status, page(AZURE_PORTAL, TITLE, &body)).into_response()
}

pub async fn list(State(app): State<Shared>) -> Response {
    let now = app.clock.now();
    let w = app.world();
    list_page(&w, now, StatusCode::OK, "")
}

/// The subscription `id` as the signed-in user sees it, or the page's 404.
fn visible<'a>(w: &'a mut World, id: &str) -> Option<&'a mut AzureSubscription> {
    let me = w.tenant.signed_in_user.clone();
    let elevated = w.azure.is_elevated(&me);
    w.azure
        .subscriptions
        .iter_mut()
        .find(|s| s.id.eq_ignore_ascii_case(id) && (elevated || s.owner.as_deref() == Some(&me)))
}

fn not_here() -> (StatusCode, String) {
    (
        StatusCode::NOT_FOUND,
        "There is no such subscription here.".to_string(),
    )
}

pub async fn cancel(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let now = app.clock.now();
    let mut w = app.world();
    let outcome = match visible(&mut w, &id) {
        None => Err(not_here()),
        Some(s) if s.cancelled.is_some() || s.deleted.is_some() => Err((
            StatusCode::CONFLICT,
            format!("{} is already cancelled.", s.display_name),
        )),
        Some(s) => {
            s.cancelled = Some(now);
            tracing::info!(subscription = %s.id, "Azure subscription cancelled");
            Ok(format!(
                "{} is cancelled. It is now Disabled; you can delete it from {}.",
                s.display_name,
                s.deletable_from().map(when).unwrap_or_default()
            ))
        }
    };
    answer(&w, now, outcome)
}

pub async fn delete(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let now = app.clock.now();
    let mut w = app.world();
    let outcome = match visible(&mut w, &id) {
        None => Err(not_here()),
        Some(s) => match s.deletable_from() {
            None if s.deleted.is_some() => Err((
                StatusCode::CONFLICT,
                format!("{} is already deleted.", s.display_name),
            )),
            None => Err((
                StatusCode::CONFLICT,
                format!("Cancel {} before deleting it.", s.display_name),
            )),
            Some(from) if now < from => Err((
                StatusCode::CONFLICT,
                format!(
                    "{} can be deleted from {}, {} days after it was cancelled.",
                    s.display_name,
                    when(from),
                    s.offer.delete_after_days()
                ),
            )),
            Some(_) => {
                s.deleted = Some(now);
                tracing::info!(subscription = %s.id, "Azure subscription deleted");
                Ok(format!("{} is deleted.", s.display_name))
            }
        },
    };
    answer(&w, now, outcome)
}

fn answer(
    w: &World,
    now: time::OffsetDateTime,
    outcome: Result<String, (StatusCode, String)>,
) -> Response {
    match outcome {
        Ok(text) => list_page(w, now, StatusCode::OK, &boxed("ok", &esc(&text))),
        Err((status, text)) => list_page(w, now, status, &boxed("error", &esc(&text))),
    }
}
