//! Closeout's core: everything the app does, with no knowledge of Tauri or of any screen.
//!
//! The desktop app (`src-tauri/app`) and the command line (`src-tauri/cli`) are two thin faces
//! over this crate. Keeping it free of Tauri means all of it is tested with plain `cargo test`
//! against the practice tenant (`closeout-sim`) running in-process.
//!
//! A map:
//! - [`error`]: the one error type, with stable codes the faces translate.
//! - [`auth`]: sign-in (browser + PKCE, device code) and refresh; [`keychain`]: where the
//!   refresh token lives.
//! - [`graph`]: the Microsoft Graph client (paging, `$batch`, throttling, errors).
//! - [`closure`]: inventory, checks and the steps; [`journal`]: durable progress.
//! - [`azure`]: the Azure subscriptions check (Azure Resource Manager, a second audience).
//! - [`backup`]: the backup checklist, reminders and the closure report.
//! - [`mail_handover`]: the DNS handover: nothing left pointing at Microsoft.
//! - [`export`]: the backup engine that saves mail and files, verified and resumable.
//! - [`fsio`]: private, atomic writes of every file Closeout owns.
//! - [`clock`]: "now" for a closure (the system's, or the practice company's).
//! - [`lang`]: the languages and the one text catalogue per language (the UI's files).

/// Environment variable with a `tracing` filter for the app's and the CLI's logs (`debug`,
/// `closeout_core=trace`...): named once, here, for both faces.
pub const LOG_FILTER_ENV: &str = "CLOSEOUT_LOG";

pub mod auth;
pub mod azure;
pub mod backup;
pub mod clock;
pub mod closure;
pub mod error;
pub mod export;
pub mod fsio;
pub mod graph;
pub mod journal;
pub mod keychain;
pub mod lang;
pub mod mail_handover;

pub use error::{Error, ErrorCode, Result};
pub use lang::Lang;
