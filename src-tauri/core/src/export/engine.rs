//! One backup run (a start, a resume, or bringing a finished backup up to date): list what is
//! reachable, skip what the journal says is saved, save the rest in parallel within Outlook's
//! documented limits per mailbox, and write the manifest.
//!
//! What a crash costs is bounded: an item is journaled as begun only once it holds one of the
//! `concurrency` places, and as done only after its file is complete and checked, so a resume
//! re-does at most `concurrency` items.

use super::fetch::{self, disk_full};
use super::journal::{Entry, Journal};
use super::manifest::{Kind, Left, LeftReason, Manifest, ManifestItem, PersonTotals, ARCHIVE_NOTE};
use super::plan::{self, Job, Person};
use super::{disk, verify};
use crate::fsio;
use crate::graph::GraphClient;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Microsoft's documented Outlook limits per app and mailbox.
pub const MAIL_CONCURRENCY: usize = 4;
pub const MAIL_REQUESTS_PER_10_MIN: u32 = 10_000;

#[derive(Debug, Clone)]
pub struct BackupOptions {
    pub dir: PathBuf,
    /// Items saved at the same time; also the most a crash can make a resume re-do.
    pub concurrency: usize,
    pub mail_concurrency: usize,
    pub mail_requests_per_10_min: u32,
    /// Space left free on the backup's disk; the backup stops before going below it.
    pub reserve_bytes: u64,
    /// Set to pause: items in flight finish, nothing new starts, and the run ends with
    /// `cancelled` (a later run resumes from the journal).
    pub pause: Arc<AtomicBool>,
}

