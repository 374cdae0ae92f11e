//! The leak test: a sign-in, token rotations, a 401-driven refresh and a few hundred Graph
//! calls against the practice tenant, with every crate logging at TRACE into a buffer; then
//! the buffer is searched for every access and refresh token seen: none may appear, not even
//! a slice of one.

mod auth_support;

use auth_support::flows::{auto_consent_sign_in, practice_sign_in};
use auth_support::leaks::{log_everything_at_trace, Buffer, Tokens};
use closeout_core::graph::{BatchItem, GraphOptions, Pacing};
use closeout_sim::{Sim, SimOptions};
use serde_json::Value;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_reaches_the_logs() {
    let logs = Buffer::default();
    let writer = logs.clone();
    log_everything_at_trace(move || writer.clone());
    let mut options = SimOptions::scenario("users-300");
    options.auto_consent = true;
    options.throttling = false;
    let sim = Sim::start(options).await.unwrap();
    let sign_in = practice_sign_in(&sim, None);

    let session = auto_consent_sign_in(&sign_in).await;
    let mut seen = Tokens::default();
    seen.remember(&session).await;

    let me = session.identify().await.unwrap();
    let graph = session
        .graph_with(GraphOptions {
            pacing: Pacing::off(),
            ..GraphOptions::default()
        })
        .unwrap();
    let mut calls = 0;
    for round in 0..3 {
        let users: Vec<Value> = graph
            .get_all("/v1.0/users?$select=id,userPrincipalName&$top=50")
            .await
            .unwrap();
        seen.remember(&session).await;
        calls += users.len().div_ceil(50);
        for user in users.iter().take(60) {
            let id = user["id"].as_str().unwrap();
            let _: Value = graph
                .get(&format!("/v1.0/users/{id}?$select=id,displayName"))
                .await
                .unwrap();
            calls += 1;
        }
        let items = users
            .iter()
            .take(40)
            .enumerate()
            .map(|(i, u)| {
                BatchItem::get(
                    i.to_string(),
                    format!("/v1.0/users/{}", u["id"].as_str().unwrap()),
                )
            })
            .collect();
        let outcomes = graph.batch(items, |_| {}).await.unwrap();
        assert!(outcomes.iter().all(|o| o.is_success()));
        calls += 2;
        session.refresh_now().await.unwrap();
        seen.remember(&session).await;
        if round == 1 {
            // Let the access token expire on Microsoft's side: the next call gets 401 and refreshes.
            sim.advance_clock(Duration::from_secs(3700));
        }
    }
    let _: Value = graph.get("/v1.0/me").await.unwrap();
    seen.remember(&session).await;
    assert!(calls >= 200, "a few hundred calls: {calls}");
    let stats = sim.stats();
    assert!(
        stats.statuses.get(&401).copied().unwrap_or(0) >= 1,
        "the 401 path ran: {:?}",
        stats.statuses
    );
    std::fs::write(
        std::env::temp_dir().join("closeout-auth-leak.log"),
        logs.0.lock().unwrap().as_slice(),
    )
    .ok();
    assert!(me.is_global_admin);

    let text = logs.text();
    assert!(text.contains("graph.request"), "the capture works");
    assert!(text.contains("TRACE"), "TRACE level was on");
    assert!(
        seen.distinct() >= 8,
        "several rotated tokens were checked: {}",
        seen.distinct()
    );
    seen.assert_absent("the logs", text.as_bytes());
    assert!(!text.to_ascii_lowercase().contains("authorization: bearer"));
}
