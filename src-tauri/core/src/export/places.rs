//! The shared places the owner can reach: SharePoint sites (`GET /sites?search=*`, then each
//! site's document libraries at `/sites/{id}/drives`) and the files of Teams and other
//! Microsoft 365 groups (`/groups/{id}/drive`). Each library becomes one entry saved under
//! `Files/<site or team>/`, listed and saved like a person's OneDrive. A Team's library that is
//! also a site's is saved once (the same drive id).

use super::manifest::{Kind, Left, LeftReason};
use super::names::{safe_name, Namer};
use super::plan::{get_json, text, Person};
use crate::graph::GraphClient;
use crate::Result;
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

/// Every page of a collection; `None` when Microsoft refuses it (403/404).
async fn all(client: &GraphClient, first: &str) -> Result<Option<Vec<Value>>> {
    let mut out = Vec::new();
    let mut next = first.to_string();
    loop {
        let (status, page) = get_json(client, &next).await?;
        if matches!(status, 403 | 404 | 410) {
            return Ok(None);
        }
        out.extend(page["value"].as_array().into_iter().flatten().cloned());
        match page["@odata.nextLink"].as_str() {
            Some(link) => next = client.next_page_path(link)?,
            None => return Ok(Some(out)),
        }
    }
}

/// The sites' and Teams' libraries, named uniquely after the people's folders.
pub async fn places(client: &GraphClient, people: &[Person]) -> Result<(Vec<Person>, Vec<Left>)> {
    let mut found: Vec<Library> = Vec::new();
    let mut left = Vec::new();
    let mut seen = HashSet::new();
    for site in all(client, "/v1.0/sites?search=*")
        .await?
        .unwrap_or_default()
    {
        let (id, name, url) = (
            text(&site, "id"),
            text(&site, "displayName"),
            text(&site, "webUrl"),
        );
        let Some(drives) = all(
            client,
            &format!("/v1.0/sites/{id}/drives?$select=id,name,webUrl"),
        )
        .await?
        else {
            left.push(refused(&name, &url));
            continue;
        };
        let several = drives.len() > 1;
        for d in drives {
            if seen.insert(text(&d, "id")) {
                found.push(Library {
                    drive_id: text(&d, "id"),
                    url: text(&d, "webUrl"),
                    name: if several {
                        format!("{name} - {}", text(&d, "name"))
                    } else {
                        name.clone()
                    },
                });
            }
        }
    }
    let groups = all(
        client,
        "/v1.0/groups?$filter=groupTypes/any(c:c+eq+'Unified')&$select=id,displayName&$top=999",
    )
    .await?
    .unwrap_or_default();
    for g in groups {
        let name = text(&g, "displayName");
        let (status, d) = get_json(
            client,
            &format!(
                "/v1.0/groups/{}/drive?$select=id,name,webUrl",
                text(&g, "id")
            ),
        )
        .await?;
        match status {
            403 => left.push(refused(&name, &name)),
            404 => {}
            _ if seen.insert(text(&d, "id")) => found.push(Library {
                drive_id: text(&d, "id"),
                url: text(&d, "webUrl"),
                name,
            }),
            _ => {}
        }
    }
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
    Ok((out, left))
}
