//! What the shell keeps between commands: how it started and the practice tenant's origin.
//!
//! Only handles and addresses live here; every decision about the organization is the core's.

use crate::startup::Startup;
use std::sync::Mutex;

/// Managed by Tauri; commands receive it as `tauri::State<AppState>`.
#[derive(Default)]
pub struct AppState {
    pub startup: Startup,
    /// `http://127.0.0.1:PORT` while a practice tenant runs in this app (the opener allows it).
    practice_origin: Mutex<Option<String>>,
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
