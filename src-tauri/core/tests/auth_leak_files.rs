//! The leak test on disk: a sign-in to the practice tenant, a slice of a practice closure
//! (checks, plan, the people deleted, verification) with its journal in a data folder, token
//! rotations, a 401-driven refresh and a few hundred Graph calls, with every crate logging at
//! TRACE into a log file; then every file in the data folder and the log folder is searched
//! for every access and refresh token seen: none may appear, not even a slice of one.

mod auth_support;
mod closure_common;

use auth_support::flows::{auto_consent_sign_in, practice_sign_in};
use auth_support::leaks::{files_below, log_everything_at_trace, Tokens};
use closeout_core::closure::{Session, StepId, StepOptions, StepState};
use closeout_core::graph::{GraphOptions, Pacing};
use closeout_sim::SimOptions;
use closure_common::{apply_confirmed, config, settle_backup, start_with};
use serde_json::Value;
use std::sync::Mutex;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_reaches_the_data_folder_or_the_log_files() {
    let log_dir = tempfile::tempdir().unwrap();
    let log_file = std::fs::File::create(log_dir.path().join("closeout.log")).unwrap();
    log_everything_at_trace(Mutex::new(log_file));
    let practice = start_with(SimOptions {
        auto_consent: true,
        throttling: false,
        ..SimOptions::scenario("users-300")
    })
    .await;
    let sim = &practice.sim;
    let sign_in = practice_sign_in(sim, None);
    let signed_in = auto_consent_sign_in(&sign_in).await;
    let mut seen = Tokens::default();
    seen.remember(&signed_in).await;

    let graph = signed_in
        .graph_with(GraphOptions {
            pacing: Pacing::off(),
            ..GraphOptions::default()
        })
        .unwrap();
    signed_in.identify().await.unwrap();
    let tenant = signed_in
        .tenant_id()
        .expect("the tenant is pinned at sign-in");
    let mut session = Session::open(
        graph.clone(),
        config(sim, practice.dir.path()),
        Some(&tenant),
    )
    .await
    .expect("session");
    session.checks().await.unwrap();
    settle_backup(&mut session);
    signed_in.refresh_now().await.unwrap();
    seen.remember(&signed_in).await;

    let people = session.inventory().await.unwrap().users;
    for person in people.iter().take(150) {
        let _: Value = graph
            .get(&format!("/v1.0/users/{}?$select=id,displayName", person.id))
            .await
            .unwrap();
    }
    signed_in.refresh_now().await.unwrap();
    seen.remember(&signed_in).await;
    // The access token expires on Microsoft's side: the next call gets 401 and refreshes.
    sim.advance_clock(Duration::from_secs(3700));

    let options = StepOptions::default();
    session.plan(StepId::Users, &options).await.unwrap();
    let applied = apply_confirmed(&mut session, StepId::Users, options).await;
    assert_eq!(applied.verification.state, StepState::Done);
    seen.remember(&signed_in).await;
    signed_in.refresh_now().await.unwrap();
    seen.remember(&signed_in).await;
    session.status().await.unwrap();
    seen.remember(&signed_in).await;

    let stats = sim.stats();
    assert!(
        stats.total_requests >= 300,
        "a few hundred calls: {}",
        stats.total_requests
    );
    assert!(
        stats.statuses.get(&401).copied().unwrap_or(0) >= 1,
        "the 401 path ran: {:?}",
        stats.statuses
    );
    assert!(
        seen.distinct() >= 8,
        "several rotated tokens: {}",
        seen.distinct()
    );

    let data_files = files_below(practice.dir.path());
    let journal = closeout_core::journal::JournalStore::new(practice.dir.path().to_path_buf())
        .path(&tenant)
        .unwrap();
    assert!(data_files.contains(&journal), "the journal was written");
    let log_files = files_below(log_dir.path());
    let logs = std::fs::read_to_string(&log_files[0]).unwrap();
    assert!(logs.contains("TRACE"), "TRACE level was on");
    assert!(logs.contains("graph.request"), "the capture works");
    for file in data_files.iter().chain(&log_files) {
        let bytes = std::fs::read(file).unwrap();
        seen.assert_absent(&file.display().to_string(), &bytes);
    }
}
