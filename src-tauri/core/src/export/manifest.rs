//! The proof of a backup: `manifest.json` (every item with its size, hash, source path and
//! Graph id; totals per person against Microsoft's own counts; what was left and why) and a
//! human-readable `index.html` beside it, both at the top of the backup folder.

use crate::fsio;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub const MANIFEST: &str = "manifest.json";
pub const INDEX: &str = "index.html";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    Mail,
    File,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Mail => "mail",
            Kind::File => "file",
        }
    }
}

/// One saved item. `path` is relative to the backup folder, with `/` separators.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManifestItem {
    pub path: String,
    pub size: u64,
    /// Files: Microsoft's quickXorHash (base64), checked after download.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quick_xor_hash: Option<String>,
    /// Mail: SHA-256 of the saved .eml (hex); Microsoft gives no hash for MIME.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    pub kind: Kind,
    /// The person's sign-in name.
    pub person: String,
    /// Where it was: the mail folder path, or the file's path in the drive.
    pub source_path: String,
    pub graph_id: String,
    /// The name before it was made safe for every file system (a mail's subject).
    pub original_name: String,
    /// Microsoft 365 deleted it after it was saved: the file stays in the backup.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub removed_at_source: bool,
}

/// Why something could not be saved now, as a stable code the faces translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeftReason {
    /// The owner needs Full Access to the mailbox (Exchange admin center).
    NeedsMailboxAccess,
    /// The owner needs access to the OneDrive ("Create link to files").
    NeedsOnedriveAccess,
    /// The person has no mailbox or no OneDrive Closeout could find.
    NotFound,
    /// Microsoft refused or failed for this item; the message says how.
    CouldNotRead,
    /// The owner needs access to a SharePoint site or Team's files (SharePoint admin center).
    NeedsSiteAccess,
}

impl LeftReason {
    pub fn as_str(self) -> &'static str {
        match self {
            LeftReason::NeedsMailboxAccess => "needs_mailbox_access",
            LeftReason::NeedsOnedriveAccess => "needs_onedrive_access",
            LeftReason::NotFound => "not_found",
            LeftReason::CouldNotRead => "could_not_read",
            LeftReason::NeedsSiteAccess => "needs_site_access",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Left {
    pub person: String,
    pub kind: Kind,
    pub reason: LeftReason,
    /// What was not saved: a folder, a file path, `folder/*` for the folders inside a folder,
    /// or empty for the whole mailbox or drive.
    pub what: String,
    pub message: String,
}

/// A person's totals: saved against what Microsoft counts (folders' `totalItemCount`, the
/// drive's files from delta). `None`: not reachable, so not counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonTotals {
    pub person: String,
    pub name: String,
    pub mail_saved: u64,
    pub mail_total: Option<u64>,
    pub files_saved: u64,
    pub files_total: Option<u64>,
    pub bytes_saved: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    pub version: u32,
    pub organization: String,
    /// When this manifest was written (the one thing two runs of the same backup differ in).
    pub written_at: String,
    /// True when nothing reachable or unreachable was left.
    pub complete: bool,
    /// Graph cannot read the online archive mailbox; the well-known Archive folder is saved.
    pub archive_note: String,
    pub people: Vec<PersonTotals>,
    pub left: Vec<Left>,
    pub items: Vec<ManifestItem>,
    /// The SharePoint sites' and Teams' libraries, with their files' totals (`person` is the
    /// library's web address; the mail counts are empty).
    #[serde(default)]
    pub places: Vec<PersonTotals>,
}

pub const ARCHIVE_NOTE: &str = "Microsoft Graph cannot read online archive mailboxes (In-Place \
Archive); each mailbox's Archive folder is saved, the online archive is not.";

impl Manifest {
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join(MANIFEST);
        let bytes =
            std::fs::read(&path).map_err(|e| Error::io("the backup's manifest.json", &e))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            Error::new(
                crate::ErrorCode::InvalidInput,
                format!("{} is not a Closeout manifest: {e}", path.display()),
            )
        })
    }

    /// Writes `manifest.json` and `index.html`, each atomically and private.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| Error::internal(e.to_string()))?;
        fsio::write_atomically(&dir.join(MANIFEST), &json)
            .map_err(|e| Error::io("the backup's manifest.json", &e))?;
        fsio::write_atomically(&dir.join(INDEX), self.html().as_bytes())
            .map_err(|e| Error::io("the backup's index.html", &e))
    }

    fn html(&self) -> String {
        let mut people = String::new();
        for p in &self.people {
            let of = |saved: u64, total: Option<u64>, what: &str| match total {
                Some(t) => format!("{saved} of {t} {what}"),
                None => format!("{what}: not reachable yet"),
            };
            people.push_str(&format!(
                "<tr><th scope=\"row\">{}<br><small>{}</small></th><td>{}</td><td>{}</td></tr>",
                esc(&p.name),
                esc(&p.person),
                of(p.mail_saved, p.mail_total, "messages"),
                of(p.files_saved, p.files_total, "files"),
            ));
        }
        let mut left = String::new();
        for l in &self.left {
            left.push_str(&format!(
                "<li>{} ({}): {} {}</li>",
                esc(&l.person),
                l.kind.as_str(),
                esc(&l.what),
                esc(&l.message)
            ));
        }
        let mut items = String::new();
        for i in &self.items {
            items.push_str(&format!(
                "<tr><td><a href=\"{href}\">{path}</a></td><td>{}</td><td>{}</td></tr>",
                i.size,
                esc(&i.source_path),
                href = esc(&href(&i.path)),
                path = esc(&i.path),
            ));
        }
        format!(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Backup of {org}</title>\
<style>body{{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5}}table{{border-collapse:collapse}}\
td,th{{text-align:left;padding:.25rem .75rem;border-bottom:1px solid #ccc}}</style></head><body>\
<h1>Backup of {org}</h1><p>{state}. Written {at}. {n} items.</p><p>{archive}</p>\
<h2>People</h2><table><thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Mail</th><th scope=\"col\">Files</th></tr></thead><tbody>{people}</tbody></table>\
<h2>Not saved</h2><ul>{left}</ul>\
<h2>Every item</h2><table><thead><tr><th scope=\"col\">Saved as</th><th scope=\"col\">Bytes</th><th scope=\"col\">Was</th></tr></thead><tbody>{items}</tbody></table></body></html>",
            org = esc(&self.organization),
            state = if self.complete { "Complete" } else { "Not complete: see \"Not saved\"" },
            at = esc(&self.written_at),
            n = self.items.len(),
            archive = esc(&self.archive_note),
        )
    }
}

fn href(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            url::form_urlencoded::byte_serialize(seg.as_bytes())
                .collect::<String>()
                .replace('+', "%20")
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
