//! The app's one sign-in session, through Tauri's IPC on the mock runtime: starting a new
//! practice company or signing out replaces it whole, so no command still finds half of the
//! last one (its identity, its closure, its tokens).

mod common;

use common::{private_data, sign_in_to_practice, MockApp};
use serde_json::json;

/// Commands that need a signed-in Global Administrator, with arguments that would work then.
fn needs_a_session() -> Vec<(&'static str, serde_json::Value)> {
    vec![
        ("whoami", json!({})),
        ("organization", json!({})),
        ("step_status", json!({})),
        ("backup_checklist", json!({"lang": "en"})),
        ("reminders", json!({"lang": "en"})),
        ("plan_step", json!({"step": "users"})),
        ("verify_step", json!({"step": "users"})),
        ("mail_handover", json!({})),
    ]
}

/// The app with the practice company "bakery" running.
fn practice_app() -> MockApp {
    let app = MockApp::new();
    app.invoke("start_practice", json!({"scenario": "bakery"}))
        .expect("the practice company starts");
    app
}

fn assert_signed_out(app: &MockApp, after: &str) {
    for (command, args) in needs_a_session() {
        assert_eq!(
            app.code_of(command, args),
            "not_signed_in",
            "{command} after {after}"
        );
    }
}

#[test]
fn a_new_practice_company_leaves_nothing_of_the_last_sign_in() {
    let (_dir, _lock) = private_data();
    let app = practice_app();
    let signed = sign_in_to_practice(&app);
    assert_eq!(signed["canClose"], true, "{signed}");
    let me = app.invoke("whoami", json!({})).expect("signed in");
    assert_eq!(
        me["userPrincipalName"],
        signed["identity"]["userPrincipalName"]
    );
    app.invoke("organization", json!({}))
        .expect("the closure is open");

    app.invoke("start_practice", json!({"scenario": "agency"}))
        .expect("another practice company starts");
    assert_signed_out(&app, "a new practice company");
}

#[test]
fn sign_out_and_forget_ends_the_session_and_the_saved_sign_in() {
    let (dir, _lock) = private_data();
    let app = practice_app();
    sign_in_to_practice(&app);
    app.invoke("step_status", json!({})).expect("signed in");
    // As after closing a real organization on an earlier day: the next launch would resume it.
    let last = dir.join("organizations").join("last-organization");
    std::fs::create_dir_all(last.parent().unwrap()).unwrap();
    std::fs::write(&last, "8f1a3b5c-9d0e-4f1a-b2c3-d4e5f6071829").unwrap();

    app.invoke("sign_out_and_forget", json!({}))
        .expect("signing out works");
    assert_signed_out(&app, "signing out");
    assert!(!last.exists(), "the organization to resume is forgotten");
    assert_eq!(
        app.invoke("resume", json!({})).expect("nothing to resume"),
        json!(null),
        "the next launch signs in to nothing"
    );
    // Signing out twice, or with nobody signed in, is not an error.
    app.invoke("sign_out_and_forget", json!({}))
        .expect("signing out again works");
}

#[test]
fn cancelling_a_device_code_sign_in_leaves_nobody_signed_in() {
    let (_dir, _lock) = private_data();
    let app = practice_app();
    app.invoke("start_device_code", json!({"target": "practice"}))
        .expect("a device code");
    app.invoke("cancel_sign_in", json!({}))
        .expect("cancel works");
    assert_eq!(
        app.code_of("finish_device_code", json!({})),
        "invalid_input"
    );
    assert_signed_out(&app, "a cancelled sign-in");
}
