//! OneDrive through Graph: a person's `drive`, `root/delta` (pages with `@odata.nextLink`, the
//! last with `@odata.deltaLink`; a lost sync state answers 410 `resyncRequired` with a
//! `Location` to start again), one item (with `@microsoft.graph.downloadUrl`), `content` (302
//! to that link), and the link itself: a separate path that ignores `Authorization`, expires,
//! and honours `Range` with 206. File bytes are generated from the seed as they are sent.
//!
//! Another person's drive answers 403 `accessDenied` until the owner has used "Create link to
//! files" in the practice admin center and the grant has taken effect.

use super::reply::{Out, Reply};
use super::{perms, Ctx, Route};
use crate::app::Shared;
use crate::state::content::{file_bytes, name_and_upn, Content, DownloadLink, Drive};
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

const fn route(template: &'static str, handler: super::Handler) -> Route {
    super::unmetered_get(template, perms::FILES_READ, handler)
}

pub static ROUTES: &[Route] = &[
    route("/me/drive", drive),
    route("/users/{id}/drive", drive),
    route("/me/drive/root/delta", delta),
    route("/users/{id}/drive/root/delta", delta),
    route("/drives/{drive}/root/delta", delta),
    route("/drives/{drive}/items/{item}", item),
    route("/drives/{drive}/items/{item}/content", content),
];

/// The download links' path, outside `/v1.0` (no bearer token is asked for or looked at).
pub fn download_routes() -> Router<Shared> {
    Router::new().route("/drive-download/{token}", get(download))
}

const DELTA_PAGE: usize = 200;
const CHUNK: u64 = 256 * 1024;

fn access_denied() -> Reply {
    Reply::error(403, "accessDenied", "Access denied")
}

/// The person whose drive the request reads, after the access check.
fn drive_user(ctx: &mut Ctx) -> Result<String, Reply> {
    let own = ctx.grant.user_id.clone();
    let target =
        match ctx.req.segments[0].as_str() {
            "me" => own.clone(),
            "users" => ctx.w.tenant.find_user_id(ctx.param(0)).ok_or_else(|| {
                Reply::error(404, "itemNotFound", "The resource could not be found.")
            })?,
            _ => {
                let id = ctx.param(0).to_string();
                // A drive is generated when its owner's drive is first asked for; find it by id.
                ctx.w.content.drive_owner(&id).ok_or_else(|| {
                    Reply::error(404, "itemNotFound", "The resource could not be found.")
                })?
            }
        };
    if target != own && !super::sites::is_shared(&target) {
        let granted = Content::grant_works(&ctx.w.content.drive_grants, &target, ctx.now);
        if !granted || !ctx.grant.has_scope(perms::FILES_READ_ALL) {
            return Err(access_denied());
        }
    }
    Ok(target)
}

fn drive(ctx: &mut Ctx) -> Out {
    let user = drive_user(ctx)?;
    let (name, upn) = name_and_upn(&ctx.w.tenant, &user);
    let now = ctx.now;
    let d = ctx.w.content.drive(&user, now);
    let used: u64 = d.items.iter().map(|i| i.size).sum();
    let (id, created) = (d.id.clone(), crate::clock::iso(d.items[0].modified));
    Ok(Reply::ok(json!({
        "@odata.context": ctx.context("drives/$entity"),
        "id": id,
        "driveType": "business",
        "name": "OneDrive",
        "createdDateTime": created,
        "owner": {"user": {"id": user, "displayName": name, "email": upn}},
        "quota": {"deleted": 0, "remaining": 1_099_511_627_776u64 - used, "state": "normal", "total": 1_099_511_627_776u64, "used": used},
    })))
}

fn new_link(ctx: &mut Ctx, user: &str, item: usize) -> String {
    let token = ctx.w.ids.opaque("", 24);
    let secs = ctx.w.content.options.download_url_secs;
    let now = ctx.now;
    ctx.w.content.links.retain(|_, l| l.expires > now);
    ctx.w.content.links.insert(
        token.clone(),
        DownloadLink {
            user: user.to_string(),
            item,
            expires: now + time::Duration::seconds(secs),
        },
    );
    format!("{}/drive-download/{token}", ctx.base)
}

