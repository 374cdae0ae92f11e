//! The leak test: a sign-in, token rotations, a 401-driven refresh and a few hundred Graph
//! calls against the practice tenant, with every crate logging at TRACE into a buffer; then
//! the buffer is searched for every access and refresh token seen: none may appear, not even
//! a slice of one.

mod auth_support;

use auth_support::flows::auto_consent_sign_in;
use closeout_core::auth::{AuthConfig, SignIn};
use closeout_core::graph::{BatchItem, GraphOptions, Pacing, Secret, TokenSource};
use closeout_sim::{Sim, SimOptions};
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture_everything_at_trace() -> Buffer {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::FULL)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();
    buffer
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_token_reaches_the_logs() {
    let logs = capture_everything_at_trace();
    let mut options = SimOptions::scenario("users-300");
    options.auto_consent = true;
    options.throttling = false;
    let sim = Sim::start(options).await.unwrap();
    let config =
        AuthConfig::for_authority(&sim.authority(), sim.client_id(), sim.base_url()).unwrap();
    let sign_in = SignIn::new(config, None).unwrap();

    let session = auto_consent_sign_in(&sign_in).await;
    let mut seen: Vec<Secret> = vec![];
    let mut remember = |access: Secret, refresh: Option<Secret>| {
        seen.push(access);
        seen.extend(refresh);
    };
    remember(
        session.access_token().await.unwrap(),
        session.refresh_token().await,
    );

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
        remember(
            session.access_token().await.unwrap(),
            session.refresh_token().await,
        );
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
        remember(
            session.access_token().await.unwrap(),
            session.refresh_token().await,
        );
        if round == 1 {
            // Let the access token expire on Microsoft's side: the next call gets 401 and refreshes.
            sim.advance_clock(Duration::from_secs(3700));
        }
    }
    let _: Value = graph.get("/v1.0/me").await.unwrap();
    remember(
        session.access_token().await.unwrap(),
        session.refresh_token().await,
    );
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

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("graph.request"), "the capture works");
    assert!(text.contains("TRACE"), "TRACE level was on");
    seen.sort_by(|a, b| a.expose().cmp(b.expose()));
    seen.dedup();
    assert!(
        seen.len() >= 8,
        "several rotated tokens were checked: {}",
        seen.len()
    );
    for token in &seen {
        let token = token.expose();
        assert!(token.len() >= 24, "a real token");
        let middle = &token[token.len() / 2 - 12..token.len() / 2 + 12];
        assert!(!text.contains(token), "a token is in the logs");
        assert!(!text.contains(middle), "a slice of a token is in the logs");
    }
    assert!(!text.to_ascii_lowercase().contains("authorization: bearer"));
}
