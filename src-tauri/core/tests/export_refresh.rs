//! A backup brought up to date and resumed against the practice tenant: only what changed
//! since is saved, what was saved and moved since moves in the backup instead of being
//! downloaded again, a file moved and changed leaves no old copy behind (even when the run that
//! replaced it stopped halfway), and a power cut that kept saved items from the disk costs
//! exactly those items.

mod closure_common;
mod export_common;

use closeout_core::export::{self, journal, Kind};
use closeout_sim::Sim;
use export_common::*;
use std::path::Path;

#[tokio::test]
async fn a_finished_backup_is_brought_up_to_date_through_its_delta_links() {
    let (sim, graph, dir, first) = everyone_backed_up().await;
    assert!(first.manifest.complete, "{:?}", first.manifest.left);
    let owner = first.manifest.people[0].person.clone();
    let mails_before = count(&sim, "/messages/{message}/$value");
    let folder_lists_before = count(&sim, "/mailFolders/{folder}/messages/delta");

    // Between the two runs: a message arrives, one is deleted; a file is added, one changed,
    // one deleted.
    let old_mail = first
        .manifest
        .items
        .iter()
        .find(|i| i.person == owner && i.kind == Kind::Mail)
        .unwrap()
        .clone();
    let files = owned(&first.manifest, &owner, Kind::File);
    sim.deliver_message(&owner, "New order for Monday").unwrap();
    assert!(sim.delete_message(&owner, &old_mail.graph_id));
    sim.put_file(&owner, "New menu.docx", 4096).unwrap();
    let changed = files
        .iter()
        .find(|f| {
            f.source_path.starts_with("/Documents/") && f.source_path.matches('/').count() == 2
        })
        .expect("a file right in Documents");
    sim.put_file(&owner, &changed.original_name, 5000).unwrap();
    let deleted = files
        .iter()
        .find(|f| f.graph_id != changed.graph_id)
        .unwrap();
    assert!(sim.delete_file(&owner, &deleted.graph_id));

    let second = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    let m = &second.manifest;
    assert!(m.complete, "{:?}", m.left);
    // Only what changed is downloaded: one message, the new file and the changed one.
    assert_eq!(second.saved_now, 3);
    assert_eq!(count(&sim, "/messages/{message}/$value") - mails_before, 1);
    let lists = count(&sim, "/mailFolders/{folder}/messages/delta") - folder_lists_before;
    let folders = 8 * first.manifest.people.len() as u64;
    assert_eq!(
        lists, folders,
        "one delta request per folder, no full listing"
    );
    let new_mail = m
        .items
        .iter()
        .find(|i| i.original_name == "New order for Monday")
        .unwrap();
    assert!(new_mail.path.starts_with("Mail/") && new_mail.path.contains("/Inbox/"));
    assert!(m
        .items
        .iter()
        .any(|i| i.path.ends_with("/Documents/New menu.docx")));
    let again = m
        .items
        .iter()
        .find(|i| i.graph_id == changed.graph_id)
        .unwrap();
    assert_eq!(
        (again.path.as_str(), again.size),
        (changed.path.as_str(), 5000)
    );
    // What Microsoft 365 deleted stays in the backup, marked.
    for gone in [&old_mail, deleted] {
        let item = m
            .items
            .iter()
            .find(|i| i.graph_id == gone.graph_id)
            .unwrap();
        assert!(item.removed_at_source, "{}", gone.path);
        assert!(dir.path().join(&gone.path).exists());
    }
    let p = &m.people[0];
    assert_eq!(Some(p.mail_saved), p.mail_total);
    assert_eq!(Some(p.files_saved), p.files_total);
    assert!(export::verify(dir.path()).unwrap().bad.is_empty());

    // A third run with nothing new downloads nothing and keeps the deletions noted.
    let third = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    assert_eq!(third.saved_now, 0);
    assert_eq!(third.manifest.items.len(), m.items.len());
    assert_eq!(
        third
            .manifest
            .items
            .iter()
            .filter(|i| i.removed_at_source)
            .count(),
        2
    );
}

