//! "Check your email records" dates (issue 12): while the mail page says waiting, the journal
//! keeps a day (a default a few days out, or the owner's "remind me" day); the in-app agenda and
//! the calendar file carry it, in the owner's language; a clean page or the journey's end
//! (Closed) ends it. The journal is saved and read back from disk between each step, as the app
//! does between launches.

use closeout_core::backup::{agenda, reminders, to_ics, Lang, ReminderDates, ReminderKind};
use closeout_core::journal::{JournalRecord, JournalStore};
use closeout_core::mail_handover::{follow_up, DomainCheck, HandoverState};
use icalendar::parser::{read_calendar, unfold};
use time::macros::{date, datetime};

const TENANT: &str = "11111111-2222-3333-4444-555555555555";

fn check(domain: &str, state: HandoverState) -> DomainCheck {
    DomainCheck {
        domain: domain.into(),
        checked_at: datetime!(2026-12-01 10:00 UTC),
        state,
        rows: Vec::new(),
        warnings: Vec::new(),
        longest_ttl: None,
    }
}

/// Applies one check of the mail page to the journal on disk, as the app's command does.
fn after_check(store: &JournalStore, checks: &[DomainCheck], today: time::Date) -> JournalRecord {
    let mut record = store.load(TENANT).unwrap().unwrap();
    record.dates.mail_follow_up =
        follow_up::after_check(record.dates.mail_follow_up, checks, today);
    store.save(&mut record).unwrap();
    store.load(TENANT).unwrap().unwrap()
}

fn mail_reminders(record: &JournalRecord, lang: Lang) -> Vec<closeout_core::backup::Reminder> {
    reminders(&ReminderDates::from_journal(record), lang)
        .into_iter()
        .filter(|r| r.kind == ReminderKind::MailRecords)
        .collect()
}

#[test]
fn a_waiting_page_puts_a_check_your_email_records_day_in_the_agenda_and_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let store = JournalStore::new(dir.path());
    let mut record = JournalRecord::new(TENANT, "Crumb & Co. Bakery", "a-1", "maria@x");
    store.save(&mut record).unwrap();

    let waiting = [
        check("crumbandco.example", HandoverState::Waiting),
        check("crumb.example", HandoverState::Done),
    ];
    let record = after_check(&store, &waiting, date!(2026 - 12 - 01));
    let en = mail_reminders(&record, Lang::En);
    assert_eq!(en.len(), 1, "{en:?}");
    assert_eq!(en[0].title, "Check your email records: Crumb & Co. Bakery");
    assert!(
        en[0].description.contains("Your email and domain"),
        "{}",
        en[0].description
    );
    let it = mail_reminders(&record, Lang::It);
    assert_eq!(
        it[0].title,
        "Controlla i record della posta: Crumb & Co. Bakery"
    );

    // Due from the owner's midnight of the default day, three days after the check.
    let all = reminders(&ReminderDates::from_journal(&record), Lang::En);
    let due_at = |now| {
        agenda(&all, now, &[])
            .due
            .iter()
            .any(|r| r.kind == ReminderKind::MailRecords)
    };
    assert!(!due_at(datetime!(2026-12-03 23:59 UTC)));
    assert!(due_at(datetime!(2026-12-04 00:00 UTC)));

    // The calendar file, read back with a standards parser, has the whole-day event.
    let ics = to_ics(
        &all,
        "Closeout: Crumb & Co. Bakery",
        datetime!(2026-12-01 10:00 UTC),
    );
    let unfolded = unfold(&ics);
    let calendar = read_calendar(&unfolded).expect("a valid calendar");
    let event = calendar
        .components
        .iter()
        .find(|c| {
            c.properties.iter().any(|p| {
                p.name == "SUMMARY" && p.val.to_string().starts_with("Check your email records")
            })
        })
        .expect("the mail event");
    let prop = |name: &str| event.properties.iter().find(|p| p.name == name).unwrap();
    assert_eq!(prop("DTSTART").val.to_string(), "20261204");
    assert!(
        prop("DTSTART")
            .params
            .iter()
            .any(|p| p.key == "VALUE"
                && p.val.as_ref().map(|v| v.to_string()) == Some("DATE".into())),
        "a whole day"
    );
    assert_eq!(
        prop("UID").val.to_string(),
        format!("mail-records.{TENANT}@closeout")
    );
}

#[test]
fn the_owners_remind_me_day_is_kept_and_a_passed_day_comes_back_while_still_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let store = JournalStore::new(dir.path());
    let mut record = JournalRecord::new(TENANT, "Crumb & Co. Bakery", "a-1", "maria@x");
    store.save(&mut record).unwrap();
    let waiting = [check("crumbandco.example", HandoverState::Waiting)];
    after_check(&store, &waiting, date!(2026 - 12 - 01));

    // "Remind me on the 15th."
    let mut record = store.load(TENANT).unwrap().unwrap();
    record.dates.mail_follow_up =
        Some(follow_up::postpone(date!(2026 - 12 - 15), date!(2026 - 12 - 01)).unwrap());
    store.save(&mut record).unwrap();
    // The page keeps checking (every minute while open, and on later launches): the day stays.
    let record = after_check(&store, &waiting, date!(2026 - 12 - 10));
    assert_eq!(
        ReminderDates::from_journal(&record).mail_check_on,
        Some(date!(2026 - 12 - 15))
    );
    // The 15th has come and gone, the records still wait: a new day a few days out.
    let record = after_check(&store, &waiting, date!(2026 - 12 - 16));
    assert_eq!(
        ReminderDates::from_journal(&record).mail_check_on,
        Some(date!(2026 - 12 - 19))
    );
}

#[test]
fn a_clean_page_or_the_end_of_the_journey_ends_the_reminder() {
    let dir = tempfile::tempdir().unwrap();
    let store = JournalStore::new(dir.path());
    let mut record = JournalRecord::new(TENANT, "Crumb & Co. Bakery", "a-1", "maria@x");
    store.save(&mut record).unwrap();
    let waiting = [check("crumbandco.example", HandoverState::Waiting)];
    let record = after_check(&store, &waiting, date!(2026 - 12 - 01));
    assert_eq!(mail_reminders(&record, Lang::En).len(), 1);

    // Closed: Microsoft confirmed the organization is gone; nothing is left to remind of.
    let mut closed = record.clone();
    closed.dates.tenant_deleted_at = Some(datetime!(2026-12-02 09:00 UTC));
    assert!(mail_reminders(&closed, Lang::En).is_empty());

    // The records moved: the page is clean and the reminder is gone from the calendar too.
    let clean = [check("crumbandco.example", HandoverState::Done)];
    let record = after_check(&store, &clean, date!(2026 - 12 - 02));
    assert_eq!(record.dates.mail_follow_up, None);
    let all = reminders(&ReminderDates::from_journal(&record), Lang::En);
    let ics = to_ics(&all, "Closeout", datetime!(2026-12-02 10:00 UTC));
    assert!(!ics.contains("mail-records"), "{ics}");
}
