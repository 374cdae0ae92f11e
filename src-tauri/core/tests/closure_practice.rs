//! The whole practice closure through the core, against the practice tenant: every step
//! applied and verified, the portal-only steps done over HTTP on the practice portal pages,
//! the clock advanced through the 72-hour deprovisioning, ending with the organization gone
//! and a journal that accounts for every action.

mod closure_common;

use closeout_core::closure::{CancelToken, FindingCode, Session, StepId, StepOptions, StepState};
use closeout_core::journal::JournalStore;
use closure_common::{check_azure, portal, settle_backup, start, Practice};
use std::time::Duration;

async fn apply(session: &mut Session, step: StepId, options: StepOptions) -> StepState {
    let org = session.org_name().to_string();
    let mut seen = Vec::new();
    let applied = session
        .apply(
            step,
            &options,
            Some(&org),
            |p| seen.push(p.done),
            &CancelToken::default(),
        )
        .await
        .unwrap_or_else(|e| panic!("{step}: {e}"));
    assert!(
        applied.report.failed.is_empty(),
        "{step}: {:?}",
        applied.report.failed
    );
    assert!(
        seen.windows(2).all(|w| w[0] <= w[1]),
        "progress only moves forward"
    );
    applied.verification.state
}

async fn state(session: &mut Session, step: StepId) -> StepState {
    session.verify(step).await.unwrap().state
}

async fn close(practice: &Practice, purge: bool) -> Session {
    let sim = &practice.sim;
    let mut session = practice.session().await;
    settle_backup(&mut session);
    // Azure first (Graph cannot see it): any subscription is cancelled now, deleted later.
    let azure = check_azure(sim, &mut session).await;
    if azure
        .iter()
        .any(|f| f.code == FindingCode::AzureSubscriptions)
    {
        assert_eq!(portal::azure_press_all(sim, "/cancel").await.len(), 1);
    }

    let users = StepOptions {
        purge_deleted_users: purge,
        ..StepOptions::default()
    };
    assert_eq!(
        apply(&mut session, StepId::Users, users).await,
        StepState::Done
    );
    // The distribution list on the domain: the owner removes it in the Exchange admin center.
    portal::remove_exchange_groups(sim).await;
    assert_eq!(
        apply(&mut session, StepId::Domains, StepOptions::default()).await,
        StepState::Done
    );

    let before = state(&mut session, StepId::CancelSubscriptions).await;
    // Blocked when a subscription has more than 25 licenses: reduced in the portal first.
    assert!(
        matches!(before, StepState::ToDo | StepState::Blocked),
        "{before:?}"
    );
    let plan = session
        .plan(StepId::CancelSubscriptions, &StepOptions::default())
        .await
        .unwrap();
    assert!(plan
        .portal
        .as_ref()
        .unwrap()
        .url
        .starts_with(&sim.portal_url()));
    portal::cancel_all(sim).await;
    assert_eq!(
        state(&mut session, StepId::CancelSubscriptions).await,
        StepState::Done
    );

    assert_eq!(
        state(&mut session, StepId::DeleteSubscriptions).await,
        StepState::ToDo
    );
    portal::delete_all(sim).await;
    let waiting = session.verify(StepId::DeleteSubscriptions).await.unwrap();
    assert_eq!(waiting.state, StepState::Waiting, "{waiting:?}");
    assert!(waiting.until.is_some());
    let next = session.timeline(time::OffsetDateTime::now_utc()).entries;
    assert!(
        next.iter().any(|e| e.text.starts_with("Come back on")),
        "{next:?}"
    );
    sim.advance_clock(Duration::from_secs(73 * 3600));
    for (status, page) in portal::azure_press_all(sim, "/delete").await {
        assert_eq!(status, 200, "{page}");
    }
    let azure = check_azure(sim, &mut session).await;
    let left = [
        FindingCode::AzureSubscriptions,
        FindingCode::AzureNotChecked,
    ];
    assert!(!azure.iter().any(|f| left.contains(&f.code)), "{azure:?}");
    assert_eq!(
        state(&mut session, StepId::DeleteSubscriptions).await,
        StepState::Done
    );

    assert_eq!(
        apply(&mut session, StepId::Mfa, StepOptions::default()).await,
        StepState::Done
    );
    assert_eq!(
        apply(&mut session, StepId::Directory, StepOptions::default()).await,
        StepState::ToDo
    );
    portal::delete_tenant(sim).await;
    assert_eq!(
        state(&mut session, StepId::Directory).await,
        StepState::Done
    );
    session
}

fn assert_journal_complete(practice: &Practice, session: &Session) {
    let record = JournalStore::new(practice.dir.path())
        .load(practice.sim.tenant_id())
        .unwrap()
        .unwrap();
    assert_eq!(&record, session.journal());
    assert!(record.dates.tenant_deleted_at.is_some());
    assert_eq!(
        record.current_step, None,
        "every step finished: {:?}",
        record.steps
    );
    for action in &record.actions {
        let outcome = action
            .outcome
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no outcome", action.key));
        assert!(outcome.ok, "{}: {outcome:?}", action.key);
    }
    let stats = practice.sim.stats();
    assert!(stats.each_deleted_once("user"));
    let deleted_users = stats.deletions_by_id("user");
    assert!(
        !deleted_users.contains_key(&record.admin_id),
        "never the signed-in admin"
    );
    let journal_users = record
        .actions
        .iter()
        .filter(|a| a.key.starts_with("users:delete:"))
        .count();
    assert_eq!(journal_users, deleted_users.len());
    assert!(record
        .confirmations
        .iter()
        .all(|c| c.typed == record.org_name));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bakery_closes_completely_through_the_core() {
    let practice = start("bakery").await;
    let session = close(&practice, false).await;
    assert_journal_complete(&practice, &session);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_agency_closes_completely_through_the_core() {
    let practice = start("agency").await;
    let session = close(&practice, true).await;
    assert_journal_complete(&practice, &session);
    assert!(session
        .journal()
        .is_acknowledged("purge_deleted_users_no_restore"));
}
