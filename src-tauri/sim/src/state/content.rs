//! What is inside the mailboxes and OneDrives of the practice company: folders, messages with
//! their MIME, drives with nested folders and files, all generated from the run's seed (so the
//! same practice company has the same mail and files in every run, and nothing is stored), and
//! who may read them (the owner reads their own; others' only after a grant in the practice
//! Exchange or admin center page, effective after a delay, as Microsoft's "up to an hour").

use std::collections::{HashMap, VecDeque};
use std::time::Instant;
use time::{Duration, OffsetDateTime};

/// How much content the practice company has, and how its access behaves.
#[derive(Debug, Clone)]
pub struct ContentOptions {
    /// Messages in each mailbox (spread over the folders).
    pub messages_per_mailbox: u32,
    /// Files in each OneDrive (spread over a few folders).
    pub files_per_drive: u32,
    /// The largest generated file; sizes are drawn between 1 KB and this.
    pub max_file_bytes: u64,
    /// The largest attachment in a generated message.
    pub max_attachment_bytes: u64,
    /// Simulated seconds between a grant in a practice portal and the access working.
    pub grant_delay_secs: i64,
    /// Simulated seconds a `@microsoft.graph.downloadUrl` works.
    pub download_url_secs: i64,
    /// Microsoft's documented mail limit per app and mailbox: requests per 10 minutes.
    pub mail_requests_per_10_min: usize,
    /// Microsoft's documented mail limit per app and mailbox: requests at the same time.
    pub mail_concurrency: usize,
    /// Whether the mail limits above are enforced (off with the sim's throttling).
    pub throttled: bool,
    /// The first this-many file downloads send half their bytes and break the connection.
    pub truncate_downloads: usize,
    /// The first this-many delta requests that carry a token answer 410 (sync state lost).
    pub lose_sync_state: usize,
    /// The first this-many file downloads answer SharePoint's 429 or 503 with `Retry-After`
    /// (alternately), as SharePoint does when it is busy.
    pub sharepoint_busy: usize,
}

impl Default for ContentOptions {
    fn default() -> Self {
        ContentOptions {
            messages_per_mailbox: 16,
            files_per_drive: 8,
            max_file_bytes: 600 * 1024,
            max_attachment_bytes: 48 * 1024,
            grant_delay_secs: 60,
            // INFERENCE: Microsoft says "a few minutes" on one page and "1 hour" on another.
            download_url_secs: 300,
            mail_requests_per_10_min: 10_000,
            mail_concurrency: 4,
            throttled: true,
            truncate_downloads: 0,
            lose_sync_state: 0,
            sharepoint_busy: 0,
        }
    }
}

/// A person's display name and sign-in name (empty when there is no such person).
pub fn name_and_upn(tenant: &super::Tenant, user_id: &str) -> (String, String) {
    tenant
        .users
        .get(user_id)
        .map(|u| (u.display_name.clone(), u.upn.clone()))
        .unwrap_or_default()
}

/// SplitMix64: a fast, well-mixed function from a counter to 64 random bits.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// FNV-1a of a string: a stable seed from a name or an id.
pub fn hash_str(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01B3)
    })
}

/// The well-known folders every mailbox has, with the child folders the practice adds.
/// (display name, wellKnownName, parent index).
const FOLDERS: &[(&str, Option<&str>, Option<usize>)] = &[
    ("Inbox", Some("inbox"), None),
    ("Clients", None, Some(0)),
    ("2025", None, Some(1)),
    ("Drafts", Some("drafts"), None),
    ("Sent Items", Some("sentitems"), None),
    ("Deleted Items", Some("deleteditems"), None),
    ("Archive", Some("archive"), None),
    ("Junk Email", Some("junkemail"), None),
];

const SUBJECTS: &[&str] = &[
    "Order for Friday",
    "Invoice March",
    "Re: flour delivery",
    "Q3/Q4 plan?",
    "Photos from the fair",
    "Contract: new lease",
    "Holiday rota",
    "Re: Re: price list *final*",
    "Supplier <urgent>",
    "Minutes of the meeting",
];

const SENDERS: &[(&str, &str)] = &[
    ("Luca Bianchi", "luca@fornitori.example"),
    ("Sara Conti", "sara.conti@clienti.example"),
    ("Accounts", "accounts@bank.example"),
    ("Marco Ferri", "marco@mulino.example"),
];

