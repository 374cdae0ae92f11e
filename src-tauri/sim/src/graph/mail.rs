//! Outlook mail through Graph: `mailFolders` (with `childFolders`, `totalItemCount`), the
//! folder's `messages/delta` (pages of 10 by default, `@odata.nextLink` with `$skiptoken`, the
//! last page with `@odata.deltaLink`; a token from a lost sync state answers 410), and a
//! message's MIME at `messages/{id}/$value`.
//!
//! Other people's mailboxes answer 403 `ErrorAccessDenied` until the owner has Full Access
//! (the practice Exchange admin page) and that grant has taken effect. Microsoft's documented
//! Outlook limits apply per mailbox: 10,000 requests per 10 minutes and 4 at the same time.

use super::reply::{Body, Out, Reply};
use super::{perms, Ctx, Route};
use crate::app::Shared;
use crate::state::content::{mime, name_and_upn, well_known, Content, Folder, Message};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const fn route(template: &'static str, handler: super::Handler) -> Route {
    super::unmetered_get(template, perms::MAIL_READ, handler)
}

pub static ROUTES: &[Route] = &[
    route("/me/mailFolders", top_folders),
    route("/users/{id}/mailFolders", top_folders),
    route("/me/mailFolders/{folder}/childFolders", child_folders),
    route(
        "/users/{id}/mailFolders/{folder}/childFolders",
        child_folders,
    ),
    route("/me/mailFolders/{folder}/messages/delta", delta),
    route("/users/{id}/mailFolders/{folder}/messages/delta", delta),
    route("/me/messages/{message}/$value", mime_value),
    route("/users/{id}/messages/{message}/$value", mime_value),
];

const WINDOW: Duration = Duration::from_secs(600);
const DELTA_PAGE: usize = 10;

fn throttled(retry_after: u64, what: &str) -> Reply {
    // INFERENCE: the wording of Outlook's 429; Microsoft documents the limits, not the text.
    Reply::error(
        429,
        "ApplicationThrottled",
        format!("Application is over its {what} limit."),
    )
    .header("Retry-After", retry_after.max(1).to_string())
}

/// The mailbox a request reads, after the access and 10-minute-window checks.
fn mailbox_user(ctx: &mut Ctx) -> Result<String, Reply> {
    let own = ctx.grant.user_id.clone();
    let target = if ctx.req.segments[0] == "me" {
        own.clone()
    } else {
        ctx.w.tenant.find_user_id(ctx.param(0)).ok_or_else(|| {
            Reply::error(
                404,
                "ErrorInvalidUser",
                format!("The requested user '{}' is invalid.", ctx.param(0)),
            )
        })?
    };
    if target != own {
        let granted = Content::grant_works(&ctx.w.content.mail_grants, &target, ctx.now);
        if !granted || !ctx.grant.has_scope(perms::MAIL_READ_SHARED) {
            return Err(Reply::error(
                403,
                "ErrorAccessDenied",
                "Access is denied. Check credentials and try again.",
            ));
        }
    }
    let content = &mut ctx.w.content;
    if content.options.throttled {
        let limit = content.options.mail_requests_per_10_min;
        let window = content.mail_window.entry(target.clone()).or_default();
        let now = Instant::now();
        while window
            .front()
            .is_some_and(|t| now.duration_since(*t) > WINDOW)
        {
            window.pop_front();
        }
        if window.len() >= limit {
            let wait = window
                .front()
                .map(|t| WINDOW.saturating_sub(now.duration_since(*t)).as_secs())
                .unwrap_or(1);
            return Err(throttled(wait, "MailboxRequests"));
        }
        window.push_back(now);
    }
    Ok(target)
}

fn folder_json(folder: &Folder, index: usize, all: &[Folder], root: &str) -> Value {
    let children = all.iter().filter(|f| f.parent == Some(index)).count();
    json!({
        "id": folder.id,
        "displayName": folder.name,
        "parentFolderId": folder.parent.map(|p| all[p].id.clone()).unwrap_or_else(|| root.to_string()),
        "childFolderCount": children,
        "unreadItemCount": folder.messages.len() / 3,
        "totalItemCount": folder.messages.len(),
        "isHidden": false,
    })
}

fn folders_under(ctx: &mut Ctx, parent: Option<usize>) -> Out {
    let user = mailbox_user(ctx)?;
    let now = ctx.now;
    let root = format!("AAMkAGVmMDEzROOT{}", &user[..8.min(user.len())]);
    let folders = ctx.w.content.mailbox(&user, now).folders.clone();
    let values: Vec<Value> = folders
        .iter()
        .enumerate()
        .filter(|(_, f)| f.parent == parent)
        .map(|(i, f)| folder_json(f, i, &folders, &root))
        .collect();
    Ok(Reply::ok(json!({
        "@odata.context": ctx.context(&format!("users('{user}')/mailFolders")),
        "value": values,
    })))
}

fn top_folders(ctx: &mut Ctx) -> Out {
    folders_under(ctx, None)
}

