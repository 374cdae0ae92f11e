//! `closeout-cli backup start --to DIR | status [DIR] | verify DIR`: the same backup engine as
//! the app. `start` saves everything reachable now (and resumes a backup already in DIR, or
//! brings a finished one up to date through its delta links: only what changed is saved);
//! `status` reads a backup's journal and manifest without any network; `verify` re-hashes
//! every item of the manifest.
//!
//! Exit codes: `start` and `status` 0 when complete, 2 when items are left for the owner
//! (access to grant, items Microsoft refused); `verify` 0 when every item is intact, 1 naming
//! each bad item.

use closeout_core::export::engine::{OnProgress, Phase};
use closeout_core::export::{self, journal, BackupOptions, Manifest};
use closeout_core::graph::GraphClient;
use closeout_core::{Error, ErrorCode, Result};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Instant;

#[derive(Debug, Clone, PartialEq)]
pub enum BackupCommand {
    Start { to: PathBuf },
    Status { dir: Option<PathBuf> },
    Verify { dir: PathBuf },
}

/// Whether a command needs Microsoft (a signed-in session) or only the folder.
impl BackupCommand {
    pub fn is_offline(&self) -> bool {
        !matches!(self, BackupCommand::Start { .. })
    }
}

fn usage(message: &str) -> Error {
    Error::new(ErrorCode::InvalidInput, message)
}

/// `words` after `backup`; `to` from `--to`.
pub fn parse(words: &[String], to: Option<PathBuf>) -> Result<BackupCommand> {
    let dir = words.get(1).map(PathBuf::from);
    match words.first().map(String::as_str) {
        Some("start") => Ok(BackupCommand::Start {
            to: to
                .or(dir)
                .ok_or_else(|| usage("backup start needs --to DIR"))?,
        }),
        Some("status") => Ok(BackupCommand::Status { dir: to.or(dir) }),
        Some("verify") => Ok(BackupCommand::Verify {
            dir: dir.or(to).ok_or_else(|| usage("backup verify needs DIR"))?,
        }),
        _ => Err(usage("backup needs start, status or verify")),
    }
}

const LAST: &str = "last-backup.txt";

fn remember(data_dir: &Path, dir: &Path) {
    let abs = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let _ = closeout_core::fsio::private_dir(data_dir);
    let _ = closeout_core::fsio::write_atomically(
        &data_dir.join(LAST),
        abs.to_string_lossy().as_bytes(),
    );
}

fn remembered(data_dir: &Path) -> Result<PathBuf> {
    std::fs::read_to_string(data_dir.join(LAST))
        .map(|s| PathBuf::from(s.trim()))
        .map_err(|_| usage("no backup started on this computer yet: name its folder"))
}

/// Progress on stderr, at most twice a second: "Saving Anna Rossi's mail: Inbox, 12 of 40;
/// 130 of 300 items, 2 of 9 MB; 1.2 MB/s, about 40 s left".
fn printer() -> OnProgress {
    let last = Mutex::new(Instant::now() - std::time::Duration::from_secs(1));
    Arc::new(move |p| {
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        if p.phase == Phase::Saving && last.elapsed().as_millis() < 500 {
            return;
        }
        *last = Instant::now();
        let what = p.kind.map(|k| k.as_str()).unwrap_or_default();
        let pace = match (p.bytes_per_second, p.seconds_left) {
            (Some(b), Some(s)) => format!("; {:.1} MB/s, about {s} s left", b as f64 / 1e6),
            _ => String::new(),
        };
        // Messages have no size until saved, and places are saved while others are still
        // listed: until both are done, the totals can only grow.
        let at_least = |grows: bool| if grows { "at least " } else { "" };
        let (items_at_least, at_least) = (
            at_least(p.places_left > 0),
            at_least(p.mail_left > 0 || p.places_left > 0),
        );
        match p.phase {
            Phase::Listing => eprintln!("Listing {}'s mail and files", p.person),
            Phase::Saving => eprintln!(
                "Saving {}'s {what}: {}, {} of {}; {} of {items_at_least}{} items, {} of {at_least}{} MB{pace}",
                p.person,
                p.folder,
                p.person_done,
                p.person_total,
                p.items_done,
                p.items_total,
                p.bytes_done / 1_000_000,
                p.bytes_total / 1_000_000
            ),
            Phase::Finished => eprintln!("Finished: {} items", p.items_done),
        }
    })
}

