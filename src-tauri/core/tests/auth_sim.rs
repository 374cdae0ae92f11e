//! Sign-in against the practice tenant (closeout-sim): the browser round trip through the
//! loopback listener, cancel on the sign-in page, cancel from the app, timeout, the
//! device-code flow (pending then success, declined, expired), who/which tenant/Global Admin.

mod auth_support;

use auth_support::browser::{form_action, Browser, Landing};
use auth_support::flows::{auto_consent_sign_in, opener, practice_sign_in};
use auth_support::oidc::redirect_uri;
use closeout_core::auth::{BrowserOptions, CancelHandle};
use closeout_core::graph::TokenSource;
use closeout_core::ErrorCode;
use closeout_sim::{Sim, SimOptions};
use std::time::Duration;
use tokio::sync::oneshot;

async fn sim(scenario: &str, auto_consent: bool) -> Sim {
    let mut options = SimOptions::scenario(scenario);
    options.auto_consent = auto_consent;
    options.device_code_interval = 1;
    Sim::start(options).await.unwrap()
}

#[tokio::test]
async fn browser_round_trip_identifies_the_global_admin_and_pins_the_tenant() {
    let sim = sim("bakery", true).await;
    let sign_in = practice_sign_in(&sim, None);
    let (tx, rx) = oneshot::channel::<String>();
    let browser = tokio::spawn(async move {
        let url = rx.await.unwrap();
        let mut browser = Browser::new();
        let back = match browser.navigate(&url, &redirect_uri(&url)).await {
            Landing::Loopback(back) => back,
            Landing::Page { body, .. } => panic!("expected a redirect, got {body}"),
        };
        (url, browser.get(&back).await)
    });
    let session = sign_in
        .browser(&BrowserOptions::default(), opener(tx))
        .await
        .unwrap();
    let (url, (status, page)) = browser.await.unwrap();
    assert!(url.starts_with(&format!("{}/oauth2/v2.0/authorize?", sim.authority())));
    assert!(url.contains("code_challenge_method=S256"));
    assert!(url.contains("offline_access"));
    assert!(
        url.contains("redirect_uri=http%3A%2F%2Flocalhost%3A"),
        "Closeout sends the localhost redirect URI the registration holds: {url}"
    );
    assert_eq!(status, 200);
    assert!(page.contains("You can go back to Closeout"));

    let me = session.identify().await.unwrap();
    assert_eq!(me.tenant_id, sim.tenant_id());
    assert_eq!(me.user_principal_name, sim.admin_upn());
    assert!(me.is_global_admin);
    me.require_global_admin().unwrap();
    assert_eq!(session.tenant_id().as_deref(), Some(sim.tenant_id()));

    let before = session.refresh_token().await.unwrap();
    session.refresh_now().await.unwrap();
    assert_ne!(
        session.refresh_token().await.unwrap(),
        before,
        "rotated, newest kept"
    );
    session.sign_out().await.unwrap();
    assert_eq!(
        session.access_token().await.unwrap_err().code,
        ErrorCode::NotSignedIn
    );
}

#[tokio::test]
async fn a_non_admin_is_told_plainly() {
    let sim = sim("not-admin", true).await;
    let sign_in = practice_sign_in(&sim, None);
    let session = auto_consent_sign_in(&sign_in).await;
    let me = session.identify().await.unwrap();
    assert!(!me.is_global_admin);
    assert_eq!(
        me.require_global_admin().unwrap_err().code,
        ErrorCode::NotGlobalAdmin
    );
}

