//! The fault soak: deleting 300 people through `closeout-cli` while a quarter of the practice
//! tenant's Graph answers are faults of every transient kind (429, 503, 504 with their own
//! `Retry-After`, connection resets, hangs past the time limit, answers cut short; inside
//! `$batch` too), over several seeds. Every seed must end with exactly the signed-in admin
//! left, everyone else deleted once, and the CLI exiting 0.
//!
//! Sized for CI by default (10 seeds); `CLOSEOUT_SOAK_SEEDS=N` runs more, as the longer
//! benchmark-style run (`scripts/bench.sh soak`).

mod cli_common;

use cli_common::{run, start, token};
use closeout_core::graph::{GraphClient, GraphOptions, Secret, StaticToken};
use closeout_sim::{Faults, SimOptions};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

const PEOPLE: usize = 300;

fn faulty(seed: u64) -> SimOptions {
    SimOptions {
        seed,
        throttling: false,
        faults: Faults {
            throttle: 0.06,
            unavailable: 0.05,
            gateway_timeout: 0.04,
            reset: 0.04,
            truncate: 0.05,
            hang: 0.01,
            retry_after_secs: 0.05,
        },
        ..SimOptions::scenario(&format!("users-{PEOPLE}"))
    }
}

/// Everyone still in the directory, read through the same faults with the client's retries.
async fn people_left(base: &str, token: &str) -> Vec<String> {
    let mut options = GraphOptions::default();
    options.retry.base_delay = Duration::from_millis(20);
    options.retry.request_timeout = Duration::from_secs(2);
    options.retry.max_attempts = 10;
    let tokens = Arc::new(StaticToken(Secret::new(token)));
    let graph = GraphClient::with_options(base, tokens, options).unwrap();
    let users: Vec<Value> = graph
        .get_all("/v1.0/users?$select=id,userPrincipalName&$top=999")
        .await
        .unwrap();
    users
        .iter()
        .map(|u| u["userPrincipalName"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_hundred_people_deleted_through_a_quarter_of_faulty_answers() {
    let seeds: u64 = std::env::var("CLOSEOUT_SOAK_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let mut faults = 0;
    for seed in 1..=seeds {
        let sim = start(faulty(seed)).await;
        let access = token(&sim).await;
        let dir = tempfile::tempdir().unwrap();
        let org = "Benchmark Company";
        for command in [
            ["backup-done", "--confirm", org].as_slice(),
            &["run", "users", "--confirm", org],
        ] {
            let args = [["--timeout", "2"].as_slice(), command].concat();
            let (code, out) = run(&sim, &access, dir.path(), &args).await;
            assert_eq!(code, 0, "seed {seed} {command:?}: {out}");
        }

        let stats = sim.stats();
        let deleted = stats.deletions_by_id("user");
        assert_eq!(deleted.len(), PEOPLE - 1, "seed {seed}: everyone but you");
        assert!(stats.each_deleted_once("user"), "seed {seed}: once each");
        assert_eq!(
            people_left(sim.base_url(), &access).await,
            [sim.signed_in_upn()],
            "seed {seed}: exactly the signed-in admin is left"
        );
        faults += stats.faults_injected;
        sim.shutdown().await;
    }
    assert!(faults > seeds * 5, "faults were really injected: {faults}");
}
