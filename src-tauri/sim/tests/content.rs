//! The practice company's mail and files against Microsoft's documented shapes: mailFolders
//! with childFolders and totalItemCount; messages/delta paging to a deltaLink, and 410 for a
//! lost sync state; MIME at $value; another person's mailbox 403 `ErrorAccessDenied` until the
//! practice Exchange page's grant takes effect; drive root delta with quickXorHash; the
//! download link on its own path, ignoring Authorization, honouring Range with 206, expiring.

mod common;

use closeout_sim::{ContentOptions, SimOptions};
use common::{error_code, session_with};
use serde_json::Value;
use std::time::Duration;

fn options() -> SimOptions {
    SimOptions {
        content: ContentOptions {
            messages_per_mailbox: 40,
            ..ContentOptions::default()
        },
        ..SimOptions::scenario("bakery")
    }
}

#[tokio::test]
async fn mail_folders_delta_and_mime_have_microsofts_shapes() {
    let s = session_with(options()).await;
    let top = s.get_json("/v1.0/me/mailFolders").await;
    let folders = top["value"].as_array().unwrap();
    let names: Vec<&str> = folders
        .iter()
        .map(|f| f["displayName"].as_str().unwrap())
        .collect();
    for name in [
        "Inbox",
        "Drafts",
        "Sent Items",
        "Deleted Items",
        "Archive",
        "Junk Email",
    ] {
        assert!(names.contains(&name), "{names:?}");
    }
    let inbox = folders
        .iter()
        .find(|f| f["displayName"] == "Inbox")
        .unwrap();
    assert_eq!(inbox["childFolderCount"], 1);
    for key in [
        "id",
        "parentFolderId",
        "totalItemCount",
        "unreadItemCount",
        "isHidden",
    ] {
        assert!(inbox.get(key).is_some(), "mailFolder has {key}");
    }
    let children = s
        .get_json(&format!(
            "/v1.0/me/mailFolders/{}/childFolders",
            inbox["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(children["value"][0]["displayName"], "Clients");
    // A well-known name works in place of the id, as Graph allows.
    let mut link = "/v1.0/me/mailFolders/inbox/messages/delta".to_string();
    let (mut seen, mut pages) = (Vec::new(), 0);
    let delta = loop {
        let page = s.get_json(&link).await;
        pages += 1;
        seen.extend(page["value"].as_array().unwrap().iter().cloned());
        match page["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(next.contains("$skiptoken="), "{next}");
                link = next.trim_start_matches(s.sim.base_url()).to_string();
            }
            None => break page["@odata.deltaLink"].as_str().unwrap().to_string(),
        }
    };
    assert_eq!(seen.len() as u64, inbox["totalItemCount"].as_u64().unwrap());
    assert!(pages > 1 || seen.len() <= 10, "pages of 10 by default");
    assert!(delta.contains("$deltatoken="));
    let message = &seen[0];
    for key in [
        "id",
        "subject",
        "receivedDateTime",
        "hasAttachments",
        "from",
        "parentFolderId",
    ] {
        assert!(message.get(key).is_some(), "message has {key}");
    }
    let mime = s
        .get(&format!(
            "/v1.0/me/messages/{}/$value",
            message["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(mime.status(), 200);
    let text = mime.text().await.unwrap();
    assert!(text.starts_with("From: ") && text.contains("MIME-Version: 1.0"));

    // Nothing new since the delta link; after a lost sync state, 410.
    let again = s.get_json(delta.trim_start_matches(s.sim.base_url())).await;
    assert_eq!(again["value"].as_array().unwrap().len(), 0);
    s.sim.expire_delta_tokens();
    let lost = s.get(delta.trim_start_matches(s.sim.base_url())).await;
    assert_eq!(error_code(lost, 410).await, "SyncStateNotFound");
}

/// Microsoft's delta keeps to `$select` on every page (the skiptoken carries it: the next
/// link has no `$select` of its own), always with `id`, `@odata.type` and `@odata.etag`.
#[tokio::test]
async fn a_mail_delta_keeps_to_its_select_on_every_page() {
    let mut options = options();
    options.content.messages_per_mailbox = 200;
    let s = session_with(options).await;
    let mut link = "/v1.0/me/mailFolders/inbox/messages/delta?$select=subject".to_string();
    let mut pages = 0;
    loop {
        let page = s.get_json(&link).await;
        pages += 1;
        for message in page["value"].as_array().unwrap() {
            let mut keys: Vec<&str> = message
                .as_object()
                .unwrap()
                .keys()
                .map(|k| k.as_str())
                .collect();
            keys.sort();
            assert_eq!(
                keys,
                ["@odata.etag", "@odata.type", "id", "subject"],
                "page {pages}"
            );
        }
        match page["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(!next.contains("$select"), "{next}");
                link = next.trim_start_matches(s.sim.base_url()).to_string();
            }
            None => break,
        }
    }
    assert!(pages > 1, "several pages of 10");
}

#[tokio::test]
async fn another_mailbox_is_denied_until_the_grant_takes_effect() {
    let s = session_with(options()).await;
    let users = s.all_users("?$select=id,userPrincipalName").await;
    let me = s.get_json("/v1.0/me").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let other = users
        .iter()
        .map(|u| u["id"].as_str().unwrap().to_string())
        .find(|id| *id != me)
        .unwrap();
    let path = format!("/v1.0/users/{other}/mailFolders");
    assert_eq!(
        error_code(s.get(&path).await, 403).await,
        "ErrorAccessDenied"
    );
    let page = s.page("/portal/exchange/mailboxes").await;
    assert!(page.contains("Read and manage (Full Access)"));
    let (status, text) = s
        .portal(
            &format!("/portal/exchange/mailboxes/{other}/full-access"),
            &[],
        )
        .await;
    assert_eq!(status, 200);
    assert!(text.contains("it can take up to an hour"), "{text}");
    assert_eq!(
        error_code(s.get(&path).await, 403).await,
        "ErrorAccessDenied",
        "not applied yet"
    );
    s.sim.advance_clock(Duration::from_secs(61));
    assert_eq!(s.get(&path).await.status(), 200);
    let drive = format!("/v1.0/users/{other}/drive");
    assert_eq!(error_code(s.get(&drive).await, 403).await, "accessDenied");
}

#[tokio::test]
async fn drive_delta_hashes_and_the_download_link() {
    let s = session_with(options()).await;
    let drive = s.get_json("/v1.0/me/drive").await;
    assert_eq!(drive["driveType"], "business");
    let items = s
        .get_json(&format!(
            "/v1.0/drives/{}/root/delta",
            drive["id"].as_str().unwrap()
        ))
        .await;
    assert!(items["@odata.deltaLink"].is_string());
    let values = items["value"].as_array().unwrap();
    assert!(values[0].get("root").is_some(), "the root comes first");
    let file: &Value = values.iter().find(|i| i.get("file").is_some()).unwrap();
    assert!(
        file["parentReference"].get("path").is_none(),
        "delta sends no paths"
    );
    let hash = file["file"]["hashes"]["quickXorHash"].as_str().unwrap();
    assert_eq!(hash.len(), 28, "20 bytes, base64");
    let url = file["@microsoft.graph.downloadUrl"].as_str().unwrap();
    assert!(url.contains("/drive-download/") && !url.contains("/v1.0/"));
    // No Authorization needed; a wrong one is ignored.
    let whole = s
        .http
        .get(url)
        .bearer_auth("not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(whole.status(), 200);
    let bytes = whole.bytes().await.unwrap();
    assert_eq!(bytes.len() as u64, file["size"].as_u64().unwrap());
    let part = s
        .http
        .get(url)
        .header("Range", "bytes=100-")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    let range = part.headers()["content-range"]
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        range,
        format!("bytes 100-{}/{}", bytes.len() - 1, bytes.len())
    );
    assert_eq!(part.bytes().await.unwrap(), bytes.slice(100..));
    // Links expire; the item gives a fresh one.
    s.sim.advance_clock(Duration::from_secs(301));
    assert_eq!(s.http.get(url).send().await.unwrap().status(), 401);
    let item = s
        .get_json(&format!(
            "/v1.0/drives/{}/items/{}?$select=id,@microsoft.graph.downloadUrl",
            drive["id"].as_str().unwrap(),
            file["id"].as_str().unwrap()
        ))
        .await;
    let fresh = item["@microsoft.graph.downloadUrl"].as_str().unwrap();
    assert_eq!(s.http.get(fresh).send().await.unwrap().status(), 200);
}

#[tokio::test]
async fn outlooks_limits_hold_per_mailbox() {
    let s = session_with(SimOptions {
        latency: closeout_sim::Latency::Fixed(Duration::from_millis(300)),
        content: ContentOptions {
            mail_requests_per_10_min: 8,
            ..ContentOptions::default()
        },
        ..SimOptions::scenario("bakery")
    })
    .await;
    // Six at once: four are answered, the others are told to wait.
    let answers =
        futures_util::future::join_all((0..6).map(|_| s.get("/v1.0/me/mailFolders"))).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        4,
        "{statuses:?}"
    );
    let refused = answers.into_iter().find(|r| r.status() == 429).unwrap();
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(error_code(refused, 429).await, "ApplicationThrottled");
    // Eight in the 10-minute window, then 429 until it moves on.
    for _ in 0..4 {
        assert_eq!(s.get("/v1.0/me/mailFolders").await.status(), 200);
    }
    let over = s.get("/v1.0/me/mailFolders").await;
    assert_eq!(over.status(), 429);
    let wait: u64 = over.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 500, "the window is 10 minutes: {wait}");
}
