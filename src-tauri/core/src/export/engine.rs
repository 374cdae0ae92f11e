//! One backup run (a start, a resume, or bringing a finished backup up to date): list what is
//! reachable (people's mail and OneDrive, the SharePoint sites' and Teams' libraries), all at
//! once; as each listing arrives, skip what the journal says is saved, note what Microsoft 365
//! deleted since, and save the rest in parallel within Outlook's documented limits per
//! mailbox, beside the listings still out; then write the manifest. Progress says the speed,
//! the time left and what is being saved now.
//!
//! What a crash costs is bounded: an item is journaled as begun only once it holds one of the
//! run's places (files, messages being fetched, messages being written), and as done only after
//! its file is complete and checked, so a resume re-does at most
//! [`BackupOptions::in_flight_bound`] items.

use super::budget::MailBudget;
use super::commit::{self, Committed};
use super::fetch::{self, disk_full};
use super::journal::{Entry, Journal};
use super::manifest::{Kind, Left, LeftReason, Manifest, ManifestItem, PersonTotals, ARCHIVE_NOTE};
use super::plan::{self, Job, Person};
use super::rate::Rate;
use super::refresh::Previous;
use super::{disk, listed, places};
use crate::fsio;
use crate::graph::GraphClient;
use crate::{Error, Result};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Semaphore};
use tokio::task::JoinError;

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
    /// Listings still out, a mailbox or a drive each (saving starts with the first one
    /// listed): while it is not zero, `items_total` can only grow too.
    pub places_left: u64,
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

pub type OnProgress = Arc<dyn Fn(&Progress) + Send + Sync>;

#[derive(Debug, Clone)]
pub struct Outcome {
    pub manifest: Manifest,
    /// Items saved by this run, and items a previous run had saved.
    pub saved_now: usize,
    pub already_saved: usize,
}

struct Shared {
    client: GraphClient,
    http: reqwest::Client,
    options: BackupOptions,
    people: Vec<Person>,
    journal: Arc<Committed>,
    /// Files being downloaded.
    places: Semaphore,
    /// Messages being fetched, all mailboxes together.
    mail_places: Semaphore,
    /// Messages fetched and not yet written: the disk's share, so a slow disk holds the
    /// fetching back instead of filling the memory, and a fast one never holds a fetch slot.
    writes: Arc<Semaphore>,
    budget: MailBudget,
    stop: AtomicBool,
    /// Set by the first item being saved: from then on the saving says what is going on.
    saving: AtomicBool,
    items_done: AtomicU64,
    bytes_done: AtomicU64,
    /// Grows as each listing arrives.
    items_total: AtomicU64,
    /// The files' sizes, saved and pending, and the saved messages' (grows as mail is saved).
    bytes_total: AtomicU64,
    mail_left: AtomicU64,
    places_left: AtomicU64,
    /// Bytes of the listed files not saved yet: what the disk must still hold.
    files_left: AtomicU64,
    /// Files moved and changed since an earlier run, by Graph id: the old copy's path, to go
    /// once the new version is saved.
    replaced: Mutex<HashMap<String, String>>,
    /// Per (person, kind): items saved so far and in all.
    per_person: HashMap<(usize, Kind), (AtomicU64, AtomicU64)>,
    rate: Mutex<Rate>,
    started: Instant,
    on_progress: OnProgress,
}

