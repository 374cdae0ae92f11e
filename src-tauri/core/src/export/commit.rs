//! Group commit: the items a run saves reach the disk together, not one wait each.
//!
//! Each message or file is written and renamed into place at once (a crash of the process
//! never leaves a half-written item under its name), and its `Done` line follows at once. The
//! wait for the disk is shared: every [`EVERY`], one sync ([`fsio::sync_written`]) covers
//! every file named since the last one, then a `Synced` line says so (the journal's module doc
//! has the rule a resume follows). Two fsyncs a message made mail wait on the disk, not on
//! Outlook: about 45,000 of them for 22,500 messages.

use super::fetch::write_error;
use super::journal::{Entry, Journal, Progress};
use super::manifest::ManifestItem;
use super::refresh;
use super::verify::{intact, item_path};
use crate::fsio;
use crate::{Error, Result};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::oneshot;

/// How often what was saved since is made durable: a power cut can cost at most this much
/// of the run (its items are checked by hash, and saved again if they did not reach the disk).
pub const EVERY: Duration = Duration::from_millis(250);

/// A run's journal, with the files its `Done` lines name that are not yet synced.
pub struct Committed {
    journal: Mutex<Journal>,
    root: PathBuf,
    run: u32,
    /// Old copies of files moved and changed since (relative paths), to remove once the sync
    /// that covers their new version's `Done` line is over: a power cut before it must find
    /// the old copy still there.
    obsolete: Mutex<Vec<String>>,
}

impl Committed {
    pub fn new(journal: Journal, root: PathBuf, run: u32) -> Arc<Committed> {
        Arc::new(Committed {
            journal: Mutex::new(journal),
            root,
            run,
            obsolete: Mutex::default(),
        })
    }

    /// The run whose lines this journal appends.
    pub fn run(&self) -> u32 {
        self.run
    }

    fn lock(&self) -> MutexGuard<'_, Journal> {
        self.journal.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends one line (`durable`: waits for the disk).
    pub fn append(&self, entry: &Entry, durable: bool) -> Result<()> {
        self.lock().append(entry, durable)
    }

    /// The `Done` line of an item this run just wrote: the next sync covers its file.
    pub fn saved(&self, item: &ManifestItem) -> Result<()> {
        let file = item_path(&self.root, &item.path)
            .ok_or_else(|| Error::internal(format!("unsafe backup path {}", item.path)))?;
        let entry = Entry::Done {
            run: self.run,
            item: item.clone(),
        };
        self.lock().saved(&entry, file)
    }

    /// Removes `old` (a saved file's copy at its former place) once the next sync is over; the
    /// new version's `Done` line must already be appended.
    pub fn remove_after_sync(&self, old: String) {
        self.obsolete
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(old);
    }

    /// Waits until every file named so far is on the disk, then appends the `Synced` line and
    /// removes the old copies that sync made obsolete.
    pub async fn sync(&self) -> Result<()> {
        // Taken first: each of these was queued after its new version's `Done` line, so the
        // sync below covers that line.
        let obsolete =
            std::mem::take(&mut *self.obsolete.lock().unwrap_or_else(|e| e.into_inner()));
        let Some(batch) = self.lock().take_unsynced() else {
            obsolete
                .iter()
                .for_each(|old| refresh::drop_replaced(&self.root, old));
            return Ok(());
        };
        let root = self.root.clone();
        tokio::task::spawn_blocking(move || fsio::sync_written(&root, &batch.files))
            .await
            .map_err(|e| Error::internal(format!("syncing the backup: {e}")))?
            .map_err(|e| write_error("the backup's saved items", &e))?;
        self.append(
            &Entry::Synced {
                run: self.run,
                done: batch.done,
            },
            false,
        )?;
        obsolete
            .iter()
            .for_each(|old| refresh::drop_replaced(&self.root, old));
        Ok(())
    }

    /// Syncs every [`EVERY`] until [`Ticker::finish`] (or until the ticker is dropped: a run
    /// that ends early still makes what it saved durable), then once more. A failed sync
    /// calls `on_failure` (the run stops) and ends the ticker with its error.
    pub fn tick(self: &Arc<Self>, on_failure: impl FnOnce() + Send + 'static) -> Ticker {
        let (stop, mut until) = oneshot::channel::<()>();
        let this = self.clone();
        let task = tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = tokio::time::sleep(EVERY) => {}
                    _ = &mut until => break,
                }
                if let Err(e) = this.sync().await {
                    on_failure();
                    return Err(e);
                }
            }
            let last = this.sync().await;
            if last.is_err() {
                on_failure();
            }
            last
        });
        Ticker {
            stop: Some(stop),
            task,
        }
    }
}

/// The periodic sync of one run.
pub struct Ticker {
    stop: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<()>>,
}

impl Ticker {
    /// Stops the ticking after one last sync; its error, or the first failed sync's.
    pub async fn finish(mut self) -> Result<()> {
        drop(self.stop.take());
        (&mut self.task)
            .await
            .map_err(|e| Error::internal(format!("the backup's sync task failed: {e}")))?
    }
}

