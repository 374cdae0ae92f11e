//! The practice registrar: the page where the practice company's zones live, with "Move email
//! to another provider" (the practice provider is Fastmail), which changes the zone the
//! practice DNS server answers with. It stands for the owner's real registrar or DNS host.

use crate::app::Shared;
use crate::dns::zones::{Zone, ZoneKind, NEW_PROVIDER, NO_TRANSFER_DAYS};
use crate::html::{boxed, esc, page};
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

pub const REGISTRAR: &str = "Practice domain registrar";
const TITLE: &str = "Your domains and DNS records";

fn show(kind: &ZoneKind) -> (&'static str, String) {
    match kind {
        ZoneKind::Ns(h) => ("NS", h.clone()),
        ZoneKind::A(ip) => ("A", ip.clone()),
        ZoneKind::Mx(p, h) => ("MX", format!("{p} {h}")),
        ZoneKind::Txt(t) => ("TXT", t.clone()),
        ZoneKind::Cname(h) => ("CNAME", h.clone()),
        ZoneKind::Srv(p, w, port, h) => ("SRV", format!("{p} {w} {port} {h}")),
    }
}

/// For a domain bought through Microsoft 365: the purchase day and the first day it can be
/// transferred, as the admin center's domain page (Registration) tells the owner.
fn bought(zone: &Zone) -> String {
    let Some(on) = zone.bought_through_microsoft else {
        return String::new();
    };
    let from = on + time::Duration::days(NO_TRANSFER_DAYS);
    format!(
        "<p class=\"bought\" data-bought-on=\"{on}\">Bought through Microsoft 365 on {on}: Microsoft is its registrar. \
It can be transferred to another registrar from {from} (not in the {NO_TRANSFER_DAYS} days after the purchase). \
<span class=\"practice\">(In a real organization: Microsoft 365 admin center, Settings &gt; Domains &gt; {d}.)</span></p>",
        d = esc(&zone.domain)
    )
}

fn render(app: &Shared, notice: &str) -> String {
    let mut body = String::from(notice);
    for zone in app.dns.zones() {
        let rows: String = zone
            .records()
            .iter()
            .map(|r| {
                let (kind, value) = show(&r.kind);
                format!(
                    "<tr><td>{}</td><td>{kind}</td><td>{}</td><td>{}</td></tr>",
                    esc(&r.name),
                    esc(&value),
                    r.ttl
                )
            })
            .collect();
        let state = match zone.moved_to {
            Some(p) => format!("Email goes to {}.", esc(p)),
            None => "Email goes to Microsoft 365.".to_string(),
        };
        let action = if zone.moved_to.is_some() {
            String::new()
        } else {
            format!(
                "<form method=\"post\" action=\"/portal/registrar/move\"><input type=\"hidden\" name=\"domain\" value=\"{d}\">\
<button type=\"submit\">Move email to another provider</button> <span class=\"practice\">({p}: its MX and SPF replace Microsoft's records)</span></form>",
                d = esc(&zone.domain),
                p = esc(NEW_PROVIDER)
            )
        };
        body.push_str(&format!(
            "<h2>{d}</h2>{bought}<p>{state}</p><table><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Type</th><th scope=\"col\">Value</th><th scope=\"col\">TTL (seconds)</th></tr></thead><tbody>{rows}</tbody></table>{action}",
            d = esc(&zone.domain),
            bought = bought(&zone)
        ));
    }
    body
}

pub async fn list(State(app): State<Shared>) -> Response {
    page(REGISTRAR, TITLE, &render(&app, "")).into_response()
}

#[derive(Deserialize)]
pub struct MoveForm {
    domain: String,
}

pub async fn move_email(State(app): State<Shared>, Form(form): Form<MoveForm>) -> Response {
    if !app.dns.change(&form.domain, |z| z.move_email()) {
        let notice = boxed("error", &format!("No domain {} here.", esc(&form.domain)));
        return (
            StatusCode::NOT_FOUND,
            page(REGISTRAR, TITLE, &render(&app, &notice)),
        )
            .into_response();
    }
    tracing::info!(domain = %form.domain, "practice registrar: email moved");
    let notice = boxed(
        "ok",
        &format!(
            "Email for {} now goes to {}. Microsoft's records are gone from the zone.",
            esc(&form.domain),
            esc(NEW_PROVIDER)
        ),
    );
    page(REGISTRAR, TITLE, &render(&app, &notice)).into_response()
}
