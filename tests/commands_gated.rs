//! The app's commands are gated by Tauri's ACL: `build.rs` declares them (one list,
//! `commands/list.rs`), the capability grants exactly that set, and a command without a
//! permission is refused before it runs. Checked on the mock runtime with the app's real
//! context (tauri.conf.json and the build script's ACL).

mod common;

use common::{private_data, MockApp};
use serde_json::json;
use tauri::test::mock_builder;

fn real_context() -> tauri::Context<tauri::test::MockRuntime> {
    tauri::generate_context!(test = true)
}

/// What Tauri answers when the ACL refuses a command (a string, not the app's `{code}`).
fn refused(answer: &Result<serde_json::Value, serde_json::Value>) -> bool {
    matches!(answer, Err(serde_json::Value::String(text)) if text.contains("not allowed"))
}

#[test]
fn every_command_of_the_list_is_granted_to_the_main_window() {
    let (_dir, _lock) = private_data();
    let app = MockApp::build(
        closeout_app::with_commands(mock_builder(), Default::default()),
        real_context(),
    );
    for command in closeout_app::COMMANDS {
        // Without arguments most answer "invalid args" or `not_signed_in`: what matters is
        // that the ACL let them through to the handler.
        let answer = app.invoke(command, json!({}));
        assert!(!refused(&answer), "{command} was refused: {answer:?}");
    }
}

#[tauri::command]
fn added_without_permission() -> String {
    "ran".into()
}

#[test]
fn a_command_added_without_a_permission_is_refused() {
    let (_dir, _lock) = private_data();
    let builder = mock_builder().invoke_handler(tauri::generate_handler![added_without_permission]);
    let app = MockApp::build(builder, real_context());
    let answer = app.invoke("added_without_permission", json!({}));
    assert!(refused(&answer), "it ran: {answer:?}");
}

#[test]
fn the_capability_grants_exactly_the_generated_set_of_the_listed_commands() {
    let config: serde_json::Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    let capabilities = &config["app"]["security"]["capabilities"];
    assert_eq!(
        capabilities.as_array().map(Vec::len),
        Some(1),
        "{capabilities}"
    );
    assert_eq!(capabilities[0]["permissions"], json!(["app-commands"]));
    let set = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/permissions/app-commands.toml"
    ))
    .expect("build.rs wrote the set");
    let granted: Vec<String> = set
        .lines()
        .filter_map(|line| line.trim().strip_prefix("\"allow-"))
        .map(|rest| rest.trim_end_matches("\",").replace('-', "_"))
        .collect();
    assert_eq!(granted, closeout_app::COMMANDS);
}
