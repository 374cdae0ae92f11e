//! Step 4 on the agency before anyone is deleted: per-user MFA is read (beta, batched) for the
//! 46 others and turned off for the 17 who have it, both conditional access policies are
//! turned off one request at a time, and your own MFA is left alone.

mod closure_common;

use closeout_core::closure::{StepId, StepOptions, StepState};
use closure_common::{apply_confirmed, settle_backup, start};

#[tokio::test(flavor = "multi_thread")]
async fn per_user_mfa_and_conditional_access_are_turned_off_for_everyone_but_you() {
    let practice = start("agency").await;
    let mut session = practice.session().await;
    settle_backup(&mut session);

    let plan = session
        .plan(StepId::Mfa, &StepOptions::default())
        .await
        .unwrap();
    let per_user = plan
        .actions
        .iter()
        .filter(|a| a.path.starts_with("/beta/users/"))
        .count();
    assert_eq!(per_user, 17, "the 17 others with MFA enabled or enforced");
    assert!(plan
        .actions
        .iter()
        .all(|a| !a.path.contains(&session.journal().admin_id)));
    assert!(plan.notes.iter().any(|n| n.contains("admin portals")));

    let applied = apply_confirmed(&mut session, StepId::Mfa, StepOptions::default()).await;
    assert!(
        applied.report.failed.is_empty(),
        "{:?}",
        applied.report.failed
    );
    assert_eq!(applied.verification.state, StepState::Done);
    let stats = practice.sim.stats();
    assert_eq!(
        stats.count("PATCH /beta/users/{id}/authentication/requirements"),
        17
    );
    // Two policies; a 429 (conditional access answers them without Retry-After) is retried.
    let policy_updates = stats.count("PATCH /v1.0/identity/conditionalAccess/policies/{id}");
    assert!(
        (2..=2 + stats.throttled).contains(&policy_updates),
        "{policy_updates} updates, {} throttled",
        stats.throttled
    );
}
