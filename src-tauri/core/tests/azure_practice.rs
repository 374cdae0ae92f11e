//! The Azure check against the practice tenant: incremental consent for the Azure Resource
//! Manager audience (silent refused until the owner consents, then silent), the tenant pin on
//! the ARM token, `azure_not_checked` blocking step 5, elevation on the owner's yes revealing
//! a subscription someone else made, and the elevation removed once it is deleted.

mod closure_common;

use closeout_core::auth::{self, BrowserOptions};
use closeout_core::azure::{ArmClient, Elevation, ELEVATE_KEY, REMOVE_KEY};
use closeout_core::closure::{FindingCode, Session, Severity, StepId, StepOptions, StepState};
use closeout_core::ErrorCode;
use closeout_sim::Sim;
use closure_common::{arm_client, browser, config, portal, sign_in_config, start};
use std::sync::Arc;
use std::time::Duration;

const AZURE: [FindingCode; 3] = [
    FindingCode::AzureSubscriptions,
    FindingCode::AzureNotChecked,
    FindingCode::AzureAccessNotElevated,
];

/// A pinned Graph sign-in and a closure session on it.
async fn open(sim: &Sim, dir: &std::path::Path) -> (auth::Session, Session) {
    let graph = closure_common::signed_in(sim).await;
    graph.identify().await.unwrap();
    let session = Session::open(
        graph.graph().unwrap(),
        config(sim, dir),
        Some(sim.tenant_id()),
    )
    .await
    .unwrap();
    (graph, session)
}

fn codes(findings: &[closeout_core::closure::Finding]) -> Vec<(FindingCode, Severity)> {
    findings
        .iter()
        .filter(|f| f.step == Some(StepId::Directory))
        .map(|f| (f.code, f.severity))
        .collect()
}

#[tokio::test]
async fn not_checked_is_a_warning_that_blocks_step_5() {
    let practice = start("bakery").await;
    let (_graph, mut session) = open(&practice.sim, practice.dir.path()).await;
    let findings = session.checks().await.unwrap();
    assert!(codes(&findings).contains(&(FindingCode::AzureNotChecked, Severity::Warning)));
    let plan = session
        .plan(StepId::Directory, &StepOptions::default())
        .await
        .unwrap();
    assert!(
        plan.blockers
            .iter()
            .any(|b| b.code == FindingCode::AzureNotChecked && b.severity == Severity::Blocker),
        "{:?}",
        plan.blockers
    );
    let verified = session.verify(StepId::Directory).await.unwrap();
    assert_eq!(verified.state, StepState::Blocked);
}

#[tokio::test]
async fn the_arm_token_is_silent_only_after_consent_and_only_for_the_pinned_tenant() {
    let practice = start("agency").await;
    let sim = &practice.sim;
    let graph = closure_common::signed_in(sim).await;
    graph.identify().await.unwrap();
    let silent = auth::azure_silently(&sign_in_config(sim), &graph).await;
    assert_eq!(
        silent.err().map(|e| e.code),
        Some(ErrorCode::ConsentRequired)
    );

    arm_client(sim, &graph).await;
    let again = auth::azure_silently(&sign_in_config(sim), &graph).await;
    assert!(again.is_ok(), "silent once consented: {:?}", again.err());

    // An ARM sign-in that lands in another organization is refused.
    let other = start("bakery").await;
    let wrong = auth::azure_interactively(
        &sign_in_config(&other.sim),
        &graph,
        &BrowserOptions::default(),
        browser,
    )
    .await;
    assert_eq!(wrong.err().map(|e| e.code), Some(ErrorCode::TenantMismatch));

    // The Graph token does not open ARM.
    let with_graph_token = ArmClient::new(&sim.arm_url(), Arc::new(graph.clone())).unwrap();
    let refused = with_graph_token
        .get("/subscriptions?api-version=2022-12-01")
        .await
        .unwrap_err();
    assert_eq!(refused.code, ErrorCode::Unauthorized);
    assert_eq!(
        refused.details.unwrap()["armCode"],
        "InvalidAuthenticationToken"
    );
}

#[tokio::test]
async fn elevation_finds_the_hidden_subscription_and_is_removed_once_it_is_deleted() {
    let practice = start("agency").await;
    let sim = &practice.sim;
    let (graph, mut session) = open(sim, practice.dir.path()).await;
    let arm = arm_client(sim, &graph).await;

    let without = session.check_azure(&arm, false).await.unwrap();
    assert!(codes(&without).contains(&(FindingCode::AzureAccessNotElevated, Severity::Warning)));
    assert!(!codes(&without)
        .iter()
        .any(|(c, _)| *c == FindingCode::AzureSubscriptions));

    let with = session.check_azure(&arm, true).await.unwrap();
    let found = with
        .iter()
        .find(|f| f.code == FindingCode::AzureSubscriptions)
        .expect("the hidden subscription is found");
    assert_eq!(found.severity, Severity::Blocker);
    assert_eq!(
        found.subjects,
        vec!["Agency website (pay-as-you-go) (Enabled)"]
    );
    assert_eq!(session.azure().unwrap().elevation, Elevation::ByCloseout);
    let me = session.journal().admin_id.clone();
    let elevated = session
        .journal()
        .action(&format!("{ELEVATE_KEY}{me}"))
        .unwrap();
    let outcome = elevated.outcome.as_ref().unwrap();
    assert!(outcome.ok && outcome.status == Some(200) && outcome.request_id.is_some());
    let plan = session
        .plan(StepId::Directory, &StepOptions::default())
        .await
        .unwrap();
    assert!(plan
        .blockers
        .iter()
        .any(|b| b.code == FindingCode::AzureSubscriptions));

    let cancelled = portal::azure_press_all(sim, "/cancel").await;
    assert_eq!(cancelled.len(), 1);
    let still = session.check_azure(&arm, true).await.unwrap();
    let found = still
        .iter()
        .find(|f| f.code == FindingCode::AzureSubscriptions)
        .unwrap();
    assert_eq!(
        found.subjects,
        vec!["Agency website (pay-as-you-go) (Disabled)"],
        "cancelled still blocks"
    );
    assert_eq!(
        session.azure().unwrap().elevation,
        Elevation::ByCloseout,
        "kept while it blocks"
    );

    sim.advance_clock(Duration::from_secs(3 * 24 * 3600 + 60));
    let deleted = portal::azure_press_all(sim, "/delete").await;
    assert_eq!(deleted.first().map(|d| d.0), Some(200), "{deleted:?}");
    let clear = session.check_azure(&arm, true).await.unwrap();
    assert!(!clear.iter().any(|f| AZURE.contains(&f.code)), "{clear:?}");
    assert_eq!(session.azure().unwrap().elevation, Elevation::Removed);
    assert!(session.journal().is_done(&format!("{REMOVE_KEY}{me}")));
    // Microsoft's side: the role assignment at `/` is gone, so listing them is refused again.
    let after = arm
        .get("/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01")
        .await
        .unwrap_err();
    assert_eq!(after.code, ErrorCode::AccessDenied);
    let plan = session
        .plan(StepId::Directory, &StepOptions::default())
        .await
        .unwrap();
    assert!(!plan.blockers.iter().any(|b| AZURE.contains(&b.code)));
}
