//! What the shell keeps between commands: how it started, the practice tenant, the sign-in in
//! progress, and the open closure session.
//!
//! Only handles live here; every decision about the organization is the core's.

use crate::practice::Practice;
use crate::startup::Startup;
use closeout_core::auth::{self, CancelHandle, DeviceCode, Identity, SignIn};
use closeout_core::closure::{CancelToken, Session, SessionConfig};
use closeout_core::{Error, ErrorCode};
use std::sync::Mutex;

/// Managed by Tauri; commands receive it as `tauri::State<AppState>`.
#[derive(Default)]
pub struct AppState {
    pub startup: Startup,
    /// The practice company, while the owner practises.
    pub practice: tokio::sync::Mutex<Option<Practice>>,
    /// `http://127.0.0.1:PORT` while a practice tenant runs (the opener allows it).
    practice_origin: Mutex<Option<String>>,
    /// The Cancel button of the sign-in in progress.
    pub sign_in_cancel: Mutex<Option<CancelHandle>>,
    /// A device-code sign-in waiting for the person to enter the code.
    pub device_code: tokio::sync::Mutex<Option<PendingDeviceCode>>,
    /// The signed-in session's tokens (the backup assistant reads reports with them).
    pub auth: Mutex<Option<auth::Session>>,
    /// Who signed in (also when they cannot close the organization).
    pub identity: Mutex<Option<Identity>>,
    /// The closure of the signed-in organization (Global Administrators only).
    pub closure: tokio::sync::Mutex<Option<Session>>,
    /// This app's client id in the signed-in organization (its checks treat it specially).
    pub own_app_id: Mutex<Option<String>>,
    /// The Cancel button of the step running now.
    pub step_cancel: Mutex<Option<CancelToken>>,
    /// The reminders watcher (notifications while the app runs).
    pub reminders: crate::notifier::Watch,
    /// "Now" for the open target (the practice clock only while practising).
    pub clock: crate::clock::Clock,
}

/// A device-code sign-in started and not yet finished.
pub struct PendingDeviceCode {
    pub service: SignIn,
    pub code: DeviceCode,
    pub config: SessionConfig,
    pub target: crate::target::Target,
}

impl AppState {
    pub fn new(startup: Startup) -> Self {
        AppState {
            startup,
            ..Default::default()
        }
    }

    pub fn practice_origin(&self) -> Option<String> {
        self.practice_origin.lock().unwrap().clone()
    }

    pub fn set_practice_origin(&self, origin: Option<String>) {
        *self.practice_origin.lock().unwrap() = origin;
    }
}

/// The error for commands that need a signed-in Global Administrator's session.
pub fn not_signed_in() -> Error {
    Error::new(
        ErrorCode::NotSignedIn,
        "sign in as a Global Administrator first",
    )
}