/// Forgets the saved items whose `Done` line may have outrun the disk (a power cut) and whose
/// file no longer matches its size and hash: they are saved again. The ones that match are
/// kept and synced with this run's items, so its `Finished` line may vouch for them. Returns
/// how many were forgotten.
pub async fn forget_lost(
    root: PathBuf,
    progress: &mut Progress,
    journal: &mut Journal,
) -> Result<usize> {
    let doubtful: Vec<ManifestItem> = progress
        .unsynced
        .iter()
        .filter_map(|id| progress.done.get(id).cloned())
        .collect();
    let dir = root.clone();
    let (kept, lost): (Vec<_>, Vec<_>) = tokio::task::spawn_blocking(move || {
        doubtful
            .into_iter()
            .partition::<Vec<_>, _>(|item| intact(&dir, item))
    })
    .await
    .map_err(|e| Error::internal(format!("checking the backup: {e}")))?;
    journal.also_sync(kept.iter().filter_map(|i| item_path(&root, &i.path)));
    for item in &lost {
        progress.done.remove(&item.graph_id);
    }
    Ok(lost.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::manifest::Kind;
    use std::sync::atomic::{AtomicBool, Ordering};

    fn message(id: &str) -> ManifestItem {
        serde_json::from_value(serde_json::json!({
            "path": format!("Mail/Anna/Inbox/{id}.eml"), "size": 5,
            "sha256": "00".repeat(32), "kind": Kind::Mail, "person": "anna@bakery.example",
            "sourcePath": "Inbox", "graphId": id, "originalName": id,
        }))
        .unwrap()
    }

    /// The disk refuses a sync (here the backup folder is gone from under the run, so the
    /// operating system cannot open it): the run is told to stop, the ticker ends with an
    /// error that says what could not be saved, and no `Synced` line vouches for the items,
    /// so a resume checks them by hash before trusting them.
    #[tokio::test]
    async fn a_sync_the_disk_refuses_stops_the_run_and_vouches_for_nothing() {
        let top = tempfile::tempdir().unwrap();
        let root = top.path().join("backup");
        std::fs::create_dir(&root).unwrap();
        let (journal, _) = Journal::open(&root).unwrap();
        let committed = Committed::new(journal, root.clone(), 1);
        committed.append(&Entry::Run { run: 1 }, true).unwrap();
        let item = message("m1");
        let file = item_path(&root, &item.path).unwrap();
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, b"hello").unwrap();
        committed.saved(&item).unwrap();
        let moved = top.path().join("moved");
        std::fs::rename(&root, &moved).unwrap();

        let stopped = Arc::new(AtomicBool::new(false));
        let told = stopped.clone();
        let ticker = committed.tick(move || told.store(true, Ordering::Relaxed));
        // The run goes on until the next tick finds the disk refusing.
        for _ in 0..40 {
            if stopped.load(Ordering::Relaxed) {
                break;
            }
            tokio::time::sleep(EVERY / 4).await;
        }
        let err = tokio::time::timeout(EVERY * 8, ticker.finish())
            .await
            .expect("the ticker ends")
            .expect_err("the sync fails");
        assert!(stopped.load(Ordering::Relaxed), "the run is told to stop");
        assert!(
            err.message.contains("the backup's saved items"),
            "{}",
            err.message
        );
        let progress =
            super::super::journal::read(&moved.join(".closeout/progress.jsonl")).unwrap();
        assert!(progress.done.contains_key("m1"));
        assert!(
            progress.unsynced.contains("m1"),
            "no Synced line covers an item the disk may not have"
        );
    }

    /// The old copy of a file moved and changed since stays until the sync that covers its new
    /// version's `Done` line is over: a power cut before then must find one of the two.
    #[tokio::test]
    async fn an_old_copy_goes_only_after_the_sync_that_covers_its_new_version() {
        let top = tempfile::tempdir().unwrap();
        let root = top.path().to_path_buf();
        let (journal, _) = Journal::open(&root).unwrap();
        let committed = Committed::new(journal, root.clone(), 1);
        let new = message("m1");
        let old = "Files/Anna/Old place/m1.eml";
        for path in [new.path.as_str(), old] {
            let file = item_path(&root, path).unwrap();
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, b"hello").unwrap();
        }
        committed.saved(&new).unwrap();
        committed.remove_after_sync(old.to_string());
        assert!(root.join(old).exists(), "not before the sync");

        committed.sync().await.unwrap();
        assert!(!root.join(old).exists(), "gone after it");
        assert!(
            !root.join("Files/Anna").exists(),
            "with the folders it emptied"
        );
        let progress = super::super::journal::read(&root.join(".closeout/progress.jsonl")).unwrap();
        assert!(
            progress.unsynced.is_empty(),
            "the sync covers the new version"
        );
    }
}
