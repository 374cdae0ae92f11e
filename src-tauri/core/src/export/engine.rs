//! One backup run (a start, a resume, or bringing a finished backup up to date): list what is
//! reachable (people's mail and OneDrive, then the SharePoint sites' and Teams' libraries),
//! skip what the journal says is saved, save the rest in parallel within Outlook's documented
//! limits per mailbox, note what Microsoft 365 deleted since, and write the manifest.
//! Progress says the speed, the time left and what is being saved now.
//!
//! What a crash costs is bounded: an item is journaled as begun only once it holds one of the
//! run's places (files, messages being fetched, messages being written), and as done only after
//! its file is complete and checked, so a resume re-does at most
//! [`BackupOptions::in_flight_bound`] items.

use super::commit::{self, Committed};
use super::fetch::{self, disk_full};
use super::journal::{Entry, Journal};
use super::manifest::{Kind, Left, LeftReason, Manifest, ManifestItem, PersonTotals, ARCHIVE_NOTE};
use super::plan::{self, Job, Person};
use super::rate::Rate;
use super::refresh::{self, Previous};
use super::{disk, places, verify};
use crate::fsio;
use crate::graph::GraphClient;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
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
    /// Files downloaded at the same time.
    pub concurrency: usize,
    /// Messages fetched at the same time, all mailboxes together (as many more may be on
    /// their way to the disk); within it, each mailbox at most `mail_concurrency` (Outlook's).
    pub mail_at_once: usize,
    pub mail_concurrency: usize,
    pub mail_requests_per_10_min: u32,
    /// Space left free on the backup's disk; the backup stops before going below it.
    pub reserve_bytes: u64,
    /// Set to pause: items in flight finish, nothing new starts, and the run ends with
    /// `cancelled` (a later run resumes from the journal).
    pub pause: Arc<AtomicBool>,
}

impl BackupOptions {
    /// The most items in flight at once: what a crash can make a resume re-do.
    pub fn in_flight_bound(&self) -> usize {
        self.concurrency.max(1) + 2 * self.mail_at_once.max(1)
    }