/// An item as Graph shows it; delta answers leave out `parentReference.path`.
fn item_json(ctx: &mut Ctx, user: &str, index: usize, with_path: bool) -> Value {
    let now = ctx.now;
    let (d_id, it, parent_id, path) = {
        let d = ctx.w.content.drive(user, now);
        let it = d.items[index].clone();
        let parent_id = it.parent.map(|p| d.items[p].id.clone());
        (d.id.clone(), it, parent_id, d.parent_path(index))
    };
    let modified = crate::clock::iso(it.modified);
    let guid = format!("{{{:08X}-0000-4000-8000-{:012X}}}", it.seed as u32, index);
    let mut v = json!({
        "id": it.id,
        "name": it.name,
        "size": it.size,
        "createdDateTime": modified,
        "lastModifiedDateTime": modified,
        "eTag": format!("\"{guid},1\""),
        "cTag": format!("\"c:{guid},1\""),
        "fileSystemInfo": {"createdDateTime": modified, "lastModifiedDateTime": modified},
    });
    match parent_id {
        None => v["root"] = json!({}),
        Some(pid) => {
            let mut parent = json!({"driveType": "business", "driveId": d_id, "id": pid});
            if with_path {
                parent["path"] = json!(path);
            }
            v["parentReference"] = parent;
        }
    }
    if it.folder {
        let count = ctx
            .w
            .content
            .drive(user, now)
            .items
            .iter()
            .filter(|c| c.parent == Some(index))
            .count();
        v["folder"] = json!({"childCount": count});
    } else {
        let hash = ctx.w.content.drive(user, now).hash(index);
        v["file"] =
            json!({"mimeType": "application/octet-stream", "hashes": {"quickXorHash": hash}});
        v["@microsoft.graph.downloadUrl"] = json!(new_link(ctx, user, index));
    }
    v
}

/// A token: (sync epoch, offset, mode). Mode 0 pages through the drive's items (a first
/// sync), mode 1 through its change log (after a delta link).
fn token(epoch: u64, offset: usize, mode: u8) -> String {
    URL_SAFE_NO_PAD.encode(format!("{epoch}.{offset}.{mode}"))
}

fn read_token(t: &str) -> Option<(u64, usize, u8)> {
    let s = String::from_utf8(URL_SAFE_NO_PAD.decode(t).ok()?).ok()?;
    let mut parts = s.split('.');
    Some((
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
        parts.next()?.parse().ok()?,
    ))
}

/// A deleted item as delta shows it: its id and the `deleted` facet.
fn deleted_json(ctx: &mut Ctx, user: &str, index: usize) -> Value {
    let now = ctx.now;
    let d = ctx.w.content.drive(user, now);
    let it = &d.items[index];
    let parent = it.parent.map(|p| d.items[p].id.clone());
    json!({"id": it.id, "name": it.name, "deleted": {"state": "deleted"},
           "parentReference": {"driveType": "business", "driveId": d.id, "id": parent}, "file": {}})
}

fn delta(ctx: &mut Ctx) -> Out {
    let user = drive_user(ctx)?;
    let epoch = ctx.w.content.sync_epoch;
    let link_base = format!("{}/{}{}", ctx.base, ctx.req.version, ctx.req.path);
    let now = ctx.now;
    let changes = ctx.w.content.drive(&user, now).changes.len();
    let (offset, mode) = match ctx.req.option("token") {
        None => (0, 0),
        Some("latest") => (changes, 1),
        Some(t) => match read_token(t) {
            Some((e, o, m)) if e == epoch && !ctx.w.content.lose_sync() => (o, m),
            _ => {
                return Err(Reply::error(410, "resyncRequired", "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.")
                    .header("Location", link_base));
            }
        },
    };
    let size = ctx
        .req
        .option("$top")
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(DELTA_PAGE)
        .clamp(1, 1000);
    // A first sync lists the live items; after a delta link, each item changed since, once,
    // in its latest state.
    let listed: Vec<usize> = {
        let d = ctx.w.content.drive(&user, now);
        if mode == 0 {
            (0..d.items.len())
                .filter(|&i| !d.items[i].deleted)
                .collect()
        } else {
            let mut seen = std::collections::HashSet::new();
            let tail: Vec<usize> = d.changes[offset.min(changes)..].to_vec();
            let mut latest: Vec<usize> =
                tail.into_iter().rev().filter(|i| seen.insert(*i)).collect();
            latest.reverse();
            latest
        }
    };
    // The changes since a delta link come in one page (the practice changes little).
    let (from, to) = if mode == 0 {
        let from = offset.min(listed.len());
        (from, (from + size).min(listed.len()))
    } else {
        (0, listed.len())
    };
    let values: Vec<Value> = listed[from..to]
        .iter()
        .map(|&i| {
            if ctx.w.content.drive(&user, now).items[i].deleted {
                deleted_json(ctx, &user, i)
            } else {
                item_json(ctx, &user, i, false)
            }
        })
        .collect();
    let mut body = json!({"@odata.context": ctx.context("Collection(driveItem)"), "value": values});
    if to < listed.len() {
        body["@odata.nextLink"] = json!(format!("{link_base}?token={}", token(epoch, to, 0)));
    } else {
        body["@odata.deltaLink"] = json!(format!("{link_base}?token={}", token(epoch, changes, 1)));
    }
    Ok(Reply::ok(body))
}

