//! The practice Entra admin center asks for a second factor before it shows anything, as
//! Microsoft's does whatever the tenant's settings (Entra "mandatory multifactor
//! authentication": required for the Microsoft Entra admin center since October 2024, not
//! configurable). Step 4 turning off per-user MFA for the others never changes this.
//!
//! Microsoft's number matching: the sign-in page shows a number, the Authenticator app on the
//! owner's phone asks for it. The practice page shows both halves: the number, and a stand-in
//! for the app where the owner types it. A wrong number is refused and asks again.
//!
//! INFERENCE: how long the approval lasts. Microsoft re-asks per its session rules; the
//! practice keeps an approval for [`APPROVAL_HOURS`] of the practice clock, so moving the
//! clock on by days (waiting for subscriptions) asks again, as a new day's sign-in would.

use super::ENTRA;
use crate::app::Shared;
use crate::html::{boxed, esc, page};
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use rand::Rng;
use serde::Deserialize;
use time::{Duration, OffsetDateTime};

/// How long an approved second factor lasts on the practice clock.
pub const APPROVAL_HOURS: i64 = 12;
/// Where the approval form posts.
pub const APPROVE_PATH: &str = "/portal/entra/approve";
const TITLE: &str = "Approve sign in request";

/// The practice Entra admin center's second-factor state, kept with the sign-in state.
#[derive(Debug, Default)]
pub struct EntraMfa {
    /// The number the page shows now, until it is answered.
    pub number: Option<u32>,
    /// An approval is good until then (practice clock).
    pub approved_until: Option<OffsetDateTime>,
}

/// `None` when the second factor was approved and still holds; else the page that asks for
/// it, which brings the owner back to `next` (a path under `/portal/entra/`) once approved.
pub fn challenge(app: &Shared, next: &str) -> Option<Response> {
    let now = app.clock.now();
    let mut w = app.world();
    if w.auth
        .entra_mfa
        .approved_until
        .is_some_and(|until| until > now)
    {
        return None;
    }
    let number = match w.auth.entra_mfa.number {
        Some(number) => number,
        None => {
            let number = w.ids.rng().gen_range(10..100);
            w.auth.entra_mfa.number = Some(number);
            number
        }
    };
    Some(ask(number, next, StatusCode::OK, ""))
}

fn ask(number: u32, next: &str, status: StatusCode, notice: &str) -> Response {
    let body = format!(
        "{notice}<p>Microsoft asks for your second factor here whatever your organization's \
settings.</p><p>Open your Authenticator app, and enter the number shown to sign in.</p>\
<p class=\"number\" aria-label=\"The number to enter\"><strong id=\"number\">{number}</strong></p>\
<section aria-labelledby=\"phone\"><h2 id=\"phone\">Practice Authenticator app (your phone)</h2>\
<form method=\"post\" action=\"{APPROVE_PATH}\"><input type=\"hidden\" name=\"next\" value=\"{}\">\
<label for=\"answer\">Enter the number shown to sign in</label>\
<input type=\"number\" id=\"answer\" name=\"number\" value=\"\" inputmode=\"numeric\" autocomplete=\"off\">\
<button type=\"submit\">Yes</button></form></section>",
        esc(next)
    );
    (status, page(ENTRA, TITLE, &body)).into_response()
}

#[derive(Deserialize)]
pub struct Answer {
    #[serde(default)]
    number: String,
    #[serde(default)]
    next: String,
}

/// Only the Entra pages may be returned to: never an address elsewhere.
fn safe_next(next: &str) -> &str {
    if next.starts_with("/portal/entra/") && !next.contains("//") {
        next
    } else {
        "/portal/entra/tenants"
    }
}

pub async fn approve(State(app): State<Shared>, Form(answer): Form<Answer>) -> Response {
    let now = app.clock.now();
    let next = safe_next(&answer.next).to_string();
    let mut w = app.world();
    let Some(expected) = w.auth.entra_mfa.number else {
        // Nothing was asked (or it was answered already): ask again from the page.
        return Redirect::to(&next).into_response();
    };
    if answer.number.trim().parse::<u32>().ok() != Some(expected) {
        let notice = boxed(
            "error",
            "The number you entered doesn't match. Enter the number shown on this page.",
        );
        return ask(expected, &next, StatusCode::BAD_REQUEST, &notice);
    }
    w.auth.entra_mfa = EntraMfa {
        number: None,
        approved_until: Some(now + Duration::hours(APPROVAL_HOURS)),
    };
    tracing::info!("practice Entra second factor approved");
    Redirect::to(&next).into_response()
}