#[derive(Debug, Clone)]
pub struct Folder {
    pub id: String,
    pub name: &'static str,
    pub parent: Option<usize>,
    /// Messages of this folder, by index into [`Mailbox::messages`].
    pub messages: Vec<usize>,
    /// Every message that arrived in (`true`) or left (`false`) this folder, in order: what a
    /// delta token counts (a token is an offset into it).
    pub changes: Vec<(usize, bool)>,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub id: String,
    pub subject: String,
    pub received: OffsetDateTime,
    pub from: (&'static str, &'static str),
    pub seed: u64,
    pub body_lines: usize,
    pub attachment: Option<(String, usize)>,
    /// Deleted since (no longer in any folder; `$value` answers 404).
    pub removed: bool,
}

pub struct Mailbox {
    pub folders: Vec<Folder>,
    /// Every message ever delivered (deleted ones stay, marked); add through `deliver` so
    /// `by_id` stays whole.
    pub messages: Vec<Message>,
    /// Index into `messages` by id: a 2,500-message mailbox answered each `$value` by
    /// comparing ids one by one, under the tenant's lock.
    by_id: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    pub name: String,
    /// Index of the parent folder item; `None` for the root.
    pub parent: Option<usize>,
    pub folder: bool,
    pub size: u64,
    pub seed: u64,
    pub modified: OffsetDateTime,
    /// Deleted since (delta reports it with the `deleted` facet).
    pub deleted: bool,
}

pub struct Drive {
    pub id: String,
    pub items: Vec<Item>,
    /// Items added, changed or deleted since the drive was generated, in order: what a delta
    /// token counts (a token is an offset into it).
    pub changes: Vec<usize>,
    /// quickXorHash of each file, computed the first time it is asked for.
    pub hashes: HashMap<usize, String>,
}

impl Drive {
    /// `/drive/root:/Documents/Recipes`: the path of an item's parent folder, as Graph writes it.
    pub fn parent_path(&self, index: usize) -> String {
        let mut names = Vec::new();
        let mut at = self.items[index].parent;
        while let Some(p) = at {
            if self.items[p].parent.is_some() {
                names.push(self.items[p].name.clone());
            }
            at = self.items[p].parent;
        }
        names.reverse();
        let mut path = "/drive/root:".to_string();
        for n in names {
            path.push('/');
            path.push_str(&n);
        }
        path
    }

    pub fn hash(&mut self, index: usize) -> String {
        if let Some(h) = self.hashes.get(&index) {
            return h.clone();
        }
        let item = &self.items[index];
        let mut h = SimQuickXor::default();
        let mut at = 0;
        while at < item.size {
            let n = (item.size - at).min(1 << 20);
            h.update(&file_bytes(item.seed, at, n as usize));
            at += n;
        }
        let value = h.base64();
        self.hashes.insert(index, value.clone());
        value
    }

    /// A new file under the folder item `parent`, or new bytes for the file of that name
    /// there; returns its id.
    pub fn put(&mut self, parent: usize, name: &str, size: u64, now: OffsetDateTime) -> String {
        let seed = mix(now.unix_timestamp() as u64 ^ hash_str(name) ^ self.items.len() as u64);
        let existing = self
            .items
            .iter()
            .position(|i| i.parent == Some(parent) && i.name == name && !i.deleted);
        let index = match existing {
            Some(i) => i,
            None => {
                self.items.push(Item {
                    id: opaque_id("01", seed, 32, B32),
                    name: name.to_string(),
                    parent: Some(parent),
                    folder: false,
                    size: 0,
                    seed: 0,
                    modified: now,
                    deleted: false,
                });
                self.items.len() - 1
            }
        };
        let item = &mut self.items[index];
        (item.size, item.seed, item.modified) = (size, seed, now);
        self.hashes.remove(&index);
        self.changes.push(index);
        self.items[index].id.clone()
    }

    /// Deletes a file; false when there is no such live file.
    pub fn delete(&mut self, id: &str) -> bool {
        let Some(index) = self.items.iter().position(|i| i.id == id && !i.deleted) else {
            return false;
        };
        self.items[index].deleted = true;
        self.changes.push(index);
        true
    }

    /// Renames the first live folder or file called `name`. Like OneDrive, delta then names
    /// only the renamed item: what is inside a renamed folder keeps its ids and is not sent.
    pub fn rename(&mut self, name: &str, new_name: &str, now: OffsetDateTime) -> bool {
        let Some(index) = self.items.iter().position(|i| i.name == name && !i.deleted) else {
            return false;
        };
        let item = &mut self.items[index];
        (item.name, item.modified) = (new_name.to_string(), now);
        self.changes.push(index);
        true
    }
}

