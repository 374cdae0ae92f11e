//! The data inventory: what the organization holds that someone may want to keep, per person
//! and per shared site, joined from the directory's user list and the two usage reports.
//!
//! People are matched by sign-in name. When Microsoft conceals names, rows are matched to each
//! other by Microsoft's hash (the same person carries the same hash in both reports) and listed
//! as "hidden person 1, 2..."; their sizes still count, their hashes are never shown.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

use super::usage::{iso_day, MailboxUsage, OneDriveUsage, ReportKind, SiteUsage};
use crate::error::ErrorCode;

/// A person in the directory, as the closure inventory lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryUser {
    pub id: String,
    pub user_principal_name: String,
    pub display_name: String,
}

/// A SharePoint site shared by the team (from the site usage report).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SharedSite {
    /// The last part of the address (`projects` for `.../sites/projects`); empty when hidden.
    pub name: String,
    /// Empty when Microsoft conceals site names.
    pub url: String,
    /// Counts hidden sites from 1, when the report conceals their addresses.
    #[serde(default)]
    pub hidden_number: Option<usize>,
    /// Microsoft's site id, for a stable identity even when the address is hidden.
    #[serde(default)]
    pub site_id: String,
    pub storage_used_bytes: Option<u64>,
    #[serde(with = "iso_day::option")]
    pub last_activity: Option<Date>,
}

/// Who a set of figures belongs to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Owner {
    Named {
        user_principal_name: String,
        display_name: String,
    },
    /// Microsoft hides the name; `number` counts hidden people from 1 in a stable order.
    /// `key` is Microsoft's hash: an identifier for matching, never shown.
    Hidden { number: usize, key: String },
}

/// Size, count and last activity of one mailbox or one OneDrive.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Figures {
    pub bytes: Option<u64>,
    /// Mail items, or files.
    pub count: Option<u64>,
    #[serde(with = "iso_day::option")]
    pub last_activity: Option<Date>,
}

/// One person's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonData {
    pub owner: Owner,
    /// `None`: no row in the report (new people appear there after up to 48 hours).
    pub mailbox: Option<Figures>,
    pub onedrive: Option<Figures>,
}

/// Everything the checklist is built from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DataInventory {
    pub people: Vec<PersonData>,
    pub sites: Vec<SharedSite>,
    /// Custom domains (not `*.onmicrosoft.com`): their DNS records may need saving.
    pub custom_domains: Vec<String>,
    /// Third-party apps people sign in to with their Microsoft 365 accounts.
    pub third_party_apps: Vec<String>,
    /// Whether the usage reports concealed names.
    pub names_concealed: bool,
    /// The date Microsoft last refreshed the reports.
    #[serde(with = "iso_day::option")]
    pub report_date: Option<Date>,
    /// Reports Microsoft refused, with why (`access_denied`: no reports permission or role).
    #[serde(default)]
    pub unavailable_reports: Vec<(ReportKind, ErrorCode)>,
}

/// One person's rows from both reports, while joining.
#[derive(Default)]
struct Joined {
    mailbox: Option<Figures>,
    onedrive: Option<Figures>,
    report_name: String,
}

impl DataInventory {
    /// Joins the directory's people with the reports' rows. Deleted mailboxes and drives are
    /// left out; people with no report row yet are listed with unknown sizes.
    pub fn from_reports(
        users: &[DirectoryUser],
        mailboxes: &[MailboxUsage],
        drives: &[OneDriveUsage],
    ) -> DataInventory {
        // Keyed by (concealed?, lower-case sign-in name or hash): one entry per person.
        let mut by_key: BTreeMap<(bool, String), Joined> = BTreeMap::new();
        for m in mailboxes.iter().filter(|m| !m.is_deleted) {
            let key = (m.is_concealed(), m.user_principal_name.to_lowercase());
            let entry = by_key.entry(key).or_default();
            entry.mailbox = Some(Figures {
                bytes: m.storage_used_bytes,
                count: m.item_count,
                last_activity: m.last_activity,
            });
            entry.report_name = m.display_name.clone();
        }
        for d in drives.iter().filter(|d| !d.is_deleted) {
            let key = (d.is_concealed(), d.owner_principal_name.to_lowercase());
            let entry = by_key.entry(key).or_default();
            entry.onedrive = Some(Figures {
                bytes: d.storage_used_bytes,
                count: d.file_count,
                last_activity: d.last_activity,
            });
            if entry.report_name.is_empty() {
                entry.report_name = d.owner_display_name.clone();
            }
        }
        let names_concealed = by_key.keys().any(|(hidden, _)| *hidden);
        let mut people = Vec::new();
        let mut hidden = 0;
        for ((is_hidden, key), joined) in by_key {
            let Joined {
                mailbox,
                onedrive,
                report_name,
            } = joined;
            let owner = if is_hidden {
                hidden += 1;
                Owner::Hidden {
                    number: hidden,
                    key,
                }
            } else {
                let user = users
                    .iter()
                    .find(|u| u.user_principal_name.to_lowercase() == key);
                Owner::Named {
                    display_name: user.map_or(report_name, |u| u.display_name.clone()),
                    user_principal_name: user.map_or(key, |u| u.user_principal_name.clone()),
                }
            };
            people.push(PersonData {
                owner,
                mailbox,
                onedrive,
            });
        }
        if !names_concealed {
            for user in users {
                let listed = people.iter().any(|p| {
                    matches!(&p.owner, Owner::Named { user_principal_name, .. }
                        if user_principal_name.eq_ignore_ascii_case(&user.user_principal_name))
                });
                if !listed {
                    people.push(PersonData {
                        owner: Owner::Named {
                            user_principal_name: user.user_principal_name.clone(),
                            display_name: user.display_name.clone(),
                        },
                        mailbox: None,
                        onedrive: None,
                    });
                }
            }
        }
        people.sort_by(|a, b| a.owner.cmp(&b.owner));
        let report_date = mailboxes
            .iter()
            .filter_map(|m| m.report_refresh)
            .chain(drives.iter().filter_map(|d| d.report_refresh))
            .max();
        DataInventory {
            people,
            names_concealed,
            report_date,
            ..DataInventory::default()
        }
    }
}

impl SharedSite {
    /// The sites from the SharePoint site usage report, deleted ones left out.
    pub fn from_report(rows: &[SiteUsage]) -> Vec<SharedSite> {
        let mut hidden = 0;
        rows.iter()
            .filter(|r| !r.is_deleted)
            .map(|r| {
                let concealed = r.is_concealed();
                hidden += usize::from(concealed);
                let url = if concealed {
                    String::new()
                } else {
                    r.site_url.clone()
                };
                let name = url
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string();
                SharedSite {
                    name,
                    url,
                    hidden_number: concealed.then_some(hidden),
                    site_id: r.site_id.clone(),
                    storage_used_bytes: r.storage_used_bytes,
                    last_activity: r.last_activity,
                }
            })
            .collect()
    }
}
