//! Device code flow: `POST /{tenant}/oauth2/v2.0/devicecode` and the `/devicelogin` page
//! where the person types the code and approves or declines.

use super::errors::missing;
use super::store::{DeviceGrant, DeviceState, DEVICE_CODE_SECS};
use super::{check_client, check_tenant, parse_scopes, Params, AREA};
use crate::app::Shared;
use crate::html::{boxed, esc, page};
use axum::extract::{Form, Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

pub async fn devicecode(
    State(app): State<Shared>,
    Path(tenant): Path<String>,
    Form(f): Form<Params>,
) -> Response {
    let now = app.clock.token_now();
    let mut w = app.world();
    let checked = check_tenant(&w, &tenant)
        .and_then(|_| check_client(&w, f.get("client_id").map(String::as_str)))
        .and_then(|_| f.get("scope").ok_or_else(|| missing("scope")));
    let scope = match checked {
        Ok(scope) => scope.clone(),
        Err(e) => return super::errors::respond(&mut w, e, now),
    };
    let scopes = parse_scopes(&scope);
    let device_code = w.ids.opaque("DAQABAAEAAA", 96);
    let user_code = w.ids.user_code();
    let grant = DeviceGrant {
        user_code: user_code.clone(),
        scopes: scopes.graph,
        oidc: scopes.oidc,
        issued: now,
        state: DeviceState::Pending,
        last_poll: None,
    };
    w.auth.devices.insert(device_code.clone(), grant);
    let uri = format!("{}/devicelogin", app.base_url);
    Json(json!({
        "user_code": user_code,
        "device_code": device_code,
        "verification_uri": uri,
        "expires_in": DEVICE_CODE_SECS,
        "interval": app.opts.device_code_interval,
        "message": format!("To sign in, use a web browser to open the page {uri} and enter the code {user_code} to authenticate."),
    }))
    .into_response()
}

fn code_form(error: Option<&str>) -> Response {
    let notice = error.map(|e| boxed("error", &esc(e))).unwrap_or_default();
    let body = format!(
        "{notice}<p>Enter the code displayed on your app or device.</p>\
<form method=\"post\" action=\"/devicelogin\">\
<label for=\"code\">Code</label><input id=\"code\" name=\"code\" autocomplete=\"off\" required autofocus>\
<p><button type=\"submit\">Next</button></p></form>"
    );
    page(AREA, "Enter code", &body).into_response()
}

pub async fn show() -> Response {
    code_form(None)
}

pub async fn submit(State(app): State<Shared>, Form(f): Form<Params>) -> Response {
    let now = app.clock.token_now();
    let mut w = app.world();
    let typed = f
        .get("code")
        .map(|c| c.trim().to_ascii_uppercase())
        .unwrap_or_default();
    let signed_in = w.tenant.signed_in_user.clone();
    let org = w.tenant.display_name.clone();
    let who = w
        .tenant
        .users
        .get(&signed_in)
        .map(|u| u.upn.clone())
        .unwrap_or_default();
    let Some(grant) = w
        .auth
        .devices
        .values_mut()
        .find(|g| g.user_code == typed && g.state == DeviceState::Pending)
    else {
        return code_form(Some("That code didn't work. Check the code and try again."));
    };
    if now - grant.issued > time::Duration::seconds(DEVICE_CODE_SECS) {
        return code_form(Some(
            "That code has expired. Go back to your app and start again.",
        ));
    }
    match f.get("decision").map(String::as_str) {
        Some("approve") => {
            grant.state = DeviceState::Approved(signed_in);
            let text =
                "You have signed in to Closeout on your device. You may now close this window.";
            page(AREA, "Signed in", &boxed("ok", text)).into_response()
        }
        Some("decline") => {
            grant.state = DeviceState::Declined;
            page(
                AREA,
                "Sign-in cancelled",
                &boxed(
                    "notice",
                    "You cancelled the sign-in. You may now close this window.",
                ),
            )
            .into_response()
        }
        _ => {
            let body = format!(
                "<p>Are you trying to sign in to <strong>Closeout</strong>?</p>\
<p>Organization: <strong>{}</strong><br>Account: <strong>{}</strong></p>\
<p>Only continue if you started this sign-in yourself.</p>\
<form method=\"post\" action=\"/devicelogin\"><input type=\"hidden\" name=\"code\" value=\"{}\">\
<button type=\"submit\" name=\"decision\" value=\"approve\">Continue</button>\
<button type=\"submit\" name=\"decision\" value=\"decline\" class=\"secondary\">Cancel</button></form>",
                esc(&org),
                esc(&who),
                esc(&typed)
            );
            page(AREA, "Confirm sign-in", &body).into_response()
        }
    }
}
