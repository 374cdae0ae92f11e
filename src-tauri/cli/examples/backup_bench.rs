//! Benchmark (not a test): Closeout's backup engine against the practice bakery (its 9
//! mailboxes and its OneDrives, every grant given), side by side in one run, printing ratios.
//!
//! The practice tenant answers every Graph request after a fixed `LATENCY` of 20 ms (a read's
//! answer is made within that time, as Microsoft's is; file downloads from the
//! pre-authenticated links are not delayed: they are the loopback limit), and enforces
//! Outlook's documented limits per mailbox: 4 requests at a time and 10,000 per 10 minutes.
//! Everything shares the machine's cores: the practice tenant's work, both clients', and the
//! file system's (creating 22,500 files costs the kernel seconds; on ext4 without a journal,
//! more in the half minute after many files were deleted, so leave a minute between runs).
//!
//! 1. Mail: 2,500 messages in each mailbox (22,500 in all), no files. The throttle-bound
//!    minimum is derived from the requests the run made to each mailbox (R: its share of the
//!    listing pages plus one `$value` a message it saved): R x LATENCY / 4 (four at a time),
//!    or, when R exceeds the 10,000 a 10-minute window allows, (R - 10,000) x 600 s / 10,000
//!    more. Mailboxes are independent, so the slowest one bounds the run. Target: within 1.2
//!    times. Also measured: the same `$value` requests from a plain client, 4 at a time per
//!    mailbox, into memory (what the practice tenant and the loopback allow at those limits,
//!    with no listing and nothing written).
//! 2. Files: about 3 GB (32 files in each drive, up to `--max-mb` MB each: the OneDrives, the
//!    sites' libraries and the Teams'), no mail. First a plain download of every link, 16 at a
//!    time, into memory and dropped: the loopback limit. Then, on each file system a backup
//!    can go to here (the disk of the temporary folder, and `/dev/shm`, a file system in
//!    memory, when it has room), the same plain download written to files (no hash, no
//!    journal: what a plain downloader does), timed when its last byte is written and again
//!    after one `syncfs` (the least a copy that survives a power cut must wait for, which
//!    Closeout's group commit also pays), and Closeout's backup (list, save, hash, check,
//!    journal, sync) to that same file system. Target: Closeout within 1.3 times the plain
//!    download to the same file system. Writing the bytes anywhere costs the plain download
//!    too (on this 2-core machine, 1.4 times the download into memory on `/dev/shm`, 1.7 and
//!    more on the disk), so the ratio against the download into memory is printed as well,
//!    for what saving the bytes costs in all.
//! 3. Peak memory of the process (the practice tenant included): target under 200 MB.
//!
//! `cargo run --release -p closeout-cli --example backup_bench [-- --per-mailbox 2500 --max-mb 16]`

use closeout_cli::practice;
use closeout_core::export::{self, BackupOptions};
use closeout_core::graph::GraphClient;
use closeout_sim::{ContentOptions, Latency, Sim, SimOptions};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

const LATENCY: Duration = Duration::from_millis(20);

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

/// A whole Closeout run: its time, the time its listing took (until the first item was
/// being saved), and what it saved.
async fn closeout(
    graph: &GraphClient,
    within: &std::path::Path,
) -> (Duration, Duration, export::Outcome) {
    let dir = tempfile::tempdir_in(within).unwrap();
    let options = BackupOptions {
        reserve_bytes: 0,
        ..BackupOptions::new(dir.path().to_path_buf())
    };
    let started = Instant::now();
    let listed = Arc::new(std::sync::OnceLock::new());
    let first_save = listed.clone();
    let on_progress: export::engine::OnProgress = Arc::new(move |p| {
        if p.phase == export::engine::Phase::Saving {
            first_save.get_or_init(|| started.elapsed());
        }
    });
    let outcome = export::run(graph, options, on_progress)
        .await
        .expect("backup");
    let elapsed = started.elapsed();
    (elapsed, listed.get().copied().unwrap_or(elapsed), outcome)
}

/// The saved messages' Graph ids, by mailbox (the person's UPN).
fn messages_by_mailbox(manifest: &export::Manifest) -> BTreeMap<String, Vec<String>> {
    let mut by = BTreeMap::<String, Vec<String>>::new();
    for item in manifest
        .items
        .iter()
        .filter(|i| i.kind == export::Kind::Mail)
    {
        by.entry(item.person.clone())
            .or_default()
            .push(item.graph_id.clone());
    }
    by
}

