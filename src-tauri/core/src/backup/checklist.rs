//! The backup checklist: one item per thing worth saving, each answered "saved" or "not
//! needed" by a named person at a time, kept in the journal.
//!
//! Destructive steps stay locked until [`Checklist::is_settled`]: every item answered, or the
//! owner typed the organization's name to go on anyway (recorded with what was still open).
//! Items carry a stable `id`, a `kind` whose texts the faces translate, and raw `params`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

use super::inventory::{DataInventory, Figures, Owner};
use super::links;
use super::usage::is_concealed;
use crate::error::{Error, ErrorCode, Result};

/// What an item is about; its texts are `backup.item.<kind>.title` and `.step.<n>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Mailbox,
    OneDrive,
    SharedSite,
    Invoices,
    DnsRecords,
    CalendarsContacts,
    ThirdPartyApps,
}

/// The owner's answer for one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    Saved,
    NotNeeded,
}

/// Who answered, what, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub choice: Choice,
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// For an answer Closeout gave from a verified backup: the manifest's line that proves it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
}

/// One thing to save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// Stable across rebuilds: `mailbox:anna@bakery.example`, `invoices`, `dns:bakery.example`.
    pub id: String,
    pub kind: ItemKind,
    /// Raw values for the texts: `name`, `upn`, `size_bytes`, `count`, `last_activity`
    /// (YYYY-MM-DD), `url`, `domain`, `people`, `apps`; `hidden_number` for concealed names.
    pub params: BTreeMap<String, String>,
    /// Data size when known; counts toward the unsaved total until answered.
    pub bytes: Option<u64>,
    /// Microsoft's instructions.
    pub help_url: String,
    /// The admin center page where the work is done, when there is one.
    pub admin_url: Option<String>,
    pub answer: Option<Answer>,
}

/// The owner went on with items still open, typing the organization's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockOverride {
    pub typed: String,
    pub by: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// What was still open at that moment, for the closure report.
    pub open_items: usize,
    pub unsaved_bytes: u64,
}

/// The owner's backup checklist and its answers (kept in the journal).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    /// `None` until built from the organization's data: an unbuilt checklist is never settled.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub built_at: Option<OffsetDateTime>,
    #[serde(default)]
    pub items: Vec<ChecklistItem>,
    /// The usage reports hid names: show how to reveal them ([`links::REPORTS_PRIVACY`]).
    #[serde(default)]
    pub names_concealed: bool,
    #[serde(default, rename = "override")]
    pub lock_override: Option<LockOverride>,
    /// The day the owner chose to have the backup finished by (for the reminders).
    #[serde(default, with = "super::usage::iso_day::option")]
    pub deadline: Option<time::Date>,
}

/// Counts for the page header: "3 of 12 answered, 4.2 GB not saved yet".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistSummary {
    pub total: usize,
    pub answered: usize,
    pub unsaved_bytes: u64,
    /// Open items whose size Microsoft has not reported (so the total may be higher).
    pub open_unknown_size: usize,
    pub settled: bool,
}