#[tokio::test]
async fn a_folder_renamed_since_moves_its_saved_files_without_downloading_them() {
    let (sim, graph, dir, first) = everyone_backed_up().await;
    let owner = first.manifest.people[0].person.clone();
    let mine = owned(&first.manifest, &owner, Kind::File);
    // A folder inside Documents, and every saved file under it.
    let folder = mine
        .iter()
        .find_map(|i| {
            let parts: Vec<&str> = i.source_path.split('/').collect();
            (parts.len() == 4 && parts[1] == "Documents").then(|| parts[2].to_string())
        })
        .expect("a file in a folder inside Documents");
    let inside: Vec<_> = mine
        .iter()
        .filter(|i| i.source_path.starts_with(&format!("/Documents/{folder}/")))
        .collect();
    let renamed = format!("{folder} (old)");
    assert!(sim.rename_in_drive(&owner, &folder, &renamed));
    // And one file right in Documents, renamed.
    let file = mine
        .iter()
        .find(|i| i.source_path.matches('/').count() == 2)
        .expect("a file right in Documents");
    assert!(sim.rename_in_drive(&owner, &file.original_name, "Renamed.docx"));

    let second = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    let m = &second.manifest;
    assert!(m.complete, "{:?}", m.left);
    assert_eq!(second.saved_now, 0, "moved in the backup, not downloaded");
    for before in &inside {
        let now = m
            .items
            .iter()
            .find(|i| i.graph_id == before.graph_id)
            .unwrap();
        let expected =
            before
                .source_path
                .replacen(&format!("/{folder}/"), &format!("/{renamed}/"), 1);
        assert_eq!(now.source_path, expected);
        assert!(now.path.contains(&format!("/{renamed}/")), "{}", now.path);
        assert!(!now.removed_at_source);
        assert!(dir.path().join(&now.path).is_file());
        assert!(
            !dir.path().join(&before.path).exists(),
            "{} moved",
            before.path
        );
    }
    let again = m
        .items
        .iter()
        .find(|i| i.graph_id == file.graph_id)
        .unwrap();
    assert!(
        again.path.ends_with("/Documents/Renamed.docx"),
        "{}",
        again.path
    );
    assert_eq!(again.original_name, "Renamed.docx");
    let old_folder = Path::new(&inside[0].path).parent().unwrap();
    assert!(
        !dir.path().join(old_folder).exists(),
        "the emptied folder goes too"
    );
    assert_eq!(m.items.len(), first.manifest.items.len(), "no item twice");
    assert!(export::verify(dir.path()).unwrap().bad.is_empty());
    journal_is_honest(dir.path());
}

/// Renames and edits one of the owner's files right in Documents after the first backup: the
/// file as that backup saved it.
fn move_and_change_one(sim: &Sim, first: &export::Outcome) -> export::ManifestItem {
    let owner = &first.manifest.people[0].person;
    let file = owned(&first.manifest, owner, Kind::File)
        .into_iter()
        .find(|i| i.source_path.matches('/').count() == 2)
        .expect("a file right in Documents");
    assert!(sim.rename_in_drive(owner, &file.original_name, "Moved and changed.docx"));
    sim.put_file(owner, "Moved and changed.docx", file.size + 4_321)
        .unwrap();
    file
}

/// Every file under `Files/` is one the manifest names, and the backup verifies.
fn only_manifest_files(dir: &Path, m: &export::Manifest) {
    let mut listed: Vec<String> = m
        .items
        .iter()
        .filter(|i| i.kind == Kind::File)
        .map(|i| i.path.clone())
        .collect();
    listed.sort();
    assert_eq!(
        files_on_disk(dir),
        listed,
        "every file saved is in the manifest"
    );
    assert!(export::verify(dir).unwrap().bad.is_empty());
    journal_is_honest(dir);
}

