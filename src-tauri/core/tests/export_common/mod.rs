//! Shared by the backup engine's tests: the bakery practice tenant signed in to, a backup of
//! what the owner reaches (or of everyone, every grant given), and the checks every test makes
//! of what a backup left on disk.
#![allow(dead_code)]

use crate::closure_common;
use closeout_core::export::{self, journal, BackupOptions, Kind};
use closeout_core::graph::GraphClient;
use closeout_sim::{ContentOptions, Faults, Sim, SimOptions};
use std::path::Path;
use std::sync::Arc;

pub async fn practice(content: ContentOptions, faults: Faults) -> (Sim, GraphClient) {
    let sim = Sim::start(SimOptions {
        auto_consent: true,
        content,
        faults,
        ..SimOptions::scenario("bakery")
    })
    .await
    .expect("the practice tenant starts");
    let graph = closure_common::sign_in(&sim).await;
    (sim, graph)
}

pub fn no_delay() -> ContentOptions {
    ContentOptions {
        grant_delay_secs: 0,
        ..ContentOptions::default()
    }
}

pub fn options(dir: &Path) -> BackupOptions {
    BackupOptions {
        reserve_bytes: 0,
        ..BackupOptions::new(dir.to_path_buf())
    }
}

pub fn count(sim: &Sim, template: &str) -> u64 {
    sim.stats()
        .requests
        .iter()
        .filter(|(k, _)| k.ends_with(template))
        .map(|(_, n)| n)
        .sum()
}

pub fn quiet() -> export::engine::OnProgress {
    Arc::new(|_| {})
}

/// A backup of what the owner reaches now into a fresh folder: (sim, folder, outcome).
pub async fn backed_up(
    content: ContentOptions,
    faults: Faults,
) -> (Sim, tempfile::TempDir, export::Outcome) {
    let (sim, graph) = practice(content, faults).await;
    let dir = tempfile::tempdir().unwrap();
    let done = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    (sim, dir, done)
}

/// A backup of everyone's mail and files (the owner has granted themselves access to all):
/// (sim, client, folder, outcome).
pub async fn everyone_backed_up() -> (Sim, GraphClient, tempfile::TempDir, export::Outcome) {
    let (sim, graph) = practice(no_delay(), Faults::default()).await;
    sim.grant_everyone();
    let dir = tempfile::tempdir().unwrap();
    let done = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    (sim, graph, dir, done)
}

/// The items of one kind saved for one person.
pub fn owned(m: &export::Manifest, person: &str, kind: Kind) -> Vec<export::ManifestItem> {
    m.items
        .iter()
        .filter(|i| i.person == person && i.kind == kind)
        .cloned()
        .collect()
}

/// Every journaled item exists with its size and hash (what "recorded as saved" must mean).
pub fn journal_is_honest(dir: &Path) {
    let progress = journal::read(&dir.join(".closeout/progress.jsonl")).unwrap();
    for item in progress.done.values() {
        let (size, hash) = export::verify::hash_file(&dir.join(&item.path), item.kind).unwrap();
        assert_eq!(size, item.size, "{}", item.path);
        let expected = match item.kind {
            Kind::File => &item.quick_xor_hash,
            Kind::Mail => &item.sha256,
        };
        assert_eq!(Some(hash), *expected, "{}", item.path);
    }
}

/// Every file under `dir/Files`, relative to `dir`, with `/` between names.
pub fn files_on_disk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut folders = vec![dir.join("Files")];
    while let Some(d) = folders.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

/// Flips one byte in the middle of a file, keeping its size (what a power cut can leave of a
/// file whose bytes never reached the disk, or a disk that went bad).
pub fn damage(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(path, bytes).unwrap();
}
