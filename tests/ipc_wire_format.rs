//! The wire format of errors, locked through a real command invoked over Tauri's IPC (mock
//! runtime): the UI translates `code` and shows `details` for support, so these shapes must not
//! drift.

mod common;

use common::MockApp;
use serde_json::{json, Value};

fn invoke(command: &str, args: Value) -> Result<Value, Value> {
    MockApp::new().invoke(command, args)
}

#[test]
fn a_refused_address_reaches_the_ui_as_code_message_details() {
    let error = invoke(
        "open_url",
        json!({"url": "https://example.com/login?code=abc"}),
    )
    .expect_err("example.com is not on the allowlist");
    assert_eq!(
        error,
        json!({
            "code": "url_not_allowed",
            "message": "This address is not one Closeout opens",
            "details": {"host": "example.com"}
        })
    );
}

#[test]
fn app_info_reports_name_version_and_no_practice_by_default() {
    let info = invoke("app_info", json!({})).expect("app_info never fails");
    assert_eq!(info["name"], "Closeout");
    assert_eq!(info["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        info["startup"],
        json!({"practiceScenario": null, "osLanguage": null})
    );
}

#[test]
fn reminders_and_their_dismissal_need_an_open_organization() {
    for (command, args) in [
        ("reminders", json!({"lang": "en"})),
        (
            "dismiss_reminder",
            json!({"key": "reminder:x@1", "lang": "it"}),
        ),
    ] {
        let error = invoke(command, args).expect_err("nobody is signed in");
        assert_eq!(error["code"], "not_signed_in", "{command}");
    }
}
