//! Cancelling between chunks: the person presses Cancel while step 1 runs; what was done is
//! journaled, nothing more is sent, and running the step again finishes the rest once.

mod closure_common;

use closeout_core::closure::{CancelToken, Chunking, Session, StepId, StepOptions, StepState};
use closure_common::{apply_confirmed, config, settle_backup, sign_in, start};

#[tokio::test(flavor = "multi_thread")]
async fn cancel_stops_between_chunks_and_a_second_run_finishes_the_rest() {
    let practice = start("bakery").await;
    let mut settings = config(&practice.sim, practice.dir.path());
    settings.chunking = Chunking {
        chunk: 2,
        parallel: 1,
    };
    let client = sign_in(&practice.sim).await;
    let mut session = Session::open(client, settings, Some(practice.sim.tenant_id()))
        .await
        .unwrap();
    settle_backup(&mut session);
    let org = session.org_name().to_string();

    let cancel = CancelToken::default();
    let pressed = cancel.clone();
    let applied = session
        .apply(
            StepId::Users,
            &StepOptions::default(),
            Some(&org),
            |p| {
                if p.done >= 2 {
                    pressed.cancel();
                }
            },
            &cancel,
        )
        .await
        .unwrap();
    assert!(applied.report.cancelled);
    assert_eq!(applied.report.succeeded, 2, "one chunk of two, then stop");
    assert_eq!(applied.verification.state, StepState::ToDo);
    assert_eq!(practice.sim.stats().deletions_by_id("user").len(), 2);

    let again = apply_confirmed(&mut session, StepId::Users, StepOptions::default()).await;
    assert_eq!(again.report.succeeded, 6, "5 people and info@");
    assert_eq!(again.verification.state, StepState::Done);
    let stats = practice.sim.stats();
    assert_eq!(stats.deletions_by_id("user").len(), 8);
    assert!(stats.each_deleted_once("user"));
}
