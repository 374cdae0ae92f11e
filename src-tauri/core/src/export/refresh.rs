//! Bringing a finished backup up to date (right before step 1, say) through the delta links
//! its last finished run saved: each folder and drive is asked only for what changed since.
//! New and changed items are saved; what was saved and has not changed is kept where it is,
//! never downloaded again; what Microsoft 365 deleted since is noted (its file stays in the
//! backup, marked in the manifest).
//!
//! A renamed or moved folder (or file) is the exception: delta names the folder, not what is
//! inside, so the drive is listed in full again, and each saved file whose path changed is
//! moved in the backup, never downloaded again ([`move_saved`]).
//!
//! A link is used only when the run that listed it finished and left nothing of that person's
//! mail (or files) unsaved: an item that failed then would not come back in the changes.

use super::journal;
use super::manifest::{Kind, Manifest, ManifestItem};
use super::names::{safe_name, Namer};
use super::plan::{file_job, get_json, text, Job, Person, Scan};
use super::verify;
use crate::fsio;
use crate::graph::GraphClient;
use crate::Result;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// What the last finished run of this backup knew.
#[derive(Debug, Default)]
pub struct Previous {
    links: BTreeMap<String, String>,
    /// (person, kind) the last manifest left something of: listed in full again.
    unfinished: HashSet<(String, Kind)>,
    saved: Vec<ManifestItem>,
}

/// The journal's name for one folder's or drive's delta link.
pub fn source(person: &str, what: &str) -> String {
    format!("{person}:{what}")
}

impl Previous {
    pub fn new(progress: &journal::Progress, manifest: Option<&Manifest>) -> Previous {
        let Some(manifest) = manifest else {
            return Previous::default();
        };
        Previous {
            links: progress.links.clone(),
            unfinished: manifest
                .left
                .iter()
                .map(|l| (l.person.clone(), l.kind))
                .collect(),
            saved: progress
                .done
                .values()
                .filter(|i| !progress.removed.contains(&i.graph_id))
                .cloned()
                .collect(),
        }
    }

    /// The delta link to ask for changes since, if this source can be brought up to date.
    pub fn link(&self, person: &str, kind: Kind, source: &str) -> Option<&str> {
        if self.unfinished.contains(&(person.to_string(), kind)) {
            return None;
        }
        self.links.get(source).map(String::as_str)
    }

    /// What was saved of this person's mail folder (`Some(path)`) or files (`None`).
    pub fn saved<'a>(
        &'a self,
        person: &'a str,
        kind: Kind,
        folder: Option<&'a str>,
    ) -> impl Iterator<Item = &'a ManifestItem> + 'a {
        self.saved.iter().filter(move |i| {
            i.person == person && i.kind == kind && folder.is_none_or(|f| i.source_path == f)
        })
    }
}

