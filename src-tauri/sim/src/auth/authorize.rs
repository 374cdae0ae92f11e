//! `GET/POST /{tenant}/oauth2/v2.0/authorize`: the practice sign-in page ("Sign in" /
//! "Cancel"), or an immediate redirect with a code when `auto_consent` is on.

use super::errors::{missing, AadError};
use super::store::{CodeGrant, PendingSignIn};
use super::{
    app_consented, check_client, check_tenant, parse_scopes, redirect_allowed, Params, AREA,
};
use crate::app::Shared;
use crate::html::{boxed, esc, page};
use crate::state::World;
use axum::extract::{Form, Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn show(
    State(app): State<Shared>,
    Path(tenant): Path<String>,
    Query(q): Query<Params>,
) -> Response {
    let mut w = app.world();
    let get = |k: &str| q.get(k).map(String::as_str);
    if let Err(e) = check_tenant(&w, &tenant).and_then(|_| check_client(&w, get("client_id"))) {
        return error_page(e);
    }
    let redirect_uri = get("redirect_uri").unwrap_or_default().to_string();
    if !redirect_allowed(&app.opts.redirect_uris, &redirect_uri) {
        let e = AadError::new(
            "invalid_request",
            50011,
            format!("The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{}'.", w.client_id),
        );
        return error_page(e);
    }
    let mode = get("response_mode").unwrap_or("query").to_string();
    let state = get("state").map(str::to_string);
    let back =
        |params: Vec<(&str, String)>| redirect_to(&redirect_uri, &mode, state.as_deref(), params);
    if get("response_type") != Some("code") {
        return back(vec![
            ("error", "unsupported_response_type".into()),
            (
                "error_description",
                "AADSTS700054: response_type 'code' is the only one supported by this application."
                    .into(),
            ),
        ]);
    }
    let Some(scope) = get("scope").filter(|s| !s.trim().is_empty()) else {
        let e = missing("scope");
        return back(vec![
            ("error", e.error.into()),
            ("error_description", format!("AADSTS{}: {}", e.code, e.text)),
        ]);
    };
    let scopes = parse_scopes(scope);
    let challenge = get("code_challenge").map(|c| {
        (
            c.to_string(),
            get("code_challenge_method").unwrap_or("plain").to_string(),
        )
    });
    let hinted = get("login_hint").and_then(|h| w.tenant.find_user_id(h));
    let user_id = hinted.unwrap_or_else(|| w.tenant.signed_in_user.clone());
    let pending = PendingSignIn {
        user_id,
        redirect_uri: redirect_uri.clone(),
        state: state.clone(),
        response_mode: mode.clone(),
        scopes: scopes.graph,
        oidc: scopes.oidc,
        challenge,
        nonce: get("nonce").map(str::to_string),
    };
    if app.opts.auto_consent {
        let code = issue_code(&mut w, &app, &pending);
        return back(vec![("code", code)]);
    }
    if get("prompt") == Some("none") {
        return back(vec![
            ("error", "login_required".into()),
            (
                "error_description",
                "AADSTS50058: A silent sign-in request was sent but no user is signed in.".into(),
            ),
        ]);
    }
    let id = w.ids.opaque("", 18);
    let body = sign_in_form(&w, &tenant, &id, &pending);
    w.auth.pending.insert(id, pending);
    body
}

pub async fn decide(
    State(app): State<Shared>,
    Path(tenant): Path<String>,
    Form(f): Form<Params>,
) -> Response {
    let mut w = app.world();
    let Some(pending) = f.get("request").and_then(|id| w.auth.pending.remove(id)) else {
        let e = AadError::new(
            "invalid_request",
            90014,
            "The sign-in request expired or was already used. Start again from the app.",
        );
        return error_page(e);
    };
    if let Err(e) = check_tenant(&w, &tenant) {
        return error_page(e);
    }
    let state = pending.state.as_deref();
    if f.get("decision").map(String::as_str) != Some("signin") {
        return redirect_to(
            &pending.redirect_uri,
            &pending.response_mode,
            state,
            vec![
                ("error", "access_denied".into()),
                (
                    "error_description",
                    "the user canceled the authentication".into(),
                ),
            ],
        );
    }
    let code = issue_code(&mut w, &app, &pending);
    redirect_to(
        &pending.redirect_uri,
        &pending.response_mode,
        state,
        vec![("code", code)],
    )
}

/// Issues a one-time code; signing in (consenting) re-creates Closeout's enterprise app if
/// an earlier run deleted it, as Microsoft does for a multitenant app.
fn issue_code(w: &mut World, app: &Shared, p: &PendingSignIn) -> String {
    if !app_consented(w) {
        let id = w.ids.guid();
        let sp = crate::state::directory::ServicePrincipal {
            id: id.clone(),
            app_id: w.client_id.clone(),
            display_name: "Closeout".into(),
            owner_org: w.publisher_tenant.clone(),
            account_enabled: true,
        };
        w.tenant.service_principals.insert(id, sp);
    }
    let code = w.ids.opaque("1.AQ", 48);
    let grant = CodeGrant {
        user_id: p.user_id.clone(),
        redirect_uri: p.redirect_uri.clone(),
        scopes: p.scopes.clone(),
        oidc: p.oidc.clone(),
        challenge: p.challenge.clone(),
        nonce: p.nonce.clone(),
        issued: app.clock.token_now(),
        redeemed: false,
    };
    w.auth.codes.insert(code.clone(), grant);
    code
}

fn sign_in_form(w: &World, tenant: &str, id: &str, p: &PendingSignIn) -> Response {
    let user = w.tenant.users.get(&p.user_id);
    let who = user
        .map(|u| format!("{} ({})", esc(&u.display_name), esc(&u.upn)))
        .unwrap_or_default();
    let perms: String = p
        .scopes
        .iter()
        .map(|s| match s.strip_prefix(super::audience::ARM_MARK) {
            Some(arm) => format!("<li>Azure Service Management: {}</li>", esc(arm)),
            None => format!("<li>{}</li>", esc(s)),
        })
        .collect();
    let body = format!(
        "<p>Organization: <strong>{org}</strong></p>\
<p>Account: <strong>{who}</strong></p>\
<p>Closeout is asking for these permissions:</p><ul>{perms}</ul>\
<form method=\"post\" action=\"/{tenant}/oauth2/v2.0/authorize\">\
<input type=\"hidden\" name=\"request\" value=\"{id}\">\
<button type=\"submit\" name=\"decision\" value=\"signin\">Sign in</button>\
<button type=\"submit\" name=\"decision\" value=\"cancel\" class=\"secondary\">Cancel</button></form>\
<p class=\"practice\">This is the practice organization. No password is needed.</p>",
        org = esc(&w.tenant.display_name),
        tenant = esc(tenant),
    );
    page(AREA, "Sign in to Closeout", &body).into_response()
}

fn error_page(e: AadError) -> Response {
    let text = format!("<p><strong>AADSTS{}</strong>: {}</p>", e.code, esc(&e.text));
    let body = format!(
        "{}<p>Go back to the app and try again.</p>",
        boxed("error", &text)
    );
    (
        StatusCode::BAD_REQUEST,
        page(
            AREA,
            "Sorry, but we're having trouble signing you in.",
            &body,
        ),
    )
        .into_response()
}

/// Sends the browser back to the app: query string, fragment, or an auto-posted form.
fn redirect_to(
    uri: &str,
    mode: &str,
    state: Option<&str>,
    mut params: Vec<(&str, String)>,
) -> Response {
    if let Some(s) = state {
        params.push(("state", s.to_string()));
    }
    if mode == "form_post" {
        let fields: String = params
            .iter()
            .map(|(k, v)| {
                format!(
                    "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
                    esc(k),
                    esc(v)
                )
            })
            .collect();
        let body = format!(
            "<form method=\"post\" action=\"{}\">{fields}<button type=\"submit\">Continue</button></form>",
            esc(uri)
        );
        return page(AREA, "Returning to the app", &body).into_response();
    }
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params.iter().map(|(k, v)| (*k, v.as_str())))
        .finish();
    let sep = if mode == "fragment" {
        '#'
    } else if uri.contains('?') {
        '&'
    } else {
        '?'
    };
    let location = format!("{uri}{sep}{encoded}");
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}
