//! The `#[tauri::command]`s the UI may invoke: thin wrappers over the core.

use serde::Serialize;

/// What the UI shows in its footer and support details.
#[derive(Serialize)]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
}

#[tauri::command]
pub fn app_info() -> AppInfo {
    AppInfo {
        name: "Closeout",
        version: env!("CARGO_PKG_VERSION"),
    }
}
