//! What there is to save, read from Graph: the people, each reachable mailbox's folders (with
//! child folders, Archive included) and their messages through `messages/delta`, each
//! reachable OneDrive's files through `root/delta`, and the path each item gets in the backup.
//!
//! Completeness is measured against Microsoft's own counts: each folder's `totalItemCount` and
//! the files the drive's delta lists. A mailbox or drive that answers 403 is left for the
//! owner to grant access (it is not an error); so is a folder whose subfolders Outlook will
//! not list (moved or deleted while the backup lists the mailbox, which people still use). A delta whose sync state is lost (410) starts
//! again where Microsoft's `Location` says (from the beginning when it names none), at most a
//! few times. With the delta links of a finished backup ([`Previous`]), a folder or drive is
//! asked only for what changed since; what was saved then is kept, not listed again.

use super::manifest::{Kind, Left, LeftReason};
use super::names::{safe_name, Namer};
use super::refresh::{self, Previous};
use crate::graph::{from_status, path_template, GraphClient};
use crate::{Error, ErrorCode, Result};
use futures_util::{StreamExt, TryStreamExt};
use serde_json::Value;
use std::collections::HashMap;

/// Messages a delta page asks for (`Prefer: odata.maxpagesize`; Microsoft's default is 10, so
/// a 2,500-message folder took 250 listing requests, one after another).
const MESSAGE_PAGE: u32 = 100;

/// Folders of one mailbox listed at a time: Outlook's requests at a time per mailbox.
const MAIL_AT_ONCE: usize = super::engine::MAIL_CONCURRENCY;

/// How many times one delta enumeration may start again after 410 before giving up.
const MAX_RESYNCS: usize = 3;

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub upn: String,
    pub name: String,
    /// The person's folder name under `Mail/` and `Files/` (safe and unique).
    pub folder: String,
    pub is_owner: bool,
    /// A shared library (a SharePoint site's or a Team's): its drive id. `upn` is then the
    /// library's web address and `name` the site's or team's name.
    pub shared: Option<String>,
}

/// One item to save.
#[derive(Debug, Clone)]
pub struct Job {
    pub kind: Kind,
    pub person: usize,
    pub graph_id: String,
    pub path: String,
    pub source_path: String,
    pub original_name: String,
    /// Files: the drive it is in, its size and Microsoft's hash, and when it last changed.
    pub drive_id: String,
    pub size: u64,
    pub quick_xor_hash: Option<String>,
    pub modified: Option<String>,
    /// The pre-authenticated link from the listing: in memory only, never journaled.
    pub download_url: Option<String>,
}

/// What one person's mailbox or drive holds, as far as it could be read.
#[derive(Debug, Default)]
pub struct Scan {
    pub jobs: Vec<Job>,
    /// Microsoft's count (`None` when not reachable).
    pub total: Option<u64>,
    pub left: Vec<Left>,
    /// (folder or drive, `@odata.deltaLink`), to bring the backup up to date later.
    pub delta_links: Vec<(String, String)>,
    /// Requests the listing sent (a mailbox's count against Outlook's 10,000 per 10 minutes).
    pub requests: u64,
}

/// The answer of a GET, handled here whatever its status.
pub(super) async fn get_json(client: &GraphClient, path: &str) -> Result<(u16, Value)> {
    get_located(client, path).await.map(|(s, v, _)| (s, v))
}

/// [`get_json`] with the answer's `Location` (where a 410 says to start again).
async fn get_located(client: &GraphClient, path: &str) -> Result<(u16, Value, Option<String>)> {
    let (status, body, location) = client.get_any_located(path).await?;
    if (200..300).contains(&status) {
        let value = serde_json::from_slice(&body).map_err(|e| {
            Error::new(
                ErrorCode::MalformedResponse,
                format!(
                    "Microsoft Graph's answer to GET {} is not JSON: {e}",
                    path_template(path)
                ),
            )
        })?;
        return Ok((status, value, location));
    }
    if matches!(status, 403 | 404 | 410) {
        let value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        return Ok((status, value, location));
    }
    Err(from_status(
        status,
        &body,
        None,
        "GET",
        &path_template(path),
    ))
}

