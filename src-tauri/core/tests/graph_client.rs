//! The Graph client against scripted loopback servers: paging, batches with mixed results,
//! fractional `Retry-After`, 503 storms, resets, truncated bodies, and 401 then refresh.

mod auth_support;

use auth_support::{serve, Answer, Req};
use closeout_core::graph::*;
use closeout_core::ErrorCode;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tracing_subscriber::layer::SubscriberExt;

fn fast_options() -> GraphOptions {
    GraphOptions {
        retry: RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_secs(2),
            request_timeout: Duration::from_secs(10),
        },
        pacing: Pacing::off(),
    }
}

fn client(base: &str) -> GraphClient {
    let tokens = Arc::new(StaticToken(Secret::new("tok-static")));
    GraphClient::with_options(base, tokens, fast_options()).unwrap()
}

fn query_param(req: &Req, name: &str) -> Option<String> {
    let url = url::Url::parse(&format!("http://x{}", req.path)).unwrap();
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn pages_through_2500_users() {
    let server = serve(|req, _| {
        let skip: usize = query_param(req, "$skiptoken").map_or(0, |s| s.parse().unwrap());
        let end = (skip + 999).min(2500);
        let users: Vec<Value> = (skip..end)
            .map(|i| json!({"id": format!("u{i}")}))
            .collect();
        let mut page = json!({"value": users});
        if end < 2500 {
            let host = req.header("host").unwrap();
            page["@odata.nextLink"] = json!(format!(
                "http://{host}/v1.0/users?$select=id&$top=999&$skiptoken={end}"
            ));
        }
        Answer::json(200, page).with_header("request-id", "rid-page")
    })
    .await;
    #[derive(serde::Deserialize)]
    struct User {
        id: String,
    }
    let mut progress = vec![];
    let users: Vec<User> = client(&server.base)
        .get_all_with_progress("/v1.0/users?$select=id&$top=999", |n| progress.push(n))
        .await
        .unwrap();
    assert_eq!(users.len(), 2500);
    assert_eq!(users[0].id, "u0");
    assert_eq!(users[2499].id, "u2499");
    assert_eq!(progress, vec![999, 1998, 2500]);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests
        .iter()
        .all(|r| r.header("authorization") == Some("Bearer tok-static")));
    assert_eq!(
        requests[2].path,
        "/v1.0/users?$select=id&$top=999&$skiptoken=1998"
    );
}

#[tokio::test]
async fn next_link_to_another_host_is_refused() {
    let server = serve(|_, _| {
        Answer::json(
            200,
            json!({"value": [], "@odata.nextLink": "https://evil.example/v1.0/users"}),
        )
    })
    .await;
    let err = client(&server.base)
        .get_all::<Value>("/v1.0/users")
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedResponse);
    assert_eq!(server.requests().len(), 1);
}

