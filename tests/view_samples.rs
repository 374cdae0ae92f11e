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
const LISTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ui/samples/lists.json");

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
    ask("mail", "mail_handover", json!({}));
    // Sample names are keys too: `plan-cancel-subscriptions`.
    for step in [
        "users",
        "domains",
        "cancel_subscriptions",
        "delete_subscriptions",
        "mfa",
        "directory",
    ] {
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

/// The file at `path` as saved; with `CLOSEOUT_WRITE_SAMPLES` set, `now` is written there
/// instead and there is nothing to compare (`None`).
fn saved(path: &str, now: &Value) -> Option<Value> {
    if std::env::var_os("CLOSEOUT_WRITE_SAMPLES").is_some() {
        let text = serde_json::to_string_pretty(now).unwrap() + "\n";
        std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {path}: {e}"));
        return None;
    }
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    Some(serde_json::from_str(&text).unwrap())
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

    let Some(saved) = saved(SAMPLES, &now) else {
        return;
    };
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

/// The names serde gives `T`'s variants (its "unknown variant" error lists every one), so the
/// UI's tests get each closed set from Rust without a list kept by hand.
fn variants<T: serde::de::DeserializeOwned>() -> Vec<String> {
    let error = serde_json::from_str::<T>("\"?\"")
        .err()
        .unwrap()
        .to_string();
    // "expected `a`", "`a` or `b`", "one of `a`, `b`, `c`": the names are what backticks enclose.
    let listed = error.split("expected").nth(1).expect(&error);
    listed
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

/// The closed sets the UI's tests check texts for, as Rust has them: the journey and the
/// languages (the window gets the same two from `app_info`), the finding codes and the
/// other codes the pages translate (error codes: `tests/error_texts.rs`).
fn lists() -> Value {
    use closeout_core::backup::Choice;
    use closeout_core::closure::{FindingCode, Severity, StepState};
    use closeout_core::journal::EntryKind;
    use closeout_core::Lang;
    json!({
        "journey": closeout_app::journey::journey(),
        "languages": Lang::ALL.map(Lang::as_str),
        "findingCodes": FindingCode::ALL,
        "severities": variants::<Severity>(),
        "stepStates": variants::<StepState>(),
        "timelineKinds": variants::<EntryKind>(),
        "backupChoices": variants::<Choice>(),
    })
}

/// `tests/ui/samples/lists.json` is what Rust says now (the UI tests read it, never Rust source).
#[test]
fn the_lists_the_ui_tests_read_are_rusts() {
    let now = lists();
    let every = variants::<closeout_core::closure::FindingCode>();
    assert_eq!(
        now["findingCodes"],
        json!(every),
        "FindingCode::ALL lacks a code"
    );
    let Some(saved) = saved(LISTS, &now) else {
        return;
    };
    assert_eq!(
        saved, now,
        "Rust's lists changed: rerun with CLOSEOUT_WRITE_SAMPLES=1"
    );
}

/// The journey: the app's pages first, each closure step in `StepId::ALL`'s order, the mail
/// page between step 1 and Domains, Closed last.
#[test]
fn the_journey_keeps_microsofts_order_with_the_mail_page_before_domains() {
    use closeout_app::journey::{journey, StationKind};
    use closeout_core::closure::StepId;
    let stations = journey();
    let ids: Vec<&str> = stations.iter().map(|s| s.id).collect();
    let first_step = ids.iter().position(|id| *id == "users").unwrap();
    assert!(stations[..first_step]
        .iter()
        .all(|s| s.kind == StationKind::Page));
    assert_eq!(ids[0], "welcome");
    assert_eq!(ids.last(), Some(&"closed"));
    let mail = ids.iter().position(|id| *id == "mail").unwrap();
    assert_eq!(ids[mail - 1..=mail + 1], ["users", "mail", "domains"]);
    let steps: Vec<&str> = stations
        .iter()
        .filter(|s| s.kind == StationKind::Step)
        .map(|s| s.id)
        .collect();
    assert_eq!(steps, StepId::ALL.map(StepId::as_str));
}
