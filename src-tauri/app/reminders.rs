//! The reminders the app shows and sends: what is due now and what comes next (from the core's
//! [`agenda`]), the key a dismissal is remembered under in the journal, and the watcher's pure
//! decision of what to notify and how long to sleep.
//!
//! Kept free of Tauri so the scheduling is tested with an injected "now"; the task that sleeps
//! and sends notifications is [`crate::notifier`].

use closeout_core::backup::{agenda, reminders, Agenda, Lang, Reminder, ReminderDates, When};
use closeout_core::journal::JournalRecord;
use serde::Serialize;
use std::collections::HashSet;
use std::time::Duration;
use time::OffsetDateTime;

/// The longest the watcher sleeps: clock changes and a laptop's sleep are noticed within it.
pub const MAX_SLEEP: Duration = Duration::from_secs(3600);
/// The shortest: a reminder a moment away is not polled for in a tight loop.
const MIN_SLEEP: Duration = Duration::from_secs(1);

/// Acknowledgement keys start with this, so they never clash with the UI's other keys.
const KEY_PREFIX: &str = "reminder:";

/// The key a reminder's dismissal is stored under: its uid and its date, so the same
/// subscription's next change (a new date) is a new reminder.
pub fn key(reminder: &Reminder) -> String {
    let date = match reminder.when {
        When::Day(day) => day.to_string(),
        When::At(at) => at.unix_timestamp().to_string(),
    };
    format!("{KEY_PREFIX}{}@{date}", reminder.uid)
}

/// One reminder as the banner shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReminderView {
    /// What to send back to dismiss it.
    pub key: String,
    pub title: String,
    pub description: String,
    #[serde(with = "time::serde::rfc3339")]
    pub starts: OffsetDateTime,
}

/// The banner: due items (not dismissed) and the next one; `now` is the clock used (the
/// practice clock while practising).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgendaView {
    pub due: Vec<ReminderView>,
    pub next: Option<ReminderView>,
    #[serde(with = "time::serde::rfc3339")]
    pub now: OffsetDateTime,
}

/// What is due and what is next for this journal at `now`, in `lang`.
pub fn agenda_for(record: &JournalRecord, lang: Lang, now: OffsetDateTime) -> Agenda {
    let dates = ReminderDates::from_journal(record).at_offset(now.offset());
    let all = reminders(&dates, lang);
    let dismissed: Vec<String> = all
        .iter()
        .filter(|r| record.is_acknowledged(&key(r)))
        .map(|r| r.uid.clone())
        .collect();
    agenda(&all, now, &dismissed)
}

impl AgendaView {
    pub fn new(agenda: &Agenda, now: OffsetDateTime) -> Self {
        let view = |r: &Reminder| ReminderView {
            key: key(r),
            title: r.title.clone(),
            description: r.description.clone(),
            starts: r.when.starts(now),
        };
        AgendaView {
            due: agenda.due.iter().map(view).collect(),
            next: agenda.next.as_ref().map(view),
            now,
        }
    }
}

/// What the watcher does on waking: which reminders to announce, and how long to sleep.
#[derive(Debug, Clone, PartialEq)]
pub struct Wake {
    pub notify: Vec<Reminder>,
    pub sleep: Duration,
}

/// Announces the reminders that arrived after `since` (the watcher's start: what was already
/// due at launch is in the banner, not in a burst of notifications) and were not announced yet;
/// sleeps until the next one, at most [`MAX_SLEEP`].
pub fn decide(
    agenda: &Agenda,
    now: OffsetDateTime,
    since: OffsetDateTime,
    announced: &HashSet<String>,
) -> Wake {
    let notify = agenda
        .due
        .iter()
        .filter(|r| r.when.starts(now) > since && !announced.contains(&key(r)))
        .cloned()
        .collect();
    let sleep = agenda
        .wake_at
        .map(|at| Duration::try_from(at - now).unwrap_or(MIN_SLEEP))
        .map_or(MAX_SLEEP, |d| d.clamp(MIN_SLEEP, MAX_SLEEP));
    Wake { notify, sleep }
}

