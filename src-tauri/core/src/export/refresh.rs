//! Bringing a finished backup up to date (right before step 1, say) through the delta links
//! its last finished run saved: each folder and drive is asked only for what changed since.
//! New and changed items are saved; what was saved and has not changed is kept where it is,
//! never downloaded again; what Microsoft 365 deleted since is noted (its file stays in the
//! backup, marked in the manifest).
//!
//! A link is used only when the run that listed it finished and left nothing of that person's
//! mail (or files) unsaved: an item that failed then would not come back in the changes.

use super::journal;
use super::manifest::{Kind, Manifest, ManifestItem};
use super::names::{safe_name, Namer};
use super::plan::{file_job, get_json, text, Job, Person, Scan};
use crate::graph::GraphClient;
use crate::Result;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

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
