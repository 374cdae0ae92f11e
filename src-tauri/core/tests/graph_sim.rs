//! The Graph client against the practice tenant: paging through 2,500 users under the
//! directory throttling model, a batch with mixed item results, and a run through injected
//! faults (429/503/504 with fractional Retry-After, resets, truncated bodies) that must still
//! end with exactly the right result.

mod auth_support;

use auth_support::flows::{auto_consent_sign_in, practice_sign_in};

use closeout_core::graph::{BatchItem, GraphClient, GraphOptions, Pacing, RetryPolicy, TenantSize};
use closeout_core::ErrorCode;
use closeout_sim::{Faults, Sim, SimOptions};
use serde_json::Value;
use std::collections::HashSet;
use std::time::Duration;

/// A Graph client on a practice session (the browser flow itself is tested in auth_sim).
async fn graph_for(sim: &Sim, pacing: Pacing) -> GraphClient {
    let session = auto_consent_sign_in(&practice_sign_in(sim, None)).await;
    session
        .graph_with(GraphOptions {
            retry: fast_retry(),
            pacing,
        })
        .unwrap()
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_attempts: 8,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_secs(3),
        // A reset connection that never closes must become a timeout and a retry, quickly.
        request_timeout: Duration::from_secs(2),
    }
}

async fn start(scenario: &str, tweak: impl FnOnce(&mut SimOptions)) -> Sim {
    let mut options = SimOptions::scenario(scenario);
    options.auto_consent = true;
    tweak(&mut options);
    Sim::start(options).await.unwrap()
}

#[tokio::test]
async fn pages_through_2500_users_without_being_throttled() {
    let sim = start("users-2500", |_| {}).await;
    let pacing = Pacing {
        tenant_size: TenantSize::Large,
        ..Pacing::default()
    };
    let graph = graph_for(&sim, pacing).await;
    let users: Vec<Value> = graph
        .get_all("/v1.0/users?$select=id,userPrincipalName&$top=999")
        .await
        .unwrap();
    let ids: HashSet<&str> = users.iter().map(|u| u["id"].as_str().unwrap()).collect();
    assert_eq!(users.len(), 2500);
    assert_eq!(ids.len(), 2500, "no user twice, none skipped");
    let stats = sim.stats();
    assert_eq!(stats.count("GET /v1.0/users"), 3, "{:?}", stats.requests);
    assert_eq!(stats.throttled, 0);
}

#[tokio::test]
async fn a_batch_with_mixed_item_results() {
    let sim = start("bakery", |_| {}).await;
    let graph = graph_for(&sim, Pacing::off()).await;
    let me: Value = graph.get("/v1.0/me?$select=id").await.unwrap();
    let users: Vec<Value> = graph.get_all("/v1.0/users?$select=id").await.unwrap();
    let others: Vec<&str> = users
        .iter()
        .map(|u| u["id"].as_str().unwrap())
        .filter(|id| *id != me["id"])
        .collect();
    let mut items: Vec<BatchItem> = others
        .iter()
        .map(|id| BatchItem::delete(*id, format!("/v1.0/users/{id}")))
        .collect();
    items.push(BatchItem::delete(
        "missing",
        "/v1.0/users/00000000-0000-0000-0000-00000000dead",
    ));
    items.push(BatchItem::get("org", "/v1.0/organization?$select=id"));
    let outcomes = graph.batch(items, |_| {}).await.unwrap();
    for outcome in &outcomes {
        match outcome.id.as_str() {
            "missing" => assert_eq!(outcome.error.as_ref().unwrap().code, ErrorCode::NotFound),
            "org" => assert_eq!(outcome.body["value"][0]["id"], sim.tenant_id()),
            _ => assert_eq!(
                (outcome.status, outcome.is_success()),
                (204, true),
                "{outcome:?}"
            ),
        }
    }
    let left: Vec<Value> = graph.get_all("/v1.0/users?$select=id").await.unwrap();
    assert_eq!(left.len(), 1, "only the signed-in admin is left");
    assert_eq!(sim.stats().deletions.len(), others.len());
}

/// Single requests under every fault kind; `$batch` under every fault kind (whole calls and
/// items inside them) is the CLI's fault soak (`cli/tests/cli_fault_soak.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn injected_faults_are_ridden_out_with_the_exact_result() {
    let sim = start("users-600", |o| {
        o.throttling = false;
        o.faults = Faults {
            throttle: 0.08,
            unavailable: 0.05,
            gateway_timeout: 0.03,
            reset: 0.02,
            truncate: 0.04,
            retry_after_secs: 0.05,
            ..Faults::default()
        };
    })
    .await;
    let graph = graph_for(&sim, Pacing::off()).await;
    let users: Vec<Value> = graph
        .get_all("/v1.0/users?$select=id&$top=100")
        .await
        .unwrap();
    assert_eq!(users.len(), 600);
    let me: Value = graph.get("/v1.0/me?$select=id").await.unwrap();
    let doomed: Vec<String> = users
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_owned())
        .filter(|id| *id != me["id"])
        .take(120)
        .collect();
    let mut workers = vec![];
    for chunk in doomed.chunks(30) {
        let (graph, chunk) = (graph.clone(), chunk.to_vec());
        workers.push(tokio::spawn(async move {
            for id in chunk {
                let done = graph.delete(&format!("/v1.0/users/{id}")).await.unwrap();
                assert!(done.status == 204 || done.status == 404, "{done:?}");
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    let left: Vec<Value> = graph
        .get_all("/v1.0/users?$select=id&$top=999")
        .await
        .unwrap();
    assert_eq!(left.len(), 480);
    let stats = sim.stats();
    assert!(
        stats.faults_injected > 10,
        "faults were really injected: {}",
        stats.faults_injected
    );
    assert_eq!(stats.deletions.len(), 120, "each user deleted exactly once");
}

/// 4,000 reads in a small tenant (budget 3,500 RU / 10 s): the pacer spreads them so the
/// practice tenant's throttling model never has to answer 429.
#[tokio::test]
async fn bulk_reads_are_paced_under_the_directory_budget() {
    let sim = start("bakery", |o| o.throttling = true).await;
    let graph = graph_for(&sim, Pacing::default()).await;
    let items: Vec<BatchItem> = (0..4000)
        .map(|i| BatchItem::get(i.to_string(), "/v1.0/organization?$select=id"))
        .collect();
    let outcomes = graph.batch(items, |_| {}).await.unwrap();
    assert!(outcomes.iter().all(|o| o.is_success()));
    let stats = sim.stats();
    assert_eq!(
        stats.throttled, 0,
        "paced, not throttled: {:?}",
        stats.statuses
    );
    assert!(stats.count("GET /v1.0/organization") >= 4000);
}