impl Checklist {
    /// Builds the checklist from the organization's data.
    pub fn build(inventory: &DataInventory, now: OffsetDateTime) -> Checklist {
        let mut items = Vec::new();
        for person in &inventory.people {
            let (id_part, params) = person_params(&person.owner);
            if let Some(figures) = &person.mailbox {
                items.push(data_item(ItemKind::Mailbox, &id_part, &params, figures));
            }
            if let Some(figures) = &person.onedrive {
                items.push(data_item(ItemKind::OneDrive, &id_part, &params, figures));
            }
            if person.mailbox.is_none() && person.onedrive.is_none() {
                items.push(data_item(
                    ItemKind::Mailbox,
                    &id_part,
                    &params,
                    &Figures::default(),
                ));
            }
        }
        for site in &inventory.sites {
            let mut params = BTreeMap::new();
            let id_part = match site.hidden_number {
                Some(number) => {
                    params.insert("hidden_number".into(), number.to_string());
                    format!("hidden:{}", site.site_id)
                }
                None => {
                    params.insert("name".into(), site.name.clone());
                    params.insert("url".into(), site.url.clone());
                    site.url.clone()
                }
            };
            let figures = Figures {
                bytes: site.storage_used_bytes,
                count: None,
                last_activity: site.last_activity,
            };
            items.push(data_item(ItemKind::SharedSite, &id_part, &params, &figures));
        }
        items.push(fixed(ItemKind::Invoices, "invoices", BTreeMap::new()));
        for domain in &inventory.custom_domains {
            let params = BTreeMap::from([("domain".to_string(), domain.clone())]);
            items.push(fixed(
                ItemKind::DnsRecords,
                &format!("dns:{domain}"),
                params,
            ));
        }
        let people = inventory.people.len().to_string();
        let params = BTreeMap::from([("people".to_string(), people)]);
        items.push(fixed(
            ItemKind::CalendarsContacts,
            "calendars_contacts",
            params,
        ));
        if !inventory.third_party_apps.is_empty() {
            let mut params = BTreeMap::new();
            params.insert("apps".into(), inventory.third_party_apps.join(", "));
            params.insert("count".into(), inventory.third_party_apps.len().to_string());
            items.push(fixed(ItemKind::ThirdPartyApps, "third_party_apps", params));
        }
        Checklist {
            built_at: Some(now),
            items,
            names_concealed: inventory.names_concealed,
            lock_override: None,
            deadline: None,
        }
    }

    /// Builds from fresh data and keeps the answers (the override, the deadline) given so far.
    pub fn rebuild(&self, inventory: &DataInventory, now: OffsetDateTime) -> Checklist {
        let mut fresh = Checklist::build(inventory, now);
        for item in &mut fresh.items {
            item.answer = self.item(&item.id).and_then(|old| old.answer.clone());
        }
        fresh.lock_override = self.lock_override.clone();
        fresh.deadline = self.deadline;
        fresh
    }

