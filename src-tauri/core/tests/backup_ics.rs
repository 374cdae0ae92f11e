//! The calendar file: read back with a standards parser (the `icalendar` crate), with the
//! expected events, dates and alarms; the line rules RFC 5545 sets (CRLF, 75 octets, escaping);
//! and the in-app agenda ("due now" and "next").

use closeout_core::backup::ics::{escape, fold};
use closeout_core::backup::{
    agenda, reminders, to_ics, Lang, Lifecycle, ReminderDates, ReminderKind, SubscriptionChange,
    When,
};
use icalendar::parser::{read_calendar, unfold};
use time::macros::{date, datetime};

fn dates() -> ReminderDates {
    ReminderDates {
        tenant_id: "11111111-2222-3333-4444-555555555555".into(),
        org_name: "Panificio Rossi, S.r.l.; \"Forno\"".into(),
        backup_deadline: Some(date!(2026 - 12 - 05)),
        subscriptions: vec![SubscriptionChange {
            id: "sub-1".into(),
            name: "Microsoft 365 Business Standard".into(),
            becomes: Lifecycle::Disabled,
            at: datetime!(2026-12-10 08:30 UTC),
        }],
        deprovisioned_at: Some(datetime!(2026-12-20 14:00 UTC)),
        directory_deletable_from: Some(datetime!(2026-12-20 14:00 UTC)),
        local_offset: None,
        mail_check_on: None,
    }
}

#[test]
fn days_begin_at_the_owners_midnight_and_texts_use_their_clock() {
    // 14:00 UTC on the 20th is 01:00 on the 21st in Sydney (UTC+11): the first whole day the
    // directory can be deleted there is the 22nd, and the text says their time.
    let sydney = time::macros::offset!(+11);
    let events = reminders(&dates().at_offset(sydney), Lang::En);
    let directory = events
        .iter()
        .find(|r| r.kind == ReminderKind::DirectoryDeletable)
        .unwrap();
    assert_eq!(directory.when, When::Day(date!(2026 - 12 - 22)));
    assert!(directory
        .description
        .ends_with("Possible from 2026-12-21 01:00 (UTC+11:00)."));
    // In UTC it is the 21st.
    let events = reminders(&dates(), Lang::En);
    let directory = events
        .iter()
        .find(|r| r.kind == ReminderKind::DirectoryDeletable)
        .unwrap();
    assert_eq!(directory.when, When::Day(date!(2026 - 12 - 21)));

    // The backup deadline (the 5th) is due from the owner's midnight, not UTC's.
    let deadline = |now| {
        agenda(&reminders(&dates().at_offset(sydney), Lang::En), now, &[])
            .due
            .iter()
            .any(|r| r.kind == ReminderKind::BackupDeadline)
    };
    assert!(!deadline(datetime!(2026-12-04 23:59 +11)));
    assert!(deadline(datetime!(2026-12-05 00:00 +11)));
}

#[test]
fn the_calendar_parses_with_every_event_date_and_alarm() {
    let events = reminders(&dates(), Lang::En);
    let ics = to_ics(
        &events,
        "Closeout: Panificio Rossi",
        datetime!(2026-11-28 10:15:30 UTC),
    );
    let unfolded = unfold(&ics);
    let calendar = read_calendar(&unfolded).expect("a valid iCalendar file");
    let prop = |c: &icalendar::parser::Component, name: &str| {
        c.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.to_string())
            .unwrap_or_else(|| panic!("{name} missing in {}", c.name))
    };
    assert_eq!(prop_of(&calendar.properties, "VERSION"), "2.0");
    assert!(prop_of(&calendar.properties, "PRODID").contains("Closeout"));
    let vevents: Vec<_> = calendar
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(vevents.len(), 4);

    let starts: Vec<String> = vevents.iter().map(|e| prop(e, "DTSTART")).collect();
    assert_eq!(
        starts,
        [
            "20261205",
            "20261210T083000Z",
            "20261220T140000Z",
            "20261221"
        ]
    );
    let deadline = vevents[0];
    assert_eq!(prop(deadline, "DTEND"), "20261206");
    let dtstart = deadline
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert!(dtstart
        .params
        .iter()
        .any(|p| p.key == "VALUE" && p.val.as_ref().map(|v| v.to_string()) == Some("DATE".into())));
    assert_eq!(
        prop(deadline, "SUMMARY"),
        "Finish the backup: Panificio Rossi, S.r.l.; \"Forno\""
    );
    assert!(ics.contains("SUMMARY:Finish the backup: Panificio Rossi\\, S.r.l.\\; \"Forno\""));
    assert_eq!(
        prop(vevents[1], "SUMMARY"),
        "Microsoft 365 Business Standard is disabled"
    );
    assert_eq!(prop(vevents[1], "DTEND"), "20261210T090000Z");
    assert!(prop(vevents[3], "DESCRIPTION").ends_with("Possible from 2026-12-20 14:00 UTC."));

    let mut uids = std::collections::HashSet::new();
    for event in &vevents {
        assert!(uids.insert(prop(event, "UID")), "UIDs are unique");
        assert_eq!(prop(event, "DTSTAMP"), "20261128T101530Z");
        assert!(!prop(event, "DESCRIPTION").is_empty());
        let alarms: Vec<_> = event
            .components
            .iter()
            .filter(|c| c.name == "VALARM")
            .collect();
        assert_eq!(alarms.len(), 1, "one alarm per event");
        assert_eq!(prop(alarms[0], "ACTION"), "DISPLAY");
        assert!(!prop(alarms[0], "DESCRIPTION").is_empty());
    }
    let triggers: Vec<String> = vevents
        .iter()
        .map(|e| {
            prop(
                e.components.iter().find(|c| c.name == "VALARM").unwrap(),
                "TRIGGER",
            )
        })
        .collect();
    assert_eq!(triggers, ["-PT15H", "-P1D", "-PT1H", "-PT15H"]);
    // The typed model reads back whole days as dates, moments as UTC, and unescapes the text.
    use icalendar::{CalendarDateTime, Component, DatePerhapsTime};
    let typed: icalendar::Calendar = read_calendar(&unfolded).unwrap().into();
    let typed_events: Vec<_> = typed
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .collect();
    let shown: Vec<String> = typed_events
        .iter()
        .map(|e| match e.get_start().unwrap() {
            DatePerhapsTime::Date(d) => d.to_string(),
            DatePerhapsTime::DateTime(CalendarDateTime::Utc(t)) => t.to_string(),
            other => panic!("unexpected start {other:?}"),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "2026-12-05",
            "2026-12-10 08:30:00 UTC",
            "2026-12-20 14:00:00 UTC",
            "2026-12-21"
        ]
    );
    assert_eq!(
        typed_events[0].get_summary(),
        Some("Finish the backup: Panificio Rossi, S.r.l.; \"Forno\"")
    );
    // The same dates exported again keep their UIDs, so calendars update instead of duplicating.
    let again = reminders(&dates(), Lang::It);
    assert_eq!(
        events.iter().map(|e| &e.uid).collect::<Vec<_>>(),
        again.iter().map(|e| &e.uid).collect::<Vec<_>>()
    );
}

