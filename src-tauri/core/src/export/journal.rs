//! The progress journal, inside the backup folder (`.closeout/progress.jsonl`), so a backup can
//! be resumed after a crash, a kill or a restart, even by another Closeout on another computer.
//!
//! One JSON object a line, appended: which run began which item, each item saved (its
//! manifest line), each folder's delta link (to bring the backup up to date later). A line
//! cut short by a crash is ignored. Pre-authenticated download links are never written here:
//! they are secrets for as long as they work.
//!
//! Group commit: an item's line follows its file at once, but the wait for the disk is shared.
//! The journal keeps the files named since the last sync; [`Journal::take_unsynced`] hands
//! them to one sync, after which a `Synced` line says how many of the run's `Done` lines it
//! covered. After a power cut, a `Done` line past the last `Synced` may name a file that never
//! reached the disk: [`Progress::unsynced`] lists those, and a resume checks their hash before
//! it trusts them (and has the ones it keeps synced again: [`Journal::also_sync`]). A
//! `Finished` line covers every line before it: that run's last sync came after all of them.
//! A kill of the process loses nothing written, so it costs no download.

use super::manifest::ManifestItem;
use crate::fsio;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

pub const FOLDER: &str = ".closeout";
const FILE: &str = "progress.jsonl";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "t", rename_all = "camelCase")]
pub enum Entry {
    /// A run (one start or resume) began.
    Run { run: u32 },
    /// A run began saving the item with this Graph id.
    Begin { run: u32, id: String },
    /// The item is saved and checked; the line is its manifest entry.
    Done { run: u32, item: ManifestItem },
    /// Where to ask for changes since this backup (`@odata.deltaLink`), per folder or drive;
    /// `run` is the run that listed it (journals before it was written say 0).
    Delta {
        source: String,
        link: String,
        #[serde(default)]
        run: u32,
    },
    /// The run wrote its manifest: its delta links may bring the backup up to date later.
    Finished { run: u32 },
    /// An item saved earlier that Microsoft 365 no longer has (its file stays in the backup).
    Removed { run: u32, id: String },
    /// The files the first `done` `Done` lines of run `run` name had reached the disk.
    Synced { run: u32, done: u64 },
    /// A saved file Microsoft 365 has since moved and changed: once its new version is saved,
    /// the old copy at `old` goes. Written before the new version's `Done` line, so a crash
    /// between that line and the removal leaves the removal to the next run.
    Replacing { run: u32, id: String, old: String },
}

/// What the journal says so far.
#[derive(Debug, Default)]
pub struct Progress {
    pub runs: u32,
    /// Saved items by Graph id.
    pub done: BTreeMap<String, ManifestItem>,
    /// Saved items Microsoft 365 has deleted since, by Graph id.
    pub removed: BTreeSet<String>,
    /// The last run that finished, and the delta links it listed, by source.
    pub finished: u32,
    pub links: BTreeMap<String, String>,
    /// Saved items (Graph ids) whose `Done` line no `Synced` line or finished run covers.
    pub unsynced: BTreeSet<String>,
    /// Old copies of files moved and changed since, by Graph id: each goes once the file's new
    /// version is saved (elsewhere).
    pub replacing: BTreeMap<String, String>,
    pub entries: Vec<Entry>,
}

pub struct Journal {
    file: File,
    path: PathBuf,
    /// `Done` lines this journal appended, how many a `Synced` line covers, and the files
    /// named since the last sync.
    done: u64,
    covered: u64,
    unsynced: Vec<PathBuf>,
}

/// What one sync must cover: the files, and the count of `Done` lines naming them.
#[derive(Debug, Default)]
pub struct Unsynced {
    pub files: Vec<PathBuf>,
    pub done: u64,
}

