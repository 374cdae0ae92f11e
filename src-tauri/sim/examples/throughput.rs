//! Benchmark (not a test): how many Graph requests per second the practice tenant serves on
//! loopback with faults and throttling off, so client benchmarks can show they measure the
//! client, not the emulator.
//!
//! `cargo run --release -p closeout-sim --example throughput [-- --seconds 3 --concurrency 16]`

use closeout_sim::{Sim, SimOptions};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn token(sim: &Sim, http: &reqwest::Client) -> String {
    let url = format!(
        "{}/oauth2/v2.0/authorize?client_id={}&response_type=code&redirect_uri=http%3A%2F%2Flocalhost%2F&scope=openid%20offline_access%20https%3A%2F%2Fgraph.microsoft.com%2F.default",
        sim.authority(),
        sim.client_id()
    );
    let res = http.get(url).send().await.expect("authorize");
    let location = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let code = url::Url::parse(&location)
        .expect("url")
        .query_pairs()
        .find(|(k, _)| k == "code")
        .expect("code")
        .1
        .into_owned();
    let body: serde_json::Value = http
        .post(format!("{}/oauth2/v2.0/token", sim.authority()))
        .form(&[
            ("client_id", sim.client_id()),
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "http://localhost/"),
        ])
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    body["access_token"]
        .as_str()
        .expect("access token")
        .to_string()
}

async fn run(label: &str, path: &str, seconds: u64, concurrency: u64) {
    let sim = Sim::start(SimOptions {
        auto_consent: true,
        throttling: false,
        ..SimOptions::scenario("users-1000")
    })
    .await
    .expect("sim");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let bearer = token(&sim, &http).await;
    let url = format!("{}{path}", sim.base_url());
    let done = Arc::new(AtomicU64::new(0));
    let until = Instant::now() + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (http, url, bearer, done) =
                (http.clone(), url.clone(), bearer.clone(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < until {
                    let res = http
                        .get(&url)
                        .bearer_auth(&bearer)
                        .send()
                        .await
                        .expect("request");
                    assert!(res.status().is_success());
                    res.bytes().await.expect("body");
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for w in workers {
        w.await.expect("worker");
    }
    let n = done.load(Ordering::Relaxed);
    println!(
        "{label:<52} {:>9.0} requests/s  ({n} in {seconds} s, {concurrency} connections)",
        n as f64 / seconds as f64
    );
    sim.shutdown().await;
}

#[tokio::main]
async fn main() {
    let seconds = arg("--seconds", 3);
    let concurrency = arg("--concurrency", 16);
    println!("closeout-sim throughput on loopback, faults and throttling off (tenant: users-1000)");
    run("GET /v1.0/me", "/v1.0/me", seconds, concurrency).await;
    run(
        "GET /v1.0/users?$select=id,userPrincipalName&$top=100",
        "/v1.0/users?$select=id,userPrincipalName&$top=100",
        seconds,
        concurrency,
    )
    .await;
}
