//! Self-service products through `closeout-cli` against the practice `tangled` organization:
//! the checks name the sign-up product and the self-service purchase by their codes before
//! step 1; each goes away once the owner did Microsoft's steps on the practice pages (Graph
//! sees the result); and `--sign-ups-deleted` journals the owner's word for the case where
//! Graph would keep listing a deleted product. The report lists both with their last state.

mod cli_common;

#[path = "../../core/tests/closure_common/portal.rs"]
mod portal;

use cli_common::{run, start, token};
use closeout_core::journal::JournalStore;
use closeout_sim::{Sim, SimOptions};
use serde_json::Value;

fn finding<'a>(findings: &'a [Value], code: &str) -> Option<&'a Value> {
    findings.iter().find(|f| f["code"] == code)
}

async fn checks(sim: &Sim, token: &str, dir: &std::path::Path) -> Vec<Value> {
    let (code, out) = run(sim, token, dir, &["--json", "checks"]).await;
    assert_eq!(code, 0, "{out}");
    serde_json::from_str(&out).expect("JSON findings")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_checks_name_both_and_each_goes_once_done_on_microsofts_pages() {
    let sim = start(SimOptions::scenario("tangled")).await;
    let token = token(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let found = checks(&sim, &token, dir.path()).await;
    let products = finding(&found, "self_service_products").expect("sign-up product found");
    assert_eq!(
        (products["severity"].as_str(), products["step"].as_str()),
        (Some("blocker"), Some("directory"))
    );
    let subjects = products["subjects"].to_string();
    assert!(subjects.contains("Microsoft Fabric (Free)"), "{subjects}");
    let purchases = finding(&found, "self_service_purchases").expect("purchase found");
    assert_eq!(
        (purchases["severity"].as_str(), purchases["step"].as_str()),
        (Some("warning"), Some("cancel_subscriptions"))
    );
    assert!(purchases["subjects"][0]
        .as_str()
        .unwrap()
        .starts_with("Power BI Pro ("));

    // The last step names the sign-up product as what blocks it.
    let (_, plan) = run(&sim, &token, dir.path(), &["--json", "plan", "directory"]).await;
    assert!(plan.contains("self_service_products"), "{plan}");

    // Entra: Licenses > Self-service sign-up products > Delete > Yes; Your products: Take
    // control of this subscription > Cancel subscription.
    portal::delete_sign_up_products(&sim).await;
    portal::take_control_and_cancel(&sim).await;

    let found = checks(&sim, &token, dir.path()).await;
    assert!(
        finding(&found, "self_service_products").is_none(),
        "{found:?}"
    );
    assert!(
        finding(&found, "self_service_purchases").is_none(),
        "{found:?}"
    );
    let (_, plan) = run(&sim, &token, dir.path(), &["--json", "plan", "directory"]).await;
    assert!(!plan.contains("self_service_products"), "{plan}");

    // The report names both with the state Microsoft left them in.
    let (code, out) = run(&sim, &token, dir.path(), &["--json", "report"]).await;
    assert_eq!(code, 0, "{out}");
    let report: Value = serde_json::from_str(&out).expect("JSON report");
    let state = |name: &str| {
        report["subscriptions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .map(|s| s["status"].clone())
    };
    assert_eq!(
        state("Microsoft Fabric (Free)"),
        Some("Deleted".into()),
        "{out}"
    );
    assert_eq!(state("Power BI Pro"), Some("Deleted".into()), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_owners_word_on_sign_ups_is_journaled_and_unblocks_that_part() {
    let sim = start(SimOptions::scenario("tangled")).await;
    let token = token(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let org = "Adventure Works Cycles";
    let (code, out) = run(&sim, &token, dir.path(), &["backup-done", "--confirm", org]).await;
    assert_eq!(code, 0, "{out}");
    // Step 5 is refused for many reasons still (people, subscriptions...), but the answer is
    // recorded first, as --bills-paid is.
    let (code, out) = run(
        &sim,
        &token,
        dir.path(),
        &["run", "directory", "--confirm", org, "--sign-ups-deleted"],
    )
    .await;
    assert_ne!(code, 0, "{out}");
    let record = JournalStore::new(dir.path().to_path_buf())
        .load(sim.tenant_id())
        .unwrap()
        .expect("journal");
    assert!(record.is_acknowledged("self_service_products_deleted"));
    let found = checks(&sim, &token, dir.path()).await;
    let products = finding(&found, "self_service_products").expect("still reported");
    assert_eq!(products["severity"], "warning");
    let (_, plan) = run(&sim, &token, dir.path(), &["--json", "plan", "directory"]).await;
    assert!(!plan.contains("\"self_service_products\""), "{plan}");
}
