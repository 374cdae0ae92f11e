//! The backup assistant: the data inventory, the checklist, reminders and the closure report.
//!
//! Microsoft's first instruction for closing an account is "back up any data that you want to
//! preserve": the step owners most often get wrong and the one they cannot fix later. So:
//! - [`usage`] + [`fetch`]: Microsoft's usage reports (mailbox and OneDrive per person), CSV
//!   parsed by header name, concealed (hashed) names detected and never shown as names;
//! - [`gather`]: reads the reports for a signed-in organization, with the closure's inventory;
//! - [`inventory`]: those reports joined with the directory's people, plus sites, domains, apps;
//! - [`checklist`]: what to save, each item answered "saved" / "not needed" by someone at a
//!   time; destructive steps stay locked until it is settled or the owner types the
//!   organization's name to go on; [`bulk`]: answers for a whole person, kind or the rest;
//! - [`reminders`] + [`ics`]: the dates that matter, in the app and as a calendar file;
//! - [`report`] (+ `report_html`): the closure report, as JSON and as a printable HTML page;
//! - [`texts`] and [`links`]: the backup items' words (from the one catalogue, [`crate::lang`])
//!   and Microsoft's own pages.

pub mod bulk;
pub mod checklist;
mod csv_table;
pub mod fetch;
pub mod gather;
pub mod ics;
pub mod inventory;
pub mod links;
pub mod reminders;
pub mod report;
mod report_html;
pub mod texts;
pub mod usage;

pub use bulk::{Selection, Standing};
pub use checklist::{
    Answer, Checklist, ChecklistItem, ChecklistSummary, Choice, ItemKind, LockOverride,
};
pub use fetch::fetch_report;
pub use gather::{gather, names_concealed, show_real_names};
pub use ics::to_ics;
pub use inventory::{DataInventory, DirectoryUser, Figures, Owner, PersonData, SharedSite};
pub use reminders::{
    agenda, reminders, Agenda, Lifecycle, Reminder, ReminderDates, ReminderKind,
    SubscriptionChange, When,
};
pub use report::{ClosureReport, ReportAction, ReportStage, ReportSubscription};
pub use report_html::esc as html_escape;
pub use texts::{render, Lang};
pub use usage::{
    is_concealed, parse_mailbox_usage, parse_onedrive_usage, parse_site_usage, MailboxUsage,
    OneDriveUsage, ReportKind, SiteUsage,
};