impl Journal {
    /// Opens (or starts) the journal of the backup in `dir`, and reads what it says.
    pub fn open(dir: &Path) -> Result<(Journal, Progress)> {
        let folder = dir.join(FOLDER);
        fsio::private_dir(&folder).map_err(|e| Error::io("the backup's journal folder", &e))?;
        let path = folder.join(FILE);
        let progress = read(&path)?;
        let torn = !ends_a_line(&path).map_err(|e| Error::io("the backup's journal", &e))?;
        let mut file = fsio::private_options()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::io("the backup's journal", &e))?;
        if torn {
            // A line cut short by a crash: end it, or the next line would join it and be lost.
            file.write_all(b"\n")
                .map_err(|e| Error::io("the backup's journal", &e))?;
        }
        let journal = Journal {
            file,
            path,
            done: 0,
            covered: 0,
            unsynced: Vec::new(),
        };
        Ok((journal, progress))
    }

    /// Appends the `Done` line of an item whose file (`file`) is written but maybe not yet on
    /// the disk: the next sync covers it.
    pub fn saved(&mut self, entry: &Entry, file: PathBuf) -> Result<()> {
        self.append(entry, false)?;
        self.unsynced.push(file);
        Ok(())
    }

    /// Files an earlier run saved and this one checked: the next sync covers them too.
    pub fn also_sync(&mut self, files: impl IntoIterator<Item = PathBuf>) {
        self.unsynced.extend(files);
    }

    /// The files named since the last call, and how many `Done` lines are covered once they
    /// are synced (append `Entry::Synced` with that count after the sync); `None` when no line
    /// is left to cover.
    pub fn take_unsynced(&mut self) -> Option<Unsynced> {
        (self.done > self.covered || !self.unsynced.is_empty()).then(|| Unsynced {
            files: std::mem::take(&mut self.unsynced),
            done: self.done,
        })
    }

    /// Appends one line; `durable` also waits for the disk (items saved must survive a power cut).
    pub fn append(&mut self, entry: &Entry, durable: bool) -> Result<()> {
        let mut line = serde_json::to_string(entry).map_err(|e| Error::internal(e.to_string()))?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .map_err(|e| Error::io("the backup's journal", &e))?;
        match entry {
            Entry::Done { .. } => self.done += 1,
            Entry::Synced { done, .. } => self.covered = self.covered.max(*done),
            _ => {}
        }
        if durable {
            self.file
                .sync_data()
                .map_err(|e| Error::io("the backup's journal", &e))?;
        }
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Whether the file is empty, missing or ends with a newline (no line cut short at its end).
fn ends_a_line(path: &Path) -> std::io::Result<bool> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
        Err(e) => return Err(e),
    };
    if file.metadata()?.len() == 0 {
        return Ok(true);
    }
    let mut last = [0u8];
    file.seek(SeekFrom::End(-1))?;
    file.read_exact(&mut last)?;
    Ok(last[0] == b'\n')
}

/// Reads a journal; a missing one is empty, a torn line is skipped.
pub fn read(path: &Path) -> Result<Progress> {
    let mut progress = Progress::default();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(progress),
        Err(e) => return Err(Error::io("the backup's journal", &e)),
    };
    let mut links: BTreeMap<u32, BTreeMap<String, String>> = BTreeMap::new();
    // Per run: `Done` lines so far, and how many a `Synced` line covers; per item, its last
    // `Done` line as (run, position in the run, position in the journal); and the `Done` lines
    // before the last `Finished`.
    let mut done_lines: BTreeMap<u32, u64> = BTreeMap::new();
    let mut synced: BTreeMap<u32, u64> = BTreeMap::new();
    let mut last_done: BTreeMap<String, (u32, u64, u64)> = BTreeMap::new();
    let (mut all_done, mut before_finished) = (0u64, 0u64);
    // Bytes, not text: a line torn inside a multi-byte character is skipped like any other.
    for line in BufReader::new(file).split(b'\n') {
        let line = line.map_err(|e| Error::io("the backup's journal", &e))?;
        let Ok(entry) = serde_json::from_slice::<Entry>(&line) else {
            continue;
        };
        match &entry {
            Entry::Run { run } => progress.runs = progress.runs.max(*run),
            Entry::Done { run, item } => {
                progress.removed.remove(&item.graph_id);
                progress.done.insert(item.graph_id.clone(), item.clone());
                let n = done_lines.entry(*run).or_default();
                *n += 1;
                all_done += 1;
                last_done.insert(item.graph_id.clone(), (*run, *n, all_done));
            }
            Entry::Removed { id, .. } => {
                progress.removed.insert(id.clone());
            }
            Entry::Delta { source, link, run } => {
                links
                    .entry(*run)
                    .or_default()
                    .insert(source.clone(), link.clone());
            }
            Entry::Finished { run } => {
                progress.finished = progress.finished.max(*run);
                before_finished = all_done;
            }
            Entry::Synced { run, done } => {
                let covered = synced.entry(*run).or_default();
                *covered = (*covered).max(*done);
            }
            Entry::Replacing { id, old, .. } => {
                progress.replacing.insert(id.clone(), old.clone());
            }
            Entry::Begin { .. } => {}
        }
        progress.entries.push(entry);
    }
    // Only a finished run's links: an unfinished run listed items it never saved, and its
    // links would skip them.
    if progress.finished > 0 {
        progress.links = links.remove(&progress.finished).unwrap_or_default();
    }
    progress.unsynced = last_done
        .into_iter()
        .filter(|(_, (run, n, at))| {
            *at > before_finished && *n > synced.get(run).copied().unwrap_or(0)
        })
        .map(|(id, _)| id)
        .collect();
    Ok(progress)
}