impl Shared {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || self.options.pause.load(Ordering::Relaxed)
    }

    /// "Looking at Anna's mail and files", until the first item is being saved.
    fn report_listing(&self, person: usize) {
        if !self.saving.load(Ordering::Relaxed) {
            self.report(Phase::Listing, Some(person), None, "");
        }
    }

    fn report(&self, phase: Phase, person: Option<usize>, kind: Option<Kind>, folder: &str) {
        let load = |n: &AtomicU64| n.load(Ordering::Relaxed);
        let (items_done, items_total, bytes_done, bytes_total) = (
            load(&self.items_done),
            load(&self.items_total),
            load(&self.bytes_done),
            load(&self.bytes_total),
        );
        let (mail_left, places_left) = (load(&self.mail_left), load(&self.places_left));
        let (person_done, person_total) = match (person, kind) {
            (Some(p), Some(k)) => self
                .per_person
                .get(&(p, k))
                .map(|(d, t)| (load(d), load(t)))
                .unwrap_or_default(),
            _ => (0, 0),
        };
        let (bytes_per_second, items_per_minute, seconds_left) = {
            let mut rate = self.rate.lock().unwrap_or_else(|e| e.into_inner());
            rate.record(self.started.elapsed().as_secs_f64(), items_done, bytes_done);
            let left = rate.seconds_left(
                items_total.saturating_sub(items_done),
                bytes_total.saturating_sub(bytes_done),
            );
            (
                rate.bytes_per_second(),
                rate.items_per_second().map(|r| (r * 60.0).round() as u64),
                // No time left is known while there is more to list.
                left.filter(|_| places_left == 0),
            )
        };
        (self.on_progress)(&Progress {
            phase,
            items_done,
            items_total,
            bytes_done,
            bytes_total,
            mail_left,
            places_left,
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

    /// A listing has been read: its items count from now on, and the disk must hold its files.
    fn listed(&self, person: usize, kind: Kind, listed: &listed::Listed) -> Result<()> {
        let add = |n: &AtomicU64, by: u64| n.fetch_add(by, Ordering::Relaxed);
        let kept_bytes: u64 = listed.kept.iter().map(|i| i.size).sum();
        let pending_files = listed.pending.iter().filter(|j| j.kind == Kind::File);
        let need: u64 = pending_files.map(|j| j.size).sum();
        let mail = listed.pending.iter().filter(|j| j.kind == Kind::Mail);
        // The totals first: no report may see more done than in all.
        add(
            &self.items_total,
            (listed.kept.len() + listed.pending.len()) as u64,
        );
        add(&self.bytes_total, kept_bytes + need);
        add(&self.mail_left, mail.count() as u64);
        add(&self.items_done, listed.kept.len() as u64);
        add(&self.bytes_done, kept_bytes);
        let files_left = add(&self.files_left, need) + need;
        if let Some((done, of)) = self.per_person.get(&(person, kind)) {
            of.store(listed.listed, Ordering::Relaxed);
            done.fetch_add(listed.kept.len() as u64, Ordering::Relaxed);
        }
        self.places_left.fetch_sub(1, Ordering::Relaxed);
        self.room_for(files_left)
    }

    /// The backup's disk can take `bytes` more and keep its reserve free.
    fn room_for(&self, bytes: u64) -> Result<()> {
        let reserve = self.options.reserve_bytes;
        match disk::free_bytes(&self.options.dir) {
            Some(free) if !disk::enough(free, bytes, reserve) => {
                Err(disk_full(bytes + reserve, free))
            }
            _ => Ok(()),
        }
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

/// Where a worker takes its next item: a mailbox's messages (all listed before its
/// `mail_concurrency` workers start: Outlook's 4 at a time), or the run's files (arriving as
/// each drive is listed, taken by `concurrency` workers, closed once every listing is in).
/// Workers, not a task per item: a task per item held 22,500 suspended saves at once for a
/// small company's mail.
enum Queue {
    Listed(Mutex<VecDeque<Job>>),
    Arriving(tokio::sync::Mutex<mpsc::UnboundedReceiver<Job>>),
}

impl Queue {
    async fn next(&self) -> Option<Job> {
        match self {
            Queue::Listed(q) => q.lock().unwrap_or_else(|e| e.into_inner()).pop_front(),
            Queue::Arriving(q) => q.lock().await.recv().await,
        }
    }
}

/// One worker: saves its queue's items one after another until the queue is empty, or the
/// run stops (a fatal error, here or in another worker, or a pause). A message is written
/// while its worker fetches the next: a mailbox's 4 requests at a time are spent asking
/// Outlook, not waiting for the disk (the write slots bound how many wait to be written).
async fn work(shared: Arc<Shared>, queue: Arc<Queue>) -> Vec<Saved> {
    let mut results = Vec::new();
    let mut writing = tokio::task::JoinSet::new();
    // Whether the result just taken stops this worker (it stops the run too).
    let take = |results: &mut Vec<Saved>, joined: std::result::Result<Saved, JoinError>| {
        let saved =
            joined.unwrap_or_else(|e| Err(Error::internal(format!("saving a message: {e}"))));
        let stops = saved.is_err();
        if stops {
            shared.stop.store(true, Ordering::Relaxed);
        }
        results.push(saved);
        stops
    };
    while let Some(job) = queue.next().await {
        let mut stops = match save(shared.clone(), job, &mut writing).await {
            Some(saved) => take(&mut results, Ok(saved)),
            None => false,
        };
        while let Some(joined) = writing.try_join_next() {
            stops |= take(&mut results, joined);
        }
        if stops {
            break;
        }
    }
    while let Some(joined) = writing.join_next().await {
        take(&mut results, joined);
    }
    results
}

/// Saves one item, journaled as begun and (after it is checked) as done; a fetched message's
/// write goes on in `writing`, and `None` says so.
async fn save(
    shared: Arc<Shared>,
    job: Job,
    writing: &mut tokio::task::JoinSet<Saved>,
) -> Option<Saved> {
    let person = &shared.people[job.person];
    // A mailbox's own workers are its turn (Outlook allows 4 requests at a time each); the
    // slot of the whole run ends with the request, since writing the message to disk is no
    // request of Outlook's.
    let slots = match job.kind {
        Kind::Mail => &shared.mail_places,
        Kind::File => &shared.places,
    };
    let place = match slots.acquire().await {
        Ok(place) => place,
        Err(e) => return Some(Err(Error::internal(e.to_string()))),
    };
    if shared.stopping() {
        return Some(Err(Error::new(crate::ErrorCode::Cancelled, "stopped")));
    }
    if let Err(e) = begin(&shared, &job) {
        return Some(Err(e));
    }
    match job.kind {
        Kind::Mail => {
            shared.budget.admit(&person.id).await;
            let body = fetch::mime(&shared.client, person, &job).await;
            // A message keeps its write slot until its line is journaled: a kill finds at
            // most the fetch slots and the write slots in flight.
            let write = match shared.writes.clone().acquire_owned().await {
                Ok(write) => write,
                Err(e) => return Some(Err(Error::internal(e.to_string()))),
            };
            drop(place);
            let body = match body {
                Ok(body) => body,
                Err(e) => return Some(finish(&shared, &job, Err(e))),
            };
            writing.spawn(async move {
                let person = &shared.people[job.person];
                let stored = fetch::store_mail(&shared.options.dir, person, &job, body).await;
                let saved = finish(&shared, &job, stored);
                drop(write);
                saved
            });
            None
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
            if !saved.as_ref().is_err_and(is_disk_full) {
                shared.files_left.fetch_sub(job.size, Ordering::Relaxed);
            }
            Some(finish(&shared, &job, saved))
        }
    }
}

/// An item takes one of the run's places: it is journaled as begun, and the progress says so.
fn begin(shared: &Shared, job: &Job) -> Result<()> {
    if job.kind == Kind::File {
        shared.room_for(job.size)?;
    }
    shared.saving.store(true, Ordering::Relaxed);
    shared.journal.append(
        &Entry::Begin {
            run: shared.journal.run(),
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
    Ok(())
}

/// What one item's save came to: journaled and counted when saved; a full disk stops the run,
/// any other failure leaves the item for the manifest to name.
fn finish(shared: &Shared, job: &Job, saved: Result<ManifestItem>) -> Saved {
    match saved {
        Ok(item) => {
            // The line follows the file at once; the next group sync makes both durable, and a
            // resume checks by hash any item whose line no sync covered (`commit`).
            shared.journal.saved(&item)?;
            if job.kind == Kind::File {
                let old = shared
                    .replaced
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .remove(&item.graph_id);
                if let Some(old) = old {
                    shared.journal.remove_after_sync(old);
                }
            }
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
            person: shared.people[job.person].upn.clone(),
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

/// What the listings and the workers gather for the manifest, in whatever order they end.
#[derive(Default)]
struct Gathered {
    saved: BTreeMap<String, ManifestItem>,
    left: Vec<Left>,
    removed: Vec<ManifestItem>,
    /// By person, in the people's order.
    totals: BTreeMap<usize, PersonTotals>,
    saved_now: usize,
    already_saved: usize,
    fatal: Option<Error>,
}

impl Gathered {
    /// The run stops; the first error that is not a pause is the one it ends with.
    fn fail(&mut self, shared: &Shared, e: Error) {
        shared.stop.store(true, Ordering::Relaxed);
        if self.fatal.is_none() && e.code != crate::ErrorCode::Cancelled {
            self.fatal = Some(e);
        }
    }

    fn worker_ended(
        &mut self,
        shared: &Shared,
        joined: std::result::Result<Vec<Saved>, JoinError>,
    ) {
        let results = joined
            .unwrap_or_else(|e| vec![Err(Error::internal(format!("a backup task failed: {e}")))]);
        for result in results {
            match result {
                Ok(Ok(item)) => {
                    self.saved_now += 1;
                    self.saved.insert(item.path.clone(), item);
                }
                Ok(Err(l)) => self.left.push(l),
                Err(e) => self.fail(shared, e),
            }
        }
    }

    /// Takes in one listing of `person` (the `i`th); hands back its items still to save.
    fn listing_ended(
        &mut self,
        i: usize,
        person: &Person,
        kind: Kind,
        listed: listed::Listed,
    ) -> Vec<Job> {
        self.already_saved += listed.kept.len();
        for item in listed.kept {
            self.saved.insert(item.path.clone(), item);
        }
        self.removed.extend(listed.removed);
        self.left.extend(listed.left);
        // The person's line of the manifest, before anything of this run is counted.
        let totals = self.totals.entry(i).or_insert_with(|| PersonTotals {
            person: person.upn.clone(),
            name: person.name.clone(),
            mail_saved: 0,
            mail_total: None,
            files_saved: 0,
            files_total: None,
            bytes_saved: 0,
        });
        match kind {
            Kind::Mail => totals.mail_total = listed.total,
            Kind::File => totals.files_total = listed.total,
        }
        listed.pending
    }
}

type Listing = Result<(usize, Kind, plan::Scan)>;

/// Lists one person's mailbox, or one person's (or site's, or team's) files: mail and files
/// are different services with their own limits, and neither waits for the other (a big
/// OneDrive holds back no message, a big mailbox no file).
async fn list(shared: Arc<Shared>, i: usize, kind: Kind, previous: Arc<Previous>) -> Listing {
    shared.report_listing(i);
    let (client, person) = (&shared.client, &shared.people[i]);
    let scan = match kind {
        Kind::Mail => {
            let scan = plan::mailbox(client, person, i, &previous).await?;
            shared.budget.spent(&person.id, scan.requests).await;
            scan
        }
        Kind::File => plan::drive(client, person, i, &previous).await?,
    };
    Ok((i, kind, scan))
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

    let ((organization, mut people), libraries) =
        tokio::try_join!(plan::people(client), places::find(client))?;
    let (shared_places, left) = places::places(libraries, &people);
    let first_place = people.len();
    people.extend(shared_places);
    // Every mailbox and drive is listed at once (Outlook's limits are per mailbox), and each
    // is saved as soon as it is listed: a big mailbox's listing holds back no other's saving.
    // Sites and teams have no mailbox of their own here.
    let to_list: Vec<(usize, Kind)> = (0..people.len())
        .flat_map(|i| [(i, Kind::Mail), (i, Kind::File)])
        .filter(|&(i, kind)| kind == Kind::File || people[i].shared.is_none())
        .collect();
    let per_person = (0..people.len())
        .flat_map(|i| [(i, Kind::Mail), (i, Kind::File)])
        .map(|key| (key, Default::default()))
        .collect();
    let shared = Arc::new(Shared {
        client: client.clone(),
        http: downloader()?,
        budget: MailBudget::new(options.mail_requests_per_10_min),
        places: Semaphore::new(options.concurrency.max(1)),
        mail_places: Semaphore::new(options.mail_at_once.max(1)),
        writes: Arc::new(Semaphore::new(options.mail_at_once.max(1))),
        options,
        places_left: AtomicU64::new(to_list.len() as u64),
        people,
        journal: Committed::new(journal, dir.clone(), run),
        stop: AtomicBool::new(false),
        saving: AtomicBool::new(false),
        items_done: AtomicU64::new(0),
        bytes_done: AtomicU64::new(0),
        items_total: AtomicU64::new(0),
        bytes_total: AtomicU64::new(0),
        mail_left: AtomicU64::new(0),
        files_left: AtomicU64::new(0),
        replaced: Mutex::default(),
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
    let mut gathered = Gathered {
        left,
        ..Gathered::default()
    };
    let mut listings = tokio::task::JoinSet::new();
    for (i, kind) in to_list {
        listings.spawn(list(shared.clone(), i, kind, previous.clone()));
    }
    let mut workers = tokio::task::JoinSet::new();
    let (files, arriving) = mpsc::unbounded_channel();
    let mut files = Some(files);
    let arriving = Arc::new(Queue::Arriving(tokio::sync::Mutex::new(arriving)));
    for _ in 0..shared.options.concurrency.max(1) {
        workers.spawn(work(shared.clone(), arriving.clone()));
    }
    loop {
        if listings.is_empty() || shared.stopping() {
            // Nothing more is coming: the files' workers end when their queue is empty.
            listings.abort_all();
            files = None;
        }
        tokio::select! {
            Some(joined) = listings.join_next() => {
                let read = match joined {
                    Ok(Ok((i, kind, scan))) => listed::read(
                        &shared.journal, &progress, &dir, run, &shared.people[i], kind, scan,
                    )
                    .and_then(|listed| shared.listed(i, kind, &listed).map(|()| (i, kind, listed))),
                    Ok(Err(e)) => Err(e),
                    Err(e) if e.is_cancelled() => continue,
                    Err(e) => Err(Error::internal(format!("a listing task failed: {e}"))),
                };
                let (i, kind, mut listed) = match read {
                    Ok(read) => read,
                    Err(e) => {
                        gathered.fail(&shared, e);
                        continue;
                    }
                };
                shared
                    .replaced
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .extend(std::mem::take(&mut listed.replaced));
                let (mail, file_jobs): (Vec<Job>, Vec<Job>) = gathered
                    .listing_ended(i, &shared.people[i], kind, listed)
                    .into_iter()
                    .partition(|j| j.kind == Kind::Mail);
                if let Some(files) = &files {
                    file_jobs.into_iter().for_each(|job| drop(files.send(job)));
                }
                if !mail.is_empty() {
                    let queue = Arc::new(Queue::Listed(Mutex::new(mail.into())));
                    for _ in 0..shared.options.mail_concurrency.max(1) {
                        workers.spawn(work(shared.clone(), queue.clone()));
                    }
                }
            }
            Some(joined) = workers.join_next() => gathered.worker_ended(&shared, joined),
            else => break,
        }
    }
    // Whatever ended the run, what it saved is made durable before it says anything.
    let synced = ticker.finish().await;
    if let Some(e) = gathered.fatal {
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
    let Gathered {
        mut saved,
        mut left,
        removed,
        totals,
        saved_now,
        already_saved,
        ..
    } = gathered;
    let mut totals: Vec<PersonTotals> = totals.into_values().collect();
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
    shared.journal.append(&Entry::Finished { run }, true)?;
    shared.report(Phase::Finished, None, None, "");
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
