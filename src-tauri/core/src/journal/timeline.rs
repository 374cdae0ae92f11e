//! The timeline: what is next and when, derived from the journal alone so it can be shown
//! offline, the day after, or from a reminder ("Come back on 3 December: your subscriptions
//! will then be fully removed").

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::record::JournalRecord;
use super::timeline_backup;
use crate::closure::StepId;

/// Microsoft deprovisions a deleted subscription 72 hours after the owner deletes it.
pub const DEPROVISIONING: Duration = Duration::hours(72);

/// What kind of entry, for the UI's translations (`Deserialize` only so its names can be listed
/// for the UI's texts test: `tests/view_samples.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A step the owner can do now.
    DoNow,
    /// Nothing to do until the date: Microsoft is moving a subscription along.
    WaitUntil,
    /// A subscription changes state on the date, by itself.
    SubscriptionChanges,
    /// The organization is gone: the closure is complete.
    Closed,
    /// The backup checklist is open: step 1 waits for it (`timeline_backup`).
    BackUp,
    /// The last day a deleted person's OneDrive can be saved, by default (`timeline_backup`).
    FilesLastDay,
    /// The last bill: on the latest next billing date of a subscription still active. Paying
    /// it matters, because an unpaid invoice stops the organization's deletion.
    FinalInvoice,
}

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineEntry {
    pub kind: EntryKind,
    pub step: Option<StepId>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    /// English text for the CLI and logs; the UI builds its own from the fields.
    pub text: String,
    /// The person an entry is about (a deleted person's last day to save their files).
    pub person: Option<String>,
}

/// The timeline, soonest first, and the one entry that matters most now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub next: Option<TimelineEntry>,
    pub entries: Vec<TimelineEntry>,
}

/// "3 December 2026".
pub fn format_day(date: OffsetDateTime) -> String {
    format!("{} {} {}", date.day(), date.month(), date.year())
}

/// Derives the timeline from the journal as of `now` (the sim's clock in practice mode).
pub fn timeline(record: &JournalRecord, now: OffsetDateTime) -> Timeline {
    let mut entries = Vec::new();
    if let Some(at) = record.dates.tenant_deleted_at {
        entries.push(TimelineEntry {
            kind: EntryKind::Closed,
            step: None,
            date: Some(at),
            text: format!(
                "Closed on {}: the organization no longer exists.",
                format_day(at)
            ),
            person: None,
        });
        return Timeline {
            next: entries.first().cloned(),
            entries,
        };
    }
    if let Some(from) = record.dates.deprovisioning_from {
        let ready = from + DEPROVISIONING;
        if ready > now {
            entries.push(TimelineEntry {
                kind: EntryKind::WaitUntil,
                step: Some(StepId::Directory),
                date: Some(ready),
                text: format!(
                    "Come back on {}: your subscriptions will then be fully removed, and the \
                     directory can be deleted.",
                    format_day(ready)
                ),
                person: None,
            });
        }
    }
    for sub in record.dates.subscriptions.values() {
        if let Some(date) = sub.next_lifecycle.filter(|d| *d > now) {
            if sub.deleted_by_owner_at.is_none() && sub.status != "Deleted" {
                entries.push(TimelineEntry {
                    kind: EntryKind::SubscriptionChanges,
                    step: None,
                    date: Some(date),
                    text: format!(
                        "On {}: {} moves on from its '{}' state.",
                        format_day(date),
                        sub.product_name(),
                        sub.status
                    ),
                    person: None,
                });
            }
        }
    }
    entries.extend(timeline_backup::files_last_days(record, now));
    entries.extend(final_invoice(record, now));
    entries.sort_by_key(|e| e.date);
    let waiting = entries.iter().any(|e| e.kind == EntryKind::WaitUntil);
    if timeline_backup::backup_first(record) {
        entries.insert(0, timeline_backup::back_up_entry());
    } else if let Some(step) = record.current_step {
        if !(waiting && step == StepId::Directory) {
            entries.insert(
                0,
                TimelineEntry {
                    kind: EntryKind::DoNow,
                    step: Some(step),
                    date: None,
                    text: format!("Next: {}.", step.title()),
                    person: None,
                },
            );
        }
    }
    Timeline {
        next: entries.first().cloned(),
        entries,
    }
}

/// The final invoice: the latest next billing date among the subscriptions still active (the
/// date the inventory last saw). INFERENCE: Microsoft bills a cancelled or non-renewing
/// subscription's last charge by its next billing date; its pages give no other date.
fn final_invoice(record: &JournalRecord, now: OffsetDateTime) -> Option<TimelineEntry> {
    let date = record
        .dates
        .subscriptions
        .values()
        .filter(|s| s.status == "Enabled" && s.deleted_by_owner_at.is_none())
        .filter_map(|s| s.next_lifecycle)
        .filter(|d| *d > now)
        .max()?;
    Some(TimelineEntry {
        kind: EntryKind::FinalInvoice,
        step: Some(StepId::CancelSubscriptions),
        date: Some(date),
        text: format!(
            "By {}: Microsoft's last invoice for your subscriptions. Pay it: an unpaid invoice \
             stops the organization from being deleted.",
            format_day(date)
        ),
        person: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::record::SubscriptionDates;
    use time::macros::datetime;

    fn dated(status: &str, next: OffsetDateTime) -> SubscriptionDates {
        SubscriptionDates {
            name: "Microsoft 365 Business Standard".into(),
            status: status.into(),
            next_lifecycle: Some(next),
            deleted_by_owner_at: None,
        }
    }

    #[test]
    fn the_final_invoice_is_the_latest_billing_date_of_what_is_still_active() {
        let now = datetime!(2026-12-01 10:00 UTC);
        let mut record = JournalRecord::new("t", "Org", "me", "me@org.example");
        let subs = &mut record.dates.subscriptions;
        subs.insert("a".into(), dated("Enabled", now + Duration::days(10)));
        subs.insert("b".into(), dated("Enabled", now + Duration::days(40)));
        subs.insert("c".into(), dated("Warning", now + Duration::days(90)));
        let invoice = timeline(&record, now)
            .entries
            .into_iter()
            .find(|e| e.kind == EntryKind::FinalInvoice)
            .expect("on the timeline");
        assert_eq!(invoice.date, Some(now + Duration::days(40)));
        assert_eq!(invoice.step, Some(StepId::CancelSubscriptions));
        assert!(invoice
            .text
            .starts_with("By 10 January 2027: Microsoft's last invoice"));

        for sub in record.dates.subscriptions.values_mut() {
            sub.status = "Disabled".into();
        }
        let later = timeline(&record, now).entries;
        assert!(later.iter().all(|e| e.kind != EntryKind::FinalInvoice));
    }
}
