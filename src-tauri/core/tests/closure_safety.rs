//! The safety rules against the practice tenant: without the typed name and a settled backup
//! checklist, nothing at all reaches Microsoft; with them, everyone but you is deleted.

mod closure_common;

use closeout_core::closure::{CancelToken, Session, StepId, StepOptions};
use closeout_core::{ErrorCode, Result};
use closure_common::{settle_backup, start};

async fn delete_users(session: &mut Session, typed: Option<&str>) -> Result<()> {
    let options = StepOptions::default();
    session
        .apply(
            StepId::Users,
            &options,
            typed,
            |_| {},
            &CancelToken::default(),
        )
        .await
        .map(|_| ())
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_is_deleted_without_the_typed_name_and_a_settled_backup() {
    let practice = start("bakery").await;
    let mut session = practice.session().await;
    let org = session.org_name().to_string();
    let refused = |r: Result<()>| r.unwrap_err().code;

    assert_eq!(
        refused(delete_users(&mut session, None).await),
        ErrorCode::ConfirmationRequired
    );
    assert_eq!(
        refused(delete_users(&mut session, Some("crumb")).await),
        ErrorCode::ConfirmationMismatch
    );
    assert_eq!(
        refused(delete_users(&mut session, Some(&org)).await),
        ErrorCode::BackupNotSettled
    );
    let stats = practice.sim.stats();
    assert_eq!(
        stats.count("DELETE /v1.0/users/{id}"),
        0,
        "nothing was sent"
    );
    assert!(stats.deletions.is_empty());

    settle_backup(&mut session);
    delete_users(&mut session, Some(&org)).await.unwrap();
    let stats = practice.sim.stats();
    let deleted = stats.deletions_by_id("user");
    assert_eq!(deleted.len(), 8, "7 people and info@");
    assert_eq!(
        stats.count("DELETE /v1.0/users/{id}"),
        8,
        "counted under the same key"
    );
    assert!(
        !deleted.contains_key(&session.journal().admin_id),
        "never you"
    );
    let confirmation = session.journal().confirmations.last().unwrap();
    assert_eq!(
        (confirmation.step, confirmation.typed.as_str()),
        (StepId::Users, org.as_str())
    );
}