/// `len` bytes of a generated file from `offset`: every 8-byte word is `mix(seed + word)`, so
/// any range can be made without the bytes before it (what `Range` needs).
pub fn file_bytes(seed: u64, offset: u64, len: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut pos = offset;
    while out.len() < len {
        let word = mix(seed.wrapping_add(pos / 8)).to_le_bytes();
        let from = (pos % 8) as usize;
        let take = (8 - from).min(len - out.len());
        out.extend_from_slice(&word[from..from + take]);
        pos += take as u64;
    }
    out
}

/// The sim's own quickXorHash, written straight from the published description (byte `i` at
/// bit `11 * i mod 160` of a 160-bit circle, the length XORed into the top 64 bits), so the
/// client's faster implementation is checked against an independent one.
#[derive(Default)]
pub struct SimQuickXor {
    bits: [u8; 20],
    length: u64,
}

impl SimQuickXor {
    pub fn update(&mut self, data: &[u8]) {
        for &b in data {
            let bit = ((self.length % 160) * 11 % 160) as usize;
            let (byte, shift) = (bit / 8, bit % 8);
            let wide = (b as u16) << shift;
            self.bits[byte] ^= wide as u8;
            self.bits[(byte + 1) % 20] ^= (wide >> 8) as u8;
            self.length += 1;
        }
    }

    pub fn base64(&self) -> String {
        use base64::Engine;
        let mut out = self.bits;
        for (i, b) in self.length.to_le_bytes().iter().enumerate() {
            out[12 + i] ^= b;
        }
        base64::engine::general_purpose::STANDARD.encode(out)
    }
}

/// A grant made in a practice portal: it works from `effective`.
#[derive(Debug, Clone, Copy)]
pub struct Grant {
    pub effective: OffsetDateTime,
}

/// A pre-authenticated download link: which file, until when.
#[derive(Debug, Clone)]
pub struct DownloadLink {
    pub user: String,
    pub item: usize,
    pub expires: OffsetDateTime,
}

/// All mail and file content, generated on first use per person.
#[derive(Default)]
pub struct Content {
    pub options: ContentOptions,
    pub seed: u64,
    mailboxes: HashMap<String, Mailbox>,
    drives: HashMap<String, Drive>,
    pub mail_grants: HashMap<String, Grant>,
    pub drive_grants: HashMap<String, Grant>,
    pub links: HashMap<String, DownloadLink>,
    /// Delta and skip tokens from an older epoch answer 410 (sync state lost).
    pub sync_epoch: u64,
    /// Per mailbox: when its recent requests came (the 10-minute window).
    pub mail_window: HashMap<String, VecDeque<Instant>>,
    /// Per mailbox: requests being answered now.
    pub mail_in_flight: HashMap<String, usize>,
    /// The most mailboxes that had a request being answered at the same moment, counted as a
    /// message's content (`$value`) is asked for.
    pub mail_peak_mailboxes: usize,
    /// Downloads cut short so far (see [`ContentOptions::truncate_downloads`]).
    pub truncated: usize,
    /// Sync states lost so far (see [`ContentOptions::lose_sync_state`]).
    pub lost_sync: usize,
    /// Busy answers sent so far (see [`ContentOptions::sharepoint_busy`]).
    pub busy: usize,
}

impl Content {
    pub fn new(options: ContentOptions, seed: u64) -> Self {
        Content {
            options,
            seed,
            ..Content::default()
        }
    }

    fn person_seed(&self, user_id: &str) -> u64 {
        mix(self.seed ^ hash_str(user_id))
    }

    /// The mailbox of `user_id`, generated on first use.
    pub fn mailbox(&mut self, user_id: &str, now: OffsetDateTime) -> &Mailbox {
        let seed = self.person_seed(user_id);
        let count = self.options.messages_per_mailbox as usize;
        let max_attachment = self.options.max_attachment_bytes.max(1) as usize;
        self.mailboxes
            .entry(user_id.to_string())
            .or_insert_with(|| make_mailbox(seed, count, max_attachment, now))
    }

    /// The mailbox of `user_id` to change (a message arrives or is deleted between backups).
    pub fn mailbox_mut(&mut self, user_id: &str, now: OffsetDateTime) -> &mut Mailbox {
        self.mailbox(user_id, now);
        self.mailboxes.get_mut(user_id).expect("generated above")
    }

    /// The OneDrive of `user_id`, generated on first use.
    pub fn drive(&mut self, user_id: &str, now: OffsetDateTime) -> &mut Drive {
        let seed = self.person_seed(user_id) ^ 0xD1;
        let count = self.options.files_per_drive as usize;
        let max = self.options.max_file_bytes.max(1024);
        self.drives
            .entry(user_id.to_string())
            .or_insert_with(|| make_drive(seed, count, max, now))
    }

