//! The directory throttling model and injected faults: bursts beyond the budget get 429
//! with a (fractional) Retry-After, waiting that long works, conditional access is held to
//! 1 request per second without Retry-After, and faults replay from the seed.

mod common;

use closeout_sim::{Faults, SimOptions};
use common::*;
use serde_json::json;
use std::time::Duration;

fn retry_after(res: &reqwest::Response) -> Option<f64> {
    res.headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().parse().unwrap())
}

#[tokio::test]
async fn responses_report_resource_units() {
    let s = session("bakery").await;
    let ru = |res: reqwest::Response| {
        res.headers()["x-ms-resource-unit"]
            .to_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(ru(s.get("/v1.0/users").await), "2");
    assert_eq!(ru(s.get("/v1.0/users?$select=id").await), "1");
    assert_eq!(ru(s.get("/v1.0/subscribedSkus").await), "3");
    assert_eq!(
        ru(s.get("/v1.0/domains/crumbandco.com/domainNameReferences")
            .await),
        "4"
    );
}

/// Sends batches of 20 identical requests until an item is throttled; returns that item.
async fn drain(
    s: &Session,
    method: &str,
    url: &str,
    body: Option<serde_json::Value>,
) -> serde_json::Value {
    let mut item = json!({"method": method, "url": url});
    if let Some(b) = body {
        item["body"] = b;
        item["headers"] = json!({"Content-Type": "application/json"});
    }
    for _ in 0..400 {
        let requests: Vec<_> = (1..=20)
            .map(|i| {
                let mut r = item.clone();
                r["id"] = json!(i.to_string());
                r
            })
            .collect();
        let out: serde_json::Value = s
            .post("/v1.0/$batch", json!({"requests": requests}))
            .await
            .json()
            .await
            .unwrap();
        if let Some(hit) = out["responses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["status"] == 429)
        {
            return hit.clone();
        }
    }
    panic!("never throttled");
}

#[tokio::test]
async fn a_burst_beyond_the_budget_gets_429_and_waiting_retry_after_succeeds() {
    let s = session("bakery").await;
    let item = drain(&s, "GET", "/users", None).await;
    assert_eq!(item["body"]["error"]["code"], "TooManyRequests");
    let item_wait: f64 = item["headers"]["Retry-After"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        item_wait > 0.0,
        "each throttled batch item has its own Retry-After"
    );

    let mut res = s.get("/v1.0/users").await;
    for _ in 0..200 {
        if res.status() == 429 {
            break;
        }
        res = s.get("/v1.0/users").await;
    }
    let wait = retry_after(&res).expect("Retry-After on directory 429s");
    assert!(wait > 0.0 && wait < 10.0, "Retry-After {wait}");
    assert!(res.headers()["x-ms-throttle-scope"]
        .to_str()
        .unwrap()
        .starts_with("Tenant_Application/"));
    assert_eq!(error_code(res, 429).await, "TooManyRequests");
    tokio::time::sleep(Duration::from_secs_f64(wait)).await;
    assert_eq!(s.get("/v1.0/users").await.status(), 200);
    assert!(s.sim.stats().throttled >= 2);
}

#[tokio::test]
async fn writes_have_their_own_budget() {
    let s = session("bakery").await;
    let item = drain(
        &s,
        "PATCH",
        "/policies/identitySecurityDefaultsEnforcementPolicy",
        Some(json!({"isEnabled": true})),
    )
    .await;
    assert_eq!(
        item["headers"]["x-ms-throttle-information"],
        "WriteLimitExceeded"
    );
    let writes = s
        .sim
        .stats()
        .count("PATCH /v1.0/policies/identitySecurityDefaultsEnforcementPolicy");
    assert!(
        (3000..3300).contains(&writes),
        "3,000 writes per 2 min 30 s, got {writes}"
    );
}

#[tokio::test]
async fn conditional_access_is_held_to_one_request_per_second_without_retry_after() {
    let s = session("agency").await;
    assert_eq!(
        s.get("/v1.0/identity/conditionalAccess/policies")
            .await
            .status(),
        200
    );
    let res = s.get("/v1.0/identity/conditionalAccess/policies").await;
    assert_eq!(res.status(), 429);
    assert!(retry_after(&res).is_none());
    tokio::time::sleep(Duration::from_millis(1050)).await;
    assert_eq!(
        s.get("/v1.0/identity/conditionalAccess/policies")
            .await
            .status(),
        200
    );

    let free = session_with(SimOptions {
        throttling: false,
        ..SimOptions::scenario("agency")
    })
    .await;
    for _ in 0..3 {
        assert_eq!(
            free.get("/v1.0/identity/conditionalAccess/policies")
                .await
                .status(),
            200
        );
    }
}

#[tokio::test]
async fn injected_503_carries_retry_after() {
    let faults = Faults {
        unavailable: 1.0,
        retry_after_secs: 2.5,
        ..Faults::default()
    };
    let s = session_with(SimOptions {
        faults,
        ..SimOptions::scenario("bakery")
    })
    .await;
    let res = s.get("/v1.0/me").await;
    assert_eq!(retry_after(&res), Some(2.5));
    assert_eq!(error_code(res, 503).await, "serviceNotAvailable");
    assert_eq!(s.sim.stats().faults_injected, 1);
}

#[tokio::test]
async fn resets_truncations_and_hangs_break_the_exchange() {
    let reset = session_with(SimOptions {
        faults: Faults {
            reset: 1.0,
            ..Faults::default()
        },
        ..SimOptions::scenario("bakery")
    })
    .await;
    assert!(reset
        .http
        .get(reset.url("/v1.0/me"))
        .bearer_auth(&reset.token)
        .send()
        .await
        .is_err());
    let stats = reset.sim.stats();
    assert_eq!(
        stats.http_count("GET /v1.0/me"),
        1,
        "a reset request reached the wire"
    );
    assert_eq!(stats.count("GET /v1.0/me"), 0, "and was never answered");

    let cut = session_with(SimOptions {
        faults: Faults {
            truncate: 1.0,
            ..Faults::default()
        },
        ..SimOptions::scenario("bakery")
    })
    .await;
    let broken = match cut
        .http
        .get(cut.url("/v1.0/users"))
        .bearer_auth(&cut.token)
        .send()
        .await
    {
        Err(_) => true,
        Ok(res) => res.bytes().await.is_err(),
    };
    assert!(broken, "the body never completes");

    let hang = session_with(SimOptions {
        faults: Faults {
            hang: 1.0,
            ..Faults::default()
        },
        ..SimOptions::scenario("bakery")
    })
    .await;
    let quick = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = quick
        .get(hang.url("/v1.0/me"))
        .bearer_auth(&hang.token)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout());
    hang.sim.shutdown().await;
}

#[tokio::test]
async fn the_same_seed_replays_the_same_faults() {
    async fn statuses(seed: u64) -> Vec<u16> {
        let faults = Faults {
            throttle: 0.3,
            unavailable: 0.2,
            retry_after_secs: 1.0,
            ..Faults::default()
        };
        let s = session_with(SimOptions {
            seed,
            faults,
            throttling: false,
            ..SimOptions::scenario("bakery")
        })
        .await;
        let mut out = Vec::new();
        for _ in 0..40 {
            out.push(s.get("/v1.0/me").await.status().as_u16());
        }
        out
    }
    let a = statuses(7).await;
    assert_eq!(a, statuses(7).await);
    assert!(a.contains(&429) && a.contains(&503) && a.contains(&200));
    assert_ne!(a, statuses(8).await);
}

#[tokio::test]
async fn fixed_latency_delays_every_graph_answer() {
    let latency = closeout_sim::Latency::Fixed(Duration::from_millis(150));
    let s = session_with(SimOptions {
        latency,
        ..SimOptions::scenario("bakery")
    })
    .await;
    let started = std::time::Instant::now();
    assert_eq!(s.get("/v1.0/me").await.status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn batch_items_get_their_own_injected_faults() {
    let faults = Faults {
        gateway_timeout: 0.3,
        retry_after_secs: 0.5,
        ..Faults::default()
    };
    let s = session_with(SimOptions {
        faults,
        throttling: false,
        ..SimOptions::scenario("bakery")
    })
    .await;
    let requests: Vec<_> = (1..=20)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me?$select=id"}))
        .collect();
    let mut statuses = Vec::new();
    for _ in 0..10 {
        let res = s.post("/v1.0/$batch", json!({"requests": requests})).await;
        if res.status() != 200 {
            assert_eq!(retry_after(&res), Some(0.5));
            continue;
        }
        let out: serde_json::Value = res.json().await.unwrap();
        for item in out["responses"].as_array().unwrap() {
            if item["status"] == 504 {
                assert_eq!(item["headers"]["Retry-After"], "0.5");
            }
            statuses.push(item["status"].as_u64().unwrap());
        }
    }
    assert!(
        statuses.contains(&504) && statuses.contains(&200),
        "{statuses:?}"
    );
}
