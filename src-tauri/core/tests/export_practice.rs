//! The backup engine against the practice tenant: a full backup of the bakery verified file by
//! file; other people's data left until the owner's grant has taken effect; and each thing
//! that goes wrong in real life (expired download links, a lost delta sync state, a transfer
//! cut in half, a storm of 429s, a full disk, a folder Outlook will not list) ending with a
//! clear outcome and nothing recorded as saved that is not; and mailboxes saved side by side,
//! as Outlook's per-mailbox limits allow.

mod closure_common;
mod export_common;

use closeout_core::export::{self, journal, Kind, LeftReason, Problem};
use closeout_core::graph::GraphClient;
use closeout_core::ErrorCode;
use closeout_sim::{ContentOptions, Faults, Latency, Sim, SimOptions, TargetedFault};
use export_common::*;
use std::path::Path;
use std::sync::Arc;

#[tokio::test]
async fn a_full_backup_of_the_bakery_is_complete_and_verifies() {
    // The owner has granted themselves access to everyone's mailbox and OneDrive.
    let (_sim, _graph, dir, done) = everyone_backed_up().await;
    let m = &done.manifest;
    assert!(m.complete, "left: {:?}", m.left);
    assert!(m.people.len() >= 2);
    for p in &m.people {
        assert_eq!(Some(p.mail_saved), p.mail_total, "{}'s mail", p.person);
        assert_eq!(Some(p.files_saved), p.files_total, "{}'s files", p.person);
        assert!(p.mail_saved > 0 && p.files_saved > 0);
    }
    // The layout a person can browse: Mail/<person>/<folder path>/..., Files/<person>/...
    assert!(m
        .items
        .iter()
        .any(|i| i.path.contains("/Inbox/Clients/2025/")));
    assert!(m.items.iter().any(|i| i.path.contains("/Archive/")));
    assert!(m
        .items
        .iter()
        .all(|i| i.path.starts_with("Mail/") || i.path.starts_with("Files/")));
    assert!(m
        .items
        .iter()
        .all(|i| !i.path.contains(['?', ':', '<', '>', '*'])));
    // Mail subjects with characters Windows forbids keep their original in the manifest.
    assert!(m.items.iter().any(|i| i.original_name.contains('?')));
    let eml = m.items.iter().find(|i| i.kind == Kind::Mail).unwrap();
    let text = std::fs::read_to_string(dir.path().join(&eml.path)).unwrap();
    assert!(text.contains("MIME-Version: 1.0"));
    assert!(dir.path().join("index.html").exists());

    let report = export::verify(dir.path()).unwrap();
    assert_eq!(report.checked, m.items.len());
    assert!(report.bad.is_empty(), "{:?}", report.bad);

    // Changed or missing files are named.
    let file = m.items.iter().find(|i| i.kind == Kind::File).unwrap();
    std::fs::write(dir.path().join(&file.path), b"changed").unwrap();
    std::fs::remove_file(dir.path().join(&eml.path)).unwrap();
    let report = export::verify(dir.path()).unwrap();
    let problems: Vec<_> = report
        .bad
        .iter()
        .map(|b| (b.path.as_str(), b.problem))
        .collect();
    assert!(problems.contains(&(file.path.as_str(), Problem::SizeChanged)));
    assert!(problems.contains(&(eml.path.as_str(), Problem::Missing)));
    assert_eq!(report.bad.len(), 2);
}

#[cfg(unix)]
#[tokio::test]
async fn the_backup_folder_and_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let (_sim, dir, done) = backed_up(no_delay(), Faults::default()).await;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(dir.path()), 0o700);
    for item in &done.manifest.items {
        let path = dir.path().join(&item.path);
        assert_eq!(mode(&path), 0o600, "{}", item.path);
        assert_eq!(mode(path.parent().unwrap()), 0o700, "{}", item.path);
    }
    assert_eq!(mode(&dir.path().join("manifest.json")), 0o600);
}

