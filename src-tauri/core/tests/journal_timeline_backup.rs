//! The timeline's backup entries: "Next: Back up" while the checklist is open (never "Next:
//! 1 Users", which is locked until then), and after step 1 the last day, by default, each
//! deleted person's OneDrive can still be saved (Microsoft's 30-day OneDrive retention).

use closeout_core::backup::{Checklist, DataInventory};
use closeout_core::closure::{ActionCode, ActionText, StepId};
use closeout_core::journal::{
    timeline, EntryKind, JournalRecord, Outcome, ONEDRIVE_RETENTION_DEFAULT,
};
use time::macros::datetime;
use time::OffsetDateTime;

fn record() -> JournalRecord {
    JournalRecord::new("tid", "Bakery", "admin-id", "owner@bakery.example")
}

fn built(now: OffsetDateTime) -> Checklist {
    Checklist::build(&DataInventory::default(), now)
}

fn deleted(record: &mut JournalRecord, key: &str, name: &str, ok: bool, at: OffsetDateTime) {
    let what = ActionText::named(ActionCode::DeleteUser, name);
    record.intend(StepId::Users, &[(key.to_string(), what)]);
    record.record(
        key,
        Outcome {
            at,
            ok,
            status: Some(if ok { 204 } else { 403 }),
            request_id: None,
            note: None,
            error: None,
        },
    );
}

#[test]
fn next_is_back_up_while_the_checklist_is_open_and_step_1_once_it_is_settled() {
    let now = datetime!(2026-12-01 10:00 UTC);
    let mut record = record();
    let next = timeline(&record, now).next.unwrap();
    assert_eq!(
        next.kind,
        EntryKind::BackUp,
        "an unbuilt checklist: {next:?}"
    );
    assert_eq!(next.step, None);

    record.backup = built(now);
    assert!(
        !record.backup.is_settled(),
        "invoices and the like are open"
    );
    assert_eq!(timeline(&record, now).next.unwrap().kind, EntryKind::BackUp);

    record
        .backup
        .override_lock("Bakery", "Bakery", "owner@bakery.example", now)
        .unwrap();
    let next = timeline(&record, now).next.unwrap();
    assert_eq!(
        (next.kind, next.step),
        (EntryKind::DoNow, Some(StepId::Users))
    );
    assert_eq!(next.text, "Next: 1 Delete users.");
}

#[test]
fn each_deleted_person_has_a_last_day_for_their_files_30_days_by_default() {
    let monday = datetime!(2026-12-01 10:00 UTC);
    let mut record = record();
    record.backup = built(monday);
    record
        .backup
        .override_lock("Bakery", "Bakery", "o", monday)
        .unwrap();
    deleted(&mut record, "users:delete:1", "Anna Rossi", true, monday);
    deleted(
        &mut record,
        "users:delete:2",
        "Marco Bianchi",
        false,
        monday,
    );
    let tuesday = monday + time::Duration::days(1);
    deleted(&mut record, "users:delete:3", "Luca Verdi", true, tuesday);

    let entries = timeline(&record, tuesday).entries;
    let last: Vec<(&str, OffsetDateTime)> = entries
        .iter()
        .filter(|e| e.kind == EntryKind::FilesLastDay)
        .map(|e| (e.person.as_deref().unwrap(), e.date.unwrap()))
        .collect();
    assert_eq!(ONEDRIVE_RETENTION_DEFAULT, time::Duration::days(30));
    assert_eq!(
        last,
        [
            ("Anna Rossi", datetime!(2026-12-31 10:00 UTC)),
            ("Luca Verdi", datetime!(2027-01-01 10:00 UTC)),
        ],
        "a failed delete starts no clock: {entries:?}"
    );
    let anna = entries
        .iter()
        .find(|e| e.person.as_deref() == Some("Anna Rossi"));
    assert_eq!(
        anna.unwrap().text,
        "31 December 2026: by default, the last day Anna Rossi's OneDrive files can still be saved."
    );

    // Once the day has passed, the line goes: nothing can be saved any more.
    let later = datetime!(2027-01-01 00:00 UTC);
    let people: Vec<_> = timeline(&record, later)
        .entries
        .into_iter()
        .filter_map(|e| e.person)
        .collect();
    assert_eq!(people, ["Luca Verdi"]);
}