/// Items `t*` are throttled once (with their own fractional Retry-After), `g*` answer 404,
/// `d*` 403, the rest 204; answers come back in reverse order.
#[tokio::test]
async fn batch_with_mixed_item_results_retries_only_throttled_items() {
    let throttled_once = Arc::new(std::sync::Mutex::new(std::collections::HashSet::new()));
    let seen = throttled_once.clone();
    let server = serve(move |req, _| {
        let body = req.json();
        let mut responses: Vec<Value> = body["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| {
                let id = item["id"].as_str().unwrap().to_owned();
                assert_eq!(item["method"], "DELETE");
                assert!(item["url"].as_str().unwrap().starts_with("/users/"));
                if id.starts_with('t') && seen.lock().unwrap().insert(id.clone()) {
                    json!({"id": id, "status": 429, "headers": {"Retry-After": "0.15"},
                           "body": {"error": {"code": "TooManyRequests", "message": "Please retry again later."}}})
                } else if id.starts_with('r') && seen.lock().unwrap().insert(id.clone()) {
                    json!({"id": id, "status": 503, "headers": {"Retry-After": "0.01"}})
                } else if id.starts_with('g') || id.starts_with('r') {
                    json!({"id": id, "status": 404, "body": {"error": {"code": "Request_ResourceNotFound", "message": "gone"}}})
                } else if id.starts_with('d') {
                    json!({"id": id, "status": 403, "body": {"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges to complete the operation."}}})
                } else {
                    json!({"id": id, "status": 204, "headers": {"request-id": format!("rid-{id}")}})
                }
            })
            .collect();
        responses.reverse();
        Answer::json(200, json!({"responses": responses})).with_header("request-id", "rid-batch")
    })
    .await;

    let mut items = vec![];
    for i in 0..30 {
        items.push(BatchItem::delete(
            format!("ok{i}"),
            format!("/v1.0/users/ok{i}"),
        ));
    }
    for i in 0..10 {
        items.push(BatchItem::delete(
            format!("t{i}"),
            format!("/v1.0/users/t{i}"),
        ));
    }
    items.push(BatchItem::delete("g1", "/v1.0/users/g1"));
    items.push(BatchItem::delete("r1", "/v1.0/users/r1"));
    items.push(BatchItem::delete("d1", "/v1.0/users/d1"));
    let mut progress = vec![];
    let started = Instant::now();
    let outcomes = client(&server.base)
        .batch(items, |n| progress.push(n))
        .await
        .unwrap();

    assert_eq!(outcomes.len(), 43);
    assert_eq!(outcomes[0].id, "ok0", "outcomes keep the input order");
    for o in &outcomes {
        match o.id.chars().next().unwrap() {
            'o' | 't' => {
                assert!(o.is_success(), "{o:?}");
                assert_eq!(o.status, 204);
                assert_eq!(
                    o.request_id.as_deref(),
                    Some(format!("rid-{}", o.id).as_str())
                );
            }
            'r' => {
                assert!(
                    o.is_success(),
                    "404 after a retried DELETE = already gone: {o:?}"
                );
                assert_eq!(o.status, 404);
            }
            'g' => {
                let err = o.error.as_ref().unwrap();
                assert_eq!(err.code, ErrorCode::NotFound);
                assert_eq!(
                    err.details.as_ref().unwrap()["graphCode"],
                    "Request_ResourceNotFound"
                );
            }
            _ => {
                let err = o.error.as_ref().unwrap();
                assert_eq!(err.code, ErrorCode::AccessDenied);
                assert_eq!(o.request_id.as_deref(), Some("rid-batch"));
            }
        }
    }
    let calls = server.requests();
    let sizes: Vec<usize> = calls
        .iter()
        .map(|r| r.json()["requests"].as_array().unwrap().len())
        .collect();
    assert!(calls
        .iter()
        .all(|r| r.method == "POST" && r.path == "/v1.0/$batch"));
    assert_eq!(
        sizes.iter().sum::<usize>(),
        43 + 11,
        "only the 11 throttled or unavailable items were sent again: {sizes:?}"
    );
    assert!(sizes.iter().all(|&n| n <= 20), "{sizes:?}");
    let retried: Vec<String> = calls
        .iter()
        .skip(3)
        .flat_map(|r| {
            r.json()["requests"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        retried.iter().all(|id| id.starts_with('t') || id == "r1"),
        "{retried:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(150),
        "Retry-After 0.15 s was honoured"
    );
    assert_eq!(*progress.last().unwrap(), 43);
}

/// The `wait_ms` of every "graph retry" the client logs: the wait it asks the runtime for.
#[derive(Clone, Default)]
struct RetryWaits(Arc<std::sync::Mutex<Vec<u64>>>);

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for RetryWaits {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        struct Wait(Option<u64>);
        impl tracing::field::Visit for Wait {
            fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
                if field.name() == "wait_ms" {
                    self.0 = Some(value);
                }
            }
            fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
        }
        let mut wait = Wait(None);
        event.record(&mut wait);
        if let Some(ms) = wait.0 {
            self.0.lock().unwrap().push(ms);
        }
    }
}

