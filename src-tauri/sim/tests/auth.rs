//! Sign-in contract: authorization code + PKCE, redirect URI rules, refresh rotation,
//! the practice sign-in page, device code polling, and Graph's 401 answers.

mod common;

use closeout_sim::{Sim, SimOptions};
use common::*;
use serde_json::Value;
use std::time::Duration;

async fn token_error(res: reqwest::Response, status: u16) -> (String, u64) {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.unwrap();
    for field in [
        "error",
        "error_description",
        "timestamp",
        "trace_id",
        "correlation_id",
    ] {
        assert!(body[field].is_string(), "{field} missing in {body}");
    }
    let code = body["error_codes"][0].as_u64().unwrap();
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .starts_with(&format!("AADSTS{code}:")));
    (body["error"].as_str().unwrap().to_string(), code)
}

fn authorize_url(sim: &Sim, redirect: &str, challenge: &str) -> String {
    format!(
        "{}/oauth2/v2.0/authorize?client_id={}&response_type=code&redirect_uri={}&scope={}&state=abc&code_challenge={challenge}&code_challenge_method=S256",
        sim.authority(),
        sim.client_id(),
        urlencode(redirect),
        urlencode(ALL)
    )
}

async fn code_for(sim: &Sim, redirect: &str, challenge: &str) -> String {
    let res = client()
        .get(authorize_url(sim, redirect, challenge))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(query_param(&location, "state").as_deref(), Some("abc"));
    query_param(&location, "code").unwrap()
}

async fn redeem(sim: &Sim, code: &str, redirect: &str, verifier: &str) -> reqwest::Response {
    token_request(
        sim,
        &[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect),
            ("code_verifier", verifier),
        ],
    )
    .await
}

// base64url(sha256("verifier-verifier-verifier-verifier-verifier-12")) computed by the sim's own rule
fn challenge(verifier: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(sha2::Sha256::digest(verifier.as_bytes()))
}

#[tokio::test]
async fn code_with_pkce_gives_tokens_and_a_wrong_verifier_is_refused() {
    let sim = start(SimOptions::scenario("bakery")).await;
    let verifier = "verifier-verifier-verifier-verifier-verifier-12";
    let code = code_for(&sim, "http://localhost:40111/", &challenge(verifier)).await;
    let (error, aadsts) = token_error(
        redeem(&sim, &code, "http://localhost:40111/", "wrong-verifier").await,
        400,
    )
    .await;
    assert_eq!((error.as_str(), aadsts), ("invalid_grant", 501481));

    let code = code_for(&sim, "http://localhost:40111/", &challenge(verifier)).await;
    let res = redeem(&sim, &code, "http://localhost:40111/", verifier).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3599);
    assert!(body["refresh_token"].is_string() && body["id_token"].is_string());
    assert!(body["scope"]
        .as_str()
        .unwrap()
        .contains("https://graph.microsoft.com/User.ReadWrite.All"));

    let (error, aadsts) = token_error(
        redeem(&sim, &code, "http://localhost:40111/", verifier).await,
        400,
    )
    .await;
    assert_eq!(
        (error.as_str(), aadsts),
        ("invalid_grant", 54005),
        "a code is single-use"
    );
}

