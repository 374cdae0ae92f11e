//! Saving one item, checked, into the backup folder.
//!
//! - Mail: the MIME from `GET .../messages/{id}/$value`, written atomically as `.eml`, with
//!   the SHA-256 of what was written.
//! - Files: from the pre-authenticated `@microsoft.graph.downloadUrl`, sent **without** an
//!   `Authorization` header, into `NAME.closeout-part` beside the target; a broken transfer
//!   resumes with `Range` from what arrived; an expired link (401/403/404/410) is fetched again
//!   from the item; the whole file's quickXorHash must equal Microsoft's before it is renamed
//!   into place with its original modified time. A file that does not match is never
//!   presented as saved.
//!
//! Neither waits for the disk: the run syncs what it saved in groups (`commit`).

use super::manifest::{Kind, ManifestItem};
use super::plan::{Job, Person};
use super::quickxor::QuickXor;
use super::verify::{hash_file, hex};
use crate::fsio;
use crate::graph::{from_status, path_template, GraphClient};
use crate::{Error, ErrorCode, Result};
use reqwest::header::{CONTENT_RANGE, RANGE, RETRY_AFTER};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub const PART_SUFFIX: &str = ".closeout-part";
/// Tries per file (link refreshes, resumed transfers, one fresh start after a bad hash).
const MAX_TRIES: u32 = 8;

/// The error for a disk that is full: stop, say so, keep what is saved.
pub fn disk_full(needed: u64, free: u64) -> Error {
    Error::new(
        ErrorCode::DiskFull,
        format!(
            "The backup disk is nearly full ({} MB free, {} MB more needed). Free some space or \
             choose another folder, then resume: what is saved stays saved.",
            free / 1_000_000,
            needed.div_ceil(1_000_000)
        ),
    )
    .with_details(serde_json::json!({"freeBytes": free, "neededBytes": needed}))
}

pub(super) fn write_error(context: &str, e: &std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::StorageFull || e.raw_os_error() == Some(28) {
        return disk_full(0, 0);
    }
    Error::io(context, e)
}

fn target(root: &Path, job: &Job) -> Result<PathBuf> {
    let path = super::verify::item_path(root, &job.path)
        .ok_or_else(|| Error::internal(format!("unsafe backup path {}", job.path)))?;
    if let Some(parent) = path.parent() {
        fsio::private_dirs(root, parent).map_err(|e| write_error("a backup folder", &e))?;
    }
    Ok(path)
}

fn item(
    job: &Job,
    person: &Person,
    size: u64,
    qx: Option<String>,
    sha: Option<String>,
) -> ManifestItem {
    ManifestItem {
        path: job.path.clone(),
        size,
        quick_xor_hash: qx,
        sha256: sha,
        kind: job.kind,
        person: person.upn.clone(),
        source_path: job.source_path.clone(),
        graph_id: job.graph_id.clone(),
        original_name: job.original_name.clone(),
        removed_at_source: false,
    }
}

/// The MIME of one message (`GET .../messages/{id}/$value`): the one request the mailbox's
/// turn covers (Outlook counts requests at a time, not the disk work after them).
pub async fn mime(client: &GraphClient, person: &Person, job: &Job) -> Result<Vec<u8>> {
    let path = format!("/v1.0/users/{}/messages/{}/$value", person.id, job.graph_id);
    let (status, body) = client.get_any(&path).await?;
    if status != 200 {
        return Err(from_status(
            status,
            &body,
            None,
            "GET",
            &path_template(&path),
        ));
    }
    Ok(body)
}

/// Writes one message's MIME as its `.eml`, with the SHA-256 of what was written.
pub async fn store_mail(
    root: &Path,
    person: &Person,
    job: &Job,
    body: Vec<u8>,
) -> Result<ManifestItem> {
    let file = target(root, job)?;
    let size = body.len() as u64;
    // Hashing and the write run off the async workers; the wait for the disk is the run's
    // group commit (`commit`). The run swept crashed writes' leftovers once at its start
    // (engine), not once per message.
    let sha = tokio::task::spawn_blocking(move || {
        fsio::write_unsynced(&file, &body).map(|_| hex(&Sha256::digest(&body)))
    })
    .await
    .map_err(|e| Error::internal(format!("saving a message: {e}")))?
    .map_err(|e| write_error("a saved message", &e))?;
    Ok(item(job, person, size, None, Some(sha)))
}

/// A fresh `@microsoft.graph.downloadUrl` for a file (the one from the listing expired).
async fn fresh_link(client: &GraphClient, job: &Job) -> Result<String> {
    let path = format!(
        "/v1.0/drives/{}/items/{}?$select=id,@microsoft.graph.downloadUrl",
        job.drive_id, job.graph_id
    );
    let v: serde_json::Value = client.get(&path).await?;
    v["@microsoft.graph.downloadUrl"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| {
            Error::new(
                ErrorCode::MalformedResponse,
                "Microsoft gave no download link for a file",
            )
        })
}

fn part_len(part: &Path) -> u64 {
    std::fs::metadata(part).map(|m| m.len()).unwrap_or(0)
}