#[tokio::test]
async fn fractional_retry_after_is_honoured() {
    let server = serve(|_, i| {
        if i == 0 {
            Answer::json(429, json!({"error": {"code": "TooManyRequests", "message": "Please retry again later."}}))
                .with_header("Retry-After", "0.35")
        } else {
            Answer::json(200, json!({"id": "me"})).with_header("request-id", "rid-2")
        }
    })
    .await;
    let waits = RetryWaits::default();
    let _guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(waits.clone()));
    let started = Instant::now();
    let reply: Reply<Value> = client(&server.base).get_reply("/v1.0/me").await.unwrap();
    // The wait the client asked for is exactly Microsoft's 0.35 s (not rounded to a second,
    // not a back-off of its own), and it really slept it.
    assert_eq!(*waits.0.lock().unwrap(), vec![350]);
    let slept = started.elapsed();
    assert!(slept >= Duration::from_millis(350), "{slept:?}");
    assert_eq!(reply.value["id"], "me");
    assert_eq!(reply.request_id.as_deref(), Some("rid-2"));
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_503_storm_is_ridden_out_then_reported_when_endless() {
    let storm = serve(|_, i| {
        if i < 5 {
            Answer::json(
                503,
                json!({"error": {"code": "serviceNotAvailable", "message": "busy"}}),
            )
        } else {
            Answer::json(200, json!({"ok": true}))
        }
    })
    .await;
    let value: Value = client(&storm.base).get("/v1.0/organization").await.unwrap();
    assert_eq!(value["ok"], true);
    assert_eq!(storm.requests().len(), 6);

    let endless = serve(|_, _| {
        Answer::json(
            504,
            json!({"error": {"code": "UnknownError", "message": ""}}),
        )
        .with_header("request-id", "rid-504")
    })
    .await;
    let err = client(&endless.base)
        .get::<Value>("/v1.0/organization")
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ServiceUnavailable);
    assert_eq!(err.details.unwrap()["requestId"], "rid-504");
    assert_eq!(endless.requests().len(), 6, "bounded attempts");
}

#[tokio::test]
async fn connection_resets_are_retried_for_idempotent_calls_only() {
    let server = serve(|req, i| match (req.method.as_str(), i) {
        (_, 0 | 1) => Answer::Reset,
        ("PATCH", _) => Answer::empty(204).with_header("request-id", "rid-patch"),
        _ => Answer::Reset,
    })
    .await;
    let done = client(&server.base)
        .patch(
            "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy",
            json!({"isEnabled": false}),
        )
        .await
        .unwrap();
    assert_eq!(
        done,
        Done {
            request_id: Some("rid-patch".into()),
            status: 204
        }
    );
    let patches = server.requests();
    assert_eq!(patches.len(), 3);
    assert_eq!(patches[2].json(), json!({"isEnabled": false}));

    let err = client(&server.base)
        .post::<Value>("/v1.0/directory/deletedItems/x/restore", json!({}))
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Network);
    assert_eq!(
        server.requests().len(),
        4,
        "a POST that may have run is not resent"
    );
}

#[tokio::test]
async fn truncated_and_malformed_bodies_are_errors_not_panics() {
    let server = serve(|req, i| match (req.path.as_str(), i) {
        ("/v1.0/cut", 0) => Answer::CutShort {
            declared: 200,
            body: br#"{"value":[{"id":"#.to_vec(),
        },
        ("/v1.0/cut", _) => Answer::json(200, json!({"value": [{"id": "a"}]})),
        _ => Answer::Http {
            status: 200,
            headers: vec![("request-id".into(), "rid-bad".into())],
            body: br#"{"value":[{"id":"a"},{"id":"#.to_vec(),
        },
    })
    .await;
    let graph = client(&server.base);
    let items: Vec<Value> = graph.get_all("/v1.0/cut").await.unwrap();
    assert_eq!(
        items,
        vec![json!({"id": "a"})],
        "a body cut by the network is fetched again"
    );

    let err = graph.get::<Value>("/v1.0/malformed").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedResponse);
    assert_eq!(err.details.unwrap()["requestId"], "rid-bad");
    assert!(
        !err.message.contains("\"id\""),
        "no body content in the message: {}",
        err.message
    );
}

