//! Crash and resume: the CLI is killed with SIGKILL at random instants, ten times, while it
//! deletes 299 people and the shared info@ mailbox of the 300-person company; after each restart the step goes on, and at
//! the end every other person was deleted exactly once as the practice tenant records, the
//! administrator was not, and the journal agrees with the practice tenant.

mod cli_common;

use cli_common::{cli, run, start, token};
use closeout_core::journal::JournalStore;
use closeout_sim::{Latency, SimOptions};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
async fn killed_ten_times_while_deleting_300_people_every_one_is_deleted_exactly_once() {
    let sim = start(SimOptions {
        latency: Latency::Fixed(Duration::from_millis(100)),
        ..SimOptions::scenario("large")
    })
    .await;
    let token = token(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let org = "Contoso Manufacturing";
    assert_eq!(
        run(&sim, &token, dir.path(), &["backup-done", "--confirm", org])
            .await
            .0,
        0
    );

    let run_users = ["run", "users", "--confirm", org, "--batch-size", "10"];
    let mut killed_midway = 0;
    for _ in 0..10 {
        let mut child = cli(&sim, &token, dir.path(), &run_users).spawn().unwrap();
        let before = sim.stats().deletions.len();
        // Wait until this run is deleting, then kill it at a random instant.
        for _ in 0..400 {
            if sim.stats().deletions.len() > before || child.try_wait().unwrap().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        tokio::time::sleep(Duration::from_millis(rand::random::<u64>() % 400)).await;
        child.start_kill().unwrap(); // SIGKILL
        child.wait().await.unwrap();
        let after = sim.stats().deletions.len();
        eprintln!("killed: {before} -> {after} deletions");
        if after > before && after < 300 {
            killed_midway += 1;
        }
    }
    assert!(
        killed_midway >= 8,
        "only {killed_midway} kills landed while deleting"
    );

    let (code, out) = run(&sim, &token, dir.path(), &run_users).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Everyone except you is deleted"), "{out}");

    let stats = sim.stats();
    let deleted = stats.deletions_by_id("user");
    assert_eq!(deleted.len(), 300, "299 people and info@");
    assert!(
        deleted.values().all(|n| *n == 1),
        "someone was deleted twice"
    );
    let journal = JournalStore::new(dir.path())
        .load(sim.tenant_id())
        .unwrap()
        .unwrap();
    assert!(
        !deleted.contains_key(&journal.admin_id),
        "the administrator was deleted"
    );
    let mut journaled: Vec<&str> = journal
        .actions
        .iter()
        .filter_map(|a| a.key.strip_prefix("users:delete:"))
        .collect();
    journaled.sort_unstable();
    let recorded: Vec<&str> = deleted.keys().map(String::as_str).collect();
    assert_eq!(
        journaled, recorded,
        "the journal names exactly the people deleted"
    );
    assert!(journal
        .actions
        .iter()
        .all(|a| a.outcome.as_ref().is_some_and(|o| o.ok)));
}
