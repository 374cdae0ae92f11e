//! About the app itself: name, version and how it was started.

use crate::startup::Startup;
use crate::state::AppState;
use serde::Serialize;

/// What the UI shows in its footer and support details, and how to open.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub startup: Startup,
}

#[tauri::command]
pub fn app_info(state: tauri::State<'_, AppState>) -> AppInfo {
    AppInfo {
        name: "Closeout",
        version: env!("CARGO_PKG_VERSION"),
        startup: state.startup.clone(),
    }
}