    pub fn new(dir: PathBuf) -> Self {
        BackupOptions {
            dir,
            concurrency: 32,
            // Above Outlook's 4 a mailbox for a dozen mailboxes: a small company's mail is
            // saved at the pace Outlook allows; a big one's stays within a desktop's means.
            mail_at_once: 64,
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
    /// The files' sizes (Graph gives them up front) plus each message's once it is saved:
    /// Graph's message resource has no size, so while `mail_left` is not zero the total can
    /// only grow ("of at least").
    pub bytes_total: u64,
    /// Messages still to save, whose sizes are not in `bytes_total` yet.
    pub mail_left: u64,
    /// The person (or site, or team) being listed or saved, and the folder.
    pub person: String,
    pub kind: Option<Kind>,
    pub folder: String,
    /// That person's items of that kind: saved so far, and in all ("1,240 of 4,212").
    pub person_done: u64,
    pub person_total: u64,
    /// The recent pace, and the time left at that pace (`None` until there is a pace).
    pub bytes_per_second: Option<u64>,
    pub items_per_minute: Option<u64>,
    pub seconds_left: Option<u64>,
}

impl Progress {
    fn listing(person: &str) -> Progress {
        Progress {
            phase: Phase::Listing,
            items_done: 0,
            items_total: 0,
            bytes_done: 0,
            bytes_total: 0,
            mail_left: 0,
            person: person.to_string(),
            kind: None,
            folder: String::new(),
            person_done: 0,
            person_total: 0,
            bytes_per_second: None,
            items_per_minute: None,
            seconds_left: None,
        }
    }
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
    journal: Arc<Committed>,
    run: u32,
    /// Files being downloaded.
    places: Semaphore,
    /// Messages being fetched, all mailboxes together.
    mail_places: Semaphore,
    /// Messages fetched and not yet written: the disk's share, so a slow disk holds the
    /// fetching back instead of filling the memory, and a fast one never holds a fetch slot.
    writes: Semaphore,
    budget: MailBudget,
    stop: AtomicBool,
    items_done: AtomicU64,
    bytes_done: AtomicU64,
    items_total: u64,
    /// The files' sizes, saved and pending, and the saved messages' (grows as mail is saved).
    bytes_total: AtomicU64,
    mail_left: AtomicU64,
    /// Per (person, kind): items saved so far and in all.
    per_person: HashMap<(usize, Kind), (AtomicU64, u64)>,
    rate: Mutex<Rate>,
    started: Instant,
    on_progress: OnProgress,
}

impl Shared {
    fn journal(&self, entry: &Entry, durable: bool) -> Result<()> {
        self.journal.append(entry, durable)
    }

    fn report(&self, phase: Phase, person: Option<usize>, kind: Option<Kind>, folder: &str) {
        let (items_done, bytes_done, bytes_total, mail_left) = (
            self.items_done.load(Ordering::Relaxed),
            self.bytes_done.load(Ordering::Relaxed),
            self.bytes_total.load(Ordering::Relaxed),
            self.mail_left.load(Ordering::Relaxed),
        );
        let (person_done, person_total) = match (person, kind) {
            (Some(p), Some(k)) => self
                .per_person
                .get(&(p, k))
                .map(|(d, t)| (d.load(Ordering::Relaxed), *t))
                .unwrap_or_default(),
            _ => (0, 0),
        };
        let (bytes_per_second, items_per_minute, seconds_left) = {
            let mut rate = self.rate.lock().unwrap_or_else(|e| e.into_inner());
            rate.record(self.started.elapsed().as_secs_f64(), items_done, bytes_done);
            (
                rate.bytes_per_second(),
                rate.items_per_second().map(|r| (r * 60.0).round() as u64),
                rate.seconds_left(
                    self.items_total.saturating_sub(items_done),
                    bytes_total.saturating_sub(bytes_done),
                ),
            )
        };
        (self.on_progress)(&Progress {
            phase,
            items_done,
            items_total: self.items_total,
            bytes_done,
            bytes_total,
            mail_left,
            person: person
                .map(|p| self.people[p].name.clone())
                .unwrap_or_default(),
            kind,
            folder: folder.to_string(),
            person_done,
            person_total,
            bytes_per_second,
            items_per_minute,
            seconds_left,
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

type Saved = Result<std::result::Result<ManifestItem, Left>>;

/// The run's queues and how many workers take from each: a mailbox's messages with Outlook's
/// 4 at a time, all files with `concurrency`. Workers, not a task per item: a task per item
/// held 22,500 suspended saves at once for a small company's mail.
fn queues(pending: Vec<Job>, options: &BackupOptions) -> Vec<(VecDeque<Job>, usize)> {
    let mut mail: BTreeMap<usize, VecDeque<Job>> = BTreeMap::new();
    let mut files = VecDeque::new();
    for job in pending {
        match job.kind {
            Kind::Mail => mail.entry(job.person).or_default().push_back(job),
            Kind::File => files.push_back(job),
        }
    }
    let per_mailbox = options.mail_concurrency.max(1);
    mail.into_values()
        .map(|q| (q, per_mailbox))
        .chain([(files, options.concurrency.max(1))])
        .filter(|(q, _)| !q.is_empty())
        .collect()
}

/// One worker: saves its queue's items one after another until the queue is empty, or the
/// run stops (a fatal error, here or in another worker, or a pause).
async fn work(shared: Arc<Shared>, queue: Arc<Mutex<VecDeque<Job>>>) -> Vec<Saved> {
    let mut results = Vec::new();
    loop {
        let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
        let Some(job) = next else {
            return results;
        };
        let result = save(shared.clone(), job).await;
        let stopped = result.is_err();
        if stopped {
            shared.stop.store(true, Ordering::Relaxed);
        }
        results.push(result);
        if stopped {
            return results;
        }
    }
}

/// Saves one item, journaled as begun and (after it is checked) as done.
async fn save(shared: Arc<Shared>, job: Job) -> Saved {
    let person = &shared.people[job.person];
    // A mailbox's own workers are its turn (Outlook allows 4 requests at a time each); the
    // slot of the whole run ends with the request, since writing the message to disk is no
    // request of Outlook's.
    let place = match job.kind {
        Kind::Mail => &shared.mail_places,
        Kind::File => &shared.places,
    }
    .acquire()
    .await
    .map_err(|e| Error::internal(e.to_string()))?;
    if shared.stop.load(Ordering::Relaxed) || shared.options.pause.load(Ordering::Relaxed) {
        return Err(Error::new(crate::ErrorCode::Cancelled, "stopped"));
    }
    if job.kind == Kind::File {
        if let Some(free) = disk::free_bytes(&shared.options.dir) {
            if !disk::enough(free, job.size, shared.options.reserve_bytes) {
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
        Some(job.person),
        Some(job.kind),
        &job.source_path,
    );
    // A message keeps its write slot until its line is journaled: a kill finds at most the
    // fetch slots and the write slots in flight.
    let (saved, _write) = match job.kind {
        Kind::Mail => {
            shared.budget.admit(&person.id).await;
            let body = fetch::mime(&shared.client, person, &job).await;
            let write = shared
                .writes
                .acquire()
                .await
                .map_err(|e| Error::internal(e.to_string()))?;
            drop(place);
            let saved = match body {
                Ok(body) => fetch::store_mail(&shared.options.dir, person, &job, body).await,
                Err(e) => Err(e),
            };
            (saved, Some(write))
        }
        Kind::File => {
            let saved = fetch::file(
                &shared.client,
                &shared.http,
                &shared.options.dir,
                person,
                &job,
            )
            .await;
            (saved, None)
        }
    };
    match saved {
        Ok(item) => {
            // The line follows the file at once; the next group sync makes both durable, and a
            // resume checks by hash any item whose line no sync covered (`commit`).
            shared.journal.saved(&item)?;
            shared.items_done.fetch_add(1, Ordering::Relaxed);
            shared.bytes_done.fetch_add(item.size, Ordering::Relaxed);
            if job.kind == Kind::Mail {
                shared.bytes_total.fetch_add(item.size, Ordering::Relaxed);
                shared.mail_left.fetch_sub(1, Ordering::Relaxed);
            }
            if let Some((done, _)) = shared.per_person.get(&(job.person, job.kind)) {
                done.fetch_add(1, Ordering::Relaxed);
            }
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
    e.code == crate::ErrorCode::DiskFull
}

/// An item saved before counts only if its file is still there with its size, and (files)
/// Microsoft's copy has not changed since.
fn still_saved(dir: &std::path::Path, item: &ManifestItem, job: &Job) -> bool {
    let same = job.kind == Kind::Mail
        || (job.size == item.size
            && (job.quick_xor_hash.is_none() || job.quick_xor_hash == item.quick_xor_hash));
    same && item.path == job.path && still_there(dir, item)
}

/// Runs (or resumes, or brings up to date) the backup into `options.dir`.
pub async fn run(
    client: &GraphClient,
    options: BackupOptions,
    on_progress: OnProgress,
) -> Result<Outcome> {
    let dir = options.dir.clone();
    fsio::private_dir(&dir).map_err(|e| Error::io("the backup folder", &e))?;
    let (mut journal, mut progress) = Journal::open(&dir)?;
    // Items a power cut may have kept from the disk, though their lines say saved.
    let lost = commit::forget_lost(dir.clone(), &mut progress, &mut journal).await?;
    if lost > 0 {
        tracing::info!(
            lost,
            "saved items that did not reach the disk are saved again"
        );
    }
    // Messages half-written when an earlier run stopped: never items, so they go now.
    let mail = dir.join("Mail");
    tokio::task::spawn_blocking(move || fsio::remove_stale_temps_under(&mail))
        .await
        .map_err(|e| Error::internal(format!("a cleanup task failed: {e}")))?
        .map_err(|e| Error::io("the backup folder", &e))?;
    let run = progress.runs + 1;
    journal.append(&Entry::Run { run }, true)?;
    let previous = Arc::new(Previous::new(&progress, Manifest::read(&dir).ok().as_ref()));

    let (organization, mut people) = plan::people(client).await?;
    let (shared_places, mut left) = places::places(client, &people).await?;
    let first_place = people.len();
    people.extend(shared_places);
    let mut jobs = Vec::new();
    let mut totals: Vec<PersonTotals> = Vec::new();
    // Each person's mailbox and drive are listed at once (Outlook's limits are per mailbox),
    // then taken in the people's order so paths and the manifest never depend on timing.
    let mut listings = tokio::task::JoinSet::new();
    for (i, person) in people.iter().enumerate() {
        let (client, person, on_progress, previous) = (
            client.clone(),
            person.clone(),
            on_progress.clone(),
            previous.clone(),
        );
        listings.spawn(async move {
            on_progress(&Progress::listing(&person.name));
            // Mail and files are different services with their own limits: listed side by side.
            let mail = async {
                match person.shared {
                    None => plan::mailbox(&client, &person, i, &previous).await,
                    Some(_) => Ok(plan::Scan::default()),
                }
            };
            let (mail, files) =
                tokio::try_join!(mail, plan::drive(&client, &person, i, &previous))?;
            Ok::<_, Error>((i, mail, files))
        });
    }
    let mut listed = BTreeMap::new();
    while let Some(joined) = listings.join_next().await {
        let (i, mail, files) =
            joined.map_err(|e| Error::internal(format!("a listing task failed: {e}")))??;
        listed.insert(i, (mail, files));
    }
    // Saved items Microsoft 365 no longer lists (only where the listing was whole).
    let mut removed: Vec<ManifestItem> = Vec::new();
    let mut per_person = HashMap::new();
    for (i, (mail, files)) in listed {
        let person = &people[i];
        for (source, link) in mail.delta_links.iter().chain(&files.delta_links) {
            journal.append(
                &Entry::Delta {
                    source: source.clone(),
                    link: link.clone(),
                    run,
                },
                false,
            )?;
        }
        for (kind, scan) in [(Kind::Mail, &mail), (Kind::File, &files)] {
            per_person.insert((i, kind), (AtomicU64::new(0), scan.jobs.len() as u64));
            if scan.total.is_none() || !scan.left.is_empty() {
                continue;
            }
            for item in progress.done.values() {
                let listed_now = scan.jobs.iter().any(|j| j.graph_id == item.graph_id);
                if item.person == person.upn && item.kind == kind && !listed_now {
                    if !progress.removed.contains(&item.graph_id) {
                        journal.append(
                            &Entry::Removed {
                                run,
                                id: item.graph_id.clone(),
                            },
                            false,
                        )?;
                    }
                    if still_there(&dir, item) {
                        removed.push(ManifestItem {
                            removed_at_source: true,
                            ..item.clone()
                        });
                    }
                }
            }
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
            Some(item) if still_saved(&dir, item, &job) => {
                if let Some((done, _)) = per_person.get(&(job.person, job.kind)) {
                    done.fetch_add(1, Ordering::Relaxed);
                }
                saved.insert(item.path.clone(), item.clone());
            }
            // Renamed or moved in Microsoft 365 since: the saved copy moves with it.
            Some(item) => match refresh::move_saved(&dir, item, &job) {
                Some(moved) => {
                    journal.append(
                        &Entry::Done {
                            run,
                            item: moved.clone(),
                        },
                        false,
                    )?;
                    if let Some((done, _)) = per_person.get(&(job.person, job.kind)) {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    saved.insert(moved.path.clone(), moved);
                }
                None => pending.push(job),
            },
            None => pending.push(job),
        }
    }
    let already_saved = saved.len();
    let need: u64 = pending
        .iter()
        .filter(|j| j.kind == Kind::File)
        .map(|j| j.size)
        .sum();
    if let Some(free) = disk::free_bytes(&dir) {
        if !disk::enough(free, need, options.reserve_bytes) {
            return Err(disk_full(need + options.reserve_bytes, free));
        }
    }

    let shared = Arc::new(Shared {
        client: client.clone(),
        http: downloader()?,
        budget: MailBudget::new(options.mail_requests_per_10_min),
        places: Semaphore::new(options.concurrency.max(1)),
        mail_places: Semaphore::new(options.mail_at_once.max(1)),
        writes: Semaphore::new(options.mail_at_once.max(1)),
        options,
        people,
        journal: Committed::new(journal, dir.clone(), run),
        run,
        stop: AtomicBool::new(false),
        items_done: AtomicU64::new(already_saved as u64),
        bytes_done: AtomicU64::new(saved.values().map(|i| i.size).sum()),
        items_total: (already_saved + pending.len()) as u64,
        bytes_total: AtomicU64::new(saved.values().map(|i| i.size).sum::<u64>() + need),
        mail_left: AtomicU64::new(pending.iter().filter(|j| j.kind == Kind::Mail).count() as u64),
        per_person,
        rate: Mutex::default(),
        started: Instant::now(),
        on_progress,
    });
    let ticker = {
        let shared = shared.clone();
        shared
            .journal
            .clone()
            .tick(move || shared.stop.store(true, Ordering::Relaxed))
    };
    let mut tasks = tokio::task::JoinSet::new();
    for (queue, workers) in queues(pending, &shared.options) {
        let queue = Arc::new(Mutex::new(queue));
        for _ in 0..workers {
            tasks.spawn(work(shared.clone(), queue.clone()));
        }
    }
    let mut fatal: Option<Error> = None;
    let mut saved_now = 0;
    while let Some(joined) = tasks.join_next().await {
        let results = joined
            .unwrap_or_else(|e| vec![Err(Error::internal(format!("a backup task failed: {e}")))]);
        for result in results {
            match result {
                Ok(Ok(item)) => {
                    saved_now += 1;
                    saved.insert(item.path.clone(), item);
                }
                Ok(Err(l)) => left.push(l),
                Err(e) => {
                    shared.stop.store(true, Ordering::Relaxed);
                    if fatal.is_none() && e.code != crate::ErrorCode::Cancelled {
                        fatal = Some(e);
                    }
                }
            }
        }
    }
    // Whatever ended the run, what it saved is made durable before it says anything.
    let synced = ticker.finish().await;
    if let Some(e) = fatal {
        return Err(e);
    }
    synced?;
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
    let places = totals.split_off(first_place);
    left.sort_by(|a, b| {
        (&a.person, a.kind.as_str(), &a.what).cmp(&(&b.person, b.kind.as_str(), &b.what))
    });
    for item in removed {
        saved.entry(item.path.clone()).or_insert(item);
    }
    let manifest = Manifest {
        version: 1,
        organization,
        written_at: now_iso(),
        complete: left.is_empty(),
        archive_note: ARCHIVE_NOTE.into(),
        people: totals,
        left,
        items: saved.into_values().collect(),
        places,
    };
    manifest.write(&dir)?;
    shared.journal(&Entry::Finished { run }, true)?;
    shared.report(Phase::Finished, None, None, "");
    Ok(Outcome {
        manifest,
        saved_now,
        already_saved,
    })
}

/// A saved item's file is still in the backup with its size.
fn still_there(dir: &std::path::Path, item: &ManifestItem) -> bool {
    verify::item_path(dir, &item.path)
        .and_then(|p| std::fs::metadata(p).ok())
        .is_some_and(|m| m.len() == item.size)
}

fn now_iso() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
