//! The timeline's backup entries: "Next: Back up" while the checklist is open, and, once step
//! 1 has deleted people, the last day each one's OneDrive can still be saved.
//!
//! Microsoft's "OneDrive retention and deletion" page: deleting a user starts the OneDrive
//! retention period, 30 days by default, after which the OneDrive goes to the site collection
//! recycle bin (restorable only with PowerShell, shared content unreachable). The tenant can
//! change the period in the SharePoint admin center, and Graph cannot read that setting, so
//! the date is "by default". Deleting a user also takes the mailbox out of Graph's reach at
//! once: there is no last day for mail, which is why the backup comes before step 1.

use time::{Duration, OffsetDateTime};

use super::record::JournalRecord;
use super::timeline::{format_day, EntryKind, TimelineEntry};
use crate::closure::{ActionCode, StepId};

/// Microsoft's default OneDrive retention for a deleted user (the tenant may set another).
pub const ONEDRIVE_RETENTION_DEFAULT: Duration = Duration::days(30);

/// Whether step 1 waits for the backup: the checklist is open and step 1 is the next step.
pub(super) fn backup_first(record: &JournalRecord) -> bool {
    !record.backup.is_settled() && record.current_step.is_none_or(|s| s == StepId::Users)
}

/// "Next: Back up": the backup is settled before anything is deleted.
pub(super) fn back_up_entry() -> TimelineEntry {
    TimelineEntry {
        kind: EntryKind::BackUp,
        step: None,
        date: None,
        person: None,
        text: "Next: Back up. Step 1 unlocks once every item is answered.".into(),
    }
}

/// One entry per person step 1 deleted whose OneDrive's default retention has not run out.
pub(super) fn files_last_days(record: &JournalRecord, now: OffsetDateTime) -> Vec<TimelineEntry> {
    record
        .actions
        .iter()
        .filter(|a| a.step == StepId::Users && a.what.code == ActionCode::DeleteUser)
        .filter_map(|a| {
            let outcome = a.outcome.as_ref().filter(|o| o.ok)?;
            let last = outcome.at + ONEDRIVE_RETENTION_DEFAULT;
            let name = a.what.params.get("name")?.clone();
            (last > now).then(|| TimelineEntry {
                kind: EntryKind::FilesLastDay,
                step: Some(StepId::Users),
                date: Some(last),
                text: format!(
                    "{}: by default, the last day {name}'s OneDrive files can still be saved.",
                    format_day(last)
                ),
                person: Some(name),
            })
        })
        .collect()
}