#[tokio::test]
async fn other_peoples_data_waits_for_the_grant_to_take_effect() {
    let (sim, graph) = practice(ContentOptions::default(), Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let first = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    let m = &first.manifest;
    assert!(!m.complete);
    let owner = &m.people[0];
    assert_eq!(Some(owner.mail_saved), owner.mail_total);
    let others = &m.people[1..];
    for p in others {
        assert_eq!(p.mail_total, None);
        assert!(m
            .left
            .iter()
            .any(|l| l.person == p.person && l.reason == LeftReason::NeedsMailboxAccess));
        assert!(m
            .left
            .iter()
            .any(|l| l.person == p.person && l.reason == LeftReason::NeedsOnedriveAccess));
    }
    let anna = others[0].person.clone();
    assert!(sim.grant_mailbox_access(&anna));
    // Granted, not yet applied by Microsoft: still left.
    let again = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    assert!(again
        .manifest
        .left
        .iter()
        .any(|l| l.person == anna && l.reason == LeftReason::NeedsMailboxAccess));
    assert_eq!(again.saved_now, 0, "nothing new to save");
    sim.advance_clock(std::time::Duration::from_secs(61));
    let later = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    let p = later
        .manifest
        .people
        .iter()
        .find(|p| p.person == anna)
        .unwrap();
    assert_eq!(Some(p.mail_saved), p.mail_total);
    assert!(p.mail_saved > 0);
    assert_eq!(later.already_saved, first.manifest.items.len());
}

#[tokio::test]
async fn expired_download_links_are_fetched_again_without_authorization() {
    let (sim, graph) = practice(no_delay(), Faults::default()).await;
    let sim = Arc::new(sim);
    let expire = sim.clone();
    // As soon as saving starts, every link from the listing has expired.
    let on_progress: export::engine::OnProgress = Arc::new(move |p| {
        if p.phase == export::engine::Phase::Saving {
            expire.expire_download_links();
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let done = export::run(&graph, options(dir.path()), on_progress)
        .await
        .unwrap();
    assert!(
        done.manifest
            .left
            .iter()
            .all(|l| l.reason != LeftReason::CouldNotRead),
        "{:?}",
        done.manifest.left
    );
    let owner = &done.manifest.people[0];
    assert_eq!(Some(owner.files_saved), owner.files_total);
    assert!(sim
        .stats()
        .requests
        .keys()
        .any(|k| k.contains("/drives/{drive}/items/{item}")));
    assert!(export::verify(dir.path()).unwrap().bad.is_empty());
}

#[tokio::test]
async fn links_that_never_work_leave_the_files_unsaved_with_a_reason() {
    let content = ContentOptions {
        download_url_secs: 0,
        ..no_delay()
    };
    let (_sim, dir, done) = backed_up(content, Faults::default()).await;
    let m = &done.manifest;
    assert!(!m.complete);
    assert_eq!(m.people[0].files_saved, 0);
    let failed: Vec<_> = m
        .left
        .iter()
        .filter(|l| l.kind == Kind::File && l.reason == LeftReason::CouldNotRead)
        .filter(|l| l.person == m.people[0].person)
        .collect();
    assert_eq!(failed.len() as u64, m.people[0].files_total.unwrap());
    assert!(m.places.iter().all(|p| p.files_saved == 0));
    assert!(m.items.iter().all(|i| i.kind == Kind::Mail));
    journal_is_honest(dir.path());
}

#[tokio::test]
async fn a_lost_delta_sync_state_starts_the_folder_again() {
    let content = ContentOptions {
        lose_sync_state: 2,
        messages_per_mailbox: 600,
        ..no_delay()
    };
    let (sim, _dir, done) = backed_up(content, Faults::default()).await;
    let owner = &done.manifest.people[0];
    assert_eq!(Some(owner.mail_saved), owner.mail_total);
    assert_eq!(owner.mail_total, Some(600));
    assert!(sim.stats().statuses.get(&410).is_some_and(|n| *n >= 2));
}

#[tokio::test]
async fn truncated_transfers_resume_with_range_and_verify() {
    let content = ContentOptions {
        truncate_downloads: 5,
        ..no_delay()
    };
    let (_sim, dir, done) = backed_up(content, Faults::default()).await;
    let owner = &done.manifest.people[0];
    assert_eq!(Some(owner.files_saved), owner.files_total);
    assert!(export::verify(dir.path()).unwrap().bad.is_empty());
    journal_is_honest(dir.path());
}

#[tokio::test]
async fn a_storm_of_429s_is_waited_out() {
    // 15% of every request answered 429: with six tries per request (the client's policy), a
    // whole backup (about a thousand requests, sites and Teams included) still meets a request
    // refused six times in a row about once in a hundred runs; 30% made that every other run.
    let faults = Faults {
        throttle: 0.15,
        retry_after_secs: 0.05,
        ..Faults::default()
    };
    let (_sim, dir, done) = backed_up(no_delay(), faults).await;
    let owner = &done.manifest.people[0];
    assert_eq!(Some(owner.mail_saved), owner.mail_total);
    assert_eq!(Some(owner.files_saved), owner.files_total);
    journal_is_honest(dir.path());
}

/// A real small disk (tmpfs, root only): the backup stops with a clear message, and every item
/// the journal calls saved is whole.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_full_disk_stops_cleanly() {
    let (_sim, graph) = practice(no_delay(), Faults::default()).await;
    let probe = tempfile::tempdir().unwrap();
    let sized = export::run(&graph, options(probe.path()), quiet())
        .await
        .unwrap();
    let files: u64 = sized
        .manifest
        .items
        .iter()
        .filter(|i| i.kind == Kind::File)
        .map(|i| i.size)
        .sum();
    let disk = tempfile::tempdir().unwrap();
    let size = files + 96 * 1024;
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(disk.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("SKIPPED: mounting a small tmpfs needs root");
        return;
    }
    let dir = disk.path().join("backup");
    let result = export::run(&graph, options(&dir), quiet()).await;
    let err = result.expect_err("the disk fills up");
    assert_eq!(err.code, ErrorCode::DiskFull);
    assert!(
        err.message.contains("disk is nearly full"),
        "{}",
        err.message
    );
    assert!(
        !dir.join("manifest.json").exists(),
        "no manifest presents a partial backup"
    );
    journal_is_honest(&dir);
    let _ = std::process::Command::new("umount")
        .arg(disk.path())
        .status();
}

#[tokio::test]
async fn sharepoint_sites_and_teams_files_are_saved_under_their_names() {
    let content = ContentOptions {
        // SharePoint is busy for the first downloads: 429 and 503 with Retry-After.
        sharepoint_busy: 4,
        ..no_delay()
    };
    let (sim, dir, done) = backed_up(content, Faults::default()).await;
    let m = &done.manifest;
    let names: Vec<&str> = m.places.iter().map(|p| p.name.as_str()).collect();
    // The bakery's sites, and its Team's files ("Kitchen", a group with no site of its own).
    assert!(names.contains(&"All Company"), "{names:?}");
    assert!(names.contains(&"Shared Documents"), "{names:?}");
    assert!(names.contains(&"Kitchen"), "{names:?}");
    // The All Company Team's library is the All Company site's: saved once.
    assert_eq!(names.iter().filter(|n| **n == "All Company").count(), 1);
    for place in &m.places {
        assert_eq!(place.mail_total, None);
        assert!(place.files_saved > 0, "{}", place.name);
        assert_eq!(Some(place.files_saved), place.files_total, "{}", place.name);
        assert!(place
            .person
            .starts_with("https://crumbandco.sharepoint.com/"));
    }
    // All Company, the communication site, is the root site.
    assert!(m
        .items
        .iter()
        .any(|i| i.path.starts_with("Files/All Company/")
            && i.person == "https://crumbandco.sharepoint.com/Shared%20Documents"));
    assert!(m
        .left
        .iter()
        .all(|l| !m.places.iter().any(|p| p.person == l.person)));
    assert!(count(&sim, "/sites") >= 1 && count(&sim, "/groups/{id}/drive") >= 1);
    assert!(export::verify(dir.path()).unwrap().bad.is_empty());
    journal_is_honest(dir.path());
}

/// Outlook counts a mailbox's listing against its 10,000 requests per 10 minutes, so the
/// listing counts them as the practice tenant (which enforces that limit) received them: the
/// folders, their subfolders and every page of every folder's delta.
#[tokio::test]
async fn a_mailbox_listing_counts_the_requests_outlook_counts() {
    let (sim, graph) = practice(
        ContentOptions {
            messages_per_mailbox: 1_500,
            ..no_delay()
        },
        Faults::default(),
    )
    .await;
    let (_, people) = export::plan::people(&graph).await.unwrap();
    let listing = |sim: &Sim| -> u64 {
        ["/mailFolders", "/childFolders", "/messages/delta"]
            .iter()
            .map(|t| count(sim, t))
            .sum()
    };
    let before = listing(&sim);
    let previous = export::refresh::Previous::default();
    let scan = export::plan::mailbox(&graph, &people[0], 0, &previous)
        .await
        .unwrap();
    assert_eq!(scan.total, Some(1_500));
    let sent = listing(&sim) - before;
    assert!(sent > 8 + 2, "pages of 100: several a folder ({sent})");
    assert_eq!(scan.requests, sent);
}

#[tokio::test]
async fn progress_says_who_what_how_fast_and_how_long() {
    let (_sim, graph) = practice(no_delay(), Faults::default()).await;
    let seen: Arc<std::sync::Mutex<Vec<export::Progress>>> = Arc::default();
    let log = seen.clone();
    let on_progress: export::engine::OnProgress =
        Arc::new(move |p| log.lock().unwrap().push(p.clone()));
    let dir = tempfile::tempdir().unwrap();
    export::run(&graph, options(dir.path()), on_progress)
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    let saving: Vec<_> = seen
        .iter()
        .filter(|p| p.phase == export::engine::Phase::Saving && p.kind == Some(Kind::Mail))
        .collect();
    let owner_mail = saving.iter().map(|p| p.person_total).max().unwrap();
    assert!(owner_mail > 0);
    for p in &saving {
        assert!(!p.person.is_empty() && !p.folder.is_empty());
        assert!(p.person_done <= p.person_total && p.person_total <= p.items_total);
    }
    assert_eq!(seen.last().unwrap().phase, export::engine::Phase::Finished);
    assert_eq!(seen.last().unwrap().seconds_left, Some(0));
    // Bytes: never more saved than the total says, which reads "at least" while messages
    // (sizes unknown until saved) are left, and is exact at the end.
    for p in seen.iter() {
        assert!(p.bytes_done <= p.bytes_total, "{p:?}");
        assert!(p.items_done <= p.items_total, "{p:?}");
    }
    assert!(saving.iter().any(|p| p.mail_left > 0));
    let last = seen.last().unwrap();
    assert_eq!((last.mail_left, last.bytes_done), (0, last.bytes_total));
}

/// The bakery answering after 10 ms (so listings and saves overlap as they would with
/// Microsoft), every grant given, with `messages` in each mailbox and `files` in each drive.
async fn everyone_granted_at_10_ms(messages: u32, files: u32) -> (Sim, GraphClient) {
    let sim = Sim::start(SimOptions {
        auto_consent: true,
        latency: Latency::Fixed(std::time::Duration::from_millis(10)),
        content: ContentOptions {
            messages_per_mailbox: messages,
            files_per_drive: files,
            ..no_delay()
        },
        ..SimOptions::scenario("bakery")
    })
    .await
    .unwrap();
    sim.grant_everyone();
    let graph = closure_common::sign_in(&sim).await;
    (sim, graph)
}

/// Outlook limits each mailbox to 4 requests at a time, not the run: with more messages in a
/// mailbox than the run has slots, the other mailboxes must still be saved at the same time
/// (the practice tenant counts the mailboxes it answers at once).
#[tokio::test(flavor = "multi_thread")]
async fn mailboxes_are_saved_side_by_side() {
    let (sim, graph) = everyone_granted_at_10_ms(60, 0).await;
    let dir = tempfile::tempdir().unwrap();
    let outcome = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    let mailboxes = outcome
        .manifest
        .people
        .iter()
        .filter(|p| p.mail_total.unwrap_or(0) > 0)
        .count();
    assert!(mailboxes >= 8, "every mailbox reached: {mailboxes}");
    let peak = sim.mail_peak_mailboxes();
    assert!(
        peak * 4 >= mailboxes * 3,
        "{peak} of {mailboxes} mailboxes answered at once"
    );
}

/// Each mailbox, drive and library is saved as soon as it is listed: a long listing (a big
/// mailbox takes a delta page per 100 messages) holds back no other's saving, and the totals,
/// which grow as listings arrive, never shrink and say "at least" until every one is in.
#[tokio::test(flavor = "multi_thread")]
async fn saving_starts_with_the_first_place_listed() {
    let (_sim, graph) = everyone_granted_at_10_ms(400, 4).await;
    let seen: Arc<std::sync::Mutex<Vec<export::Progress>>> = Arc::default();
    let log = seen.clone();
    let on_progress: export::engine::OnProgress =
        Arc::new(move |p| log.lock().unwrap().push(p.clone()));
    let dir = tempfile::tempdir().unwrap();
    let outcome = export::run(&graph, options(dir.path()), on_progress)
        .await
        .unwrap();
    let seen = seen.lock().unwrap();
    let saving = export::engine::Phase::Saving;
    let early = seen
        .iter()
        .filter(|p| p.phase == saving && p.places_left > 0)
        .count();
    assert!(
        early > 0,
        "nothing was saved before the last listing was in"
    );
    for pair in seen.windows(2) {
        assert!(pair[0].items_total <= pair[1].items_total, "{pair:?}");
        assert!(pair[0].places_left >= pair[1].places_left, "{pair:?}");
    }
    for p in seen.iter().filter(|p| p.places_left > 0) {
        assert_eq!(
            p.seconds_left, None,
            "no time left is known before all is listed"
        );
    }
    let last = seen.last().unwrap();
    assert_eq!(last.places_left, 0);
    assert_eq!(last.items_total as usize, outcome.manifest.items.len());
    assert!(outcome.manifest.complete);
    assert!(export::verify(dir.path()).unwrap().bad.is_empty());
    journal_is_honest(dir.path());
}

/// A person's mailbox and OneDrive are listed apart, and each is saved as soon as it is
/// listed: the files of someone whose mailbox takes many pages to list are saved before that
/// listing is in. The journal shows it: a file's `Done` line comes before the `Delta` lines
/// the mailbox's listing writes when it arrives.
#[tokio::test(flavor = "multi_thread")]
async fn a_persons_files_do_not_wait_for_their_mailbox_listing() {
    let (_sim, graph) = everyone_granted_at_10_ms(400, 4).await;
    let dir = tempfile::tempdir().unwrap();
    let outcome = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    assert!(outcome.manifest.complete, "{:?}", outcome.manifest.left);
    let entries = journal::read(&dir.path().join(".closeout/progress.jsonl"))
        .unwrap()
        .entries;
    let position = |wanted: &dyn Fn(&journal::Entry) -> bool| entries.iter().position(wanted);
    let mut early = Vec::new();
    for person in outcome
        .manifest
        .people
        .iter()
        .filter(|p| p.mail_total > Some(0))
    {
        let upn = &person.person;
        let file_saved = position(&|e| {
            matches!(e, journal::Entry::Done { item, .. }
                if item.kind == Kind::File && &item.person == upn)
        });
        let mail_listed = position(&|e| {
            matches!(e, journal::Entry::Delta { source, .. }
                if source.starts_with(&format!("{upn}:")) && !source.ends_with(":OneDrive"))
        });
        let (Some(file_saved), Some(mail_listed)) = (file_saved, mail_listed) else {
            panic!("{upn}: a file saved and a mailbox listed");
        };
        if file_saved < mail_listed {
            early.push(upn.clone());
        }
    }
    assert!(
        !early.is_empty(),
        "every person's files waited for their mailbox's listing"
    );
}

/// A folder deleted or moved in Outlook while the backup lists the mailbox answers 404 when
/// its subfolders are asked for: the rest of the mailbox is still saved, the manifest names the folder whose subfolders are left, and the backup says
/// it is not complete, rather than the whole run failing.
#[tokio::test]
async fn subfolders_outlook_will_not_list_are_left_named_not_the_backup_failed() {
    let sim = Sim::start(SimOptions {
        auto_consent: true,
        content: no_delay(),
        targeted_faults: vec![TargetedFault::new("/childFolders", 404)],
        ..SimOptions::scenario("bakery")
    })
    .await
    .expect("the practice tenant starts");
    let graph = closure_common::sign_in(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let done = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    let m = &done.manifest;
    assert!(!m.complete);
    let owner = m.people[0].person.clone();
    let unlisted: Vec<&str> = m
        .left
        .iter()
        .filter(|l| l.person == owner && l.kind == Kind::Mail)
        .inspect(|l| assert_eq!(l.reason, LeftReason::CouldNotRead))
        .map(|l| l.what.strip_suffix("/*").expect("what is inside a folder"))
        .collect();
    assert!(!unlisted.is_empty(), "{:?}", m.left);
    assert!(unlisted.iter().all(|u| !u.is_empty()), "a folder is named");
    let mail = owned(m, &owner, Kind::Mail);
    // Everything in the folders it could list is saved (their `totalItemCount`s).
    assert!(!mail.is_empty());
    assert_eq!(Some(mail.len() as u64), m.people[0].mail_total);
    for item in &mail {
        let under = |u: &&str| item.source_path.starts_with(&format!("{u}/"));
        assert!(!unlisted.iter().any(under), "{}", item.source_path);
    }
    assert_eq!(export::verify(dir.path()).unwrap().bad, vec![]);
    journal_is_honest(dir.path());
}
