//! The backup's progress journal on its own: what its lines promise after a crash or a power
//! cut (group commit: a `Done` line no `Synced` line covers is not trusted unchecked), and a
//! line torn by a crash, even inside a character, costing nothing but itself.

use closeout_core::export::journal::{self, Entry, Journal};
use closeout_core::export::{Kind, ManifestItem};
use std::collections::BTreeSet;

fn item(id: &str) -> ManifestItem {
    ManifestItem {
        path: format!("Mail/Anna/Inbox/{id}.eml"),
        size: 10,
        quick_xor_hash: None,
        sha256: Some("00".repeat(32)),
        kind: Kind::Mail,
        person: "anna@bakery.example".into(),
        source_path: "Inbox".into(),
        graph_id: id.into(),
        original_name: id.into(),
        removed_at_source: false,
    }
}

fn done(run: u32, id: &str) -> Entry {
    Entry::Done {
        run,
        item: item(id),
    }
}

fn ids(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn only_lines_a_sync_covered_or_a_finished_run_are_trusted_unchecked() {
    let dir = tempfile::tempdir().unwrap();
    let (mut j, _) = Journal::open(dir.path()).unwrap();
    j.append(&Entry::Run { run: 1 }, false).unwrap();
    for id in ["a", "b"] {
        j.saved(&done(1, id), dir.path().join(id)).unwrap();
    }
    let batch = j.take_unsynced().expect("two lines to cover");
    assert_eq!(batch.done, 2);
    assert_eq!(
        batch.files,
        vec![dir.path().join("a"), dir.path().join("b")]
    );
    j.saved(&done(1, "c"), dir.path().join("c")).unwrap();
    j.append(&Entry::Synced { run: 1, done: 2 }, false).unwrap();
    j.saved(&done(1, "e"), dir.path().join("e")).unwrap();
    let path = j.path().to_path_buf();
    drop(j);
    assert_eq!(journal::read(&path).unwrap().unsynced, ids(&["c", "e"]));

    // A second run: run 1's uncovered lines stay in doubt until the item is saved again and
    // synced, or until a run finishes (its last sync came after them).
    let (mut j, progress) = Journal::open(dir.path()).unwrap();
    assert_eq!(progress.unsynced, ids(&["c", "e"]));
    j.append(&Entry::Run { run: 2 }, false).unwrap();
    j.saved(&done(2, "c"), dir.path().join("c")).unwrap();
    j.saved(&done(2, "d"), dir.path().join("d")).unwrap();
    assert_eq!(
        journal::read(&path).unwrap().unsynced,
        ids(&["c", "d", "e"])
    );
    j.append(&Entry::Synced { run: 2, done: 1 }, false).unwrap();
    assert_eq!(journal::read(&path).unwrap().unsynced, ids(&["d", "e"]));
    j.append(&Entry::Finished { run: 2 }, true).unwrap();
    assert!(journal::read(&path).unwrap().unsynced.is_empty());
    // Nothing new since the last sync: nothing to cover.
    assert!(j.take_unsynced().is_some(), "two lines, one covered");
    j.append(&Entry::Synced { run: 2, done: 2 }, false).unwrap();
    assert!(j.take_unsynced().is_none());
}

#[test]
fn a_line_torn_inside_a_character_is_skipped_and_the_next_line_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut j, _) = Journal::open(dir.path()).unwrap();
    j.append(&Entry::Run { run: 1 }, false).unwrap();
    j.append(&done(1, "a"), false).unwrap();
    let path = j.path().to_path_buf();
    drop(j);
    // A crash mid-line, in the middle of "è" (two bytes in UTF-8).
    let mut bytes = std::fs::read(&path).unwrap();
    bytes.extend_from_slice(b"{\"t\":\"done\",\"run\":1,\"item\":{\"path\":\"Mail/Caff\xc3");
    std::fs::write(&path, bytes).unwrap();

    let (mut j, progress) = Journal::open(dir.path()).expect("a torn line is no error");
    assert_eq!(progress.done.keys().collect::<Vec<_>>(), ["a"]);
    j.append(&Entry::Run { run: 2 }, false).unwrap();
    drop(j);
    let progress = journal::read(&path).unwrap();
    assert_eq!(progress.runs, 2, "the line after the torn one is read");
    assert_eq!(progress.entries.len(), 3);
}