    /// The person whose drive has this id, if it was generated.
    /// Whether this token-carrying delta request loses its sync state (an injected 410).
    pub fn lose_sync(&mut self) -> bool {
        let lose = self.lost_sync < self.options.lose_sync_state;
        if lose {
            self.lost_sync += 1;
        }
        lose
    }

    pub fn drive_owner(&self, drive_id: &str) -> Option<String> {
        self.drives
            .iter()
            .find(|(_, d)| d.id == drive_id)
            .map(|(u, _)| u.clone())
    }

    pub fn grant_works(
        grants: &HashMap<String, Grant>,
        user_id: &str,
        now: OffsetDateTime,
    ) -> bool {
        grants.get(user_id).is_some_and(|g| g.effective <= now)
    }

    /// Records the owner's grant to a person's mailbox (`mail`) or OneDrive, made `now`; it
    /// works after the configured delay. A second grant changes nothing.
    pub fn grant_access(&mut self, user_id: &str, mail: bool, now: OffsetDateTime) {
        let at = now + Duration::seconds(self.options.grant_delay_secs);
        let grants = if mail {
            &mut self.mail_grants
        } else {
            &mut self.drive_grants
        };
        grants
            .entry(user_id.to_string())
            .or_insert(Grant { effective: at });
    }
}

fn opaque_id(prefix: &str, seed: u64, len: usize, alphabet: &[u8]) -> String {
    let mut out = String::from(prefix);
    let mut i = 0u64;
    while out.len() < prefix.len() + len {
        let r = mix(seed.wrapping_add(i));
        out.push(alphabet[(r % alphabet.len() as u64) as usize] as char);
        i += 1;
    }
    out
}

const B64URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn make_mailbox(seed: u64, count: usize, max_attachment: usize, now: OffsetDateTime) -> Mailbox {
    let mut folders: Vec<Folder> = FOLDERS
        .iter()
        .enumerate()
        .map(|(i, (name, _, parent))| Folder {
            id: opaque_id("AAMkAGVmMDEz", mix(seed ^ (0xF0 + i as u64)), 40, B64URL) + "AAA=",
            name,
            parent: *parent,
            messages: Vec::new(),
            changes: Vec::new(),
        })
        .collect();
    let mut messages = Vec::with_capacity(count);
    for n in 0..count {
        let r = mix(seed.wrapping_mul(31).wrapping_add(n as u64));
        // Junk Email stays empty: an empty folder must still be listed and counted.
        let folder = (r % (FOLDERS.len() as u64 - 1)) as usize;
        let subject = format!(
            "{} #{}",
            SUBJECTS[(r >> 8) as usize % SUBJECTS.len()],
            n + 1
        );
        let attachment = (r >> 16).is_multiple_of(3).then(|| {
            let size = 1024 + (r >> 20) as usize % max_attachment;
            (format!("document-{}.pdf", n + 1), size)
        });
        let id = opaque_id("AAMkAGVmMDEzAAB", mix(r), 120, B64URL) + "AAA=";
        folders[folder].messages.push(messages.len());
        folders[folder].changes.push((messages.len(), true));
        messages.push(Message {
            id,
            subject,
            received: now - Duration::minutes(((r >> 24) % (60 * 24 * 400)) as i64 + n as i64),
            from: SENDERS[(r >> 32) as usize % SENDERS.len()],
            seed: r,
            body_lines: 4 + (r >> 40) as usize % 60,
            attachment,
            removed: false,
        });
    }
    let by_id = messages
        .iter()
        .enumerate()
        .map(|(n, m)| (m.id.clone(), n))
        .collect();
    Mailbox {
        folders,
        messages,
        by_id,
    }
}

const DRIVE_FOLDERS: &[(&str, Option<usize>)] = &[
    ("Documents", Some(0)),
    ("Recipes", Some(1)),
    ("Photos", Some(0)),
    ("Accounts 2025", Some(1)),
];
const FILE_NAMES: &[&str] = &[
    "Recipe book.docx",
    "Price list.xlsx",
    "Shop front.jpg",
    "Ledger.xlsx",
    "Lease contract.pdf",
    "Notes.txt",
];

