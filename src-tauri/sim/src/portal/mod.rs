//! The portal-only steps as small web pages: the practice Microsoft 365 admin center
//! ("Your products": cancel, change quantity, delete) and the practice Entra admin center
//! ("Manage tenants": delete with the prerequisite checks in words).
//!
//! The pages act as the scenario's signed-in user, use plain HTML forms (no scripts) and
//! answer refusals with 409 and the reason on the page.

mod azure;
mod billing;
pub mod entra_mfa;
mod exchange;
mod groups;
mod products;
mod registrar;
mod self_service;
mod signup;
mod tenants;

use crate::app::Shared;
use crate::html::{esc, page};
use crate::state::World;
use axum::extract::State;
use axum::response::Html;
use axum::routing::{get, post};
use axum::Router;

pub const ADMIN_CENTER: &str = "Practice Microsoft 365 admin center";
pub const ENTRA: &str = "Practice Microsoft Entra admin center";

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/portal", get(index))
        .route("/portal/admin/products", get(products::list))
        .route("/portal/admin/products/{id}/cancel", post(products::cancel))
        .route(
            "/portal/admin/products/{id}/licenses",
            post(products::licenses),
        )
        .route(
            "/portal/admin/products/{id}/partner-cancellation",
            post(products::partner_cancellation),
        )
        .route("/portal/admin/products/{id}/delete", post(products::delete))
        .route("/portal/azure/subscriptions", get(azure::list))
        .route(
            "/portal/azure/subscriptions/{id}/cancel",
            post(azure::cancel),
        )
        .route(
            "/portal/azure/subscriptions/{id}/delete",
            post(azure::delete),
        )
        .route("/portal/entra/tenants", get(tenants::list))
        .route(entra_mfa::APPROVE_PATH, post(entra_mfa::approve))
        .route(
            "/portal/entra/tenants/delete",
            get(tenants::review).post(tenants::delete),
        )
        .route("/portal/registrar", get(registrar::list))
        .route("/portal/registrar/move", post(registrar::move_email))
        .route("/portal/admin/billing", get(billing::list))
        .route("/portal/admin/billing/{id}/pay", post(billing::pay))
        .route("/portal/exchange/groups", get(groups::list))
        .route("/portal/exchange/groups/{id}/delete", post(groups::delete))
        .route(
            "/portal/provider/domains/{name}/defederate",
            post(groups::defederate),
        )
        .merge(exchange::routes())
        // Self-service purchases and sign-up products (issue 11).
        .route(
            "/portal/admin/products/{id}/take-control",
            post(self_service::take_control),
        )
        .route(
            "/portal/admin/products/{id}/buyer-cancellation",
            post(self_service::buyer_cancellation),
        )
        .merge(signup::routes())
}

async fn index(State(app): State<Shared>) -> Html<String> {
    let w = app.world();
    let body = format!(
        "<p>Organization: <strong>{}</strong>. Signed in as <strong>{}</strong>.</p>\
<ul><li><a href=\"/portal/admin/products\">Microsoft 365 admin center: Billing &gt; Your products</a></li>\
<li><a href=\"/portal/entra/tenants\">Microsoft Entra admin center: Manage tenants</a></li>\
<li><a href=\"/portal/entra/licenses/self-service\">Microsoft Entra admin center: Licenses &gt; Self-service sign-up products</a></li>\
<li><a href=\"/portal/azure/subscriptions\">Azure portal: Subscriptions</a></li>\
<li><a href=\"/portal/registrar\">Your domain registrar: DNS records</a></li>\
<li><a href=\"/portal/admin/billing\">Microsoft 365 admin center: Billing &gt; Bills &amp; payments</a></li>\
<li><a href=\"/portal/exchange/groups\">Exchange admin center: Recipients &gt; Groups</a></li></ul>",
        esc(&w.tenant.display_name),
        esc(&signed_in_upn(&w))
    );
    page("Practice portals", "Practice portals", &body)
}

pub fn signed_in_upn(w: &World) -> String {
    w.tenant
        .users
        .get(&w.tenant.signed_in_user)
        .map(|u| u.upn.clone())
        .unwrap_or_default()
}

/// Human date for the pages: `2026-12-01 14:00 UTC`.
pub fn when(t: time::OffsetDateTime) -> String {
    let iso = crate::clock::iso(t);
    format!("{} {} UTC", &iso[..10], &iso[11..16])
}
