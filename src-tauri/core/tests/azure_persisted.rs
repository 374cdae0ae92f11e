//! "Check for Azure subscriptions" is remembered: after a restart (a new session on the same
//! journal) the tangled organization's three Azure subscriptions, listed over two pages of
//! ARM's answer, are still known and blocking, not "Azure not checked" again.

mod closure_common;

use closeout_core::closure::FindingCode;
use closure_common::{check_azure, start};

#[tokio::test(flavor = "multi_thread")]
async fn the_azure_check_survives_a_restart() {
    let practice = start("tangled").await;
    let codes = |findings: &[closeout_core::closure::Finding]| -> Vec<FindingCode> {
        findings.iter().map(|f| f.code).collect()
    };
    let mut session = practice.session().await;
    let before = session.checks().await.unwrap();
    assert!(codes(&before).contains(&FindingCode::AzureNotChecked));

    let checked = check_azure(&practice.sim, &mut session).await;
    let azure = checked
        .iter()
        .find(|f| f.code == FindingCode::AzureSubscriptions)
        .expect("the Azure finding");
    assert_eq!(azure.subjects.len(), 3, "both pages: {:?}", azure.subjects);
    drop(session);

    // Closeout closed and opened again, days later: no new Azure check yet.
    let mut reopened = practice.session().await;
    let after = reopened.checks().await.unwrap();
    assert!(
        !codes(&after).contains(&FindingCode::AzureNotChecked),
        "{:?}",
        codes(&after)
    );
    let still = after
        .iter()
        .find(|f| f.code == FindingCode::AzureSubscriptions)
        .expect("still blocking");
    assert_eq!(still.subjects, azure.subjects);
    assert_eq!(reopened.azure().map(|r| r.subscriptions.len()), Some(3));
}
