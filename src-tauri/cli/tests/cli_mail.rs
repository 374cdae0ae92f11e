//! `closeout-cli mail-check`: the practice bakery exits 2 before its email moves; after an
//! earlier `checks` saved Microsoft's records, the check runs with no sign-in at all and
//! turns to 0 once the practice registrar has moved the email.

mod cli_common;

use cli_common::{run, start, token};
use closeout_sim::SimOptions;
use serde_json::Value;
use std::path::Path;
use tokio::process::Command;

/// `closeout-cli` with no token and no saved sign-in in reach: nothing but the data folder.
async fn unsigned(data_dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_closeout-cli"))
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("CLOSEOUT_ACCESS_TOKEN")
        .env_remove("CLOSEOUT_TENANT_ID")
        .kill_on_drop(true)
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    eprintln!(
        "closeout-cli {args:?} -> {:?}\n{stdout}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), stdout)
}

fn mx_verdict(json: &str) -> String {
    let checks: Value = serde_json::from_str(json).expect("json");
    let rows = checks[0]["rows"].as_array().expect("rows");
    let mx = rows.iter().find(|r| r["kind"] == "mx").expect("mx row");
    mx["verdict"].as_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_bakery_mail_check_exits_2_before_the_move() {
    let dir = tempfile::tempdir().unwrap();
    let (code, out) = unsigned(
        dir.path(),
        &["--practice", "bakery", "mail-check", "--json"],
    )
    .await;
    assert_eq!(code, 2, "records still point at Microsoft");
    let checks: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(checks[0]["domain"], "crumbandco.com");
    assert_eq!(checks[0]["state"], "waiting");
    assert_eq!(mx_verdict(&out), "still_microsoft");
    let mx = checks[0]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["kind"] == "mx")
        .unwrap()
        .clone();
    assert_eq!(
        mx["microsoftValue"],
        "crumbandco-com.mail.protection.outlook.com"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn saved_records_are_checked_without_signing_in_until_nothing_points_at_microsoft() {
    let sim = start(SimOptions::scenario("bakery")).await;
    let access = token(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(run(&sim, &access, dir.path(), &["checks"]).await.0, 0);

    let dns = sim.dns_addr().to_string();
    let (code, out) = unsigned(dir.path(), &["mail-check", "--dns", &dns]).await;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("crumbandco.com: waiting"), "{out}");
    assert!(out.contains("still_microsoft"), "{out}");
    // Waiting: the journal carries a "check your email records" day for the reminders.
    let follow_up = || {
        closeout_core::journal::JournalStore::new(dir.path())
            .load(sim.tenant_id())
            .unwrap()
            .expect("the journal of the earlier checks")
            .dates
            .mail_follow_up
    };
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(
        follow_up().map(|f| f.on),
        Some(today + time::Duration::days(3))
    );

    let moved = reqwest::Client::new()
        .post(format!("{}/move", sim.registrar_url()))
        .form(&[("domain", "crumbandco.com")])
        .send()
        .await
        .unwrap();
    assert!(moved.status().is_success());

    let (code, out) = unsigned(
        dir.path(),
        &["mail-check", "crumbandco.com", "--dns", &dns, "--json"],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    assert_eq!(mx_verdict(&out), "moved");
    assert!(
        follow_up().is_some(),
        "one domain named: the page as a whole was not checked"
    );
    let (code, out) = unsigned(dir.path(), &["mail-check", "--dns", &dns]).await;
    assert_eq!(code, 0, "{out}");
    assert_eq!(follow_up(), None, "clean: the reminder ends");
}

#[tokio::test]
async fn nothing_saved_and_no_domain_is_an_error_and_a_bad_server_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _) = unsigned(dir.path(), &["mail-check"]).await;
    assert_eq!(code, 1);
    let (code, _) = unsigned(dir.path(), &["mail-check", "--dns", "not-an-address"]).await;
    assert_eq!(code, 64);
}
