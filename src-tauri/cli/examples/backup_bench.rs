//! Benchmark (not a test): Closeout's backup engine against the practice bakery (8 mailboxes
//! and 8 OneDrives, every grant given), side by side in one run, printing ratios.
//!
//! The practice tenant answers every Graph request after a fixed `LATENCY` of 20 ms (file
//! downloads from the pre-authenticated links are not delayed: they are the loopback limit),
//! and enforces Outlook's documented limits per mailbox: 4 requests at a time and 10,000 per
//! 10 minutes.
//!
//! 1. Mail: 20,000 messages (2,500 in each of the 8 mailboxes), no files. The throttle-bound
//!    minimum is derived from the requests the run made to each mailbox (R: the listing pages
//!    plus one `$value` a message): R x LATENCY / 4 (four at a time), or, when R exceeds the
//!    10,000 a 10-minute window allows, (R - 10,000) x 600 s / 10,000 more. Mailboxes are
//!    independent, so the slowest one bounds the run. Target: within 1.2 times.
//! 2. Files: about 2 GB (32 files in each drive, up to `--max-mb` MB each: the OneDrives, the
//!    sites' libraries and the Teams'), no mail. Closeout (list, save, hash, check, journal)
//!    against a plain download of the same links, 16 at a time, into memory and dropped (the
//!    loopback limit; target: within 1.3 times), and, for what the disk costs, the same plain
//!    download written to files (no hash, no fsync).
//! 3. Peak memory of the process (the practice tenant included): target under 200 MB.
//!
//! `cargo run --release -p closeout-cli --example backup_bench [-- --messages 20000 --max-mb 16]`

use closeout_cli::practice;
use closeout_core::export::{self, BackupOptions};
use closeout_core::graph::GraphClient;
use closeout_sim::{ContentOptions, Latency, Sim, SimOptions};
use std::sync::Arc;
use std::time::{Duration, Instant};

const LATENCY: Duration = Duration::from_millis(20);
const MAILBOXES: u32 = 8;

async fn bakery(content: ContentOptions) -> (Sim, GraphClient) {
    let sim = Sim::start(SimOptions {
        auto_consent: true,
        latency: Latency::Fixed(LATENCY),
        content: ContentOptions {
            grant_delay_secs: 0,
            ..content
        },
        ..SimOptions::scenario("bakery")
    })
    .await
    .expect("practice tenant");
    sim.grant_everyone();
    let signed_in = practice::sign_in(&sim.authority(), sim.client_id(), sim.base_url())
        .await
        .expect("sign-in");
    (sim, signed_in.graph().expect("graph client"))
}

async fn closeout(graph: &GraphClient) -> (Duration, export::Outcome) {
    let dir = tempfile::tempdir().unwrap();
    let options = BackupOptions {
        reserve_bytes: 0,
        ..BackupOptions::new(dir.path().to_path_buf())
    };
    let started = Instant::now();
    let outcome = export::run(graph, options, Arc::new(|_| {}))
        .await
        .expect("backup");
    (started.elapsed(), outcome)
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The throttle-bound minimum for `requests` spread evenly over the mailboxes.
fn mail_bound(requests_per_mailbox: f64) -> Duration {
    let concurrent = requests_per_mailbox * LATENCY.as_secs_f64() / 4.0;
    let windowed = (requests_per_mailbox - 10_000.0).max(0.0) * 600.0 / 10_000.0;
    Duration::from_secs_f64(concurrent.max(windowed))
}

/// Every drive Closeout saves from: each person's OneDrive, each site's libraries and each
/// Microsoft 365 group's (a library reached both ways counts once), as Closeout lists them.
async fn drive_ids(graph: &GraphClient) -> Vec<String> {
    let mut ids = Vec::new();
    let mut add = |v: &serde_json::Value| {
        if let Some(id) = v["id"].as_str() {
            if !ids.iter().any(|known| known == id) {
                ids.push(id.to_string());
            }
        }
    };
    let people: Vec<serde_json::Value> = graph.get_all("/v1.0/users?$select=id").await.unwrap();
    for id in people.iter().filter_map(|p| p["id"].as_str()) {
        if let Ok(drive) = graph
            .get::<serde_json::Value>(&format!("/v1.0/users/{id}/drive?$select=id"))
            .await
        {
            add(&drive);
        }
    }
    let sites: Vec<serde_json::Value> = graph.get_all("/v1.0/sites?search=*").await.unwrap();
    for site in sites.iter().filter_map(|s| s["id"].as_str()) {
        let drives: Vec<serde_json::Value> = graph
            .get_all(&format!("/v1.0/sites/{site}/drives?$select=id"))
            .await
            .unwrap();
        drives.iter().for_each(&mut add);
    }
    let groups: Vec<serde_json::Value> = graph
        .get_all("/v1.0/groups?$select=id,groupTypes")
        .await
        .unwrap();
    for group in groups
        .iter()
        .filter(|g| {
            g["groupTypes"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "Unified"))
        })
        .filter_map(|g| g["id"].as_str())
    {
        if let Ok(drive) = graph
            .get::<serde_json::Value>(&format!("/v1.0/groups/{group}/drive"))
            .await
        {
            add(&drive);
        }
    }
    ids
}

