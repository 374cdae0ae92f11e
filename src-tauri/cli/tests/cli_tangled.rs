//! `closeout-cli --practice tangled checks --json`: every blocker of a real small business is
//! listed before step 1, by its stable code; an unknown practice name is refused with the
//! names that exist.

use serde_json::Value;
use std::process::Command;

fn practice(args: &[&str]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_closeout-cli"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn the_tangled_checks_list_every_blocker_by_code() {
    let (code, out, err) = practice(&["--practice", "tangled", "--json", "checks"]);
    assert_eq!(code, 0, "{out}{err}");
    let findings: Vec<Value> = serde_json::from_str(&out).expect("JSON findings");
    let codes: Vec<&str> = findings.iter().filter_map(|f| f["code"].as_str()).collect();
    for wanted in [
        "groups_on_custom_domain",
        "distribution_lists_on_custom_domain",
        "shared_mailboxes",
        "guests",
        "federated_domain",
        "microsoft_purchased_domain",
        "custom_domain_in_use",
    ] {
        assert!(codes.contains(&wanted), "{wanted} missing from {codes:?}");
    }
    let lists = findings
        .iter()
        .find(|f| f["code"] == "distribution_lists_on_custom_domain")
        .unwrap();
    assert_eq!(lists["severity"], "blocker");
    assert_eq!(lists["step"], "domains");
}

#[test]
fn an_unknown_practice_name_is_refused_with_the_names_that_exist() {
    let (code, out, err) = practice(&["--practice", "bakeryy", "checks"]);
    assert_ne!(code, 0, "{out}");
    let said = format!("{out}{err}");
    assert!(said.contains("unknown scenario 'bakeryy'"), "{said}");
    for name in closeout_sim::SCENARIOS {
        assert!(said.contains(name), "{name} not offered: {said}");
    }
}
