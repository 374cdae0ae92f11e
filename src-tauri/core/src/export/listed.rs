//! One listing (a person's mailbox, or a person's, site's or team's files) read against the
//! journal, the moment it arrives: its delta links are journaled for the next refresh, the
//! saved items Microsoft 365 no longer lists are noted as removed, the items an earlier run
//! saved (still whole, or moved along with their source) are kept, and the rest is handed back
//! to be saved. Listings arrive in any order (the run saves each as soon as it is listed);
//! nothing here depends on it, since every path is unique inside its own person's folder.

use super::commit::Committed;
use super::journal::{Entry, Progress};
use super::manifest::{Kind, Left, ManifestItem};
use super::plan::{Job, Person, Scan};
use super::{refresh, verify};
use crate::Result;
use std::collections::HashSet;
use std::path::Path;

pub struct Listed {
    /// Items still to save.
    pub pending: Vec<Job>,
    /// Items an earlier run saved, still whole or moved along with their source.
    pub kept: Vec<ManifestItem>,
    /// Saved items Microsoft 365 no longer lists, still in the backup.
    pub removed: Vec<ManifestItem>,
    pub left: Vec<Left>,
    /// Files saved before and since moved and changed in Microsoft 365: (Graph id, the old
    /// copy's path), for the old copy to go once the new version is saved.
    pub replaced: Vec<(String, String)>,
    /// Microsoft's count for the manifest's "of 4,212" (`None` when not reachable).
    pub total: Option<u64>,
    /// How many items the listing holds (the progress's "of 4,212").
    pub listed: u64,
}

/// Reads `person`'s listing of `kind` (`scan`) against the journal's `progress`.
pub fn read(
    journal: &Committed,
    progress: &Progress,
    dir: &Path,
    run: u32,
    person: &Person,
    kind: Kind,
    scan: Scan,
) -> Result<Listed> {
    for (source, link) in &scan.delta_links {
        let entry = Entry::Delta {
            source: source.clone(),
            link: link.clone(),
            run,
        };
        journal.append(&entry, false)?;
    }
    let mut removed = Vec::new();
    // Only a whole listing can say an item is gone.
    if scan.total.is_some() && scan.left.is_empty() {
        let listed: HashSet<&str> = scan.jobs.iter().map(|j| j.graph_id.as_str()).collect();
        let gone = progress.done.values().filter(|item| {
            item.person == person.upn && item.kind == kind && !listed.contains(&*item.graph_id)
        });
        for item in gone {
            if !progress.removed.contains(&item.graph_id) {
                let id = item.graph_id.clone();
                journal.append(&Entry::Removed { run, id }, false)?;
            }
            if still_there(dir, item) {
                removed.push(ManifestItem {
                    removed_at_source: true,
                    ..item.clone()
                });
            }
        }
    }
    let listed = scan.jobs.len() as u64;
    // A path an item of this listing takes now is never an old copy to remove (only files
    // have old copies: a message's content never changes).
    let taken: HashSet<String> = match kind {
        Kind::File => scan.jobs.iter().map(|j| j.path.clone()).collect(),
        Kind::Mail => HashSet::new(),
    };
    let mut replaced = Vec::new();
    let (mut pending, mut kept) = (Vec::new(), Vec::new());
    for job in scan.jobs {
        match progress.done.get(&job.graph_id) {
            Some(item) if still_saved(dir, item, &job) => kept.push(item.clone()),
            // Renamed or moved in Microsoft 365 since: the saved copy moves with it.
            Some(item) => match refresh::move_saved(dir, item, &job) {
                Some(moved) => {
                    let entry = Entry::Done {
                        run,
                        item: moved.clone(),
                    };
                    journal.append(&entry, false)?;
                    kept.push(moved);
                }
                None => {
                    // Moved and changed: the new version is saved, then the old copy goes.
                    if item.kind == Kind::File && !taken.contains(&item.path) {
                        replaced.push((job.graph_id.clone(), item.path.clone()));
                    }
                    pending.push(job)
                }
            },
            None => pending.push(job),
        }
    }
    Ok(Listed {
        pending,
        kept,
        removed,
        left: scan.left,
        replaced,
        total: scan.total,
        listed,
    })
}

/// An item saved before counts only if its file is still there with its size, and (files)
/// Microsoft's copy has not changed since.
fn still_saved(dir: &Path, item: &ManifestItem, job: &Job) -> bool {
    let same = job.kind == Kind::Mail
        || (job.size == item.size
            && (job.quick_xor_hash.is_none() || job.quick_xor_hash == item.quick_xor_hash));
    same && item.path == job.path && still_there(dir, item)
}

/// A saved item's file is still in the backup with its size.
fn still_there(dir: &Path, item: &ManifestItem) -> bool {
    verify::item_path(dir, &item.path)
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.len() == item.size)
}
