//! The closure report: a self-contained HTML page and the same data as JSON, saved where the
//! owner chooses (the OS save dialog), at any point (a progress report) or at the end.

use super::backup::lang as texts_lang;
use super::organization::now;
use crate::state::AppState;
use closeout_core::backup::{reminders, to_ics, ClosureReport, ReminderDates};
use closeout_core::{Error, ErrorCode, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

/// Environment variable naming a folder to save into without asking (end-to-end tests, kiosks).
pub const SAVE_DIR_ENV: &str = "CLOSEOUT_SAVE_DIR";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedReport {
    pub html_path: String,
    pub json_path: String,
}

/// Asks where to save (or uses `CLOSEOUT_SAVE_DIR`); `Cancelled` when the owner closes the dialog.
async fn choose_path<R: Runtime>(
    app: &AppHandle<R>,
    file_name: &str,
    kind: (&str, &str),
) -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(SAVE_DIR_ENV).filter(|d| !d.is_empty()) {
        return Ok(Path::new(&dir).join(file_name));
    }
    let dialog = app
        .dialog()
        .file()
        .set_file_name(file_name)
        .add_filter(kind.0, &[kind.1]);
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| Error::internal(format!("save dialog: {e}")))?;
    chosen
        .and_then(|p| p.into_path().ok())
        .ok_or_else(|| Error::new(ErrorCode::Cancelled, "no file was chosen"))
}

/// Saves the report of the closure so far as HTML (to keep or print to PDF) plus JSON.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn save_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    lang: String,
) -> Result<SavedReport> {
    let now = now(&state).await;
    let report = {
        let signed = state.signed_in()?;
        let session = signed.closure().await?;
        ClosureReport::from_journal(session.journal(), now)
    };
    let html_path = choose_path(&app, "closeout-report.html", ("HTML", "html")).await?;
    let json_path = html_path.with_extension("json");
    std::fs::write(&html_path, report.to_html(texts_lang(&lang)))
        .map_err(|e| Error::io("saving the report", &e))?;
    std::fs::write(&json_path, report.to_json())
        .map_err(|e| Error::io("saving the report data", &e))?;
    tracing::info!("closure report saved");
    Ok(SavedReport {
        html_path: html_path.display().to_string(),
        json_path: json_path.display().to_string(),
    })
}

/// Saves the dates that matter as a calendar file (.ics) the owner adds to Outlook, Apple or
/// Google Calendar, each with an alarm: reminders that work while Closeout is closed.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn save_calendar<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    lang: String,
) -> Result<String> {
    let now = now(&state).await;
    let (events, org) = {
        let signed = state.signed_in()?;
        let session = signed.closure().await?;
        let journal = session.journal();
        let dates = ReminderDates::from_journal(journal).at_offset(now.offset());
        (
            reminders(&dates, texts_lang(&lang)),
            journal.org_name.clone(),
        )
    };
    let path = choose_path(&app, "closeout-dates.ics", ("iCalendar", "ics")).await?;
    std::fs::write(&path, to_ics(&events, &format!("Closeout: {org}"), now))
        .map_err(|e| Error::io("saving the calendar file", &e))?;
    Ok(path.display().to_string())
}