/// Every page of a collection (`None` when Microsoft refuses it: 403/404/410), and how many
/// requests that took, the refused one included.
pub(super) async fn all(client: &GraphClient, first: &str) -> Result<(Option<Vec<Value>>, u64)> {
    let (mut out, mut pages) = (Vec::new(), 0);
    let mut next = first.to_string();
    loop {
        let (status, page) = get_json(client, &next).await?;
        pages += 1;
        if matches!(status, 403 | 404 | 410) {
            return Ok((None, pages));
        }
        out.extend(page["value"].as_array().into_iter().flatten().cloned());
        match page["@odata.nextLink"].as_str() {
            Some(link) => next = client.next_page_path(link)?,
            None => return Ok((Some(out), pages)),
        }
    }
}

pub(super) fn text(v: &Value, key: &str) -> String {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The owner first, then everyone else who is a member (guests have no mailbox to save here).
pub async fn people(client: &GraphClient) -> Result<(String, Vec<Person>)> {
    let (me, org, users) = tokio::try_join!(
        client.get::<Value>("/v1.0/me?$select=id,displayName,userPrincipalName"),
        client.get::<Value>("/v1.0/organization?$select=displayName"),
        client.get_all::<Value>(
            "/v1.0/users?$select=id,displayName,userPrincipalName,userType&$top=999"
        ),
    )?;
    let organization = org["value"][0]["displayName"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let own_id = text(&me, "id");
    let mut others: Vec<&Value> = users
        .iter()
        .filter(|u| text(u, "id") != own_id && text(u, "userType") != "Guest")
        .collect();
    others.sort_by_key(|u| text(u, "userPrincipalName").to_lowercase());
    let mut namer = Namer::default();
    let mut out = Vec::new();
    for (u, is_owner) in std::iter::once((&me, true)).chain(others.into_iter().map(|u| (u, false)))
    {
        let name = text(u, "displayName");
        let upn = text(u, "userPrincipalName");
        let label = if name.trim().is_empty() {
            upn.clone()
        } else {
            name.clone()
        };
        out.push(Person {
            id: text(u, "id"),
            folder: namer.unique("", &safe_name(&label)),
            upn,
            name,
            is_owner,
            shared: None,
        });
    }
    Ok((organization, out))
}

pub(super) fn left(p: &Person, kind: Kind, reason: LeftReason, what: &str, message: &str) -> Left {
    Left {
        person: p.upn.clone(),
        kind,
        reason,
        what: what.into(),
        message: message.into(),
    }
}

/// What a delta enumeration came to.
pub(super) struct Delta {
    pub items: Vec<Value>,
    pub link: String,
    /// Microsoft lost the sync state (410) and the listing started again: `items` is then
    /// everything there is, not the changes since a link.
    pub restarted: bool,
    /// Requests it took, the 410s (and a refusal) included.
    pub requests: u64,
    /// Microsoft refused the listing (403/404) after `requests` requests: `items` is empty.
    pub refused: bool,
}

impl Delta {
    /// The listing, unless Microsoft refused it.
    pub fn found(self) -> Option<Delta> {
        (!self.refused).then_some(self)
    }
}

/// Follows a delta from `first` to its `@odata.deltaLink`; on 410 starts again where the
/// answer's `Location` says, or from `fresh` (the folder's or drive's first delta request).
pub(super) async fn delta_pages(client: &GraphClient, first: &str, fresh: &str) -> Result<Delta> {
    let (mut restarts, mut requests) = (0, 0);
    let mut items = Vec::new();
    let mut next = first.to_string();
    loop {
        let (status, page, location) = get_located(client, &next).await?;
        requests += 1;
        match status {
            403 | 404 => {
                return Ok(Delta {
                    items: Vec::new(),
                    link: String::new(),
                    restarted: restarts > 0,
                    requests,
                    refused: true,
                })
            }
            410 => {
                restarts += 1;
                if restarts > MAX_RESYNCS {
                    return Err(Error::new(
                        ErrorCode::GraphError,
                        format!(
                            "Microsoft kept losing the sync state of {}",
                            path_template(fresh)
                        ),
                    ));
                }
                items.clear();
                next = match location.as_deref().map(|l| client.next_page_path(l)) {
                    Some(Ok(path)) => path,
                    _ => fresh.to_string(),
                };
                continue;
            }
            _ => {}
        }
        if let Some(values) = page["value"].as_array() {
            items.extend(values.iter().cloned());
        }
        if let Some(link) = page["@odata.nextLink"].as_str() {
            next = client.next_page_path(link)?;
        } else {
            let link = page["@odata.deltaLink"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            return Ok(Delta {
                items,
                link,
                restarted: restarts > 0,
                requests,
                refused: false,
            });
        }
    }
}

/// `2025-03-04 0915 Subject` for a message, safe for every file system.
fn mail_name(received: &str, subject: &str) -> String {
    let stamp = if received.len() >= 16 {
        format!(
            "{} {}{}",
            &received[..10],
            &received[11..13],
            &received[14..16]
        )
    } else {
        "undated".into()
    };
    let subject = if subject.trim().is_empty() {
        "(no subject)"
    } else {
        subject
    };
    safe_name(&format!("{stamp} {subject}.eml"))
}

/// A mail folder: its id, its path, and Microsoft's `totalItemCount`.
type MailFolder = (String, String, u64);

/// A mailbox's folders as far as they could be listed.
struct Folders {
    /// Every folder with its path, parents before children.
    found: Vec<MailFolder>,
    /// Folders whose subfolders Microsoft refused to list (deleted or moved in Outlook while
    /// the backup listed them, say): their paths, for the manifest to name.
    unlisted: Vec<String>,
    requests: u64,
}

/// Every folder of a mailbox; `None` when Microsoft refuses the mailbox.
async fn folders(client: &GraphClient, user: &str) -> Result<Option<Folders>> {
    let top = format!("/v1.0/users/{user}/mailFolders?$top=100");
    let (top, requests) = all(client, &top).await?;
    let Some(top) = top else {
        return Ok(None);
    };
    let mut listed = Folders {
        found: Vec::new(),
        unlisted: Vec::new(),
        requests,
    };
    let mut queue: Vec<(String, Value)> = Vec::new();
    let collect = |prefix: &str, folders: Vec<Value>, queue: &mut Vec<(String, Value)>| {
        for f in folders {
            let path = if prefix.is_empty() {
                text(&f, "displayName")
            } else {
                format!("{prefix}/{}", text(&f, "displayName"))
            };
            queue.push((path, f));
        }
    };
    collect("", top, &mut queue);
    let mut at = 0;
    while at < queue.len() {
        let (path, f) = queue[at].clone();
        at += 1;
        let id = text(&f, "id");
        if f["childFolderCount"].as_u64().unwrap_or(0) > 0 {
            let first = format!("/v1.0/users/{user}/mailFolders/{id}/childFolders?$top=100");
            let (children, pages) = all(client, &first).await?;
            listed.requests += pages;
            match children {
                Some(children) => collect(&path, children, &mut queue),
                None => listed.unlisted.push(path.clone()),
            }
        }
        listed
            .found
            .push((id, path, f["totalItemCount"].as_u64().unwrap_or(0)));
    }
    Ok(Some(listed))
}

pub async fn mailbox(
    client: &GraphClient,
    person: &Person,
    index: usize,
    previous: &Previous,
) -> Result<Scan> {
    let mut scan = Scan::default();
    let Some(listed) = folders(client, &person.id).await? else {
        let (reason, message) = if person.is_owner {
            (
                LeftReason::NotFound,
                "Microsoft found no mailbox for this person.",
            )
        } else {
            (LeftReason::NeedsMailboxAccess, "Give yourself Full Access to this mailbox in the Exchange admin center, then check again (it can take up to an hour).")
        };
        scan.left
            .push(left(person, Kind::Mail, reason, "", message));
        return Ok(scan);
    };
    let Folders {
        found: folders,
        unlisted,
        requests,
    } = listed;
    for path in unlisted {
        // `Inbox/*`: what is left is what is inside the folder; the folder's own mail is saved.
        scan.left.push(left(
            person,
            Kind::Mail,
            LeftReason::CouldNotRead,
            &format!("{path}/*"),
            "Microsoft would not list the folders inside this one, perhaps moved or deleted in Outlook during the backup; check again to save them.",
        ));
    }
    // The folders' listings go side by side, as many as Outlook answers for one mailbox at a
    // time, and come back in the folders' order: names never depend on which answered first.
    let paged = client.with_max_page_size(MESSAGE_PAGE);
    let mut starts = Vec::with_capacity(folders.len());
    for (folder_id, folder_path, _) in &folders {
        let source = refresh::source(&person.upn, folder_path);
        let link = previous.link(&person.upn, Kind::Mail, &source);
        let first = format!(
            "/v1.0/users/{}/mailFolders/{folder_id}/messages/delta?$select=id,subject,receivedDateTime",
            person.id
        );
        let start = match link {
            Some(l) => paged.next_page_path(l)?,
            None => first.clone(),
        };
        starts.push((source, link.is_some(), start, first));
    }
    let listings: Vec<_> = starts
        .iter()
        .map(|(_, _, start, first)| delta_pages(&paged, start, first))
        .collect();
    // Each folder's listing is turned into jobs as it comes (in order), so no more than the
    // ones in flight are held whole: a mailbox's every message as JSON would be.
    let mut deltas = futures_util::stream::iter(listings).buffered(MAIL_AT_ONCE);
    let mut namer = Namer::default();
    let mut total = 0;
    scan.requests = requests;
    for ((_, folder_path, count), (source, linked, _, _)) in folders.into_iter().zip(&starts) {
        let Some(delta) = deltas.try_next().await? else {
            break;
        };
        let (source, linked) = (source.clone(), *linked);
        total += count;
        scan.requests += delta.requests;
        let Some(delta) = delta.found() else {
            scan.left.push(left(
                person,
                Kind::Mail,
                LeftReason::CouldNotRead,
                &folder_path,
                "Microsoft refused to list this folder.",
            ));
            continue;
        };
        scan.delta_links.push((source, delta.link));
        // Removed items come back as `@removed`; they are not there to save.
        let (gone, mut messages): (Vec<Value>, Vec<Value>) = delta
            .items
            .into_iter()
            .partition(|m| m.get("@removed").is_some());
        if linked && !delta.restarted {
            // Up to date from the last finished backup: what it saved stays (where it is),
            // unless Microsoft says it is gone; only new messages are listed to save.
            let gone: Vec<String> = gone.iter().map(|m| text(m, "id")).collect();
            for item in previous.saved(&person.upn, Kind::Mail, Some(&folder_path)) {
                if !gone.contains(&item.graph_id) {
                    namer.claim(&item.path);
                    scan.jobs.push(refresh::kept(item, index));
                }
            }
            messages.retain(|m| !scan.jobs.iter().any(|j| j.graph_id == text(m, "id")));
        }
        messages.sort_by_key(|m| (text(m, "receivedDateTime"), text(m, "id")));
        let dir = std::iter::once(format!("Mail/{}", person.folder))
            .chain(folder_path.split('/').map(safe_name))
            .collect::<Vec<_>>()
            .join("/");
        for m in messages {
            let subject = text(&m, "subject");
            scan.jobs.push(Job {
                kind: Kind::Mail,
                person: index,
                graph_id: text(&m, "id"),
                path: namer.unique(&dir, &mail_name(&text(&m, "receivedDateTime"), &subject)),
                source_path: folder_path.clone(),
                original_name: subject,
                drive_id: String::new(),
                size: 0,
                quick_xor_hash: None,
                modified: None,
                download_url: None,
            });
        }
    }
    scan.total = Some(total);
    Ok(scan)
}

pub(super) struct DriveEntry {
    pub name: String,
    pub parent: Option<String>,
    pub value: Value,
}

/// The drive a person's or library's files are in: `Ok(Err(left))` when not reachable.
async fn drive_id(
    client: &GraphClient,
    person: &Person,
) -> Result<std::result::Result<String, Left>> {
    if let Some(id) = &person.shared {
        return Ok(Ok(id.clone()));
    }
    let (status, drive) = get_json(
        client,
        &format!("/v1.0/users/{}/drive?$select=id", person.id),
    )
    .await?;
    if !matches!(status, 403 | 404) {
        return Ok(Ok(text(&drive, "id")));
    }
    let (reason, message) = if status == 404 {
        (
            LeftReason::NotFound,
            "Microsoft found no OneDrive for this person.",
        )
    } else {
        (LeftReason::NeedsOnedriveAccess, "Give yourself access to this OneDrive (Microsoft 365 admin center > Active users > the person > OneDrive > Create link to files), then check again.")
    };
    Ok(Err(left(person, Kind::File, reason, "", message)))
}

/// A file found by delta, to save at `path` (in memory; its download link never journaled).
pub(super) fn file_job(
    v: &Value,
    person: usize,
    drive_id: &str,
    path: String,
    source: String,
) -> Job {
    Job {
        kind: Kind::File,
        person,
        graph_id: text(v, "id"),
        path,
        source_path: source,
        original_name: text(v, "name"),
        drive_id: drive_id.to_string(),
        size: v["size"].as_u64().unwrap_or(0),
        quick_xor_hash: v["file"]["hashes"]["quickXorHash"]
            .as_str()
            .map(str::to_string),
        modified: v["fileSystemInfo"]["lastModifiedDateTime"]
            .as_str()
            .map(str::to_string),
        download_url: v["@microsoft.graph.downloadUrl"]
            .as_str()
            .map(str::to_string),
    }
}

pub async fn drive(
    client: &GraphClient,
    person: &Person,
    index: usize,
    previous: &Previous,
) -> Result<Scan> {
    let mut scan = Scan::default();
    let drive_id = match drive_id(client, person).await? {
        Ok(id) => id,
        Err(l) => {
            scan.left.push(l);
            return Ok(scan);
        }
    };
    let first = format!("/v1.0/drives/{drive_id}/root/delta");
    let source = refresh::source(&person.upn, "OneDrive");
    let link = previous.link(&person.upn, Kind::File, &source);
    let start = match link {
        Some(l) => client.next_page_path(l)?,
        None => first.clone(),
    };
    let listed = match delta_pages(client, &start, &first).await?.found() {
        // A folder renamed or moved (delta sends the folder, not what is inside it), or a file
        // renamed: only the whole listing gives every item's path again.
        Some(changes)
            if link.is_some()
                && !changes.restarted
                && refresh::moved_anything(
                    client,
                    &drive_id,
                    previous,
                    &person.upn,
                    &changes.items,
                )
                .await? =>
        {
            let full = delta_pages(client, &first, &first).await?.found();
            full.map(|full| Delta {
                restarted: true,
                ..full
            })
        }
        listed => listed,
    };
    let Some(delta) = listed else {
        scan.left.push(left(
            person,
            Kind::File,
            LeftReason::CouldNotRead,
            "",
            "Microsoft refused to list these files.",
        ));
        return Ok(scan);
    };
    scan.delta_links.push((source, delta.link.clone()));
    if link.is_some() && !delta.restarted {
        return refresh::drive_changes(
            client,
            person,
            index,
            &drive_id,
            previous,
            delta.items,
            scan,
        )
        .await;
    }
    let mut entries: HashMap<String, DriveEntry> = HashMap::new();
    for v in delta.items {
        if v.get("@removed").is_some() || v.get("deleted").is_some() {
            continue;
        }
        let parent = v["parentReference"]["id"].as_str().map(str::to_string);
        let root = v.get("root").is_some();
        entries.insert(
            text(&v, "id"),
            DriveEntry {
                name: text(&v, "name"),
                parent: if root { None } else { parent },
                value: v,
            },
        );
    }
    // The path of each item from its parents (delta does not send paths).
    let path_of = |id: &str| -> Vec<String> {
        let mut names = Vec::new();
        let mut at = entries.get(id).and_then(|e| e.parent.clone());
        let mut guard = 0;
        while let Some(p) = at {
            let Some(e) = entries.get(&p) else { break };
            if e.parent.is_none() || guard > 64 {
                break;
            }
            names.push(e.name.clone());
            at = e.parent.clone();
            guard += 1;
        }
        names.reverse();
        names
    };
    let mut files: Vec<(Vec<String>, &String, &DriveEntry)> = entries
        .iter()
        .filter(|(_, e)| e.value.get("file").is_some())
        .map(|(id, e)| (path_of(id), id, e))
        .collect();
    files.sort_by(|a, b| (&a.0, &a.2.name, a.1).cmp(&(&b.0, &b.2.name, b.1)));
    let mut namer = Namer::default();
    for (folders, _, e) in &files {
        let (path, source) = refresh::file_path(&mut namer, person, folders, &e.name);
        scan.jobs
            .push(file_job(&e.value, index, &drive_id, path, source));
    }
    scan.total = Some(files.len() as u64);
    Ok(scan)
}
