//! The shared places the owner can reach: SharePoint sites (`GET /sites?search=*`, then each
//! site's document libraries at `/sites/{id}/drives`) and the files of Teams and other
//! Microsoft 365 groups (`/groups/{id}/drive`). Each library becomes one entry saved under
//! `Files/<site or team>/`, listed and saved like a person's OneDrive. A Team's library that is
//! also a site's is saved once (the same drive id).

use super::manifest::{Kind, Left, LeftReason};
use super::names::{safe_name, Namer};
use super::plan::{all, get_json, text, Person};
use crate::graph::GraphClient;
use crate::Result;
use futures_util::{stream, StreamExt, TryStreamExt};
use serde_json::Value;
use std::collections::HashSet;

/// A library found, before it gets its folder name.
struct Library {
    drive_id: String,
    url: String,
    name: String,
}

fn refused(what: &str, url: &str) -> Left {
    Left {
        person: url.to_string(),
        kind: Kind::File,
        reason: LeftReason::NeedsSiteAccess,
        what: what.to_string(),
        message: "Microsoft refused to show this site's files to you. Add yourself as a site \
                  admin in the SharePoint admin center (Sites > Active sites > the site > \
                  Membership), then check again."
            .into(),
    }
}

/// Libraries looked up at the same time (each site's, each group's): directory and SharePoint
/// requests, not Outlook's, and the run's saving waits for them.
const AT_ONCE: usize = 8;

/// What one site or group gave: its libraries, or why it gave none.
type Found = (Vec<Library>, Option<Left>);

async fn site_libraries(client: &GraphClient, site: Value) -> Result<Found> {
    let (id, name, url) = (
        text(&site, "id"),
        text(&site, "displayName"),
        text(&site, "webUrl"),
    );
    let path = format!("/v1.0/sites/{id}/drives?$select=id,name,webUrl");
    let (Some(drives), _) = all(client, &path).await? else {
        return Ok((Vec::new(), Some(refused(&name, &url))));
    };
    let several = drives.len() > 1;
    let libraries = drives
        .iter()
        .map(|d| Library {
            drive_id: text(d, "id"),
            url: text(d, "webUrl"),
            name: if several {
                format!("{name} - {}", text(d, "name"))
            } else {
                name.clone()
            },
        })
        .collect();
    Ok((libraries, None))
}

async fn group_library(client: &GraphClient, group: Value) -> Result<Found> {
    let name = text(&group, "displayName");
    let path = format!(
        "/v1.0/groups/{}/drive?$select=id,name,webUrl",
        text(&group, "id")
    );
    let (status, d) = get_json(client, &path).await?;
    Ok(match status {
        403 => (Vec::new(), Some(refused(&name, &name))),
        404 => (Vec::new(), None),
        _ => (
            vec![Library {
                drive_id: text(&d, "id"),
                url: text(&d, "webUrl"),
                name,
            }],
            None,
        ),
    })
}

/// Each entry of a collection looked up by `look`, [`AT_ONCE`] at a time, in the
/// collection's order whatever answers first.
async fn each<'a, F, Fut>(client: &'a GraphClient, first: &str, look: F) -> Result<Vec<Found>>
where
    F: Fn(&'a GraphClient, Value) -> Fut,
    Fut: std::future::Future<Output = Result<Found>>,
{
    let entries = all(client, first).await?.0.unwrap_or_default();
    let lookups = entries.into_iter().map(|entry| look(client, entry));
    stream::iter(lookups).buffered(AT_ONCE).try_collect().await
}

/// The sites' libraries, then the groups'.
async fn libraries(client: &GraphClient) -> Result<Vec<Found>> {
    const UNIFIED: &str =
        "/v1.0/groups?$filter=groupTypes/any(c:c+eq+'Unified')&$select=id,displayName&$top=999";
    let (mut found, groups) = tokio::try_join!(
        each(client, "/v1.0/sites?search=*", site_libraries),
        each(client, UNIFIED, group_library),
    )?;
    found.extend(groups);
    Ok(found)
}

/// The libraries the owner can reach, each once, and the sites and groups that refused.
pub struct Libraries {
    found: Vec<Library>,
    left: Vec<Left>,
}

/// Finds the sites' and Teams' libraries (beside the listing of the people: it needs none).
pub async fn find(client: &GraphClient) -> Result<Libraries> {
    let mut found: Vec<Library> = Vec::new();
    let mut left = Vec::new();
    let mut seen = HashSet::new();
    for (libraries, refused) in libraries(client).await? {
        left.extend(refused);
        found.extend(
            libraries
                .into_iter()
                .filter(|l| seen.insert(l.drive_id.clone())),
        );
    }
    Ok(Libraries { found, left })
}

/// The libraries as places to save, named uniquely after the people's folders.
pub fn places(libraries: Libraries, people: &[Person]) -> (Vec<Person>, Vec<Left>) {
    let Libraries { mut found, left } = libraries;
    found.sort_by(|a, b| (a.name.to_lowercase(), &a.url).cmp(&(b.name.to_lowercase(), &b.url)));
    let mut namer = Namer::default();
    for p in people {
        namer.claim(&p.folder);
    }
    let out = found
        .into_iter()
        .map(|l| Person {
            id: l.drive_id.clone(),
            folder: namer.unique("", &safe_name(&l.name)),
            upn: l.url,
            name: l.name,
            is_owner: false,
            shared: Some(l.drive_id),
        })
        .collect();
    (out, left)
}