#[tokio::test]
async fn redirect_uri_port_is_ignored_for_localhost_but_other_uris_are_refused() {
    let sim = start(SimOptions::scenario("bakery")).await;
    code_for(&sim, "http://localhost:1/", "x").await;
    code_for(&sim, "http://localhost:65000/", "x").await;
    // The registration holds `http://localhost` only, as the README registers it: the
    // loopback IP, another path and another host are all refused before any sign-in page.
    for refused in [
        "http://evil.example/",
        "http://127.0.0.1:65000/",
        "http://localhost:65000/callback",
    ] {
        let res = client()
            .get(authorize_url(&sim, refused, "x"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "no redirect to {refused}");
        assert!(
            res.text().await.unwrap().contains("AADSTS50011"),
            "{refused}"
        );
    }
}

#[tokio::test]
async fn refresh_tokens_rotate_and_a_secret_is_refused_for_a_public_client() {
    let s = session("bakery").await;
    let res = s.refresh_with(&s.refresh, &[]).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let new_rt = body["refresh_token"].as_str().unwrap().to_string();
    assert_ne!(new_rt, s.refresh, "a new refresh token on every use");
    assert_eq!(s.refresh_with(&new_rt, &[]).await.status(), 200);

    let res = s.refresh_with(&s.refresh, &[("client_secret", "x")]).await;
    assert_eq!(
        token_error(res, 401).await,
        ("invalid_client".into(), 700025)
    );
}

#[tokio::test]
async fn refresh_tokens_die_after_90_days_without_use() {
    let s = session("bakery").await;
    s.sim.advance_clock(Duration::from_secs(91 * 24 * 3600));
    let res = s.refresh_with(&s.refresh, &[]).await;
    assert_eq!(
        token_error(res, 400).await,
        ("invalid_grant".into(), 700082)
    );
}

/// The hidden `request` field of the practice sign-in page: which sign-in the buttons answer.
fn pending_request(html: &str) -> String {
    let (_, rest) = html
        .split_once("name=\"request\" value=\"")
        .expect("the sign-in form");
    rest[..rest.find('"').unwrap()].to_string()
}

#[tokio::test]
async fn practice_sign_in_page_signs_in_or_cancels() {
    let sim = Sim::start(SimOptions::scenario("bakery")).await.unwrap();
    let http = client();
    let page = http
        .get(authorize_url(&sim, "http://localhost:5000/", "c"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Crumb &amp; Co. Bakery") && html.contains("maria@crumbandco.com"));
    assert!(html.contains(">Sign in</button>") && html.contains(">Cancel</button>"));
    let request = pending_request(&html);

    let form_url = format!("{}/oauth2/v2.0/authorize", sim.authority());
    let res = http
        .post(&form_url)
        .form(&[("request", request.as_str()), ("decision", "cancel")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("http://localhost:5000/?"));
    assert_eq!(
        query_param(&location, "error").as_deref(),
        Some("access_denied")
    );

    let html = http
        .get(authorize_url(&sim, "http://localhost:5000/", "c"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let request = pending_request(&html);
    let res = http
        .post(&form_url)
        .form(&[("request", request.as_str()), ("decision", "signin")])
        .send()
        .await
        .unwrap();
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert!(query_param(&location, "code").is_some());
    assert_eq!(query_param(&location, "state").as_deref(), Some("abc"));
}

/// Submits the /devicelogin form and returns the page.
async fn device_page(sim: &Sim, form: &[(&str, &str)]) -> String {
    let res = client()
        .post(format!("{}/devicelogin", sim.base_url()))
        .form(form)
        .send()
        .await
        .unwrap();
    res.text().await.unwrap()
}

async fn poll(sim: &Sim, device_code: &str) -> reqwest::Response {
    token_request(
        sim,
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:device_code"),
            ("device_code", device_code),
        ],
    )
    .await
}

/// The bakery, polled every `interval` seconds, with a device code sign-in started.
async fn device_sign_in_started(interval: u64) -> (Sim, Value) {
    let sim = Sim::start(SimOptions {
        device_code_interval: interval,
        ..SimOptions::scenario("bakery")
    })
    .await
    .unwrap();
    let dc = start_device(&sim).await;
    (sim, dc)
}

async fn start_device(sim: &Sim) -> Value {
    let res = client()
        .post(format!("{}/oauth2/v2.0/devicecode", sim.authority()))
        .form(&[("client_id", sim.client_id()), ("scope", ALL)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

#[tokio::test]
async fn device_code_polls_pending_then_slow_down_then_tokens_after_approval() {
    let (sim, dc) = device_sign_in_started(1).await;
    assert_eq!(dc["expires_in"], 900);
    assert_eq!(
        dc["verification_uri"],
        format!("{}/devicelogin", sim.base_url())
    );
    let device_code = dc["device_code"].as_str().unwrap();
    let user_code = dc["user_code"].as_str().unwrap();
    assert!(dc["message"].as_str().unwrap().contains(user_code));

    assert_eq!(
        token_error(poll(&sim, device_code).await, 400).await.0,
        "authorization_pending"
    );
    assert_eq!(
        token_error(poll(&sim, device_code).await, 400).await.0,
        "slow_down"
    );

    let page = device_page(&sim, &[("code", "WRONGCODE")]).await;
    assert!(page.contains("didn't work"));
    let page = device_page(&sim, &[("code", user_code)]).await;
    assert!(page.contains(">Continue</button>") && page.contains("maria@crumbandco.com"));
    let done = device_page(&sim, &[("code", user_code), ("decision", "approve")]).await;
    assert!(done.contains("You have signed in"));

    tokio::time::sleep(Duration::from_millis(1100)).await;
    let res = poll(&sim, device_code).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert!(body["access_token"].is_string());
}

#[tokio::test]
async fn device_code_declined_and_expired() {
    let (sim, dc) = device_sign_in_started(0).await;
    let user_code = dc["user_code"].as_str().unwrap();
    device_page(&sim, &[("code", user_code), ("decision", "decline")]).await;
    assert_eq!(
        token_error(poll(&sim, dc["device_code"].as_str().unwrap()).await, 400)
            .await
            .0,
        "authorization_declined"
    );

    let dc = start_device(&sim).await;
    sim.advance_clock(Duration::from_secs(901));
    assert_eq!(
        token_error(poll(&sim, dc["device_code"].as_str().unwrap()).await, 400).await,
        ("expired_token".into(), 70019)
    );
}

#[tokio::test]
async fn graph_answers_401_for_missing_wrong_and_expired_tokens() {
    let s = session("bakery").await;
    let res = s.http.get(s.url("/v1.0/me")).send().await.unwrap();
    assert!(res.headers().contains_key("www-authenticate"));
    assert_eq!(error_code(res, 401).await, "InvalidAuthenticationToken");
    let res = s
        .http
        .get(s.url("/v1.0/me"))
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res, 401).await, "InvalidAuthenticationToken");
    assert_eq!(s.get("/v1.0/me").await.status(), 200);
    s.sim.advance_clock(Duration::from_secs(3600));
    let res = s.get("/v1.0/me").await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["error"]["message"],
        "Lifetime validation failed, the token is expired."
    );
}

#[tokio::test]
async fn unknown_tenant_in_the_authority_answers_aadsts90002() {
    let sim = start(SimOptions::scenario("bakery")).await;
    let res = client()
        .post(format!(
            "{}/nosuchtenant.example/oauth2/v2.0/token",
            sim.base_url()
        ))
        .form(&[
            ("client_id", sim.client_id()),
            ("grant_type", "refresh_token"),
            ("refresh_token", "x"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        token_error(res, 400).await,
        ("invalid_request".into(), 90002)
    );
}