impl BackupOptions {
    pub fn new(dir: PathBuf) -> Self {
        BackupOptions {
            dir,
            concurrency: 32,
            mail_concurrency: MAIL_CONCURRENCY,
            mail_requests_per_10_min: MAIL_REQUESTS_PER_10_MIN,
            reserve_bytes: 64 * 1024 * 1024,
            pause: Arc::default(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Phase {
    Listing,
    Saving,
    Finished,
}

/// What the run is doing, for a progress bar and words ("Saving Anna Rossi's mail: Inbox").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub phase: Phase,
    pub items_done: u64,
    pub items_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    /// The person being listed or saved, and the folder.
    pub person: String,
    pub kind: Option<Kind>,
    pub folder: String,
}

pub type OnProgress = Arc<dyn Fn(&Progress) + Send + Sync>;

#[derive(Debug, Clone)]
pub struct Outcome {
    pub manifest: Manifest,
    /// Items saved by this run, and items a previous run had saved.
    pub saved_now: usize,
    pub already_saved: usize,
}

/// A token bucket per mailbox: `per_10_min` requests per 10 minutes.
struct MailBudget {
    per_second: f64,
    capacity: f64,
    buckets: tokio::sync::Mutex<HashMap<String, (f64, Instant)>>,
}

impl MailBudget {
    fn new(per_10_min: u32) -> Self {
        MailBudget {
            per_second: per_10_min.max(1) as f64 / 600.0,
            capacity: per_10_min.max(1) as f64,
            buckets: Default::default(),
        }
    }

    async fn admit(&self, mailbox: &str) {
        loop {
            let wait = {
                let mut b = self.buckets.lock().await;
                let now = Instant::now();
                let (tokens, last) = b.entry(mailbox.to_string()).or_insert((self.capacity, now));
                *tokens = (*tokens + now.duration_since(*last).as_secs_f64() * self.per_second)
                    .min(self.capacity);
                *last = now;
                if *tokens >= 1.0 {
                    *tokens -= 1.0;
                    return;
                }
                (1.0 - *tokens) / self.per_second
            };
            tokio::time::sleep(Duration::from_secs_f64(wait)).await;
        }
    }
}

struct Shared {
    client: GraphClient,
    http: reqwest::Client,
    options: BackupOptions,
    people: Vec<Person>,
    journal: Mutex<Journal>,
    run: u32,
    places: Semaphore,
    mailboxes: HashMap<String, Arc<Semaphore>>,
    budget: MailBudget,
    stop: AtomicBool,
    items_done: AtomicU64,
    bytes_done: AtomicU64,
    items_total: u64,
    bytes_total: u64,
    on_progress: OnProgress,
}

impl Shared {
    fn journal(&self, entry: &Entry, durable: bool) -> Result<()> {
        self.journal
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .append(entry, durable)
    }

    fn report(&self, phase: Phase, person: &str, kind: Option<Kind>, folder: &str) {
        (self.on_progress)(&Progress {
            phase,
            items_done: self.items_done.load(Ordering::Relaxed),
            items_total: self.items_total,
            bytes_done: self.bytes_done.load(Ordering::Relaxed),
            bytes_total: self.bytes_total,
            person: person.to_string(),
            kind,
            folder: folder.to_string(),
        });
    }
}

fn downloader() -> Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("Closeout/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(20))
        .read_timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| Error::internal(format!("HTTP client: {e}")))
}

/// Saves one item, journaled as begun and (after it is checked) as done.
async fn save(shared: Arc<Shared>, job: Job) -> Result<std::result::Result<ManifestItem, Left>> {
    let _place = shared
        .places
        .acquire()
        .await
        .map_err(|e| Error::internal(e.to_string()))?;
    let person = &shared.people[job.person];
    let _mailbox = match job.kind {
        Kind::Mail => {
            let s = shared.mailboxes[&person.id].clone();
            Some(
                s.acquire_owned()
                    .await
                    .map_err(|e| Error::internal(e.to_string()))?,
            )
        }
        Kind::File => None,
    };
    if shared.stop.load(Ordering::Relaxed) || shared.options.pause.load(Ordering::Relaxed) {
        return Err(Error::new(crate::ErrorCode::Cancelled, "stopped"));
    }
    if job.kind == Kind::File {
        if let Some(free) = disk::free_bytes(&shared.options.dir) {
            if free < job.size + shared.options.reserve_bytes {
                return Err(disk_full(job.size + shared.options.reserve_bytes, free));
            }
        }
    }
    shared.journal(
        &Entry::Begin {
            run: shared.run,
            id: job.graph_id.clone(),
        },
        false,
    )?;
    shared.report(
        Phase::Saving,
        &person.name,
        Some(job.kind),
        &job.source_path,
    );
    let saved = match job.kind {
        Kind::Mail => {
            shared.budget.admit(&person.id).await;
            fetch::mail(&shared.client, &shared.options.dir, person, &job).await
        }
        Kind::File => {
            fetch::file(
                &shared.client,
                &shared.http,
                &shared.options.dir,
                person,
                &job,
            )
            .await
        }
    };
    match saved {
        Ok(item) => {
            // The file is already durable (fsynced before its rename); the line follows it, so a
            // power cut loses at most lines (items then saved again), never a file they name.
            shared.journal(
                &Entry::Done {
                    run: shared.run,
                    item: item.clone(),
                },
                false,
            )?;
            shared.items_done.fetch_add(1, Ordering::Relaxed);
            shared.bytes_done.fetch_add(item.size, Ordering::Relaxed);
            Ok(Ok(item))
        }
        Err(e) if is_disk_full(&e) => Err(e),
        Err(e) => Ok(Err(Left {
            person: person.upn.clone(),
            kind: job.kind,
            reason: LeftReason::CouldNotRead,
            what: job.path.clone(),
            message: e.message.clone(),
        })),
    }
}

fn is_disk_full(e: &Error) -> bool {
    e.details
        .as_ref()
        .and_then(|d| d.get("reason"))
        .and_then(|r| r.as_str())
        == Some("disk_full")
}

/// An item saved before counts only if its file is still there with its size.
fn still_saved(dir: &std::path::Path, item: &ManifestItem) -> bool {
    verify::item_path(dir, &item.path)
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.len() == item.size)
}

/// Runs (or resumes) the backup into `options.dir`.
pub async fn run(
    client: &GraphClient,
    options: BackupOptions,
    on_progress: OnProgress,
) -> Result<Outcome> {
    let dir = options.dir.clone();
    fsio::private_dir(&dir).map_err(|e| Error::io("the backup folder", &e))?;
    let (mut journal, progress) = Journal::open(&dir)?;
    let run = progress.runs + 1;
    journal.append(&Entry::Run { run }, true)?;

    let (organization, people) = plan::people(client).await?;
    let mut jobs = Vec::new();
    let mut left = Vec::new();
    let mut totals: Vec<PersonTotals> = Vec::new();
    // Each person's mailbox and drive are listed at once (Outlook's limits are per mailbox),
    // then taken in the people's order so paths and the manifest never depend on timing.
    let mut listings = tokio::task::JoinSet::new();
    for (i, person) in people.iter().enumerate() {
        let (client, person, on_progress) = (client.clone(), person.clone(), on_progress.clone());
        listings.spawn(async move {
            on_progress(&Progress {
                phase: Phase::Listing,
                items_done: 0,
                items_total: 0,
                bytes_done: 0,
                bytes_total: 0,
                person: person.name.clone(),
                kind: None,
                folder: String::new(),
            });
            let mail = plan::mailbox(&client, &person, i).await?;
            let files = plan::drive(&client, &person, i).await?;
            Ok::<_, Error>((i, mail, files))
        });
    }
    let mut listed = BTreeMap::new();
    while let Some(joined) = listings.join_next().await {
        let (i, mail, files) =
            joined.map_err(|e| Error::internal(format!("a listing task failed: {e}")))??;
        listed.insert(i, (mail, files));
    }
    for (i, (mail, files)) in listed {
        let person = &people[i];
        for (source, link) in mail.delta_links.iter().chain(&files.delta_links) {
            journal.append(
                &Entry::Delta {
                    source: source.clone(),
                    link: link.clone(),
                },
                false,
            )?;
        }
        totals.push(PersonTotals {
            person: person.upn.clone(),
            name: person.name.clone(),
            mail_saved: 0,
            mail_total: mail.total,
            files_saved: 0,
            files_total: files.total,
            bytes_saved: 0,
        });
        left.extend(mail.left);
        left.extend(files.left);
        jobs.extend(mail.jobs);
        jobs.extend(files.jobs);
    }

    let mut saved: BTreeMap<String, ManifestItem> = BTreeMap::new();
    let mut pending = Vec::new();
    for job in jobs {
        match progress.done.get(&job.graph_id) {
            Some(item) if item.path == job.path && still_saved(&dir, item) => {
                saved.insert(item.path.clone(), item.clone());
            }
            _ => pending.push(job),
        }
    }
    let already_saved = saved.len();
    let need: u64 = pending
        .iter()
        .filter(|j| j.kind == Kind::File)
        .map(|j| j.size)
        .sum();
    if let Some(free) = disk::free_bytes(&dir) {
        if free < need + options.reserve_bytes {
            return Err(disk_full(need + options.reserve_bytes, free));
        }
    }

    let mailboxes = people
        .iter()
        .map(|p| {
            (
                p.id.clone(),
                Arc::new(Semaphore::new(options.mail_concurrency.max(1))),
            )
        })
        .collect();
    let shared = Arc::new(Shared {
        client: client.clone(),
        http: downloader()?,
        budget: MailBudget::new(options.mail_requests_per_10_min),
        places: Semaphore::new(options.concurrency.max(1)),
        options,
        people,
        journal: Mutex::new(journal),
        run,
        mailboxes,
        stop: AtomicBool::new(false),
        items_done: AtomicU64::new(already_saved as u64),
        bytes_done: AtomicU64::new(saved.values().map(|i| i.size).sum()),
        items_total: (already_saved + pending.len()) as u64,
        bytes_total: saved.values().map(|i| i.size).sum::<u64>() + need,
        on_progress,
    });
    let mut tasks = tokio::task::JoinSet::new();
    for job in pending {
        tasks.spawn(save(shared.clone(), job));
    }
    let mut fatal: Option<Error> = None;
    let mut saved_now = 0;
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(Ok(item))) => {
                saved_now += 1;
                saved.insert(item.path.clone(), item);
            }
            Ok(Ok(Err(l))) => left.push(l),
            Ok(Err(e)) => {
                if fatal.is_none() && e.code != crate::ErrorCode::Cancelled {
                    shared.stop.store(true, Ordering::Relaxed);
                    fatal = Some(e);
                }
            }
            Err(e) => {
                shared.stop.store(true, Ordering::Relaxed);
                fatal.get_or_insert(Error::internal(format!("a backup task failed: {e}")));
            }
        }
    }
    if let Some(e) = fatal {
        return Err(e);
    }
    shared
        .journal
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .sync()?;
    if shared.options.pause.load(Ordering::Relaxed) {
        // Not every item was tried: no manifest may present this as the backup.
        return Err(Error::new(
            crate::ErrorCode::Cancelled,
            "The backup is paused; start it again to go on from where it stopped.",
        ));
    }

    for t in &mut totals {
        for item in saved.values().filter(|i| i.person == t.person) {
            match item.kind {
                Kind::Mail => t.mail_saved += 1,
                Kind::File => t.files_saved += 1,
            }
            t.bytes_saved += item.size;
        }
    }
    left.sort_by(|a, b| {
        (&a.person, a.kind.as_str(), &a.what).cmp(&(&b.person, b.kind.as_str(), &b.what))
    });
    let manifest = Manifest {
        version: 1,
        organization,
        written_at: now_iso(),
        complete: left.is_empty(),
        archive_note: ARCHIVE_NOTE.into(),
        people: totals,
        left,
        items: saved.into_values().collect(),
    };
    manifest.write(&dir)?;
    shared.report(Phase::Finished, "", None, "");
    Ok(Outcome {
        manifest,
        saved_now,
        already_saved,
    })
}

fn now_iso() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
