//! `POST /{tenant}/oauth2/v2.0/token`: authorization code with PKCE, refresh token (rotated:
//! every use returns a new one), and device-code polling; errors shaped as Microsoft's.

use super::errors::{missing, AadError};
use super::store::{
    AccessGrant, DeviceState, RefreshGrant, ACCESS_TOKEN_SECS, CODE_SECS, DEVICE_CODE_SECS,
    REFRESH_INACTIVE_DAYS,
};
use super::{app_consented, audience, check_client, check_tenant, parse_scopes, Params};
use crate::app::Shared;
use crate::state::World;
use axum::extract::{Form, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use time::OffsetDateTime;

const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

pub async fn token(
    State(app): State<Shared>,
    Path(tenant): Path<String>,
    Form(f): Form<Params>,
) -> Response {
    let now = app.clock.token_now();
    let mut w = app.world();
    match redeem(&mut w, &app, &tenant, &f, now) {
        Ok(body) => ([(header::CACHE_CONTROL, "no-store")], Json(body)).into_response(),
        Err(e) => {
            tracing::debug!(error = e.error, code = e.code, "token request refused");
            super::errors::respond(&mut w, e, now)
        }
    }
}

fn redeem(
    w: &mut World,
    app: &Shared,
    tenant: &str,
    f: &Params,
    now: OffsetDateTime,
) -> Result<Value, AadError> {
    check_tenant(w, tenant)?;
    if f.contains_key("client_secret") || f.contains_key("client_assertion") {
        return Err(AadError::new(
            "invalid_client",
            700025,
            "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
        ));
    }
    check_client(w, f.get("client_id").map(String::as_str))?;
    match f.get("grant_type").map(String::as_str) {
        Some("authorization_code") => by_code(w, app, f, now),
        Some("refresh_token") => by_refresh(w, app, f, now),
        Some(DEVICE_GRANT) => by_device(w, app, f, now),
        Some(other) => Err(AadError::new(
            "unsupported_grant_type",
            70003,
            format!("The app requested an unsupported grant type '{other}'."),
        )),
        None => Err(missing("grant_type")),
    }
}

fn by_code(
    w: &mut World,
    app: &Shared,
    f: &Params,
    now: OffsetDateTime,
) -> Result<Value, AadError> {
    let code = f.get("code").ok_or_else(|| missing("code"))?;
    let grant = w.auth.codes.get_mut(code).ok_or_else(|| {
        AadError::new(
            "invalid_grant",
            9002313,
            "Invalid request. Request is malformed or invalid.",
        )
    })?;
    if grant.redeemed {
        return Err(AadError::new("invalid_grant", 54005, "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token."));
    }
    if now - grant.issued > time::Duration::seconds(CODE_SECS) {
        return Err(AadError::new("invalid_grant", 70008, "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource."));
    }
    let redirect = f
        .get("redirect_uri")
        .ok_or_else(|| missing("redirect_uri"))?;
    if *redirect != grant.redirect_uri {
        return Err(AadError::new("invalid_grant", 50011, format!("The redirect URI '{redirect}' specified in the request does not match the redirect URI used to obtain the authorization code.")));
    }
    if let Some((challenge, method)) = &grant.challenge {
        let verifier = f
            .get("code_verifier")
            .ok_or_else(|| missing("code_verifier"))?;
        let computed = if method.eq_ignore_ascii_case("S256") {
            URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
        } else {
            verifier.clone()
        };
        if computed != *challenge {
            return Err(AadError::new("invalid_grant", 501481, "The Code_Verifier does not match the code_challenge supplied in the authorization request."));
        }
    }
    grant.redeemed = true;
    let grant = grant.clone();
    audience::record_consent(w, &grant.scopes);
    issue(
        w,
        app,
        &grant.user_id,
        grant.scopes,
        grant.oidc,
        grant.nonce,
        now,
    )
}

fn by_refresh(
    w: &mut World,
    app: &Shared,
    f: &Params,
    now: OffsetDateTime,
) -> Result<Value, AadError> {
    let token = f
        .get("refresh_token")
        .ok_or_else(|| missing("refresh_token"))?;
    let grant = w.auth.refresh.get_mut(token).ok_or_else(|| {
        AadError::new(
            "invalid_grant",
            9002313,
            "Invalid request. Request is malformed or invalid.",
        )
    })?;
    if now - grant.last_used > time::Duration::days(REFRESH_INACTIVE_DAYS) {
        return Err(AadError::new("invalid_grant", 700082, format!("The refresh token has expired due to inactivity. The token was issued on {} and was inactive for 90.00:00:00.", crate::clock::iso(grant.last_used))));
    }
    grant.last_used = now;
    let grant = grant.clone();
    if !w.tenant.users.contains_key(&grant.user_id) {
        return Err(AadError::new("invalid_grant", 50034, format!("The user account {{EUII Hidden}} does not exist in the {} directory. To sign into this application, the account must be added to the directory.", w.tenant.id)));
    }
    if !app_consented(w) {
        return Err(AadError::new("invalid_grant", 65001, format!("The user or administrator has not consented to use the application with ID '{}' named 'Closeout'. Send an interactive authorization request for this user and resource.", w.client_id)));
    }
    let scopes = match f.get("scope") {
        Some(s) => {
            let parsed = parse_scopes(s);
            (parsed.graph, parsed.oidc)
        }
        None => (grant.scopes, grant.oidc),
    };
    let mut oidc = scopes.1;
    if !oidc.iter().any(|s| s == "offline_access") {
        oidc.push("offline_access".into());
    }
    audience::require_consent(w, &scopes.0)?;
    issue(w, app, &grant.user_id, scopes.0, oidc, None, now)
}

fn by_device(
    w: &mut World,
    app: &Shared,
    f: &Params,
    now: OffsetDateTime,
) -> Result<Value, AadError> {
    let code = f.get("device_code").ok_or_else(|| missing("device_code"))?;
    let interval = Duration::from_secs(app.opts.device_code_interval);
    let grant = w.auth.devices.get_mut(code).ok_or_else(|| {
        AadError::new(
            "invalid_grant",
            70000,
            "The provided value for the input parameter 'device_code' is not valid.",
        )
    })?;
    if now - grant.issued > time::Duration::seconds(DEVICE_CODE_SECS) {
        return Err(AadError::new(
            "expired_token",
            70019,
            "Verification code expired.",
        ));
    }
    let polled_too_soon = grant.last_poll.is_some_and(|t| t.elapsed() < interval);
    grant.last_poll = Some(Instant::now());
    if polled_too_soon {
        return Err(AadError::new("slow_down", 70016, "OAuth 2.0 device flow error. The client is polling too frequently; wait for the interval before polling again."));
    }
    let (state, scopes, oidc) = (
        grant.state.clone(),
        grant.scopes.clone(),
        grant.oidc.clone(),
    );
    match state {
        DeviceState::Pending => Err(AadError::new(
            "authorization_pending",
            70016,
            "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
        )),
        DeviceState::Declined => Err(AadError::new(
            "authorization_declined",
            65004,
            "User declined to consent to access the app.",
        )),
        DeviceState::Approved(user) => {
            w.auth.devices.remove(code);
            audience::record_consent(w, &scopes);
            issue(w, app, &user, scopes, oidc, None, now)
        }
    }
}

/// Mints an opaque access token for one resource (and a refresh token / id token when asked
/// for); scopes of two resources are refused.
fn issue(
    w: &mut World,
    app: &Shared,
    user_id: &str,
    scopes: Vec<String>,
    oidc: Vec<String>,
    nonce: Option<String>,
    now: OffsetDateTime,
) -> Result<Value, AadError> {
    let audience = audience::of(&scopes)?;
    let access = w.ids.opaque("EwA", 96);
    w.auth.access.insert(
        access.clone(),
        AccessGrant {
            user_id: user_id.into(),
            tenant_id: w.tenant.id.clone(),
            client_id: w.client_id.clone(),
            scopes: scopes.clone(),
            expires: now + time::Duration::seconds(ACCESS_TOKEN_SECS),
            audience,
        },
    );
    let mut scope_text = audience::scope_text(&scopes);
    scope_text.extend(oidc.iter().filter(|s| *s != "offline_access").cloned());
    let mut body = json!({
        "token_type": "Bearer",
        "scope": scope_text.join(" "),
        "expires_in": ACCESS_TOKEN_SECS,
        "ext_expires_in": ACCESS_TOKEN_SECS,
        "access_token": access,
    });
    if oidc.iter().any(|s| s == "offline_access") {
        let refresh = w.ids.opaque("1.AQE", 120);
        let grant = RefreshGrant {
            user_id: user_id.into(),
            scopes,
            oidc: oidc.clone(),
            last_used: now,
        };
        w.auth.refresh.insert(refresh.clone(), grant);
        body["refresh_token"] = json!(refresh);
    }
    if oidc.iter().any(|s| s == "openid") {
        body["id_token"] = json!(id_token(w, app, user_id, nonce, now));
    }
    Ok(body)
}

/// An unsigned (`alg: none`) ID token with Microsoft's v2 claims. It travels only over the
/// direct token response, where OpenID Connect lets clients skip signature checks.
fn id_token(
    w: &World,
    app: &Shared,
    user_id: &str,
    nonce: Option<String>,
    now: OffsetDateTime,
) -> String {
    let user = w.tenant.users.get(user_id);
    let iat = now.unix_timestamp();
    let sub = URL_SAFE_NO_PAD.encode(Sha256::digest(format!("{user_id}/{}", w.client_id)));
    let claims = json!({
        "aud": w.client_id,
        "iss": format!("{}/{}/v2.0", app.base_url, w.tenant.id),
        "iat": iat, "nbf": iat, "exp": iat + ACCESS_TOKEN_SECS,
        "name": user.map(|u| u.display_name.clone()),
        "preferred_username": user.map(|u| u.upn.clone()),
        "oid": user_id, "sub": sub, "tid": w.tenant.id, "ver": "2.0", "nonce": nonce,
    });
    let header = json!({"typ": "JWT", "alg": "none"});
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

pub async fn discovery(State(app): State<Shared>, Path(tenant): Path<String>) -> Response {
    let base = &app.base_url;
    Json(json!({
        "authorization_endpoint": format!("{base}/{tenant}/oauth2/v2.0/authorize"),
        "token_endpoint": format!("{base}/{tenant}/oauth2/v2.0/token"),
        "device_authorization_endpoint": format!("{base}/{tenant}/oauth2/v2.0/devicecode"),
        "issuer": format!("{base}/{{tenantid}}/v2.0"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "fragment", "form_post"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["none"],
        "token_endpoint_auth_methods_supported": ["none"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "tenant_region_scope": "EU",
    }))
    .into_response()
}
