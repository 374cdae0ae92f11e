//! About the app itself: name, version, how it was started, and the owner's own settings.

use crate::commands::sign_in::data_dir;
use crate::preferences::Preferences;
use crate::startup::Startup;
use crate::state::AppState;
use closeout_core::Result;
use serde::Serialize;
use tauri::{AppHandle, Runtime};

/// What the UI shows in its footer and support details, and how to open.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub name: &'static str,
    pub version: &'static str,
    pub startup: Startup,
    /// The language the owner chose earlier, if any (it wins over the OS's).
    pub language: Option<String>,
}

#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn app_info<R: Runtime>(app: AppHandle<R>, state: tauri::State<'_, AppState>) -> AppInfo {
    let language = data_dir(&app)
        .ok()
        .and_then(|dir| Preferences::load(&dir).language);
    AppInfo {
        name: "Closeout",
        version: env!("CARGO_PKG_VERSION"),
        startup: state.startup.clone(),
        language,
    }
}

/// Remembers the language the owner picked, on disk at once.
#[tauri::command]
#[tracing::instrument(skip_all, fields(lang = %lang), err(level = "warn", Display))]
pub fn remember_language<R: Runtime>(app: AppHandle<R>, lang: String) -> Result<()> {
    let dir = data_dir(&app)?;
    let mut prefs = Preferences::load(&dir);
    prefs.choose_language(&lang)?;
    prefs.save(&dir)
}