fn find_item(ctx: &mut Ctx, user: &str) -> Result<usize, Reply> {
    let now = ctx.now;
    let key = ctx.param(1).to_string();
    let d: &Drive = ctx.w.content.drive(user, now);
    d.items
        .iter()
        .position(|i| !i.deleted && (i.id == key || (key == "root" && i.parent.is_none())))
        .ok_or_else(|| Reply::error(404, "itemNotFound", "The resource could not be found."))
}

fn item(ctx: &mut Ctx) -> Out {
    let user = drive_user(ctx)?;
    let index = find_item(ctx, &user)?;
    let mut v = item_json(ctx, &user, index, true);
    v["@odata.context"] = json!(ctx.context("drives('…')/items/$entity"));
    Ok(Reply::ok(v))
}

fn content(ctx: &mut Ctx) -> Out {
    let user = drive_user(ctx)?;
    let index = find_item(ctx, &user)?;
    let link = new_link(ctx, &user, index);
    Ok(Reply {
        status: 302,
        headers: vec![("Location".into(), link)],
        body: super::reply::Body::Empty,
    })
}

fn parse_range(headers: &HeaderMap, size: u64) -> Option<Result<(u64, u64), ()>> {
    let raw = headers.get(header::RANGE)?.to_str().ok()?;
    let spec = raw.trim().strip_prefix("bytes=")?;
    let (a, b) = spec.split_once('-')?;
    let start: u64 = a.trim().parse().ok()?;
    let end: u64 = if b.trim().is_empty() {
        size.saturating_sub(1)
    } else {
        b.trim().parse::<u64>().ok()?.min(size.saturating_sub(1))
    };
    Some(if start >= size || start > end {
        Err(())
    } else {
        Ok((start, end))
    })
}

async fn download(
    State(app): State<Shared>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let found = {
        let mut w = app.world();
        let now = app.clock.now();
        let link = w.content.links.get(&token).cloned();
        match link {
            // INFERENCE: an expired pre-authenticated link answers 401, as SharePoint's do.
            Some(l) if l.expires <= now => Err(StatusCode::UNAUTHORIZED),
            None => Err(StatusCode::UNAUTHORIZED),
            Some(l) => {
                let it = w.content.drive(&l.user, now).items[l.item].clone();
                Ok((it.seed, it.size))
            }
        }
    };
    if let Some(busy) = sharepoint_busy(&app) {
        return busy;
    }
    let (seed, size) = match found {
        Ok(f) => f,
        Err(status) => {
            let body = json!({"error": {"code": "unauthenticated", "message": "The download link has expired or is not valid."}});
            return (
                status,
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response();
        }
    };
    let (status, start, end) = match parse_range(&headers, size) {
        None => (StatusCode::OK, 0, size.saturating_sub(1)),
        Some(Ok((s, e))) => (StatusCode::PARTIAL_CONTENT, s, e),
        Some(Err(())) => {
            return (
                StatusCode::RANGE_NOT_SATISFIABLE,
                [(header::CONTENT_RANGE, format!("bytes */{size}"))],
            )
                .into_response()
        }
    };
    let length = if size == 0 { 0 } else { end - start + 1 };
    let cut = {
        let mut w = app.world();
        let c = &mut w.content;
        let cut = c.truncated < c.options.truncate_downloads && length > 1;
        if cut {
            c.truncated += 1;
        }
        cut
    };
    let sent = if cut { length / 2 } else { length };
    let chunks = (0..sent.div_ceil(CHUNK))
        .map(move |n| {
            let at = start + n * CHUNK;
            let len = CHUNK.min(start + sent - at) as usize;
            Ok::<Bytes, std::io::Error>(Bytes::from(file_bytes(seed, at, len)))
        })
        .chain(cut.then(|| {
            Err(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "injected truncation",
            ))
        }));
    let mut response = Response::new(Body::from_stream(futures_util::stream::iter(chunks)));
    *response.status_mut() = status;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        "application/octet-stream".parse().expect("static"),
    );
    h.insert(header::CONTENT_LENGTH, length.into());
    h.insert(header::ACCEPT_RANGES, "bytes".parse().expect("static"));
    if status == StatusCode::PARTIAL_CONTENT {
        if let Ok(v) = format!("bytes {start}-{end}/{size}").parse() {
            h.insert(header::CONTENT_RANGE, v);
        }
    }
    response
}

/// SharePoint's answer when it is busy: 429 or 503 with `Retry-After` in seconds, for the
/// first [`ContentOptions::sharepoint_busy`](crate::ContentOptions) downloads.
fn sharepoint_busy(app: &Shared) -> Option<Response> {
    let mut w = app.world();
    let c = &mut w.content;
    if c.busy >= c.options.sharepoint_busy {
        return None;
    }
    c.busy += 1;
    let status = if c.busy % 2 == 1 {
        StatusCode::TOO_MANY_REQUESTS
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    Some((status, [(header::RETRY_AFTER, "1")]).into_response())
}
