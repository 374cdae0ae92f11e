//! The backup engine against the practice tenant: a full backup of the bakery verified file by
//! file; other people's data left until the owner's grant has taken effect; and each thing
//! that goes wrong in real life (expired download links, a lost delta sync state, a transfer
//! cut in half, a storm of 429s, a full disk) ending with a clear outcome and nothing recorded
//! as saved that is not.

mod closure_common;

use closeout_core::export::{self, journal, BackupOptions, Kind, LeftReason, Problem};
use closeout_core::graph::GraphClient;
use closeout_core::ErrorCode;
use closeout_sim::{ContentOptions, Faults, Sim, SimOptions};
use std::path::Path;
use std::sync::Arc;

async fn practice(content: ContentOptions, faults: Faults) -> (Sim, GraphClient) {
    let sim = Sim::start(SimOptions {
        auto_consent: true,
        content,
        faults,
        ..SimOptions::scenario("bakery")
    })
    .await
    .expect("the practice tenant starts");
    let graph = closure_common::sign_in(&sim).await;
    (sim, graph)
}

fn no_delay() -> ContentOptions {
    ContentOptions {
        grant_delay_secs: 0,
        ..ContentOptions::default()
    }
}

fn options(dir: &Path) -> BackupOptions {
    BackupOptions {
        reserve_bytes: 0,
        ..BackupOptions::new(dir.to_path_buf())
    }
}

fn quiet() -> export::engine::OnProgress {
    Arc::new(|_| {})
}

/// A backup of what the owner reaches now into a fresh folder: (sim, folder, outcome).
async fn backed_up(
    content: ContentOptions,
    faults: Faults,
) -> (Sim, tempfile::TempDir, export::Outcome) {
    let (sim, graph) = practice(content, faults).await;
    let dir = tempfile::tempdir().unwrap();
    let done = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    (sim, dir, done)
}

/// Every journaled item exists with its size and hash (what "recorded as saved" must mean).
fn journal_is_honest(dir: &Path) {
    let progress = journal::read(&dir.join(".closeout/progress.jsonl")).unwrap();
    for item in progress.done.values() {
        let (size, qx, sha) = export::verify::hash_file(&dir.join(&item.path)).unwrap();
        assert_eq!(size, item.size, "{}", item.path);
        match item.kind {
            Kind::File => assert_eq!(Some(qx), item.quick_xor_hash, "{}", item.path),
            Kind::Mail => assert_eq!(Some(sha), item.sha256, "{}", item.path),
        }
    }
}

#[tokio::test]
async fn a_full_backup_of_the_bakery_is_complete_and_verifies() {
    let (sim, graph) = practice(no_delay(), Faults::default()).await;
    // The owner has granted themselves access to everyone's mailbox and OneDrive.
    sim.grant_everyone();
    let dir = tempfile::tempdir().unwrap();
    let done = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
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
        .collect();
    assert_eq!(failed.len() as u64, m.people[0].files_total.unwrap());
    assert!(m.items.iter().all(|i| i.kind == Kind::Mail));
    journal_is_honest(dir.path());
}

#[tokio::test]
async fn a_lost_delta_sync_state_starts_the_folder_again() {
    let content = ContentOptions {
        lose_sync_state: 2,
        messages_per_mailbox: 200,
        ..no_delay()
    };
    let (sim, _dir, done) = backed_up(content, Faults::default()).await;
    let owner = &done.manifest.people[0];
    assert_eq!(Some(owner.mail_saved), owner.mail_total);
    assert_eq!(owner.mail_total, Some(200));
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
    let faults = Faults {
        throttle: 0.3,
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
    assert_eq!(err.code, ErrorCode::Io);
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
