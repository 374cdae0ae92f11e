//! Sign-in against a real, certified OpenID Connect server (oidc-provider on loopback):
//! authorization code + PKCE through the loopback listener, token exchange, a refresh that
//! rotates the refresh token, a tampered `state` ignored while the real answer still signs in,
//! and refusal of a wrong PKCE verifier.

mod auth_support;

use auth_support::flows::{opener, query};
use auth_support::oidc::{log_in, redirect_uri, OidcServer};
use closeout_core::auth::{BrowserOptions, Lang};
use closeout_core::graph::TokenSource;
use closeout_core::ErrorCode;
use tokio::sync::oneshot;

#[tokio::test]
async fn code_pkce_loopback_exchange_and_rotating_refresh() {
    let server = OidcServer::start();
    let sign_in = server.sign_in();
    let (tx, rx) = oneshot::channel::<String>();
    let browser_side = tokio::spawn(async move {
        let (mut browser, authorize_url, back) = log_in(rx, "anna").await;
        let page = browser.get(&back).await;
        (authorize_url, back, page)
    });
    let options = BrowserOptions {
        lang: Lang::It,
        ..BrowserOptions::default()
    };
    let session = sign_in.browser(&options, opener(tx)).await.unwrap();
    let (authorize_url, back, (status, page)) = browser_side.await.unwrap();

    // What the server received and sent back.
    assert_eq!(
        query(&authorize_url, "code_challenge_method").as_deref(),
        Some("S256")
    );
    assert_eq!(query(&authorize_url, "code_challenge").unwrap().len(), 43);
    assert!(redirect_uri(&authorize_url).starts_with("http://localhost:"));
    assert!(redirect_uri(&authorize_url).ends_with("/callback"));
    assert_eq!(query(&back, "state"), query(&authorize_url, "state"));
    // What the person sees in the browser afterwards (Italian was asked for).
    assert_eq!(status, 200);
    assert!(page.contains("Puoi tornare a Closeout"), "{page}");

    assert_eq!(session.claims().subject.as_deref(), Some("anna"));
    assert_eq!(
        session.claims().username.as_deref(),
        Some("anna@closeout.test")
    );
    let first_access = session.access_token().await.unwrap();
    let first_refresh = session
        .refresh_token()
        .await
        .expect("offline_access gives a refresh token");

    session.refresh_now().await.unwrap();
    let second_access = session.access_token().await.unwrap();
    let second_refresh = session.refresh_token().await.unwrap();
    assert_ne!(second_refresh, first_refresh, "the refresh token rotated");
    assert_ne!(second_access, first_access);

    // The old refresh token is dead: the server refuses it (and we keep only the newest).
    let http = reqwest::Client::new();
    let reuse = http
        .post(format!("{}/token", server.issuer))
        .form(&[
            ("grant_type", "refresh_token"),
            ("client_id", "closeout-test"),
            ("refresh_token", first_refresh.expose()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reuse.status().as_u16(), 400);
    let body: serde_json::Value = reuse.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn a_tampered_state_is_ignored_and_the_real_redirect_still_signs_in() {
    let server = OidcServer::start();
    let sign_in = server.sign_in();
    let (tx, rx) = oneshot::channel::<String>();
    let browser_side = tokio::spawn(async move {
        let (mut browser, _, back) = log_in(rx, "mallory").await;
        let state = query(&back, "state").unwrap();
        let forged = back.replace(&format!("state={state}"), "state=forged-by-someone-else");
        let refused = browser.get(&forged).await;
        // The listener is still waiting: the real redirect comes through.
        let real = browser.get(&back).await;
        (refused, real)
    });
    let session = sign_in
        .browser(&BrowserOptions::default(), opener(tx))
        .await
        .expect("a forged state is ignored, the real answer signs in");
    let ((status, page), (real_status, _)) = browser_side.await.unwrap();
    assert_eq!(status, 400);
    assert!(page.contains("Sign-in did not complete"), "{page}");
    assert_eq!(real_status, 200);
    assert_eq!(session.claims().subject.as_deref(), Some("mallory"));
}

#[tokio::test]
async fn a_wrong_pkce_verifier_is_rejected() {
    let server = OidcServer::start();
    let sign_in = server.sign_in();
    let (tx, rx) = oneshot::channel::<String>();
    let issuer = server.issuer.clone();
    // Someone who intercepted the code, but not our verifier, tries to redeem it.
    let thief = tokio::spawn(async move {
        let (mut browser, authorize_url, back) = log_in(rx, "anna").await;
        let answer = reqwest::Client::new()
            .post(format!("{issuer}/token"))
            .form(&[
                ("grant_type", "authorization_code"),
                ("client_id", "closeout-test"),
                ("code", &query(&back, "code").unwrap()),
                ("redirect_uri", &redirect_uri(&authorize_url)),
                ("code_verifier", &"w".repeat(43)),
            ])
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        let body: serde_json::Value = answer.json().await.unwrap();
        // Then the real redirect reaches Closeout, whose verifier is right.
        browser.get(&back).await;
        (status, body)
    });
    let outcome = sign_in
        .browser(&BrowserOptions::default(), opener(tx))
        .await;
    let (status, body) = thief.await.unwrap();
    assert_eq!(status, 400);
    assert_eq!(body["error"], "invalid_grant");
    let mapped = closeout_core::auth::errors::sign_in_error(
        closeout_core::auth::errors::Step::CodeExchange,
        body["error"].as_str().unwrap(),
        body["error_description"].as_str(),
    );
    assert_eq!(mapped.code, ErrorCode::SignInFailed);
    // The thief got nothing; Closeout, holding the right verifier, signs in.
    let session = outcome.expect("the right verifier still redeems the code");
    assert!(session.refresh_token().await.is_some());
}
