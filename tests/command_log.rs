//! A command that fails is in the log file with its name and error code, and without the
//! secret its arguments carried.

mod common;

use common::MockApp;
use serde_json::json;

#[test]
fn a_failed_command_is_logged_with_its_code_and_without_secrets() {
    let dir = std::env::temp_dir().join(format!("closeout-command-log-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let guard = closeout_app::logging::init(Some(&dir)).expect("the log folder is usable");
    let app = MockApp::new();
    let secret = "0.ARoAv4j5cvGGr0-secret-code";
    let url = format!("https://example.com/login?code={secret}");
    app.invoke("open_url", json!({ "url": url }))
        .expect_err("example.com is not allowed");
    drop(app);
    drop(guard); // flushes the background writer

    let file = std::fs::read_dir(&dir).unwrap().flatten().next().unwrap();
    let text = std::fs::read_to_string(file.path()).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains("open_url") && l.contains("url_not_allowed"))
        .unwrap_or_else(|| panic!("no failed open_url with its code in: {text}"));
    assert!(line.contains("WARN"), "{line}");
    assert!(!text.contains(secret), "the secret leaked: {text}");
    let _ = std::fs::remove_dir_all(&dir);
}
