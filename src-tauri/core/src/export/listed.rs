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
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
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
    let old_copies = OldCopies::of(progress, person, kind, &scan.jobs);
    let mut replaced = Vec::new();
    let (mut pending, mut kept) = (Vec::new(), Vec::new());
    for job in scan.jobs {
        let saved = progress.done.get(&job.graph_id);
        match saved {
            Some(item) if still_saved(dir, item, &job) => {
                // A run that stopped between saving the new version and removing the old copy.
                if let Some(old) = old_copies.of_job(&job, saved) {
                    refresh::drop_replaced(dir, old);
                }
                kept.push(item.clone());
                continue;
            }
            // Renamed or moved in Microsoft 365 since: the saved copy moves with it.
            Some(item) => {
                if let Some(moved) = refresh::move_saved(dir, item, &job) {
                    let entry = Entry::Done {
                        run,
                        item: moved.clone(),
                    };
                    journal.append(&entry, false)?;
                    kept.push(moved);
                    continue;
                }
            }
            None => {}
        }
        // Moved and changed: the new version is saved, then the old copy goes.
        if let Some(old) = old_copies.of_job(&job, saved) {
            let (id, old) = (job.graph_id.clone(), old.to_string());
            let entry = Entry::Replacing {
                run,
                id: id.clone(),
                old: old.clone(),
            };
            journal.append(&entry, false)?;
            replaced.push((id, old));
        }
        pending.push(job);
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

/// Where the old copies of files moved and changed since are, and which paths are not theirs
/// to give up: one an item of this listing takes now, or one another saved file keeps (only
/// files have old copies: a message's content never changes).
struct OldCopies<'a> {
    progress: &'a Progress,
    upn: &'a str,
    taken: HashSet<String>,
    /// Each saved file's path and Graph id: built only once an old copy turns up (rare), not
    /// from the whole journal for every listing.
    named: OnceCell<HashMap<&'a str, &'a str>>,
}

impl<'a> OldCopies<'a> {
    fn of(progress: &'a Progress, person: &'a Person, kind: Kind, jobs: &[Job]) -> Self {
        OldCopies {
            progress,
            upn: &person.upn,
            taken: jobs
                .iter()
                .filter(|_| kind == Kind::File)
                .map(|j| j.path.clone())
                .collect(),
            named: OnceCell::new(),
        }
    }

    /// The old copy `job`'s file leaves behind: the saved copy when the file is now elsewhere,
    /// or the one an interrupted run was replacing; `None` when there is none to remove.
    fn of_job(&self, job: &Job, saved: Option<&'a ManifestItem>) -> Option<&'a str> {
        if job.kind != Kind::File {
            return None;
        }
        let old = saved
            .map(|i| i.path.as_str())
            .filter(|p| *p != job.path)
            .or_else(|| {
                self.progress
                    .replacing
                    .get(&job.graph_id)
                    .map(String::as_str)
            })?;
        if old == job.path || self.taken.contains(old) {
            return None;
        }
        let named = self.named.get_or_init(|| {
            let files = self.progress.done.values();
            files
                .filter(|i| i.kind == Kind::File && i.person == self.upn)
                .map(|i| (i.path.as_str(), i.graph_id.as_str()))
                .collect()
        });
        named
            .get(old)
            .is_none_or(|id| *id == job.graph_id)
            .then_some(old)
    }
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