/// The notification's title and body, in the reminder's language.
pub fn notification_text(reminder: &Reminder) -> (String, String) {
    (
        format!("Closeout: {}", reminder.title),
        reminder.description.clone(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    fn journal() -> JournalRecord {
        let mut record = JournalRecord::new("t-1", "Crumb & Co. Bakery", "a-1", "maria@x");
        record.backup.deadline = Some(date!(2026 - 12 - 10));
        record.dates.deprovisioning_from = Some(datetime!(2026-12-17 10:00 UTC));
        record
    }

    fn titles(reminders: &[Reminder]) -> Vec<&str> {
        reminders.iter().map(|r| r.title.as_str()).collect()
    }

    #[test]
    fn before_any_date_nothing_is_announced_and_it_sleeps_until_the_first_capped_at_an_hour() {
        let since = datetime!(2026-12-09 22:00 UTC);
        let agenda = agenda_for(&journal(), Lang::En, since);
        let wake = decide(&agenda, since, since, &HashSet::new());
        assert!(wake.notify.is_empty());
        assert_eq!(wake.sleep, MAX_SLEEP, "two hours away: capped");
        let now = datetime!(2026-12-09 23:59:30 UTC);
        let wake = decide(
            &agenda_for(&journal(), Lang::En, now),
            now,
            since,
            &HashSet::new(),
        );
        assert_eq!(
            wake.sleep,
            Duration::from_secs(30),
            "until midnight of the deadline"
        );
    }

    #[test]
    fn a_date_that_arrives_while_running_is_announced_once_in_the_owners_language() {
        let since = datetime!(2026-12-09 22:00 UTC);
        let now = datetime!(2026-12-10 00:00:01 UTC);
        let agenda = agenda_for(&journal(), Lang::It, now);
        let wake = decide(&agenda, now, since, &HashSet::new());
        assert_eq!(
            titles(&wake.notify),
            ["Completa il backup: Crumb & Co. Bakery"]
        );
        let (title, body) = notification_text(&wake.notify[0]);
        assert_eq!(title, "Closeout: Completa il backup: Crumb & Co. Bakery");
        assert!(body.starts_with("Il giorno che hai scelto"), "{body}");
        assert_eq!(
            wake.sleep, MAX_SLEEP,
            "the next date is ten days away: capped"
        );
        let announced: HashSet<String> = wake.notify.iter().map(key).collect();
        assert!(decide(&agenda, now, since, &announced).notify.is_empty());
    }

    #[test]
    fn what_was_due_at_launch_or_dismissed_is_not_announced() {
        let now = datetime!(2026-12-11 09:00 UTC);
        let agenda = agenda_for(&journal(), Lang::En, now);
        assert_eq!(agenda.due.len(), 1, "the deadline is due");
        assert!(decide(&agenda, now, now, &HashSet::new()).notify.is_empty());

        let mut record = journal();
        record.acknowledge(&key(&agenda.due[0]));
        let agenda = agenda_for(&record, Lang::En, now);
        assert!(agenda.due.is_empty(), "dismissed in the journal");
        let since = datetime!(2026-12-01 00:00 UTC);
        assert!(decide(&agenda, now, since, &HashSet::new())
            .notify
            .is_empty());
    }

    #[test]
    fn a_clock_that_jumps_past_several_dates_announces_each_and_a_past_wake_is_not_a_busy_loop() {
        let since = datetime!(2026-12-01 00:00 UTC);
        let now = datetime!(2026-12-23 08:00 UTC);
        let agenda = agenda_for(&journal(), Lang::En, now);
        let wake = decide(&agenda, now, since, &HashSet::new());
        assert_eq!(
            titles(&wake.notify),
            [
                "Finish the backup: Crumb & Co. Bakery",
                "Subscriptions fully removed",
                "You can delete the directory: Crumb & Co. Bakery"
            ]
        );
        assert_eq!(wake.sleep, MAX_SLEEP, "nothing left to wait for");
        let stale = Agenda {
            wake_at: Some(now - time::Duration::minutes(5)),
            ..agenda
        };
        assert_eq!(decide(&stale, now, since, &HashSet::new()).sleep, MIN_SLEEP);
    }

    #[test]
    fn reminders_end_when_microsoft_confirms_the_organization_is_gone() {
        let mut record = journal();
        let now = datetime!(2026-12-20 12:00 UTC);
        let open = agenda_for(&record, Lang::En, now);
        assert!(!open.due.is_empty(), "the directory can be deleted: due");
        record.dates.tenant_deleted_at = Some(datetime!(2026-12-20 11:00 UTC));
        let closed = agenda_for(&record, Lang::En, now);
        assert!(closed.due.is_empty(), "{:?}", titles(&closed.due));
        assert_eq!(closed.next, None);
        assert_eq!(closed.wake_at, None, "the watcher has nothing to wake for");
    }

    #[test]
    fn dismissal_keys_change_with_the_date() {
        let a = agenda_for(&journal(), Lang::En, datetime!(2026-12-11 00:00 UTC));
        let mut later = journal();
        later.backup.deadline = Some(date!(2026 - 12 - 12));
        let b = agenda_for(&later, Lang::En, datetime!(2026-12-13 00:00 UTC));
        assert_eq!(a.due[0].uid, b.due[0].uid);
        assert_ne!(key(&a.due[0]), key(&b.due[0]));
        assert!(key(&a.due[0]).starts_with("reminder:backup-deadline.t-1@closeout@"));
    }
}
