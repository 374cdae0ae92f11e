//! One casing rule at the UI boundary: every key of every command's answer is camelCase.
//!
//! Signs in to the practice company through the app's IPC (mock runtime) and asks each
//! command the pages read. Each answer must have no snake_case key, and its shape (the key
//! paths) must match `tests/ui/samples/views.json`, the samples the UI test renders the pages
//! on. After changing a view type: `CLOSEOUT_WRITE_SAMPLES=1 cargo test --test view_samples`.

mod common;

use common::{private_data, sign_in_to_practice, MockApp};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui/samples/views.json");

/// Every key path of `value` (`a.b[].c`), arrays merged.
fn shape(value: &Value, at: &str, into: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = format!("{at}.{key}");
                into.insert(path.clone());
                shape(inner, &path, into);
            }
        }
        Value::Array(items) => {
            for item in items {
                shape(item, &format!("{at}[]"), into);
            }
        }
        _ => {}
    }
}

fn snake_keys(shape: &BTreeSet<String>) -> Vec<&String> {
    shape
        .iter()
        .filter(|path| path.rsplit('.').next().is_some_and(|key| key.contains('_')))
        .collect()
}

/// What the pages read, from a practice company, by command.
fn answers() -> Map<String, Value> {
    let app = MockApp::new();
    let mut out = Map::new();
    let mut ask = |name: &str, command: &str, args: Value| {
        let answer = app
            .invoke(command, args)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        out.insert(name.to_owned(), answer.clone());
        answer
    };
    ask("appInfo", "app_info", json!({}));
    ask("practice", "start_practice", json!({"scenario": "bakery"}));
    let signed = sign_in_to_practice(&app);
    out.insert("signedIn".into(), signed.clone());
    let org = signed["organization"].as_str().unwrap().to_owned();
    let mut ask = |name: &str, command: &str, args: Value| {
        let answer = app
            .invoke(command, args)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        out.insert(name.to_owned(), answer);
    };
    ask("whoami", "whoami", json!({}));
    ask("organization", "organization", json!({}));
    ask("backup", "backup_checklist", json!({"lang": "en"}));
    ask("reminders", "reminders", json!({"lang": "en"}));
    let typed = json!({"typed": org, "lang": "en"});
    ask("backupOverridden", "override_backup", typed);
    ask("stepStatus", "step_status", json!({}));
    // Sample names are keys too: `plan-cancel-subscriptions`.
    for step in ["users", "domains", "cancel_subscriptions", "mfa"] {
        let name = step.replace('_', "-");
        ask(&format!("plan-{name}"), "plan_step", json!({"step": step}));
        ask(
            &format!("verify-{name}"),
            "verify_step",
            json!({"step": step}),
        );
    }
    // What the page sends is camelCase too: the purge option, and nothing in snake_case.
    let purge = json!({"step": "users", "options": {"purgeDeletedUsers": true}});
    ask("plan-users-purge", "plan_step", purge);
    let snake = json!({"step": "users", "options": {"purge_deleted_users": true}});
    assert!(
        app.invoke("plan_step", snake).is_err(),
        "snake_case options refused"
    );
    ask(
        "applied-users",
        "apply_step",
        json!({"step": "users", "confirmation": org, "progress": "__CHANNEL__:7"}),
    );
    let device = app.invoke("start_device_code", json!({"target": "practice"}));
    out.insert("deviceCode".into(), device.expect("a device code"));
    app.invoke("cancel_sign_in", json!({})).unwrap();
    out
}

#[test]
fn every_key_the_ui_receives_is_camel_case_and_the_samples_are_current() {
    let (_dir, _lock) = private_data();
    let now = Value::Object(answers());
    let actions = |name: &str| now[name]["actions"].as_array().map_or(0, Vec::len);
    assert!(
        actions("plan-users-purge") > actions("plan-users"),
        "purgeDeletedUsers reached the core (it adds the purges)"
    );
    let mut found = BTreeSet::new();
    shape(&now, "", &mut found);
    assert_eq!(snake_keys(&found), Vec::<&String>::new(), "snake_case keys");

    if std::env::var_os("CLOSEOUT_WRITE_SAMPLES").is_some() {
        let text = serde_json::to_string_pretty(&now).unwrap() + "\n";
        std::fs::write(SAMPLES, text).expect("writing the samples");
        return;
    }
    let saved: Value = serde_json::from_str(
        &std::fs::read_to_string(SAMPLES).expect("tests/ui/samples/views.json exists"),
    )
    .unwrap();
    let mut expected = BTreeSet::new();
    shape(&saved, "", &mut expected);
    let missing: Vec<_> = expected.difference(&found).collect();
    let added: Vec<_> = found.difference(&expected).collect();
    assert!(
        missing.is_empty() && added.is_empty(),
        "the views changed: gone {missing:?}, new {added:?}; \
         rerun with CLOSEOUT_WRITE_SAMPLES=1 and check the UI test"
    );
}