/// Whether a drive's changes rename or move anything saved: a folder whose path no saved file
/// is under (renamed, moved, or new: its files' paths may have changed with it, and delta does
/// not send them), or a saved file now under another path. Each folder or saved file in the
/// changes costs one GET for its path; whether delta also sends the folders above a changed
/// file (Microsoft does not say) then only costs requests, never a full listing.
pub async fn moved_anything(
    client: &GraphClient,
    drive_id: &str,
    previous: &Previous,
    person: &str,
    changes: &[Value],
) -> Result<bool> {
    for v in changes {
        let gone = v.get("@removed").is_some() || v.get("deleted").is_some();
        if gone || v.get("root").is_some() {
            continue;
        }
        let id = text(v, "id");
        let folder = v.get("folder").is_some();
        let was = previous
            .saved(person, Kind::File, None)
            .find(|i| i.graph_id == id)
            .map(|i| i.source_path.clone());
        if !folder && was.is_none() {
            continue; // a new file: drive_changes places it
        }
        let mut path = folders_of(client, drive_id, &id).await?;
        path.push(text(v, "name"));
        let path = format!("/{}", path.join("/"));
        let moved = if folder {
            let inside = format!("{path}/");
            !previous
                .saved(person, Kind::File, None)
                .any(|i| i.source_path.starts_with(&inside))
        } else {
            was.as_deref() != Some(path.as_str())
        };
        if moved {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A saved file that Microsoft 365 now keeps under another path: the saved copy is moved there
/// (its content is the same: same size and quickXorHash), and comes back as the item at its new
/// place. `None` when it cannot be moved safely: the new place holds another file (two files
/// swapped names) or the copy is gone; the file is then downloaded again.
pub fn move_saved(dir: &Path, item: &ManifestItem, job: &Job) -> Option<ManifestItem> {
    let same = job.kind == Kind::File
        && job.size == item.size
        && job.quick_xor_hash.is_some()
        && job.quick_xor_hash == item.quick_xor_hash;
    let from = verify::item_path(dir, &item.path)?;
    let to = verify::item_path(dir, &job.path)?;
    if !same || item.path == job.path || to.exists() || !from.is_file() {
        return None;
    }
    let parent = to.parent()?;
    fsio::private_dirs(dir, parent).ok()?;
    std::fs::rename(&from, &to).ok()?;
    // The move must survive a power cut before the journal may name the new place.
    fsio::sync_dir(parent).ok()?;
    remove_emptied(dir, &from);
    Some(ManifestItem {
        path: job.path.clone(),
        source_path: job.source_path.clone(),
        original_name: job.original_name.clone(),
        ..item.clone()
    })
}

/// The saved copy at `old` (relative to `dir`) of a file Microsoft 365 has since moved and
/// changed: once the new version is saved at its new place, the old one goes, as an old version
/// does when a file changes in place (the backup holds each file's latest version, and every
/// file in it is in the manifest).
pub fn drop_replaced(dir: &Path, old: &str) {
    if let Some(from) = verify::item_path(dir, old) {
        if std::fs::remove_file(&from).is_ok() {
            remove_emptied(dir, &from);
        }
    }
}

/// Folders a file's leaving emptied go too (never the backup's own top folders).
fn remove_emptied(dir: &Path, from: &Path) {
    let files = dir.join("Files");
    let mut at = from.parent();
    while let Some(d) = at.filter(|d| d.starts_with(&files) && *d != files) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        at = d.parent();
    }
}

/// A saved item as a job: the engine finds it saved and leaves it.
pub fn kept(item: &ManifestItem, person: usize) -> Job {
    Job {
        kind: item.kind,
        person,
        graph_id: item.graph_id.clone(),
        path: item.path.clone(),
        source_path: item.source_path.clone(),
        original_name: item.original_name.clone(),
        drive_id: String::new(),
        size: item.size,
        quick_xor_hash: item.quick_xor_hash.clone(),
        modified: None,
        download_url: None,
    }
}

/// `Files/<person or place>/<folders>/<name>` (unique) and the path in the drive.
pub fn file_path(
    namer: &mut Namer,
    person: &Person,
    folders: &[String],
    name: &str,
) -> (String, String) {
    let dir = std::iter::once(format!("Files/{}", person.folder))
        .chain(folders.iter().map(|f| safe_name(f)))
        .collect::<Vec<_>>()
        .join("/");
    let mut source = folders.join("/");
    source.push('/');
    source.push_str(name);
    (
        namer.unique(&dir, &safe_name(name)),
        format!("/{}", source.trim_start_matches('/')),
    )
}

/// The folders above an item, from `parentReference.path` (`/drive/root:/Documents/Recipes`
/// or `/drives/{id}/root:/...`): delta answers leave the path out, one item's GET has it.
async fn folders_of(client: &GraphClient, drive_id: &str, id: &str) -> Result<Vec<String>> {
    let (_, v) = get_json(
        client,
        &format!("/v1.0/drives/{drive_id}/items/{id}?$select=id,name,parentReference"),
    )
    .await?;
    let path = v["parentReference"]["path"].as_str().unwrap_or_default();
    let inside = path.split_once("root:").map(|(_, p)| p).unwrap_or_default();
    Ok(inside
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decoded)
        .collect())
}

/// A path segment with `%XX` decoded (a literal `+` stays a `+`).
fn percent_decoded(segment: &str) -> String {
    let escaped = segment.replace('+', "%2B");
    url::form_urlencoded::parse(format!("s={escaped}").as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| segment.to_string())
}

/// A drive's changes since the last finished run, as the scan of all its files.
pub async fn drive_changes(
    client: &GraphClient,
    person: &Person,
    index: usize,
    drive_id: &str,
    previous: &Previous,
    changes: Vec<Value>,
    mut scan: Scan,
) -> Result<Scan> {
    let mut changed: HashMap<String, Value> = HashMap::new();
    let mut gone = HashSet::new();
    for v in changes {
        if v.get("@removed").is_some() || v.get("deleted").is_some() {
            gone.insert(text(&v, "id"));
        } else if v.get("file").is_some() {
            changed.insert(text(&v, "id"), v);
        }
    }
    let mut namer = Namer::default();
    for item in previous.saved(&person.upn, Kind::File, None) {
        if gone.contains(&item.graph_id) {
            continue;
        }
        namer.claim(&item.path);
        // A changed file is saved again in its place; an unchanged one is kept.
        scan.jobs.push(match changed.remove(&item.graph_id) {
            Some(v) => file_job(
                &v,
                index,
                drive_id,
                item.path.clone(),
                item.source_path.clone(),
            ),
            None => kept(item, index),
        });
    }
    let mut new: Vec<(Vec<String>, String, Value)> = Vec::new();
    for (id, v) in changed {
        new.push((
            folders_of(client, drive_id, &id).await?,
            text(&v, "name"),
            v,
        ));
    }
    new.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    for (folders, name, v) in new {
        let (path, source) = file_path(&mut namer, person, &folders, &name);
        scan.jobs.push(file_job(&v, index, drive_id, path, source));
    }
    scan.total = Some(scan.jobs.len() as u64);
    Ok(scan)
}