fn make_drive(seed: u64, count: usize, max: u64, now: OffsetDateTime) -> Drive {
    let item_id = |n: u64| opaque_id("01", mix(seed ^ (n << 8)), 32, B32);
    let mut items = vec![Item {
        id: item_id(0),
        name: "root".into(),
        parent: None,
        folder: true,
        size: 0,
        seed: 0,
        modified: now - Duration::days(400),
        deleted: false,
    }];
    for (i, (name, parent)) in DRIVE_FOLDERS.iter().enumerate() {
        items.push(Item {
            id: item_id(i as u64 + 1),
            name: (*name).into(),
            parent: *parent,
            folder: true,
            size: 0,
            seed: 0,
            modified: now - Duration::days(300 - i as i64),
            deleted: false,
        });
    }
    let folders = items.len();
    for n in 0..count {
        let r = mix(seed.wrapping_add(0x1000 + n as u64));
        let base = FILE_NAMES[(r % FILE_NAMES.len() as u64) as usize];
        let (stem, ext) = base.rsplit_once('.').unwrap_or((base, "bin"));
        items.push(Item {
            id: item_id(0x100 + n as u64),
            name: format!("{stem} {}.{ext}", n + 1),
            parent: Some((r >> 8) as usize % folders),
            folder: false,
            size: 1024 + (r >> 16) % max.saturating_sub(1024).max(1),
            seed: mix(r),
            modified: now - Duration::minutes(((r >> 24) % (60 * 24 * 365)) as i64),
            deleted: false,
        });
    }
    Drive {
        id: format!("b!{}", opaque_id("", mix(seed ^ 0xB1), 64, B64URL)),
        items,
        changes: Vec::new(),
        hashes: HashMap::new(),
    }
}

impl Mailbox {
    /// A new message in folder `folder` (an index into [`Mailbox::folders`]), received `now`.
    pub fn deliver(&mut self, folder: usize, subject: &str, now: OffsetDateTime) -> String {
        let n = self.messages.len();
        let r = mix(0xA11CE ^ n as u64 ^ hash_str(subject));
        let id = opaque_id("AAMkAGVmMDEzAAB", mix(r), 120, B64URL) + "AAA=";
        self.folders[folder].messages.push(n);
        self.folders[folder].changes.push((n, true));
        self.by_id.insert(id.clone(), n);
        self.messages.push(Message {
            id: id.clone(),
            subject: subject.to_string(),
            received: now,
            from: SENDERS[0],
            seed: r,
            body_lines: 5,
            attachment: None,
            removed: false,
        });
        id
    }

    /// The message with this id, unless it was deleted.
    pub fn find(&self, id: &str) -> Option<&Message> {
        self.index_of(id).map(|n| &self.messages[n])
    }

    fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id
            .get(id)
            .copied()
            .filter(|&n| !self.messages[n].removed)
    }

    /// Deletes a message for good (it leaves its folder); false when there is no such message.
    pub fn delete(&mut self, id: &str) -> bool {
        let Some(n) = self.index_of(id) else {
            return false;
        };
        self.messages[n].removed = true;
        for f in &mut self.folders {
            if let Some(at) = f.messages.iter().position(|&m| m == n) {
                f.messages.remove(at);
                f.changes.push((n, false));
            }
        }
        true
    }
}

/// The MIME of a message, as `GET /messages/{id}/$value` returns it.
pub fn mime(m: &Message, to: (&str, &str)) -> String {
    use base64::Engine;
    let date = m
        .received
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap_or_default();
    let boundary = format!("_000_{:016x}_", m.seed);
    let mut out = format!(
        "From: {} <{}>\r\nTo: {} <{}>\r\nSubject: {}\r\nDate: {date}\r\n\
Message-ID: <{:016x}@practice.example>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n\
--{boundary}\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 7bit\r\n\r\n",
        m.from.0, m.from.1, to.0, to.1, m.subject, m.seed
    );
    for line in 0..m.body_lines {
        out.push_str(&format!(
            "Line {line} of the practice message {:x}: bread, flour, ovens and invoices.\r\n",
            mix(m.seed ^ line as u64) & 0xFFFF
        ));
    }
    if let Some((name, size)) = &m.attachment {
        let bytes = file_bytes(m.seed, 0, *size);
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        out.push_str(&format!(
            "\r\n--{boundary}\r\nContent-Type: application/pdf; name=\"{name}\"\r\n\
Content-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        ));
        for chunk in encoded.as_bytes().chunks(76) {
            out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
            out.push_str("\r\n");
        }
    }
    out.push_str(&format!("\r\n--{boundary}--\r\n"));
    out
}

/// The well-known name of folder `index` (`inbox`, `archive`...), if it has one.
pub fn well_known(index: usize) -> Option<&'static str> {
    FOLDERS.get(index).and_then(|f| f.1)
}