/// A folder by id, or by the well-known names Graph accepts in its place (`inbox`, `archive`).
fn folder_index(ctx: &mut Ctx, user: &str, key: &str) -> Result<usize, Reply> {
    let now = ctx.now;
    let folders = &ctx.w.content.mailbox(user, now).folders;
    folders
        .iter()
        .enumerate()
        .position(|(i, f)| {
            f.id == key || well_known(i).is_some_and(|w| w.eq_ignore_ascii_case(key))
        })
        .ok_or_else(|| {
            Reply::error(
                404,
                "ErrorItemNotFound",
                "The specified object was not found in the store.",
            )
        })
}

fn child_folders(ctx: &mut Ctx) -> Out {
    let user = mailbox_user(ctx)?;
    let key = ctx.params.last().cloned().unwrap_or_default();
    let index = folder_index(ctx, &user, &key)?;
    folders_under(ctx, Some(index))
}

fn message_json(m: &Message, folder_id: &str, owner: &str) -> Value {
    let received = crate::clock::iso(m.received);
    json!({
        "@odata.type": "#microsoft.graph.message",
        "@odata.etag": format!("W/\"CQAAABYAAAB{:x}\"", m.seed & 0xFFFF_FFFF),
        "id": m.id,
        "createdDateTime": received,
        "lastModifiedDateTime": received,
        "receivedDateTime": received,
        "sentDateTime": received,
        "hasAttachments": m.attachment.is_some(),
        "internetMessageId": format!("<{:016x}@practice.example>", m.seed),
        "subject": m.subject,
        "bodyPreview": format!("Line 0 of the practice message {:x}", m.seed & 0xFFFF),
        "importance": "normal",
        "parentFolderId": folder_id,
        "isRead": !m.seed.is_multiple_of(3),
        "isDraft": false,
        "from": {"emailAddress": {"name": m.from.0, "address": m.from.1}},
        "toRecipients": [{"emailAddress": {"name": owner, "address": owner}}],
    })
}

/// A token: (sync epoch, folder, offset, mode, `$select`). Mode 0 pages through the folder's
/// messages (a first sync), mode 1 through its change log (after a delta token). Microsoft's
/// tokens carry the first request's `$select`: a next or delta link needs no `$select` of its
/// own ("the skipToken in the @odata.nextLink URL encodes and includes it").
fn token(epoch: u64, folder: usize, offset: usize, mode: u8, select: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{epoch}.{folder}.{offset}.{mode}.{select}"))
}

fn read_token(text: &str) -> Option<(u64, usize, usize, u8, String)> {
    let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(text).ok()?).ok()?;
    let mut parts = raw.splitn(5, '.');
    let mut number = || parts.next().and_then(|p| p.parse::<u64>().ok());
    let (epoch, folder, offset, mode) = (
        number()?,
        number()? as usize,
        number()? as usize,
        number()? as u8,
    );
    let select = parts.next().unwrap_or_default().to_string();
    Some((epoch, folder, offset, mode, select))
}

/// A message as a delta page gives it under `$select` (empty: every property): the selected
/// properties, with `id` (always returned, Microsoft says), `@odata.type` and `@odata.etag`
/// (as its examples show them).
fn selected(message: Value, select: &str) -> Value {
    let Value::Object(all) = message else {
        return message;
    };
    if select.is_empty() {
        return Value::Object(all);
    }
    let wanted: Vec<&str> = select.split(',').map(str::trim).collect();
    let kept = all.into_iter().filter(|(k, _)| {
        k.starts_with("@odata.") || k == "id" || wanted.iter().any(|w| w.eq_ignore_ascii_case(k))
    });
    Value::Object(kept.collect())
}

fn sync_lost(fresh: &str) -> Reply {
    // INFERENCE: the fact sheet names `syncStateNotFound`; the message text is ours, and the
    // `Location` to start again mirrors what Microsoft sends with a drive's 410.
    Reply::error(
        410,
        "SyncStateNotFound",
        "The sync state could not be found or has expired. Start a new synchronization.",
    )
    .header("Location", fresh)
}

fn page_size(ctx: &Ctx) -> usize {
    ctx.req
        .headers
        .get("prefer")
        .and_then(|p| {
            p.split(',')
                .find_map(|x| x.trim().strip_prefix("odata.maxpagesize="))
                .and_then(|n| n.trim().parse::<usize>().ok())
        })
        .unwrap_or(DELTA_PAGE)
        .clamp(1, 1000)
}

