//! The backup engine: saves the mail and files the owner can reach into a plain folder a
//! person can browse without Closeout, proves it with a manifest, and survives anything.
//!
//! - [`plan`]: who and what (mail folders and messages through `messages/delta`, OneDrive files
//!   through `root/delta`), with the layout `Mail/<person>/<folder path>/<date> <subject>.eml`
//!   and `Files/<person>/<path>`, names made safe by [`names`]; [`places`] adds the SharePoint
//!   sites' and Teams' libraries as `Files/<site or team>/<path>`;
//! - [`refresh`]: a finished backup brought up to date through its saved delta links;
//! - [`fetch`]: one item saved and checked (SHA-256 for mail, Microsoft's [`quickxor`] for files;
//!   pre-authenticated links without `Authorization`, renewed when they expire, `Range` resume);
//! - [`journal`]: progress inside the backup folder, so a resume re-does at most the items
//!   that were in flight; never a download link in it; `commit`: the items saved reach the
//!   disk in groups, and a resume checks by hash any a power cut may have lost;
//! - [`engine`]: the run: every mailbox and drive listed at once and each saved as soon as
//!   it is listed (`listed` reads a listing against the journal), Outlook's per-mailbox
//!   limits (4 at a time; `budget`: 10,000 per 10 minutes), disk space, progress, and the
//!   [`manifest`] + `index.html` at the end;
//! - [`verify`]: re-hashes a finished backup against its manifest, offline.

mod budget;
mod commit;
mod disk;
pub mod engine;
pub mod fetch;
pub mod journal;
mod listed;
pub mod manifest;
pub mod names;
pub mod places;
pub mod plan;
pub mod quickxor;
pub mod rate;
pub mod refresh;
pub mod verify;

pub use disk::free_bytes;
pub use engine::{run, BackupOptions, Outcome, Progress};
pub use manifest::{Kind, Left, LeftReason, Manifest, ManifestItem, PersonTotals};
pub use quickxor::{quick_xor_base64, QuickXor};
pub use verify::{verify, BadItem, Problem, VerifyReport};
