//! Benchmark (not a test): deleting people with Closeout's engine, measured side by side in
//! one run against the practice tenant, printing ratios.
//!
//! 1. 300-person company, 100 ms of latency on every emulated request: Closeout's
//!    `apply(users)` (journaled chunks of `$batch`) against a one-request-at-a-time baseline
//!    using the same Graph client. Target: at least 20 times faster.
//! 2. 5,000 people under the throttling model: wall time against the throttle-bound minimum
//!    the write budget allows (3,000 writes per 150 s, bucket full at start), with the count
//!    of 429 answers and of people missed or deleted twice. Target: within 1.2 times, 429s
//!    under 1 % of requests, none missed or twice.
//!
//! `cargo run -p closeout-cli --example closure_bench [-- --skip-throttled] [--share 1.0]`

use closeout_cli::practice;
use closeout_core::backup::Checklist;
use closeout_core::closure::{CancelToken, Chunking, Session};
use closeout_core::closure::{StepId, StepOptions};
use closeout_core::graph::{GraphClient, GraphOptions, Pacing};
use closeout_sim::{Latency, Sim, SimOptions, Stats};
use serde::Deserialize;
use std::time::{Duration, Instant};

async fn start(scenario: &str, latency: Latency) -> Sim {
    let options = SimOptions {
        auto_consent: true,
        latency,
        ..SimOptions::scenario(scenario)
    };
    Sim::start(options).await.expect("practice tenant")
}

async fn client(sim: &Sim, options: GraphOptions) -> GraphClient {
    let signed_in = practice::sign_in(&sim.authority(), sim.client_id(), sim.base_url())
        .await
        .expect("sign-in");
    signed_in.graph_with(options).expect("graph client")
}

/// Closeout's own path: a session, the backup settled, `apply(users)` with the typed name.
async fn closeout_delete_all(sim: &Sim, options: GraphOptions) -> Duration {
    let dir = tempfile::tempdir().unwrap();
    let config = practice::session_config(sim, dir.path().to_path_buf(), Chunking::default());
    let mut session = Session::open(client(sim, options).await, config, Some(sim.tenant_id()))
        .await
        .unwrap();
    let org = session.org_name().to_string();
    let mut checklist = Checklist::default();
    checklist
        .override_lock(&org, &org, "bench", time::OffsetDateTime::now_utc())
        .unwrap();
    session.set_backup(checklist).unwrap();
    let started = Instant::now();
    let applied = session
        .apply(
            StepId::Users,
            &StepOptions::default(),
            Some(&org),
            |_| {},
            &CancelToken::default(),
        )
        .await
        .unwrap();
    assert!(
        applied.report.failed.is_empty(),
        "{:?}",
        applied.report.failed
    );
    started.elapsed()
}

/// The baseline: list everyone, then one `DELETE` at a time through the same client.
async fn one_at_a_time_delete_all(sim: &Sim) -> Duration {
    #[derive(Deserialize)]
    struct Id {
        id: String,
    }
    let graph = client(sim, GraphOptions::default()).await;
    let started = Instant::now();
    let me: Id = graph.get("/v1.0/me?$select=id").await.unwrap();
    let users: Vec<Id> = graph
        .get_all("/v1.0/users?$select=id&$top=999")
        .await
        .unwrap();
    for user in users.iter().filter(|u| u.id != me.id) {
        graph
            .delete(&format!("/v1.0/users/{}", user.id))
            .await
            .unwrap();
    }
    started.elapsed()
}

/// (missed, deleted twice) among the `expected` people other than the administrator.
fn exactness(stats: &Stats, expected: usize) -> (usize, usize) {
    let deleted = stats.deletions_by_id("user");
    let twice = deleted.values().filter(|n| **n > 1).count();
    (expected.saturating_sub(deleted.len()), twice)
}

async fn latency_bound() {
    let latency = Latency::Fixed(Duration::from_millis(100));
    let (ours, theirs) = (start("large", latency).await, start("large", latency).await);
    let closeout = closeout_delete_all(&ours, GraphOptions::default()).await;
    let baseline = one_at_a_time_delete_all(&theirs).await;
    let stats = ours.stats();
    let (missed, twice) = exactness(&stats, 299);
    println!("300 people, 100 ms latency per request");
    println!(
        "  Closeout            {:>8.2} s  ({} HTTP requests to Graph, {} counting each $batch item)",
        closeout.as_secs_f64(),
        stats.total_http_requests,
        stats.total_requests
    );
    println!("  one at a time       {:>8.2} s", baseline.as_secs_f64());
    println!(
        "  speed-up            {:>8.1} x   (target >= 20 x)",
        baseline.as_secs_f64() / closeout.as_secs_f64()
    );
    println!("  missed / twice      {missed} / {twice}");
}

/// `--share F`: the fraction of Microsoft's budget the client allows itself (default: the
/// Graph client's own default, which leaves room for other apps in the tenant).
fn pacing_share() -> Option<f64> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == "--share")?;
    args.get(at + 1)?.parse().ok()
}

async fn throttle_bound() {
    const PEOPLE: usize = 5_000;
    const WRITE_BUDGET: f64 = 3_000.0;
    const WRITE_WINDOW_SECS: f64 = 150.0;
    let sim = start(&format!("users-{PEOPLE}"), Latency::None).await;
    let mut options = GraphOptions::default();
    if let Some(share) = pacing_share() {
        options.pacing = Pacing {
            share,
            ..Pacing::default()
        };
    }
    let share = options.pacing.share;
    let wall = closeout_delete_all(&sim, options).await;
    let deletes = (PEOPLE - 1) as f64;
    let minimum = ((deletes - WRITE_BUDGET).max(0.0)) / (WRITE_BUDGET / WRITE_WINDOW_SECS);
    let stats = sim.stats();
    let (missed, twice) = exactness(&stats, PEOPLE - 1);
    let throttled_share = stats.throttled as f64 / stats.total_requests.max(1) as f64;
    println!("{PEOPLE} people, throttling on (writes {WRITE_BUDGET} per {WRITE_WINDOW_SECS} s), client pacing share {share}");
    println!("  Closeout            {:>8.1} s", wall.as_secs_f64());
    println!("  throttle-bound min  {:>8.1} s", minimum);
    println!(
        "  ratio               {:>8.2} x   (target <= 1.2 x)",
        wall.as_secs_f64() / minimum.max(f64::EPSILON)
    );
    println!(
        "  429 answers         {} of {} requests ({:.2} %, target < 1 %)",
        stats.throttled,
        stats.total_requests,
        throttled_share * 100.0
    );
    println!("  missed / twice      {missed} / {twice}");
}

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env(
            closeout_core::LOG_FILTER_ENV,
        ))
        .init();
    latency_bound().await;
    if !std::env::args().any(|a| a == "--skip-throttled") {
        throttle_bound().await;
    }
}
