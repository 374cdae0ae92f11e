//! The usage reports: Microsoft's published CSV layouts, quoting, the byte order mark, deleted
//! rows, concealed (hashed) names, joining with the directory, and the download (302 redirect
//! to a pre-authenticated address, or the body directly) against a loopback server.

use closeout_core::backup::{
    fetch_report, is_concealed, parse_mailbox_usage, parse_onedrive_usage, parse_site_usage,
    DataInventory, DirectoryUser, Owner, ReportKind, SharedSite,
};
use closeout_core::graph::{BoxFuture, Secret, StaticToken, TokenSource};
use closeout_core::ErrorCode;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn token(value: &str) -> StaticToken {
    StaticToken(Secret::new(value))
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/backup/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn user(upn: &str, name: &str) -> DirectoryUser {
    DirectoryUser {
        id: format!("id-{upn}"),
        user_principal_name: upn.into(),
        display_name: name.into(),
    }
}

#[test]
fn microsofts_published_headers_parse_even_without_the_optional_columns() {
    // The v1.0 example omits "Deleted Item Quota (Byte)" and "Has Archive": still readable.
    assert!(
        parse_mailbox_usage(&fixture("mailbox_usage_published_example.csv"))
            .unwrap()
            .is_empty()
    );
    assert!(
        parse_site_usage(&fixture("sharepoint_site_usage_published_example.csv"))
            .unwrap()
            .is_empty()
    );
    assert!(
        parse_onedrive_usage(&fixture("onedrive_usage_published_example.csv"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn mailbox_rows_keep_quoted_names_sizes_and_empty_dates() {
    let rows = parse_mailbox_usage(&fixture("mailbox_usage_d7.csv")).unwrap();
    assert_eq!(rows.len(), 3);
    let anna = &rows[0];
    assert_eq!(anna.user_principal_name, "anna@bakery.example"); // BOM not glued to a header
    assert_eq!(anna.display_name, "Rossi, Anna");
    assert_eq!(anna.item_count, Some(138481));
    assert_eq!(anna.storage_used_bytes, Some(10414748704));
    assert_eq!(anna.last_activity.unwrap().to_string(), "2017-09-01");
    assert_eq!(anna.report_refresh.unwrap().to_string(), "2017-09-01");
    assert!(!anna.is_deleted && !anna.is_concealed());
    assert_eq!(rows[1].display_name, "Marco \"Il Fornaio\" Bianchi");
    assert_eq!(rows[1].last_activity, None);
    assert!(rows[2].is_deleted);
}

#[test]
fn onedrive_rows_parse() {
    let rows = parse_onedrive_usage(&fixture("onedrive_usage_d7.csv")).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].owner_principal_name, "anna@bakery.example");
    assert_eq!(rows[0].owner_display_name, "Rossi, Anna");
    assert_eq!(rows[0].file_count, Some(1200));
    assert_eq!(rows[0].storage_used_bytes, Some(5368709120));
    assert!(rows[0]
        .site_url
        .starts_with("https://bakery-my.sharepoint.com/personal/"));
}

#[test]
fn shared_sites_come_from_the_site_report_and_hidden_addresses_stay_hidden() {
    let rows = parse_site_usage(&fixture("sharepoint_site_usage_d7.csv")).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0].root_web_template, "Group");
    assert_eq!(rows[0].storage_used_bytes, Some(734003200));
    let sites = SharedSite::from_report(&rows);
    assert_eq!(sites.len(), 2, "the deleted site is left out");
    assert_eq!(sites[0].name, "recipes");
    assert_eq!(sites[0].url, "https://bakery.sharepoint.com/sites/recipes");
    assert_eq!(sites[0].hidden_number, None);
    assert_eq!((sites[1].name.as_str(), sites[1].url.as_str()), ("", ""));
    assert_eq!(sites[1].hidden_number, Some(1));
    assert_eq!(sites[1].site_id, "0f7c1a2b-1111-2222-3333-444455556668");
}

#[test]
fn a_missing_column_or_a_bad_number_is_a_malformed_response() {
    let err = parse_mailbox_usage(b"Report Refresh Date,Display Name\n2017-09-01,x\n").unwrap_err();
    assert_eq!(err.code, ErrorCode::MalformedResponse);
    assert!(
        err.message.contains("User Principal Name"),
        "{}",
        err.message
    );
    let bad = b"User Principal Name,Display Name,Is Deleted,Last Activity Date,Item Count,Storage Used (Byte),Report Refresh Date\na@b.c,A,False,,many,1,\n";
    assert_eq!(
        parse_mailbox_usage(bad).unwrap_err().code,
        ErrorCode::MalformedResponse
    );
}

#[test]
fn concealed_names_are_recognised_and_real_ones_are_not() {
    assert!(is_concealed("3B1C0E5A9D6F4B7E8A2C1D0F9E8B7A61"));
    assert!(!is_concealed("anna@bakery.example"));
    assert!(!is_concealed("Anna Rossi"));
    assert!(!is_concealed("cafe")); // short hex-looking words are names
    let rows = parse_mailbox_usage(&fixture("mailbox_usage_concealed.csv")).unwrap();
    assert!(rows.iter().all(|r| r.is_concealed()));
}

#[test]
fn inventory_joins_reports_with_the_directory_by_sign_in_name() {
    let mailboxes = parse_mailbox_usage(&fixture("mailbox_usage_d7.csv")).unwrap();
    let drives = parse_onedrive_usage(&fixture("onedrive_usage_d7.csv")).unwrap();
    let users = [
        user("Anna@Bakery.example", "Anna Rossi"),
        user("marco@bakery.example", "Marco Bianchi"),
        user("lucia@bakery.example", "Lucia Verdi"),
        user("new@bakery.example", "New Person"),
    ];
    let inv = DataInventory::from_reports(&users, &mailboxes, &drives);
    assert!(!inv.names_concealed);
    assert_eq!(inv.report_date.unwrap().to_string(), "2017-09-01");
    let names: Vec<_> = inv
        .people
        .iter()
        .map(|p| match &p.owner {
            Owner::Named { display_name, .. } => display_name.clone(),
            Owner::Hidden { .. } => panic!("no names are hidden here"),
        })
        .collect();
    // The deleted mailbox is left out; the directory's name wins; people with no row yet stay.
    assert_eq!(
        names,
        ["Anna Rossi", "Lucia Verdi", "Marco Bianchi", "New Person"]
    );
    let anna = &inv.people[0];
    assert_eq!(anna.mailbox.as_ref().unwrap().bytes, Some(10414748704));
    assert_eq!(anna.onedrive.as_ref().unwrap().count, Some(1200));
    assert!(inv.people[3].mailbox.is_none() && inv.people[3].onedrive.is_none());
}

#[test]
fn concealed_reports_give_hidden_people_matched_by_hash_across_reports() {
    let mailboxes = parse_mailbox_usage(&fixture("mailbox_usage_concealed.csv")).unwrap();
    let drives = parse_onedrive_usage(&fixture("onedrive_usage_concealed.csv")).unwrap();
    let inv =
        DataInventory::from_reports(&[user("anna@bakery.example", "Anna")], &mailboxes, &drives);
    assert!(inv.names_concealed);
    assert_eq!(inv.people.len(), 2, "{:?}", inv.people);
    let first = &inv.people[0];
    assert!(matches!(first.owner, Owner::Hidden { number: 1, .. }));
    assert_eq!(first.mailbox.as_ref().unwrap().bytes, Some(2_000_000_000));
    assert_eq!(first.onedrive.as_ref().unwrap().bytes, Some(500_000_000));
    assert!(inv.people[1].onedrive.is_none());
}

/// A tiny HTTP server on 127.0.0.1: `/v1.0/...` answers `first`, `/download/...` the CSV.
/// It records each request line with whether it carried an Authorization header.
async fn report_server(first: &'static str) -> (String, Arc<Mutex<Vec<(String, bool)>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let mut buf = vec![0u8; 8192];
            let n = socket.read(&mut buf).await.unwrap();
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let line = request.lines().next().unwrap_or_default().to_string();
            let authorized = request
                .to_ascii_lowercase()
                .contains("\r\nauthorization: bearer");
            log.lock().unwrap().push((line.clone(), authorized));
            let csv = "\u{feff}Report Refresh Date,User Principal Name,Display Name,Is Deleted,Last Activity Date,Item Count,Storage Used (Byte)\r\n2026-11-27,anna@bakery.example,Anna,False,2026-11-27,3,4096\r\n";
            let stale = request.contains("Bearer stale-token");
            let response = if first == "refresh" && stale {
                "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_string()
            } else if line.contains("/download/") || first == "body" || first == "refresh" {
                format!("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{csv}", csv.len())
            } else if first == "redirect" {
                "HTTP/1.1 302 Found\r\nContent-Type: text/plain\r\nLocation: /download/JDFKdf2_eJXKS034dbc7e0t__XDe\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            } else {
                "HTTP/1.1 403 Forbidden\r\nrequest-id: r-403\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
            };
            socket.write_all(response.as_bytes()).await.unwrap();
        }
    });
    (base, seen)
}