/// Every file's download link in those drives, then all of them fetched 16 at a time, into
/// memory and dropped (the loopback limit), or written each to a file of `to` with nothing
/// else (no hash, no fsync, no journal: what a plain downloader does to a disk).
async fn plain_download(graph: &GraphClient, to: Option<&std::path::Path>) -> (Duration, u64) {
    let mut links = Vec::new();
    for drive in drive_ids(graph).await {
        let items: Vec<serde_json::Value> = graph
            .get_all(&format!("/v1.0/drives/{drive}/root/delta"))
            .await
            .unwrap();
        links.extend(items.iter().filter_map(|i| {
            i["@microsoft.graph.downloadUrl"]
                .as_str()
                .map(str::to_string)
        }));
    }
    let http = reqwest::Client::new();
    let started = Instant::now();
    let queue = Arc::new(std::sync::Mutex::new(
        links.into_iter().enumerate().collect::<Vec<_>>(),
    ));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..16 {
        let (queue, http) = (queue.clone(), http.clone());
        let to = to.map(std::path::Path::to_path_buf);
        tasks.spawn(async move {
            let mut bytes = 0u64;
            loop {
                let Some((n, url)) = queue.lock().unwrap().pop() else {
                    return bytes;
                };
                let mut file = to
                    .as_ref()
                    .map(|dir| std::fs::File::create(dir.join(n.to_string())).unwrap());
                let mut r = http.get(&url).send().await.unwrap();
                while let Some(chunk) = r.chunk().await.unwrap() {
                    bytes += chunk.len() as u64;
                    if let Some(f) = file.as_mut() {
                        std::io::Write::write_all(f, &chunk).unwrap();
                    }
                }
            }
        });
    }
    let mut total = 0;
    while let Some(n) = tasks.join_next().await {
        total += n.unwrap();
    }
    (started.elapsed(), total)
}

/// `--name N` from the command line, or `default`.
fn arg(name: &str, default: u64) -> u64 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    args.windows(2)
        .find(|pair| pair[0] == name)
        .and_then(|pair| pair[1].parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let messages = arg("--messages", 20_000) as u32;
    let max_mb = arg("--max-mb", 16);

    let (sim, graph) = bakery(ContentOptions {
        messages_per_mailbox: messages / MAILBOXES,
        files_per_drive: 0,
        ..ContentOptions::default()
    })
    .await;
    let before = sim.stats().total_requests;
    let (mail_time, outcome) = closeout(&graph).await;
    let stats = sim.stats();
    let requests = (stats.total_requests - before) as f64;
    let throttled = stats.statuses.get(&429).copied().unwrap_or(0);
    let bound = mail_bound(requests / MAILBOXES as f64);
    let saved = outcome.manifest.items.len();
    sim.shutdown().await;
    println!("mail: {saved} messages in {:.1} s; throttle-bound minimum {:.1} s ({} requests over {MAILBOXES} mailboxes, {} ms each, 4 at a time, {throttled} answered 429); ratio {:.2} (target <= 1.2)",
        mail_time.as_secs_f64(), bound.as_secs_f64(), requests, LATENCY.as_millis(), mail_time.as_secs_f64() / bound.as_secs_f64());

    let (sim, graph) = bakery(ContentOptions {
        messages_per_mailbox: 0,
        files_per_drive: 32,
        max_file_bytes: max_mb * 1024 * 1024,
        ..ContentOptions::default()
    })
    .await;
    let (plain, bytes) = plain_download(&graph, None).await;
    let disk = tempfile::tempdir().unwrap();
    let (plain_disk, _) = plain_download(&graph, Some(disk.path())).await;
    drop(disk);
    let (files_time, outcome) = closeout(&graph).await;
    sim.shutdown().await;
    let ratio = |base: Duration| files_time.as_secs_f64() / base.as_secs_f64();
    println!("files: {} files, {:.2} GB: Closeout {:.1} s (listing, saving, hashing, checking); plain parallel download {:.1} s into memory, {:.1} s to disk; ratio {:.2} (target <= 1.3), {:.2} against the download to disk",
        outcome.manifest.items.len(), bytes as f64 / 1e9, files_time.as_secs_f64(), plain.as_secs_f64(),
        plain_disk.as_secs_f64(), ratio(plain), ratio(plain_disk));
    match peak_rss_mb() {
        Some(mb) => println!("peak memory: {mb:.0} MB (target < 200 MB)"),
        None => println!("peak memory: not measurable on this system"),
    }
}
