//! Practice mode consents to the Azure audience as the practice sign-in does, so `checks`
//! shows the Azure findings without a prompt: the agency's hidden subscription (found after
//! elevation) blocks step 5; the bakery, which has none, has no Azure finding at all.

use serde_json::Value;

async fn practice_checks(scenario: &str) -> Vec<Value> {
    let dir = tempfile::tempdir().unwrap();
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_closeout-cli"))
        .args(["--practice", scenario, "--json", "--data-dir"])
        .arg(dir.path())
        .arg("checks")
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str::<Vec<Value>>(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn practice_checks_include_azure_without_a_prompt() {
    let agency = practice_checks("agency").await;
    let azure = agency
        .iter()
        .find(|f| f["code"] == "azure_subscriptions")
        .expect("the agency's Azure subscription is found");
    assert_eq!(azure["severity"], "blocker");
    assert_eq!(azure["step"], "directory");
    assert_eq!(
        azure["subjects"][0],
        "Agency website (pay-as-you-go) (Enabled)"
    );
    assert!(!agency.iter().any(|f| f["code"] == "azure_not_checked"));

    let bakery = practice_checks("bakery").await;
    let codes: Vec<&str> = bakery.iter().filter_map(|f| f["code"].as_str()).collect();
    assert!(!codes.iter().any(|c| c.starts_with("azure")), "{codes:?}");
}
