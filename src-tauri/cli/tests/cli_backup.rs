//! `closeout-cli backup` against a practice tenant in the test process: a complete backup of
//! the bakery after the owner's grants, exit codes of `start`, `status` and `verify` (naming
//! a damaged item), and kill -9 at random moments (ten times) then resume: the final manifest
//! is the one an uninterrupted run writes (its time aside), every item was saved exactly once,
//! and each kill cost at most the items that were in flight.

mod cli_common;

use cli_common::{cli, run, start, token};
use closeout_core::export::journal::{self, Entry};
use closeout_core::export::BackupOptions;
use closeout_sim::{ContentOptions, Latency, Sim, SimOptions};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

async fn bakery(latency_ms: u64, messages: u32) -> Sim {
    let sim = start(SimOptions {
        latency: Latency::Fixed(Duration::from_millis(latency_ms)),
        content: ContentOptions {
            grant_delay_secs: 0,
            messages_per_mailbox: messages,
            ..ContentOptions::default()
        },
        ..SimOptions::scenario("bakery")
    })
    .await;
    sim.grant_everyone();
    sim
}

/// The manifest without the moment it was written.
fn manifest_body(dir: &Path) -> Value {
    let mut m: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    m.as_object_mut().unwrap().remove("writtenAt");
    m
}

/// Temporary and partial files anywhere in a backup folder.
fn half_written(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                folders.push(path);
            } else if name.contains(".tmp-") || name.ends_with(".closeout-part") {
                found.push(path.display().to_string());
            }
        }
    }
    found
}

fn done_lines(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join(".closeout/progress.jsonl"))
        .map(|s| s.matches("\"t\":\"done\"").count())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn start_status_and_verify_answer_with_their_exit_codes() {
    let sim = bakery(0, 12).await;
    let token = token(&sim).await;
    let data = tempfile::tempdir().unwrap();
    let to = tempfile::tempdir().unwrap();
    let dir = to.path().join("backup");
    let dir_s = dir.to_str().unwrap();
    let (code, out) = run(
        &sim,
        &token,
        data.path(),
        &["backup", "start", "--to", dir_s],
    )
    .await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("The backup is complete."), "{out}");
    let (code, out) = run(&sim, &token, data.path(), &["backup", "status"]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("items saved"), "{out}");
    let (code, out) = run(&sim, &token, data.path(), &["backup", "verify", dir_s]).await;
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(" 0 bad"), "{out}");

    let m: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap();
    let items = m["items"].as_array().unwrap();
    let file = items
        .iter()
        .find(|i| i["quickXorHash"].is_string())
        .unwrap();
    let mail = items.iter().find(|i| i["sha256"].is_string()).unwrap();
    let damaged = file["path"].as_str().unwrap();
    let mut bytes = std::fs::read(dir.join(damaged)).unwrap();
    bytes[0] ^= 0xFF;
    std::fs::write(dir.join(damaged), bytes).unwrap();
    let (code, out) = run(&sim, &token, data.path(), &["backup", "verify", dir_s]).await;
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!("BAD {damaged}: content changed")),
        "{out}"
    );
    assert!(
        !out.contains(mail["path"].as_str().unwrap()),
        "only the damaged item is named"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn items_left_for_the_owner_exit_2() {
    let sim = start(SimOptions::scenario("bakery")).await;
    let token = token(&sim).await;
    let data = tempfile::tempdir().unwrap();
    let to = tempfile::tempdir().unwrap();
    let (code, out) = run(
        &sim,
        &token,
        data.path(),
        &["backup", "start", "--to", to.path().to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("Give yourself Full Access"), "{out}");
}

#[tokio::test(flavor = "multi_thread")]
async fn killed_ten_times_then_resumed_the_manifest_is_the_uninterrupted_one() {
    let sim = bakery(25, 60).await;
    let token = token(&sim).await;
    let data = tempfile::tempdir().unwrap();
    let root = tempfile::tempdir().unwrap();
    let reference = root.path().join("reference");
    let killed = root.path().join("killed");
    let (code, out) = run(
        &sim,
        &token,
        data.path(),
        &["backup", "start", "--to", reference.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 0, "{out}");

    let args = ["backup", "start", "--to", killed.to_str().unwrap()];
    let mut kills = 0;
    for _ in 0..14 {
        let before = done_lines(&killed);
        let mut child = cli(&sim, &token, data.path(), &args).spawn().unwrap();
        for _ in 0..1000 {
            if done_lines(&killed) > before || child.try_wait().unwrap().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        // A random moment soon after the first item lands: late enough to be mid-save, soon
        // enough that ten kills fit in one backup however fast this machine is.
        tokio::time::sleep(Duration::from_millis(rand::random::<u64>() % 60)).await;
        if child.try_wait().unwrap().is_some() {
            break;
        }
        child.start_kill().unwrap(); // SIGKILL
        child.wait().await.unwrap();
        kills += 1;
        eprintln!(
            "kill {kills}: {before} -> {} items saved",
            done_lines(&killed)
        );
        if kills == 10 {
            break;
        }
    }
    assert_eq!(kills, 10, "ten kills landed while saving");
    let (code, out) = run(&sim, &token, data.path(), &args).await;
    assert_eq!(code, 0, "{out}");
    assert_eq!(manifest_body(&killed), manifest_body(&reference));
    // Nothing half-written is left among the saved files (a kill mid-message leaves a
    // temporary file; the next run sweeps them).
    assert_eq!(half_written(&killed), Vec::<String>::new());

    // From the journal: each item saved once; each killed run left at most its in-flight items.
    let progress = journal::read(&killed.join(".closeout/progress.jsonl")).unwrap();
    let mut begun: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    let mut done: BTreeMap<u32, BTreeSet<String>> = BTreeMap::new();
    let mut done_count: BTreeMap<String, u32> = BTreeMap::new();
    for e in &progress.entries {
        match e {
            Entry::Begin { run, id } => {
                begun.entry(*run).or_default().insert(id.clone());
            }
            Entry::Done { run, item } => {
                done.entry(*run).or_default().insert(item.graph_id.clone());
                *done_count.entry(item.graph_id.clone()).or_default() += 1;
            }
            _ => {}
        }
    }
    assert!(
        done_count.values().all(|n| *n == 1),
        "an item was saved twice"
    );
    let bound = BackupOptions::new(killed.clone()).in_flight_bound();
    let last = progress.runs;
    for (run, ids) in &begun {
        if *run == last {
            continue;
        }
        let empty = BTreeSet::new();
        let unfinished = ids.difference(done.get(run).unwrap_or(&empty)).count();
        assert!(
            unfinished <= bound,
            "run {run} left {unfinished} items in flight (bound {bound})"
        );
    }
    let (code, out) = run(
        &sim,
        &token,
        data.path(),
        &["backup", "verify", killed.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 0, "{out}");
}
