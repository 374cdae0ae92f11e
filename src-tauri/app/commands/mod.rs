//! The `#[tauri::command]`s the UI may invoke: thin wrappers over the core, one file per area.
//!
//! Every command that can fail returns `closeout_core::Error`, which reaches the UI as
//! `{code, message, details}`; the UI translates `code`.

pub mod app;
pub mod azure;
pub mod backup;
pub mod export;
pub mod links;
pub mod mail;
pub mod organization;
pub mod practice;
pub mod registration;
pub mod reminders;
pub mod report;
pub mod sign_in;
pub mod steps;
pub mod updater;