/// A file renamed and edited since the last run: its new version is saved at the new place,
/// and the old copy goes (it would otherwise sit in the backup with no manifest line to vouch
/// for it), as an old version does when a file changes in place.
#[tokio::test]
async fn a_file_moved_and_changed_since_leaves_no_old_copy_behind() {
    let (sim, graph, dir, first) = everyone_backed_up().await;
    let file = move_and_change_one(&sim, &first);

    let second = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    let m = &second.manifest;
    assert!(m.complete, "{:?}", m.left);
    assert_eq!(second.saved_now, 1, "the new version is downloaded");
    let now = m
        .items
        .iter()
        .find(|i| i.graph_id == file.graph_id)
        .unwrap();
    assert!(
        now.path.ends_with("/Documents/Moved and changed.docx"),
        "{}",
        now.path
    );
    assert_eq!(now.size, file.size + 4_321);
    assert!(
        !dir.path().join(&file.path).exists(),
        "{} is gone",
        file.path
    );
    only_manifest_files(dir.path(), m);
}

/// The run that saved a moved and changed file's new version stopped (a kill, a crash) before
/// it removed the old copy and wrote its manifest: the next run removes that copy, and
/// downloads nothing again.
#[tokio::test]
async fn an_old_copy_left_by_a_run_that_stopped_goes_on_the_next_run() {
    let (sim, graph, dir, first) = everyone_backed_up().await;
    let file = move_and_change_one(&sim, &first);
    let old = dir.path().join(&file.path);
    let old_bytes = std::fs::read(&old).unwrap();
    export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();

    // What the stop left: the old copy still there, the journal without the run's end.
    std::fs::write(&old, &old_bytes).unwrap();
    let path = dir.path().join(".closeout/progress.jsonl");
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text
        .rfind(r#"{"t":"finished""#)
        .expect("the second run finished");
    std::fs::write(&path, &text[..end]).unwrap();
    std::fs::remove_file(dir.path().join("manifest.json")).unwrap();

    let third = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    assert!(third.manifest.complete, "{:?}", third.manifest.left);
    assert_eq!(third.saved_now, 0, "nothing downloaded again");
    assert!(!old.exists(), "{} is gone", file.path);
    only_manifest_files(dir.path(), &third.manifest);
}

#[tokio::test]
async fn a_power_cut_that_kept_saved_items_from_the_disk_saves_them_again() {
    let (_sim, graph, dir, first) = everyone_backed_up().await;
    let path = dir.path().join(".closeout/progress.jsonl");
    // A finished run synced everything it saved.
    assert!(journal::read(&path).unwrap().unsynced.is_empty());

    // The power went before any sync covered the run's lines: no `Synced`, no `Finished`, no
    // manifest; one message and one file did not reach the disk whole.
    let text = std::fs::read_to_string(&path).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains(r#""t":"synced""#) && !l.contains(r#""t":"finished""#))
        .collect();
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    std::fs::remove_file(dir.path().join("manifest.json")).unwrap();
    let progress = journal::read(&path).unwrap();
    assert_eq!(progress.unsynced.len(), first.manifest.items.len());
    let items = &first.manifest.items;
    let message = items.iter().find(|i| i.kind == Kind::Mail).unwrap();
    let file = items
        .iter()
        .find(|i| i.kind == Kind::File && i.size > 2)
        .unwrap();
    damage(&dir.path().join(&message.path));
    damage(&dir.path().join(&file.path));

    let again = export::run(&graph, options(dir.path()), quiet())
        .await
        .unwrap();
    assert_eq!(again.saved_now, 2, "the two damaged items are saved again");
    assert_eq!(
        again.already_saved,
        items.len() - 2,
        "the rest checked and kept"
    );
    assert_eq!(export::verify(dir.path()).unwrap().bad, vec![]);
    journal_is_honest(dir.path());
    assert!(journal::read(&path).unwrap().unsynced.is_empty());
}
