//! "Billing > Bills & payments": the organization's invoices, and paying an unpaid one. An
//! unpaid invoice blocks deleting the tenant (the Entra checks say so); Graph shows no invoices
//! (INFERENCE: no documented delegated Graph API lists Microsoft 365 invoices), so Closeout
//! hands this page to the owner and records their answer.

use super::{signed_in_upn, when, ADMIN_CENTER};
use crate::app::Shared;
use crate::html::{boxed, esc, page};
use crate::state::World;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

fn bills_page(w: &World, status: StatusCode, notice: &str) -> Response {
    let rows: String = w
        .tenant
        .invoices
        .iter()
        .map(|i| {
            let state = if i.paid {
                "Paid".to_string()
            } else {
                format!(
                    "Unpaid (due {})<form method=\"post\" action=\"/portal/admin/billing/{}/pay\">\
<button type=\"submit\">Pay invoice {}</button></form>",
                    when(i.due),
                    esc(&i.id),
                    esc(&i.id)
                )
            };
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{state}</td></tr>",
                esc(&i.id),
                when(i.date),
                esc(&i.amount)
            )
        })
        .collect();
    let body = format!(
        "{notice}<p>Organization: <strong>{}</strong> ({}). Signed in as <strong>{}</strong>.</p>\
<table><caption>Bills</caption><thead><tr><th scope=\"col\">Invoice</th><th scope=\"col\">Date</th>\
<th scope=\"col\">Amount</th><th scope=\"col\">Status</th></tr></thead><tbody>{rows}</tbody></table>",
        esc(&w.tenant.display_name),
        esc(&w.tenant.id),
        esc(&signed_in_upn(w))
    );
    (status, page(ADMIN_CENTER, "Bills & payments", &body)).into_response()
}

pub async fn list(State(app): State<Shared>) -> Response {
    bills_page(&app.world(), StatusCode::OK, "")
}

pub async fn pay(State(app): State<Shared>, Path(id): Path<String>) -> Response {
    let mut w = app.world();
    let Some(invoice) = w.tenant.invoices.iter_mut().find(|i| i.id == id && !i.paid) else {
        let notice = boxed("error", "There is no unpaid invoice with that number.");
        return bills_page(&w, StatusCode::NOT_FOUND, &notice);
    };
    invoice.paid = true;
    let notice = boxed("ok", &format!("Invoice {} is paid.", esc(&id)));
    bills_page(&w, StatusCode::OK, &notice)
}
