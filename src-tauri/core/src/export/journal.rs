//! The progress journal, inside the backup folder (`.closeout/progress.jsonl`), so a backup can
//! be resumed after a crash, a kill or a restart, even by another Closeout on another computer.
//!
//! One JSON object a line, appended: which run began which item, each item saved (its
//! manifest line), each folder's delta link (to bring the backup up to date later). A line
//! cut short by a crash is ignored. Pre-authenticated download links are never written here:
//! they are secrets for as long as they work.

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
    pub entries: Vec<Entry>,
}

pub struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    /// Opens (or starts) the journal of the backup in `dir`, and reads what it says.
    pub fn open(dir: &Path) -> Result<(Journal, Progress)> {
        let folder = dir.join(FOLDER);
        fsio::private_dir(&folder).map_err(|e| Error::io("the backup's journal folder", &e))?;
        let path = folder.join(FILE);
        let progress = read(&path)?;
        let file = fsio::private_options()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| Error::io("the backup's journal", &e))?;
        Ok((Journal { file, path }, progress))
    }

    /// Appends one line; `durable` also waits for the disk (items saved must survive a power cut).
    pub fn append(&mut self, entry: &Entry, durable: bool) -> Result<()> {
        let mut line = serde_json::to_string(entry).map_err(|e| Error::internal(e.to_string()))?;
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .map_err(|e| Error::io("the backup's journal", &e))?;
        if durable {
            self.file
                .sync_data()
                .map_err(|e| Error::io("the backup's journal", &e))?;
        }
        Ok(())
    }

    /// Waits until every line appended so far is on the disk.
    pub fn sync(&mut self) -> Result<()> {
        self.file
            .sync_data()
            .map_err(|e| Error::io("the backup's journal", &e))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Reads a journal; a missing one is empty, a torn last line is skipped.
pub fn read(path: &Path) -> Result<Progress> {
    let mut progress = Progress::default();
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(progress),
        Err(e) => return Err(Error::io("the backup's journal", &e)),
    };
    let mut links: BTreeMap<u32, BTreeMap<String, String>> = BTreeMap::new();
    for line in BufReader::new(file).lines() {
        let line = line.map_err(|e| Error::io("the backup's journal", &e))?;
        let Ok(entry) = serde_json::from_str::<Entry>(&line) else {
            continue;
        };
        match &entry {
            Entry::Run { run } => progress.runs = progress.runs.max(*run),
            Entry::Done { item, .. } => {
                progress.removed.remove(&item.graph_id);
                progress.done.insert(item.graph_id.clone(), item.clone());
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
            Entry::Finished { run } => progress.finished = progress.finished.max(*run),
            Entry::Begin { .. } => {}
        }
        progress.entries.push(entry);
    }
    // Only a finished run's links: an unfinished run listed items it never saved, and its
    // links would skip them.
    if progress.finished > 0 {
        progress.links = links.remove(&progress.finished).unwrap_or_default();
    }
    Ok(progress)
}
