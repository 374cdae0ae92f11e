//! "Exchange admin center > Recipients > Groups": the distribution lists and mail-enabled
//! security groups Graph cannot delete, each with "Delete group", as the owner does it there;
//! and the provider's defederation of a federated domain (GoDaddy's guide, done for the owner
//! in practice: the real one happens on the provider's site).

use super::signed_in_upn;
use crate::app::Shared;
use crate::html::{boxed, esc, page};
use crate::state::World;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub const EXCHANGE: &str = "Practice Exchange admin center";

fn list_page(w: &World, status: StatusCode, notice: &str) -> Response {
    use crate::state::groups::GroupKind::*;
    let rows: String = w
        .tenant
        .groups
        .values()
        .filter(|g| g.kind.exchange_owned())
        .map(|g| {
            let kind = match g.kind {
                Distribution => "Distribution list",
                _ => "Mail-enabled security",
            };
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{kind}</td><td><form method=\"post\" action=\"/portal/exchange/groups/{}/delete\">\
<button type=\"submit\" class=\"danger\">Delete group {}</button></form></td></tr>",
                esc(&g.display_name),
                esc(g.mail.as_deref().unwrap_or_default()),
                esc(&g.id),
                esc(&g.display_name)
            )
        })
        .collect();
    let table = if rows.is_empty() {
        boxed(
            "ok",
            "No distribution lists or mail-enabled security groups.",
        )
    } else {
        format!("<table><caption>Groups</caption><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Email address</th>\
<th scope=\"col\">Group type</th><th scope=\"col\">Actions</th></tr></thead><tbody>{rows}</tbody></table>")
    };
    let federated: String = w
        .tenant
        .domains
        .iter()
        .filter(|d| d.authentication == "Federated")
        .map(|d| format!("<li>{0} is federated. <form method=\"post\" action=\"/portal/provider/domains/{0}/defederate\">\
<button type=\"submit\">Defederate {0} (as your provider does)</button></form></li>", esc(&d.name)))
        .collect();
    let table = match federated.is_empty() {
        true => table,
        false => format!("{table}<h2>Federated domains</h2><ul>{federated}</ul>"),
    };
    let body = format!(
        "{notice}<p>Organization: <strong>{}</strong> ({}). Signed in as <strong>{}</strong>.</p>{table}",
        esc(&w.tenant.display_name),
        esc(&w.tenant.id),
        esc(&signed_in_upn(w))
    );
    (status, page(EXCHANGE, "Recipients > Groups", &body)).into_response()
}

pub async fn list(State(app): State<Shared>) -> Response {
    list_page(&app.world(), StatusCode::OK, "")
}

/// Exchange deletes the group at once (distribution lists are not restorable).
pub async fn delete(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let now = app.clock.now();
    let mut w = app.world();
    let Some(group) = w
        .tenant
        .groups
        .get(&id)
        .filter(|g| g.kind.exchange_owned())
        .cloned()
    else {
        let notice = boxed("error", "That group is not in Exchange's list.");
        return list_page(&w, StatusCode::NOT_FOUND, &notice);
    };
    w.tenant.groups.remove(&id);
    app.stats().deletions.push(crate::stats::Deletion {
        kind: "group (exchange)".into(),
        id: group.id.clone(),
        name: group.display_name.clone(),
        at: crate::clock::iso(now),
    });
    let notice = boxed("ok", &format!("{} was deleted.", esc(&group.display_name)));
    list_page(&w, StatusCode::OK, &notice)
}

/// The practice stand-in for the provider's defederation: the domain becomes `Managed`.
pub async fn defederate(State(app): State<Shared>, Path(name): Path<String>) -> Response {
    let mut w = app.world();
    let Some(domain) = w
        .tenant
        .domains
        .iter_mut()
        .find(|d| d.name.eq_ignore_ascii_case(&name) && d.authentication == "Federated")
    else {
        let notice = boxed("error", "That domain is not federated.");
        return list_page(&w, StatusCode::NOT_FOUND, &notice);
    };
    domain.authentication = "Managed";
    let notice = boxed("ok", &format!("{} is no longer federated.", esc(&name)));
    list_page(&w, StatusCode::OK, &notice)
}