fn summary(m: &Manifest) -> String {
    let mut out = String::new();
    for p in &m.people {
        let of = |saved: u64, total: Option<u64>| match total {
            Some(t) => format!("{saved} of {t}"),
            None => "not reachable yet".into(),
        };
        out.push_str(&format!(
            "{}: mail {}, files {}\n",
            p.person,
            of(p.mail_saved, p.mail_total),
            of(p.files_saved, p.files_total)
        ));
    }
    for p in &m.places {
        let files = match p.files_total {
            Some(t) => format!("{} of {t}", p.files_saved),
            None => "not reachable yet".into(),
        };
        out.push_str(&format!("{} ({}): files {files}\n", p.name, p.person));
    }
    let removed = m.items.iter().filter(|i| i.removed_at_source).count();
    if removed > 0 {
        out.push_str(&format!(
            "{removed} items Microsoft 365 deleted since an earlier backup are kept.\n"
        ));
    }
    for l in &m.left {
        let what = if l.what.is_empty() {
            l.kind.as_str()
        } else {
            &l.what
        };
        out.push_str(&format!("  left: {} {what}: {}\n", l.person, l.message));
    }
    out.push_str(if m.complete {
        "The backup is complete."
    } else {
        "The backup is not complete: see what is left above."
    });
    out
}

pub async fn start(client: &GraphClient, data_dir: &Path, to: &Path, json: bool) -> Result<u8> {
    remember(data_dir, to);
    let outcome = export::run(client, BackupOptions::new(to.to_path_buf()), printer()).await?;
    let m = &outcome.manifest;
    if json {
        println!(
            "{}",
            json!({"complete": m.complete, "savedNow": outcome.saved_now, "alreadySaved": outcome.already_saved,
                   "people": m.people, "places": m.places, "left": m.left})
        );
    } else {
        println!("{}", summary(m));
    }
    Ok(if m.complete { 0 } else { 2 })
}

/// Exit code of `status` and `verify`, without any network.
pub fn offline(command: &BackupCommand, data_dir: &Path, json: bool) -> Result<u8> {
    match command {
        BackupCommand::Start { .. } => Err(Error::internal("start needs Microsoft")),
        BackupCommand::Status { dir } => {
            let dir = match dir {
                Some(d) => d.clone(),
                None => remembered(data_dir)?,
            };
            let progress = journal::read(&dir.join(journal::FOLDER).join("progress.jsonl"))?;
            let manifest = Manifest::read(&dir).ok();
            let complete = manifest.as_ref().is_some_and(|m| m.complete);
            if json {
                println!(
                    "{}",
                    json!({"dir": dir, "runs": progress.runs, "saved": progress.done.len(),
                           "complete": complete, "manifest": manifest})
                );
            } else {
                println!(
                    "{}: {} items saved in {} runs",
                    dir.display(),
                    progress.done.len(),
                    progress.runs
                );
                match &manifest {
                    Some(m) => println!("{}", summary(m)),
                    None => println!(
                        "Not finished yet: run `backup start --to {}` to resume.",
                        dir.display()
                    ),
                }
            }
            Ok(if complete { 0 } else { 2 })
        }
        BackupCommand::Verify { dir } => {
            let report = export::verify(dir)?;
            if json {
                println!("{}", serde_json::to_string(&report).unwrap_or_default());
            } else {
                for bad in &report.bad {
                    println!("BAD {}: {}", bad.path, bad.problem.as_str());
                }
                println!("{} items checked, {} bad", report.checked, report.bad.len());
            }
            Ok(if report.bad.is_empty() { 0 } else { 1 })
        }
    }
}