/// What one transfer came to.
enum Transfer {
    /// The link expired: fetch a new one.
    Renew,
    /// Try again (from what is in the part file).
    Again,
    /// The whole file arrived in one answer from byte 0: its quickXorHash, computed on the way.
    Whole(String),
}

/// One transfer into `part` from its current length.
async fn transfer(http: &reqwest::Client, url: &str, part: &Path, have: u64) -> Result<Transfer> {
    let mut request = http.get(url);
    if have > 0 {
        request = request.header(RANGE, format!("bytes={have}-"));
    }
    let mut response = match request.send().await {
        Ok(r) => r,
        Err(_) => return Ok(Transfer::Again),
    };
    let status = response.status().as_u16();
    match status {
        401 | 403 | 404 | 410 => return Ok(Transfer::Renew),
        416 => {
            // The range starts past the end: what we have is wrong; start again.
            let _ = std::fs::remove_file(part);
            return Ok(Transfer::Again);
        }
        429 | 503 => {
            let wait = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|s| s.trim().parse::<f64>().ok())
                .unwrap_or(2.0);
            tokio::time::sleep(Duration::from_secs_f64(wait.clamp(0.1, 120.0))).await;
            return Ok(Transfer::Again);
        }
        200 | 206 => {}
        other => {
            return Err(Error::new(
                ErrorCode::GraphError,
                format!("the file download answered {other}"),
            ))
        }
    }
    let resumed = status == 206
        && response
            .headers()
            .get(CONTENT_RANGE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|r| r.starts_with(&format!("bytes {have}-")));
    let mut file = fsio::private_options()
        .create(true)
        .write(true)
        .append(resumed)
        .truncate(!resumed)
        .open(part)
        .map_err(|e| write_error("a file being saved", &e))?;
    let mut hash = (!resumed).then(QuickXor::new);
    let mut whole = true;
    loop {
        match response.chunk().await {
            Ok(Some(bytes)) => {
                if let Some(h) = hash.as_mut() {
                    h.update(&bytes);
                }
                file.write_all(&bytes)
                    .map_err(|e| write_error("a file being saved", &e))?
            }
            Ok(None) => break,
            // A broken transfer: keep what arrived, the next try asks for the rest.
            Err(_) => {
                whole = false;
                break;
            }
        }
    }
    drop(file);
    Ok(match hash {
        Some(h) if whole => Transfer::Whole(h.base64()),
        _ => Transfer::Again,
    })
}

pub async fn file(
    client: &GraphClient,
    http: &reqwest::Client,
    root: &Path,
    person: &Person,
    job: &Job,
) -> Result<ManifestItem> {
    let final_path = target(root, job)?;
    let part = PathBuf::from(format!("{}{PART_SUFFIX}", final_path.display()));
    let mut url = match &job.download_url {
        Some(u) => u.clone(),
        None => fresh_link(client, job).await?,
    };
    let mut fresh_start_done = false;
    for _ in 0..MAX_TRIES {
        let have = part_len(&part);
        let mut streamed = None;
        if have < job.size || job.size == 0 && !part.exists() {
            match transfer(http, &url, &part, have).await? {
                Transfer::Renew => url = fresh_link(client, job).await?,
                Transfer::Whole(qx) => streamed = Some(qx),
                Transfer::Again => {}
            }
            if part_len(&part) < job.size || !part.exists() {
                continue;
            }
        }
        let (size, qx) = match streamed {
            Some(qx) => (part_len(&part), qx),
            None => {
                let p = part.clone();
                let (size, qx) = tokio::task::spawn_blocking(move || hash_file(&p, Kind::File))
                    .await
                    .map_err(|e| Error::internal(format!("checking a file: {e}")))?
                    .map_err(|e| Error::io("a file being saved", &e))?;
                (size, qx)
            }
        };
        let expected = job.quick_xor_hash.as_deref();
        let matches = size == job.size && expected.is_none_or(|h| h == qx);
        if !matches {
            // Wrong bytes (or too many): never kept; one fresh download from the start.
            let _ = std::fs::remove_file(&part);
            if fresh_start_done {
                break;
            }
            fresh_start_done = true;
            continue;
        }
        if let Some(when) = job.modified.as_deref().and_then(parse_time) {
            if let Ok(f) = std::fs::File::options().write(true).open(&part) {
                let _ = f.set_modified(when);
            }
        }
        // The wait for the disk (the file's bytes and this rename) is the run's group commit.
        std::fs::rename(&part, &final_path).map_err(|e| write_error("a saved file", &e))?;
        return Ok(item(job, person, size, Some(qx), None));
    }
    Err(Error::new(
        ErrorCode::GraphError,
        format!(
            "{} could not be downloaded whole (its size or quickXorHash did not match)",
            job.source_path
        ),
    ))
}

fn parse_time(iso: &str) -> Option<std::time::SystemTime> {
    let t =
        time::OffsetDateTime::parse(iso, &time::format_description::well_known::Rfc3339).ok()?;
    let secs = t.unix_timestamp();
    (secs >= 0).then(|| std::time::UNIX_EPOCH + Duration::from_secs(secs as u64))
}

/// The kind of item a job saves, for progress words.
pub fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Mail => "mail",
        Kind::File => "files",
    }
}
