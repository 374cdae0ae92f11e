//! About the app itself: name, version, how it was started, and the owner's own settings.

use crate::journey::{journey, Station};
use crate::paths::data_dir;
use crate::preferences::Preferences;
use crate::startup::Startup;
use crate::state::AppState;
use closeout_core::{Lang, Result};
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
    /// Every language the UI may show ([`Lang::ALL`]: the UI keeps no list of its own).
    pub languages: Vec<&'static str>,
    /// The journey's stations in order (the UI's rail and page map are derived from it).
    pub journey: Vec<Station>,
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
        languages: Lang::ALL.map(Lang::as_str).to_vec(),
        journey: journey(),
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
