//! Durable per-tenant progress: what was intended, what was done, and what comes next.
//!
//! - [`JournalRecord`]: the content (tenant pinned, steps, actions with Microsoft's request
//!   ids, acknowledgements, typed confirmations, the backup checklist, the dates that matter).
//! - [`JournalStore`]: where it lives (a folder the face gives) and how it is written: atomic
//!   and durable, a damaged file kept aside and reported as `journal_corrupt`; a journal of
//!   an older format is migrated when read (`migrate`).
//! - [`timeline`]: what is next and when, derived from the record (its backup entries in
//!   `timeline_backup`).
//!
//! No secret is ever written here: the journal is shown to the owner and copied to support.

mod findings;
mod migrate;
mod record;
mod store;
mod timeline;
mod timeline_backup;

pub use findings::{observe as observe_findings, FindingRecord};
pub use record::{
    Acknowledgement, ActionRecord, Confirmation, DomainPurchase, JournalRecord, KeyDates, Outcome,
    OutcomeNote, StepRecord, SubscriptionDates, SCHEMA_VERSION,
};
pub use store::JournalStore;
pub use timeline::{format_day, timeline, EntryKind, Timeline, TimelineEntry, DEPROVISIONING};
pub use timeline_backup::ONEDRIVE_RETENTION_DEFAULT;