/// The same `$value` requests, 4 at a time per mailbox (Outlook's limit), each answer read
/// into memory and dropped: no listing, no disk, no journal.
async fn plain_mail(graph: &GraphClient, by_mailbox: &BTreeMap<String, Vec<String>>) -> Duration {
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for (mailbox, ids) in by_mailbox {
        let queue = Arc::new(std::sync::Mutex::new(ids.clone()));
        for _ in 0..4 {
            let (graph, queue, mailbox) = (graph.clone(), queue.clone(), mailbox.clone());
            workers.spawn(async move {
                loop {
                    let Some(id) = queue.lock().unwrap().pop() else {
                        return;
                    };
                    let path = format!("/v1.0/users/{mailbox}/messages/{id}/$value");
                    let (status, _) = graph.get_any(&path).await.unwrap();
                    assert_eq!(status, 200, "{path}");
                }
            });
        }
    }
    while workers.join_next().await.is_some() {}
    started.elapsed()
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

/// What one plain download took: until its last byte, and (written to files) until the disk
/// had them all.
struct Plain {
    bytes: u64,
    done: Duration,
    synced: Duration,
}

/// Every file's download link in those drives, then all of them fetched 16 at a time, into
/// memory and dropped (the loopback limit), or written each to a file of `to` with nothing
/// else (no hash, no journal: what a plain downloader does to a disk), then one sync.
async fn plain_download(graph: &GraphClient, to: Option<&std::path::Path>) -> Plain {
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
    let mut bytes = 0;
    while let Some(n) = tasks.join_next().await {
        bytes += n.unwrap();
    }
    let done = started.elapsed();
    if let Some(dir) = to {
        closeout_core::fsio::sync_written(dir, &[]).expect("sync");
    }
    Plain {
        bytes,
        done,
        synced: started.elapsed(),
    }
}

/// A folder on a file system held in memory (`/dev/shm`) with room for `bytes` and a margin,
/// where there is one.
fn memory_fs(bytes: u64) -> Option<std::path::PathBuf> {
    let shm = std::path::PathBuf::from("/dev/shm");
    let free = export::free_bytes(&shm)?;
    (free > bytes * 3 / 2).then_some(shm)
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
    let per_mailbox = arg("--per-mailbox", 2_500) as u32;
    let max_mb = arg("--max-mb", 16);

    let (sim, graph) = bakery(ContentOptions {
        messages_per_mailbox: per_mailbox,
        files_per_drive: 0,
        ..ContentOptions::default()
    })
    .await;
    let before = sim.stats().total_requests;
    let (mail_time, listing, outcome) = closeout(&graph, &std::env::temp_dir()).await;
    let stats = sim.stats();
    let requests = (stats.total_requests - before) as f64;
    let throttled = stats.statuses.get(&429).copied().unwrap_or(0);
    let by_mailbox = messages_by_mailbox(&outcome.manifest);
    let saved: usize = by_mailbox.values().map(Vec::len).sum();
    // Each mailbox's share of the listing, plus one `$value` per message it holds.
    let listing_share = (requests - saved as f64) / by_mailbox.len().max(1) as f64;
    let bound = by_mailbox
        .values()
        .map(|ids| mail_bound(ids.len() as f64 + listing_share))
        .max()
        .unwrap_or_default();
    let plain = plain_mail(&graph, &by_mailbox).await;
    sim.shutdown().await;
    let secs = |d: Duration| d.as_secs_f64();
    println!("mail: {saved} messages from {} mailboxes in {:.1} s (listing {:.1} s); throttle-bound minimum {:.1} s ({requests} requests, {} ms each, 4 at a time per mailbox, {throttled} answered 429); ratio {:.2} (target <= 1.2); the same messages from a plain client at those limits {:.1} s (ratio {:.2})",
        by_mailbox.len(), secs(mail_time), secs(listing), secs(bound), LATENCY.as_millis(),
        secs(mail_time) / secs(bound), secs(plain), secs(mail_time) / secs(plain));

    let (sim, graph) = bakery(ContentOptions {
        messages_per_mailbox: 0,
        files_per_drive: 32,
        max_file_bytes: max_mb * 1024 * 1024,
        ..ContentOptions::default()
    })
    .await;
    let memory = plain_download(&graph, None).await;
    let secs = |d: Duration| d.as_secs_f64();
    println!(
        "files: {:.2} GB; plain parallel download into memory {:.1} s (the loopback limit)",
        memory.bytes as f64 / 1e9,
        secs(memory.done)
    );
    // On the disk the backup would go to, then on a file system in memory (the disk aside):
    // the plain download and Closeout, each writing to the same file system.
    let disk = std::env::temp_dir();
    let places =
        std::iter::once(("on disk", Some(disk))).chain([("in memory", memory_fs(memory.bytes))]);
    for (what, within) in places {
        let Some(within) = within else {
            println!("files to a file system in memory: no /dev/shm with room for them here");
            continue;
        };
        let plain = {
            let to = tempfile::tempdir_in(&within).unwrap();
            plain_download(&graph, Some(to.path())).await
        };
        let (time, listing, outcome) = closeout(&graph, &within).await;
        let ratio = |base: Duration| secs(time) / secs(base);
        println!("files to a file system {what} ({}): {} files; plain parallel download {:.1} s, {:.1} s synced; Closeout {:.1} s (listing {:.1} s, saving, hashing, checking, synced); ratio {:.2} (target <= 1.3), {:.2} against it synced, {:.2} against the download into memory",
            within.display(), outcome.manifest.items.len(), secs(plain.done), secs(plain.synced),
            secs(time), secs(listing), ratio(plain.done), ratio(plain.synced), ratio(memory.done));
    }
    sim.shutdown().await;
    match peak_rss_mb() {
        Some(mb) => println!("peak memory: {mb:.0} MB (target < 200 MB)"),
        None => println!("peak memory: not measurable on this system"),
    }
}