#[tokio::test]
async fn the_redirect_is_followed_without_sending_the_token_to_the_download_address() {
    let (base, seen) = report_server("redirect").await;
    let csv = fetch_report(&base, &token("secret-token"), ReportKind::Mailbox)
        .await
        .unwrap();
    let rows = parse_mailbox_usage(&csv).unwrap();
    assert_eq!(rows[0].storage_used_bytes, Some(4096));
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen[0]
            .0
            .contains("/v1.0/reports/getMailboxUsageDetail(period='D7')"),
        "{seen:?}"
    );
    assert!(seen[0].1, "Graph gets the token");
    assert!(seen[1].0.contains("/download/JDFKdf2"), "{seen:?}");
    assert!(!seen[1].1, "the download address must not get the token");
}

#[tokio::test]
async fn a_direct_body_is_taken_as_is_and_refusals_keep_their_code() {
    let (base, seen) = report_server("body").await;
    let csv = fetch_report(&base, &token("t"), ReportKind::OneDrive)
        .await
        .unwrap();
    assert!(csv.starts_with("\u{feff}Report Refresh Date".as_bytes()));
    assert!(seen.lock().unwrap()[0]
        .0
        .contains("getOneDriveUsageAccountDetail(period='D7')"));

    let (base, _) = report_server("forbidden").await;
    let err = fetch_report(&base, &token("t"), ReportKind::Mailbox)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::AccessDenied);
    assert_eq!(err.details.unwrap()["requestId"], "r-403");
}

/// A token source whose first token is refused: it hands out a fresh one when asked.
struct Rotating;

impl TokenSource for Rotating {
    fn access_token(&self) -> BoxFuture<'_, closeout_core::Result<Secret>> {
        Box::pin(async { Ok(Secret::new("stale-token")) })
    }

    fn refresh_after_401(&self, refused: Secret) -> BoxFuture<'_, closeout_core::Result<Secret>> {
        assert_eq!(refused.expose(), "stale-token");
        Box::pin(async { Ok(Secret::new("fresh-token")) })
    }
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once_and_the_report_still_arrives() {
    let (base, seen) = report_server("refresh").await;
    let csv = fetch_report(&base, &Rotating, ReportKind::Mailbox)
        .await
        .unwrap();
    assert_eq!(parse_mailbox_usage(&csv).unwrap().len(), 1);
    assert_eq!(seen.lock().unwrap().len(), 2, "one refusal, one retry");
}
