//! The Domains step in the tangled organization: Microsoft 365 groups (a Team among them) are
//! deleted through Graph behind the typed confirmation, the distribution list and the
//! mail-enabled security group are handed to the Exchange admin center, and the domains go
//! only once nothing uses them.

mod closure_common;

use closeout_core::closure::plan::TargetKind;
use closeout_core::closure::{FindingCode, StepId, StepOptions, StepState};
use closure_common::{apply_confirmed, portal, settle_backup, start};

#[tokio::test(flavor = "multi_thread")]
async fn the_domains_step_deletes_groups_hands_off_lists_then_removes_the_domains() {
    let practice = start("tangled").await;
    let sim = &practice.sim;
    let mut session = practice.session().await;
    settle_backup(&mut session);
    let users = apply_confirmed(&mut session, StepId::Users, StepOptions::default()).await;
    assert_eq!(users.verification.state, StepState::Done);

    let plan = session
        .plan(StepId::Domains, &StepOptions::default())
        .await
        .unwrap();
    let blocker: Vec<_> = plan.blockers.iter().map(|b| b.code).collect();
    assert_eq!(
        blocker,
        [FindingCode::FederatedDomain],
        "the federated domain blocks"
    );
    portal::remove_exchange_groups(sim).await;

    // The lists are gone from Exchange; the Microsoft 365 groups are Closeout's to delete.
    let options = StepOptions {
        purge_deleted_groups: true,
        ..StepOptions::default()
    };
    let plan = session.plan(StepId::Domains, &options).await.unwrap();
    assert!(plan.blockers.is_empty(), "{:?}", plan.blockers);
    let groups: Vec<&str> = plan
        .actions
        .iter()
        .filter(|a| a.target == TargetKind::Group)
        .map(|a| a.description.as_str())
        .collect();
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert!(groups
        .iter()
        .any(|d| d.contains("All Company") && d.contains("Team")));
    assert!(plan.portal.is_none(), "nothing left for Exchange");
    let applied = apply_confirmed(&mut session, StepId::Domains, options).await;
    assert!(
        applied.report.failed.is_empty(),
        "{:?}",
        applied.report.failed
    );
    assert_eq!(applied.verification.state, StepState::Done);
    let stats = sim.stats();
    assert!(stats.each_deleted_once("group"));
    assert_eq!(
        stats.deletions_by_id("group (permanent)").len(),
        2,
        "purged as asked"
    );
    assert!(stats
        .deletions
        .iter()
        .any(|d| d.kind == "domain" && d.name == "adventureworks.example"));
}

#[tokio::test(flavor = "multi_thread")]
async fn while_lists_remain_the_domains_wait_and_the_exchange_page_is_named() {
    let practice = start("tangled").await;
    let mut session = practice.session().await;
    settle_backup(&mut session);
    apply_confirmed(&mut session, StepId::Users, StepOptions::default()).await;
    // Only the federation stands in the way here; the lists stay for the owner.
    let groups_page = format!("{}/portal/exchange/groups", practice.sim.base_url());
    let html = reqwest::get(&groups_page)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let defederate = html
        .split("action=\"")
        .filter_map(|r| r.split('"').next())
        .find(|a| a.ends_with("/defederate"))
        .expect("a defederate form");
    let answer = reqwest::Client::new()
        .post(format!("{}{defederate}", practice.sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);

    let plan = session
        .plan(StepId::Domains, &StepOptions::default())
        .await
        .unwrap();
    assert!(plan.blockers.is_empty(), "{:?}", plan.blockers);
    assert!(
        plan.actions.iter().all(|a| a.target != TargetKind::Domain),
        "Microsoft would refuse the domains while the lists use them"
    );
    let guide = plan.portal.expect("the Exchange hand-off");
    assert!(guide.url.ends_with("/exchange/groups"));
    let mut items: Vec<&str> = guide.items.iter().map(|i| i.text.as_str()).collect();
    items.sort();
    assert_eq!(
        items,
        [
            "Finance alerts (financealerts@adventureworks.example)",
            "Orders (orders@adventureworks.example)"
        ]
    );
    let applied = apply_confirmed(&mut session, StepId::Domains, StepOptions::default()).await;
    assert!(
        applied.report.failed.is_empty(),
        "{:?}",
        applied.report.failed
    );
    assert_eq!(applied.verification.state, StepState::ToDo);
    assert!(applied
        .verification
        .remaining
        .iter()
        .any(|r| r.contains("Orders")));
}