struct Rotating {
    refreshes: AtomicUsize,
}

impl TokenSource for Rotating {
    fn access_token(&self) -> BoxFuture<'_, closeout_core::Result<Secret>> {
        let n = self.refreshes.load(Ordering::SeqCst);
        Box::pin(async move { Ok(Secret::new(format!("tok-{n}"))) })
    }
    fn refresh_after_401(&self, _refused: Secret) -> BoxFuture<'_, closeout_core::Result<Secret>> {
        let n = self.refreshes.fetch_add(1, Ordering::SeqCst) + 1;
        Box::pin(async move { Ok(Secret::new(format!("tok-{n}"))) })
    }
}

#[tokio::test]
async fn a_401_refreshes_once_then_gives_up() {
    let server = serve(|req, _| {
        if req.header("authorization") == Some("Bearer tok-1") && req.path == "/v1.0/me" {
            Answer::json(200, json!({"id": "me"}))
        } else {
            Answer::json(
                401,
                json!({"error": {"code": "InvalidAuthenticationToken", "message": "expired"}}),
            )
        }
    })
    .await;
    let tokens = Arc::new(Rotating {
        refreshes: AtomicUsize::new(0),
    });
    let graph = GraphClient::with_options(&server.base, tokens.clone(), fast_options()).unwrap();
    let me: Value = graph.get("/v1.0/me").await.unwrap();
    assert_eq!(me["id"], "me");
    assert_eq!(tokens.refreshes.load(Ordering::SeqCst), 1);
    let seen: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(seen, vec!["Bearer tok-0", "Bearer tok-1"]);

    let err = graph.get::<Value>("/v1.0/other").await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unauthorized);
    assert_eq!(
        err.details.unwrap()["graphCode"],
        "InvalidAuthenticationToken"
    );
    assert_eq!(
        tokens.refreshes.load(Ordering::SeqCst),
        2,
        "exactly one refresh per call"
    );
}

#[tokio::test]
async fn delete_404_after_a_retry_means_already_done() {
    let server = serve(|req, i| match (req.path.as_str(), i) {
        ("/v1.0/users/a", 0) => Answer::json(
            503,
            json!({"error": {"code": "serviceNotAvailable", "message": ""}}),
        ),
        _ => Answer::json(
            404,
            json!({"error": {"code": "Request_ResourceNotFound", "message": "gone"}}),
        ),
    })
    .await;
    let graph = client(&server.base);
    let done = graph.delete("/v1.0/users/a").await.unwrap();
    assert_eq!(done.status, 404);
    let err = graph.delete("/v1.0/users/b").await.unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::NotFound,
        "a first-try 404 is not silently success"
    );
}

#[tokio::test]
async fn consistency_level_header_is_sent_when_asked() {
    let server = serve(|_, _| Answer::json(200, json!({"value": []}))).await;
    let graph = client(&server.base);
    let _: Vec<Value> = graph.get_all("/v1.0/users").await.unwrap();
    let _: Vec<Value> = graph
        .with_consistency(ConsistencyLevel::Eventual)
        .get_all("/v1.0/users?$count=true")
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("consistencylevel"), None);
    assert_eq!(requests[1].header("consistencylevel"), Some("eventual"));
}

#[tokio::test]
async fn conditional_access_calls_are_spaced_and_their_429_waits() {
    let server = serve(|_, i| {
        if i == 1 {
            Answer::json(
                429,
                json!({"error": {"code": "TooManyRequests", "message": ""}}),
            )
        } else {
            Answer::empty(204)
        }
    })
    .await;
    let graph = client(&server.base);
    let started = Instant::now();
    for id in ["p1", "p2"] {
        graph
            .patch(
                &format!("/v1.0/identity/conditionalAccess/policies/{id}"),
                json!({"state": "disabled"}),
            )
            .await
            .unwrap();
    }
    // p1 at 0 s, p2 at >= 1 s (gap) gets 429 without Retry-After, resent >= 1 s later.
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.requests().len(), 3);
}