fn prop_of(props: &[icalendar::parser::Property], name: &str) -> String {
    props
        .iter()
        .find(|p| p.name == name)
        .map(|p| p.val.to_string())
        .unwrap_or_default()
}

#[test]
fn lines_end_in_crlf_and_fold_at_75_octets_without_splitting_characters() {
    let mut long = dates();
    long.org_name = "Caffè è più buono così ".repeat(12);
    let ics = to_ics(
        &reminders(&long, Lang::It),
        "x",
        datetime!(2026-11-28 10:00 UTC),
    );
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    assert!(ics.contains("\r\n "), "long lines are folded");
    // Unfolding gives back the exact escaped title.
    let unfolded = unfold(&ics);
    assert!(unfolded.contains(&escape(&format!("Completa il backup: {}", long.org_name))));

    let folded = fold(&"é".repeat(40));
    let first = folded.split("\r\n").next().unwrap();
    assert_eq!(first.len(), 74, "a 2-octet character is never cut");
    assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
}

#[test]
fn agenda_splits_due_now_from_what_comes_next() {
    let events = reminders(&dates(), Lang::En);
    let early = agenda(&events, datetime!(2026-11-28 10:00 UTC), &[]);
    assert!(early.due.is_empty());
    assert_eq!(
        early.next.as_ref().unwrap().kind,
        ReminderKind::BackupDeadline
    );
    assert_eq!(early.wake_at, Some(datetime!(2026-12-05 00:00 UTC)));

    let mid = agenda(&events, datetime!(2026-12-10 09:00 UTC), &[]);
    let due: Vec<_> = mid.due.iter().map(|r| r.kind).collect();
    assert_eq!(
        due,
        [
            ReminderKind::BackupDeadline,
            ReminderKind::SubscriptionChanges
        ]
    );
    assert_eq!(mid.next.as_ref().unwrap().kind, ReminderKind::Deprovisioned);

    let dismissed = vec![events[0].uid.clone()];
    let later = agenda(&events, datetime!(2026-12-10 09:00 UTC), &dismissed);
    assert_eq!(later.due.len(), 1);

    // A whole-day reminder arrives at the owner's local midnight.
    let rome = datetime!(2026-12-04 23:30 UTC).to_offset(time::macros::offset!(+1));
    let local = agenda(&events, rome, &[]);
    assert_eq!(
        local.due.first().map(|r| r.when),
        Some(When::Day(date!(2026 - 12 - 05)))
    );
    let end = agenda(&events, datetime!(2027-01-01 00:00 UTC), &[]);
    assert!(end.next.is_none() && end.wake_at.is_none());
}

