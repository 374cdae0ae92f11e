//! The timeline: what is next and when, derived from the journal alone so it can be shown
//! offline, the day after, or from a reminder ("Come back on 3 December: your subscriptions
//! will then be fully removed").

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::record::JournalRecord;
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
                });
            }
        }
    }
    entries.sort_by_key(|e| e.date);
    let waiting = entries.iter().any(|e| e.kind == EntryKind::WaitUntil);
    if let Some(step) = record.current_step {
        if !(waiting && step == StepId::Directory) {
            entries.insert(
                0,
                TimelineEntry {
                    kind: EntryKind::DoNow,
                    step: Some(step),
                    date: None,
                    text: format!("Next: {}.", step.title()),
                },
            );
        }
    }
    Timeline {
        next: entries.first().cloned(),
        entries,
    }
}