#[tokio::test]
async fn cancel_on_the_sign_in_page_is_sign_in_cancelled() {
    let sim = sim("bakery", false).await;
    let sign_in = practice_sign_in(&sim, None);
    let (tx, rx) = oneshot::channel::<String>();
    let browser = tokio::spawn(async move {
        let url = rx.await.unwrap();
        let mut browser = Browser::new();
        let Landing::Page {
            url: page_url,
            body,
            ..
        } = browser.navigate(&url, &redirect_uri(&url)).await
        else {
            panic!("expected the practice sign-in page");
        };
        assert!(body.contains("Cancel"));
        let request = body
            .split("name=\"request\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let action = form_action(&page_url, &body);
        let form = [("request", request.as_str()), ("decision", "cancel")];
        let Landing::Loopback(back) = browser.submit(&action, &form, &redirect_uri(&url)).await
        else {
            panic!("expected a redirect back");
        };
        browser.get(&back).await
    });
    let err = sign_in
        .browser(&BrowserOptions::default(), opener(tx))
        .await
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::SignInCancelled);
    assert_eq!(err.details.unwrap()["microsoftError"], "access_denied");
    let (_, page) = browser.await.unwrap();
    assert!(page.contains("Sign-in did not complete"));
}

#[tokio::test]
async fn cancel_from_the_app_and_timeout_free_the_listener() {
    let sim = sim("bakery", false).await;
    let sign_in = practice_sign_in(&sim, None);
    let cancel = CancelHandle::new();
    let options = BrowserOptions {
        cancel: cancel.clone(),
        ..BrowserOptions::default()
    };
    let (tx, rx) = oneshot::channel::<String>();
    let pressed = tokio::spawn(async move {
        let url = rx.await.unwrap();
        cancel.cancel();
        url
    });
    let err = sign_in.browser(&options, opener(tx)).await.err().unwrap();
    assert_eq!(err.code, ErrorCode::SignInCancelled);
    assert_eq!(err.details.unwrap()["by"], "app");
    let loopback = redirect_uri(&pressed.await.unwrap());
    assert!(
        reqwest::get(&loopback).await.is_err(),
        "nobody listens after a cancel"
    );

    let options = BrowserOptions {
        timeout: Duration::from_millis(200),
        ..BrowserOptions::default()
    };
    let err = sign_in.browser(&options, |_| Ok(())).await.err().unwrap();
    assert_eq!(err.code, ErrorCode::SignInTimeout);
}

/// Types the user code on the practice device-login page and approves or declines.
async fn device_login(base: &str, user_code: &str, decision: &str) -> String {
    let http = reqwest::Client::new();
    let url = format!("{base}/devicelogin");
    http.post(&url)
        .form(&[("code", user_code)])
        .send()
        .await
        .unwrap();
    let answer = http
        .post(&url)
        .form(&[("code", user_code), ("decision", decision)])
        .send()
        .await
        .unwrap();
    answer.text().await.unwrap()
}

#[tokio::test]
async fn device_code_pending_then_success() {
    let sim = sim("bakery", false).await;
    let sign_in = practice_sign_in(&sim, None);
    let code = sign_in.start_device_code().await.unwrap();
    assert_eq!(
        code.verification_uri,
        format!("{}/devicelogin", sim.base_url())
    );
    assert_eq!(code.interval, Duration::from_secs(1));
    let base = sim.base_url().to_owned();
    let user_code = code.user_code.clone();
    let approve = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(2500)).await; // a few polls stay pending
        device_login(&base, &user_code, "approve").await
    });
    let session = sign_in
        .finish_device_code(&code, &CancelHandle::new())
        .await
        .unwrap();
    assert!(approve.await.unwrap().contains("You have signed in"));
    let me = session.identify().await.unwrap();
    assert_eq!(me.user_principal_name, sim.admin_upn());
}

#[tokio::test]
async fn device_code_declined_and_expired() {
    let sim = sim("bakery", false).await;
    let sign_in = practice_sign_in(&sim, None);
    let code = sign_in.start_device_code().await.unwrap();
    device_login(sim.base_url(), &code.user_code, "decline").await;
    let err = sign_in
        .finish_device_code(&code, &CancelHandle::new())
        .await
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::DeviceCodeDeclined);

    let code = sign_in.start_device_code().await.unwrap();
    sim.advance_clock(Duration::from_secs(901));
    let err = sign_in
        .finish_device_code(&code, &CancelHandle::new())
        .await
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::DeviceCodeExpired);
    assert_eq!(err.details.unwrap()["aadsts"], 70019);
}