fn delta(ctx: &mut Ctx) -> Out {
    let user = mailbox_user(ctx)?;
    let key = ctx.params.last().cloned().unwrap_or_default();
    let index = folder_index(ctx, &user, &key)?;
    let epoch = ctx.w.content.sync_epoch;
    let link_base = format!("{}/{}{}", ctx.base, ctx.req.version, ctx.req.path);
    let (skip, delta) = (ctx.req.option("$skiptoken"), ctx.req.option("$deltatoken"));
    let sent = skip.or(delta).map(read_token);
    let select = match (ctx.req.option("$select"), &sent) {
        (Some(asked), _) => asked.to_string(),
        (None, Some(Some((.., select)))) => select.clone(),
        (None, _) => String::new(),
    };
    let fresh = match select.as_str() {
        "" => link_base.clone(),
        s => format!("{link_base}?$select={s}"),
    };
    let (offset, mode) = match sent {
        None => (0, 0),
        Some(t) => match t {
            _ if ctx.w.content.lose_sync() => return Err(sync_lost(&fresh)),
            Some((e, f, o, m, _)) if e == epoch && f == index => (o, m),
            _ => return Err(sync_lost(&fresh)),
        },
    };
    let size = page_size(ctx);
    let now = ctx.now;
    let owner = ctx
        .w
        .tenant
        .users
        .get(&user)
        .map(|u| u.upn.clone())
        .unwrap_or_default();
    let context = ctx.context("Collection(message)");
    let mailbox = ctx.w.content.mailbox(&user, now);
    let folder = &mailbox.folders[index];
    // A first sync lists the messages there now; after a delta token, what changed since.
    let all = if mode == 0 {
        folder.messages.len()
    } else {
        folder.changes.len()
    };
    let from = offset.min(all);
    let to = (from + size).min(all);
    let values: Vec<Value> = (from..to)
        .map(|at| {
            if mode == 0 {
                let message = &mailbox.messages[folder.messages[at]];
                return selected(message_json(message, &folder.id, &owner), &select);
            }
            let (m, arrived) = folder.changes[at];
            let message = &mailbox.messages[m];
            if arrived && !message.removed {
                selected(message_json(message, &folder.id, &owner), &select)
            } else {
                json!({"@odata.type": "#microsoft.graph.message", "id": message.id, "@removed": {"reason": "deleted"}})
            }
        })
        .collect();
    let mut body = json!({
        "@odata.context": context,
        "value": values,
    });
    if to < all {
        body["@odata.nextLink"] = json!(format!(
            "{link_base}?$skiptoken={}",
            token(epoch, index, to, mode, &select)
        ));
    } else {
        body["@odata.deltaLink"] = json!(format!(
            "{link_base}?$deltatoken={}",
            token(epoch, index, folder.changes.len(), 1, &select)
        ));
    }
    Ok(Reply::ok(body))
}

fn mime_value(ctx: &mut Ctx) -> Out {
    let user = mailbox_user(ctx)?;
    let id = ctx.params.last().cloned().unwrap_or_default();
    let (name, address) = name_and_upn(&ctx.w.tenant, &user);
    let now = ctx.now;
    let mailbox = ctx.w.content.mailbox(&user, now);
    let message = mailbox.find(&id).ok_or_else(|| {
        Reply::error(
            404,
            "ErrorItemNotFound",
            "The specified object was not found in the store.",
        )
    })?;
    Ok(Reply {
        status: 200,
        headers: Vec::new(),
        body: Body::Text(mime(message, (&name, &address))),
    })
}

/// One request being answered for a mailbox; dropping it frees the place.
pub struct MailSlot {
    app: Shared,
    mailbox: String,
}

impl Drop for MailSlot {
    fn drop(&mut self) {
        let mut w = crate::app::lock(&self.app.world);
        if let Some(n) = w.content.mail_in_flight.get_mut(&self.mailbox) {
            *n = n.saturating_sub(1);
        }
    }
}

/// Takes one of the mailbox's concurrent places for a mail request (held while the answer is
/// prepared, latency included), or answers 429 when all 4 are taken. Other paths: `None`.
pub fn slot(app: &Shared, path: &str) -> Result<Option<MailSlot>, Reply> {
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).skip(1).collect();
    let (who, rest) = match segs.as_slice() {
        ["me", rest @ ..] => (None, rest),
        ["users", id, rest @ ..] => (Some(id.to_ascii_lowercase()), rest),
        _ => return Ok(None),
    };
    if !matches!(rest.first(), Some(&"mailFolders") | Some(&"messages")) {
        return Ok(None);
    }
    let mut w = crate::app::lock(&app.world);
    let mailbox = match who {
        Some(id) => w.tenant.find_user_id(&id).unwrap_or(id),
        None => w.tenant.signed_in_user.clone(),
    };
    if !w.content.options.throttled {
        return Ok(None);
    }
    let limit = w.content.options.mail_concurrency;
    let n = w.content.mail_in_flight.entry(mailbox.clone()).or_default();
    if *n >= limit {
        return Err(throttled(1, "MailboxConcurrency"));
    }
    *n += 1;
    // Counted as message contents are asked for (the listing comes before, mailbox by mailbox).
    if rest.last() == Some(&"$value") {
        let busy = w
            .content
            .mail_in_flight
            .values()
            .filter(|n| **n > 0)
            .count();
        w.content.mail_peak_mailboxes = w.content.mail_peak_mailboxes.max(busy);
    }
    Ok(Some(MailSlot {
        app: app.clone(),
        mailbox,
    }))
}