#[test]
fn reminder_dates_come_from_the_journal_with_microsofts_lifecycle() {
    use closeout_core::journal::{JournalRecord, SubscriptionDates};
    let mut journal = JournalRecord::new(
        "11111111-2222-3333-4444-555555555555",
        "Bakery",
        "admin",
        "owner@bakery.example",
    );
    let sub =
        |name: &str, status: &str, next: Option<time::OffsetDateTime>, deleted| SubscriptionDates {
            name: name.into(),
            status: status.into(),
            next_lifecycle: next,
            deleted_by_owner_at: deleted,
        };
    let subs = &mut journal.dates.subscriptions;
    subs.insert(
        "a".into(),
        sub(
            "O365_BUSINESS_PREMIUM",
            "Enabled",
            Some(datetime!(2026-12-01 00:00 UTC)),
            None,
        ),
    );
    subs.insert(
        "b".into(),
        sub(
            "SPB",
            "Warning",
            Some(datetime!(2026-12-02 00:00 UTC)),
            None,
        ),
    );
    subs.insert(
        "c".into(),
        sub(
            "EXCHANGESTANDARD",
            "Suspended",
            Some(datetime!(2027-03-01 00:00 UTC)),
            None,
        ),
    );
    subs.insert(
        "d".into(),
        sub(
            "Gone",
            "Suspended",
            Some(datetime!(2027-03-01 00:00 UTC)),
            Some(datetime!(2026-11-28 10:00 UTC)),
        ),
    );
    subs.insert("e".into(), sub("No date", "Enabled", None, None));
    journal.dates.deprovisioning_from = Some(datetime!(2026-11-28 10:00 UTC));

    journal.backup.deadline = Some(date!(2026 - 11 - 30));
    let dates = ReminderDates::from_journal(&journal);
    let changes: Vec<(&str, Lifecycle)> = dates
        .subscriptions
        .iter()
        .map(|s| (s.name.as_str(), s.becomes))
        .collect();
    assert_eq!(
        changes,
        [
            ("Microsoft 365 Business Standard", Lifecycle::Expired),
            ("Microsoft 365 Business Premium", Lifecycle::Disabled),
            ("Exchange Online (Plan 1)", Lifecycle::Deleted)
        ]
    );
    assert_eq!(
        dates.deprovisioned_at,
        Some(datetime!(2026-12-01 10:00 UTC))
    );
    assert_eq!(
        dates.directory_deletable_from,
        Some(datetime!(2026-12-01 10:00 UTC))
    );
    let kinds: Vec<ReminderKind> = reminders(&dates, Lang::En).iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        [
            ReminderKind::BackupDeadline,
            ReminderKind::SubscriptionChanges,
            ReminderKind::Deprovisioned,
            ReminderKind::SubscriptionChanges, // 2 December, midnight
            ReminderKind::DirectoryDeletable,  // all of 2 December (72 h end at 10:00 on the 1st)
            ReminderKind::SubscriptionChanges,
        ]
    );
}

#[test]
fn an_active_subscription_renews_or_ends_and_the_owner_is_told_to_cancel_before() {
    let mut dates = dates();
    dates.backup_deadline = None;
    dates.deprovisioned_at = None;
    dates.directory_deletable_from = None;
    let change = |becomes, name: &str| SubscriptionChange {
        id: format!("sub-{name}"),
        name: name.into(),
        becomes,
        at: datetime!(2026-12-10 08:30 UTC),
    };
    dates.subscriptions = vec![
        change(Lifecycle::Expired, "Microsoft 365 Business Standard"),
        change(Lifecycle::Disabled, "Microsoft 365 Business Premium"),
        change(Lifecycle::Deleted, "Exchange Online (Plan 1)"),
    ];
    let shown = |lang| -> Vec<(String, String, i64)> {
        reminders(&dates, lang)
            .into_iter()
            .map(|r| (r.title, r.description, r.alarm_before_minutes))
            .collect()
    };
    let en = shown(Lang::En);
    assert_eq!(en[0].0, "Microsoft 365 Business Standard renews or ends");
    assert!(
        en[0].1.starts_with(
            "Microsoft 365 Business Standard renews or ends on 2026-12-10 08:30 UTC: cancel it \
             before then (step 2) so you are not charged again."
        ),
        "{}",
        en[0].1
    );
    assert_eq!(en[0].2, 3 * 24 * 60, "the alarm leaves days to cancel");
    assert_eq!(en[1].0, "Microsoft 365 Business Premium is disabled");
    assert_eq!(en[2].0, "Exchange Online (Plan 1) is deleted");
    assert!(en[1]
        .1
        .starts_with("Microsoft moves this subscription along by itself"));

    let it = shown(Lang::It);
    assert_eq!(
        it[0].0,
        "Microsoft 365 Business Standard si rinnova o termina"
    );
    assert!(
        it[0].1.starts_with(
            "Microsoft 365 Business Standard si rinnova o termina il 2026-12-10 08:30 UTC: \
             annullalo prima di allora (passo 2) per non ricevere altri addebiti."
        ),
        "{}",
        it[0].1
    );
    assert_eq!(it[1].0, "Microsoft 365 Business Premium viene disattivato");
    assert_eq!(it[2].0, "Exchange Online (Plan 1) viene eliminato");
    for (title, description, _) in en.iter().chain(&it) {
        for word in ["expires", "scade"] {
            assert!(
                !title.contains(word) && !description.contains(word),
                "{title}"
            );
        }
    }
}