    pub fn item(&self, id: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// Records an answer ("saved" / "not needed") for one item, by whom and when.
    pub fn answer(&mut self, id: &str, choice: Choice, by: &str, at: OffsetDateTime) -> Result<()> {
        let item =
            self.items.iter_mut().find(|i| i.id == id).ok_or_else(|| {
                Error::new(ErrorCode::InvalidInput, format!("no backup item '{id}'"))
            })?;
        item.answer = Some(Answer {
            choice,
            by: by.to_string(),
            at,
            evidence: None,
        });
        Ok(())
    }

    /// Marks "Saved" each mailbox, OneDrive and site that a Closeout backup saved whole and that
    /// verifies: as many items as Microsoft counts are in the manifest, nothing of that
    /// person's mail or files was left, and none of them is missing or changed (`bad`, from
    /// [`crate::export::verify`]). Answers already given stay. Returns the ids it answered.
    pub fn settle_from_backup(
        &mut self,
        manifest: &crate::export::Manifest,
        bad: &[crate::export::BadItem],
        at: OffsetDateTime,
    ) -> Vec<String> {
        use crate::export::Kind;
        let mut settled = Vec::new();
        for person in &manifest.people {
            let upn = person.person.to_lowercase();
            for (kind, prefix, saved, total, noun) in [
                (
                    Kind::Mail,
                    "mailbox",
                    person.mail_saved,
                    person.mail_total,
                    "messages",
                ),
                (
                    Kind::File,
                    "onedrive",
                    person.files_saved,
                    person.files_total,
                    "files",
                ),
            ] {
                let whole = total == Some(saved)
                    && !manifest
                        .left
                        .iter()
                        .any(|l| l.person.to_lowercase() == upn && l.kind == kind);
                let intact = !bad.iter().any(|b| {
                    manifest.items.iter().any(|i| {
                        i.path == b.path && i.kind == kind && i.person.to_lowercase() == upn
                    })
                });
                let id = format!("{prefix}:{upn}");
                let Some(item) = self.items.iter_mut().find(|i| i.id == id) else {
                    continue;
                };
                if !whole || !intact || item.answer.is_some() {
                    continue;
                }
                item.answer = Some(Answer {
                    choice: Choice::Saved,
                    by: "Closeout backup".into(),
                    at,
                    evidence: Some(format!(
                        "manifest.json: {}, {saved} of {saved} {noun} saved and verified",
                        person.person
                    )),
                });
                settled.push(id);
            }
        }
        settled.extend(self.settle_sites(manifest, bad, at));
        settled
    }

    /// The SharePoint sites (a Team's too) whose every document library the backup saved whole
    /// and that verify, matched by address: a library's `webUrl` is its site's address and one
    /// more segment. A site whose address Microsoft conceals cannot be matched: the owner
    /// answers it.
    fn settle_sites(
        &mut self,
        manifest: &crate::export::Manifest,
        bad: &[crate::export::BadItem],
        at: OffsetDateTime,
    ) -> Vec<String> {
        let site_of = |library: &str| {
            let library = library.trim_end_matches('/').to_lowercase();
            library
                .rsplit_once('/')
                .map(|(site, _)| site.to_string())
                .unwrap_or_default()
        };
        let mut settled = Vec::new();
        for item in self.items.iter_mut() {
            if item.kind != ItemKind::SharedSite || item.answer.is_some() {
                continue;
            }
            let site = match item.params.get("url") {
                Some(url) if !url.is_empty() => url.trim_end_matches('/').to_lowercase(),
                _ => continue,
            };
            let libraries: Vec<_> = manifest
                .places
                .iter()
                .filter(|p| site_of(&p.person) == site)
                .collect();
            let whole = !libraries.is_empty()
                && libraries
                    .iter()
                    .all(|p| p.files_total == Some(p.files_saved))
                && !manifest.left.iter().any(|l| {
                    l.person.trim_end_matches('/').to_lowercase() == site
                        || site_of(&l.person) == site
                });
            let intact = !bad.iter().any(|b| {
                manifest
                    .items
                    .iter()
                    .any(|i| i.path == b.path && libraries.iter().any(|p| p.person == i.person))
            });
            if !whole || !intact {
                continue;
            }
            let files: u64 = libraries.iter().map(|p| p.files_saved).sum();
            let name = &libraries[0].name;
            item.answer = Some(Answer {
                choice: Choice::Saved,
                by: "Closeout backup".into(),
                at,
                evidence: Some(format!(
                    "manifest.json: {name}, {files} of {files} files saved and verified"
                )),
            });
            settled.push(item.id.clone());
        }
        settled
    }

    /// Takes an answer back (the owner changed their mind).
    pub fn clear_answer(&mut self, id: &str) {
        if let Some(item) = self.items.iter_mut().find(|i| i.id == id) {
            item.answer = None;
        }
    }

    /// Items not answered yet.
    pub fn open_items(&self) -> impl Iterator<Item = &ChecklistItem> {
        self.items.iter().filter(|i| i.answer.is_none())
    }

    /// The known size of the data in items not answered yet.
    pub fn unsaved_bytes(&self) -> u64 {
        self.open_items().filter_map(|i| i.bytes).sum()
    }

    pub fn summary(&self) -> ChecklistSummary {
        ChecklistSummary {
            total: self.items.len(),
            answered: self.items.len() - self.open_items().count(),
            unsaved_bytes: self.unsaved_bytes(),
            open_unknown_size: self
                .open_items()
                .filter(|i| i.bytes.is_none() && is_data(i.kind))
                .count(),
            settled: self.is_settled(),
        }
    }

    /// Whether every item is answered (or the owner overrode the lock with a typed confirmation).
    pub fn is_settled(&self) -> bool {
        self.lock_override.is_some()
            || (self.built_at.is_some() && self.open_items().next().is_none())
    }

    /// The lock on destructive steps: `backup_not_settled` while items are open.
    pub fn require_settled(&self) -> Result<()> {
        if self.is_settled() {
            return Ok(());
        }
        Err(Error::new(
            ErrorCode::BackupNotSettled,
            "the backup checklist has unanswered items",
        )
        .with_details(serde_json::json!({
            "openItems": self.open_items().count(),
            "unsavedBytes": self.unsaved_bytes(),
        })))
    }

    /// Lets destructive steps go on with items open, when `typed` is the organization's name.
    pub fn override_lock(
        &mut self,
        typed: &str,
        org_name: &str,
        by: &str,
        at: OffsetDateTime,
    ) -> Result<()> {
        if typed.trim().is_empty() {
            return Err(Error::new(
                ErrorCode::ConfirmationRequired,
                "type the organization's name to go on without finishing the backup",
            ));
        }
        if org_name.trim().is_empty() || typed.trim() != org_name.trim() {
            return Err(Error::new(
                ErrorCode::ConfirmationMismatch,
                "the text typed is not the organization's name",
            ));
        }
        self.lock_override = Some(LockOverride {
            typed: typed.trim().to_string(),
            by: by.to_string(),
            at,
            open_items: self.open_items().count(),
            unsaved_bytes: self.unsaved_bytes(),
        });
        Ok(())
    }
}

fn is_data(kind: ItemKind) -> bool {
    matches!(
        kind,
        ItemKind::Mailbox | ItemKind::OneDrive | ItemKind::SharedSite
    )
}

/// The id part and name parameters of a person; a hash is never put where a name goes.
fn person_params(owner: &Owner) -> (String, BTreeMap<String, String>) {
    let mut params = BTreeMap::new();
    match owner {
        Owner::Named {
            user_principal_name,
            display_name,
        } => {
            let name = if display_name.is_empty() || is_concealed(display_name) {
                user_principal_name
            } else {
                display_name
            };
            params.insert("name".into(), name.clone());
            params.insert("upn".into(), user_principal_name.clone());
            (user_principal_name.to_lowercase(), params)
        }
        Owner::Hidden { number, key } => {
            params.insert("hidden_number".into(), number.to_string());
            (format!("hidden:{key}"), params)
        }
    }
}

fn data_item(
    kind: ItemKind,
    id_part: &str,
    base: &BTreeMap<String, String>,
    figures: &Figures,
) -> ChecklistItem {
    let mut params = base.clone();
    let or_empty = |v: Option<String>| v.unwrap_or_default();
    params.insert(
        "size_bytes".into(),
        or_empty(figures.bytes.map(|b| b.to_string())),
    );
    params.insert(
        "count".into(),
        or_empty(figures.count.map(|c| c.to_string())),
    );
    params.insert(
        "last_activity".into(),
        or_empty(figures.last_activity.map(|d| d.to_string())),
    );
    let (prefix, help_url, admin_url) = match kind {
        ItemKind::Mailbox => (
            "mailbox",
            links::BACK_UP_MAILBOX,
            Some(links::ADMIN_ACTIVE_USERS),
        ),
        ItemKind::OneDrive => (
            "onedrive",
            links::BACK_UP_ONEDRIVE,
            Some(links::ADMIN_ACTIVE_USERS),
        ),
        _ => ("site", links::BACK_UP_SITES, None),
    };
    ChecklistItem {
        id: format!("{prefix}:{id_part}"),
        kind,
        params,
        bytes: figures.bytes,
        help_url: help_url.to_string(),
        admin_url: admin_url.map(str::to_string),
        answer: None,
    }
}

fn fixed(kind: ItemKind, id: &str, params: BTreeMap<String, String>) -> ChecklistItem {
    let (help_url, admin_url) = match kind {
        ItemKind::Invoices => (links::VIEW_INVOICES, Some(links::ADMIN_BILLS)),
        ItemKind::DnsRecords => (links::DNS_RECORDS, None),
        ItemKind::CalendarsContacts => (links::BACK_UP_MAILBOX, None),
        _ => (links::ENTERPRISE_APPS, None),
    };
    ChecklistItem {
        id: id.to_string(),
        kind,
        params,
        bytes: None,
        help_url: help_url.to_string(),
        admin_url: admin_url.map(str::to_string),
        answer: None,
    }
}
