//! SharePoint sites and Teams files through Graph: `GET /sites?search=` (a free-text search
//! over the tenant's sites; `*` lists them all), a site's document libraries at
//! `/sites/{id}/drives`, and a Microsoft 365 group's (a Team's) library at `/groups/{id}/drive`.
//! The libraries are drives like a OneDrive: their `root/delta`, items and download links are
//! served by [`super::drive`], keyed `site:<id>` or `group:<id>` in the content.
//!
//! A site's id is Microsoft's `{host},{site collection id},{web id}`. Every Microsoft 365
//! group (a Team too) has its site (`Site::group`), so both paths reach the same drive, and
//! the site leaves search while its group is deleted.

use super::reply::{Out, Reply};
use super::{perms, Ctx, Route};
use crate::state::directory::site_url;
use crate::state::groups::GroupKind;
use crate::state::ids::derived_guid;
use serde_json::{json, Value};

pub static ROUTES: &[Route] = &[
    super::unmetered_get("/sites", perms::SITES_READ, search),
    super::unmetered_get("/sites/{site}/drives", perms::FILES_READ, site_drives),
    super::unmetered_get("/groups/{id}/drive", perms::FILES_READ, group_drive),
];

/// The content key of a site's document library.
pub fn site_key(site_id: &str) -> String {
    format!("site:{site_id}")
}

fn host(ctx: &Ctx) -> String {
    let initial = ctx.w.tenant.initial_domain();
    format!(
        "{}.sharepoint.com",
        initial.trim_end_matches(".onmicrosoft.com")
    )
}

fn site_json(ctx: &Ctx, index: usize) -> Value {
    let site = &ctx.w.tenant.sites[index];
    let created = crate::clock::iso(ctx.w.tenant.created);
    json!({
        "id": format!("{},{},{}", host(ctx), site.id, derived_guid(&site.id, 0)),
        "name": site.name,
        "displayName": site.name,
        "description": "",
        "createdDateTime": created,
        "lastModifiedDateTime": created,
        "webUrl": site.web_url(&host(ctx)),
    })
}

fn search(ctx: &mut Ctx) -> Out {
    let Some(query) = ctx.req.option("search").map(str::to_string) else {
        // INFERENCE: without `search` Graph answers the tenant's root site; the practice lists
        // sites only through search.
        return Err(Reply::error(
            400,
            "invalidRequest",
            "Provide a search query with ?search=.",
        ));
    };
    let words = query.trim().trim_matches('"').to_lowercase();
    let values: Vec<Value> = (0..ctx.w.tenant.sites.len())
        .filter(|&i| {
            let site = &ctx.w.tenant.sites[i];
            !ctx.w.tenant.site_deleted(site)
                && (words.is_empty() || words == "*" || site.name.to_lowercase().contains(&words))
        })
        .map(|i| site_json(ctx, i))
        .collect();
    Ok(Reply::ok(json!({
        "@odata.context": ctx.context("sites"),
        "value": values,
    })))
}

fn not_found() -> Reply {
    Reply::error(404, "itemNotFound", "Requested site could not be found")
}

/// A document library as Graph shows it, generating its content on first use.
fn library(ctx: &mut Ctx, key: &str, name: &str, url: &str) -> Value {
    let now = ctx.now;
    let d = ctx.w.content.drive(key, now);
    let used: u64 = d.items.iter().map(|i| i.size).sum();
    let (id, created) = (d.id.clone(), crate::clock::iso(d.items[0].modified));
    json!({
        "id": id,
        "driveType": "documentLibrary",
        "name": "Documents",
        "description": "",
        "createdDateTime": created,
        "lastModifiedDateTime": created,
        "webUrl": format!("{url}/Shared%20Documents"),
        "createdBy": {"user": {"displayName": "System Account"}},
        "owner": {"group": {"displayName": name}},
        "quota": {"deleted": 0, "remaining": 27_487_790_694_400u64 - used, "state": "normal", "total": 27_487_790_694_400u64, "used": used},
    })
}

fn site_drives(ctx: &mut Ctx) -> Out {
    let key = ctx.param(0).to_string();
    // `{host},{site id},{web id}`, or the bare site id.
    let site_id = key.split(',').nth(1).unwrap_or(&key).to_string();
    let Some(index) = ctx.w.tenant.sites.iter().position(|s| s.id == site_id) else {
        return Err(not_found());
    };
    let name = ctx.w.tenant.sites[index].name.clone();
    let url = ctx.w.tenant.sites[index].web_url(&host(ctx));
    let drive = library(ctx, &site_key(&site_id), &name, &url);
    Ok(Reply::ok(json!({
        "@odata.context": ctx.context("drives"),
        "value": [drive],
    })))
}

fn group_drive(ctx: &mut Ctx) -> Out {
    let id = ctx.param(0).to_string();
    let group = ctx
        .w
        .tenant
        .groups
        .get(&id)
        .cloned()
        .ok_or_else(|| Reply::error(404, "itemNotFound", "The resource could not be found."))?;
    if !matches!(group.kind, GroupKind::Microsoft365 { .. }) {
        // INFERENCE: only Microsoft 365 groups have a SharePoint site and so a drive.
        return Err(Reply::error(
            404,
            "itemNotFound",
            "The resource could not be found.",
        ));
    }
    let (key, url) = match ctx
        .w
        .tenant
        .sites
        .iter()
        .find(|s| s.group.as_ref() == Some(&id))
    {
        Some(site) => (site_key(&site.id), site.web_url(&host(ctx))),
        None => (
            format!("group:{id}"),
            site_url(&host(ctx), &group.display_name),
        ),
    };
    let mut drive = library(ctx, &key, &group.display_name, &url);
    drive["@odata.context"] = json!(ctx.context("drives/$entity"));
    Ok(Reply::ok(drive))
}

/// Whether a content key is a shared library (sites and groups), not a person's OneDrive.
/// INFERENCE: the practice's sites and groups are owned by the signed-in admin (the builder
/// creates them so), so their libraries need no grant.
pub fn is_shared(key: &str) -> bool {
    key.starts_with("site:") || key.starts_with("group:")
}
