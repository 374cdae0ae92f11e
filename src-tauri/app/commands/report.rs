//! The closure report: one self-contained HTML page carrying the same data as JSON inside it,
//! saved where the owner chooses (the OS save dialog, opening in Documents/Closeout), at any
//! point (a progress report) or at the end. Exactly the file the dialog asked about is written,
//! atomically and readable by the owner only (`closeout_core::fsio`): nothing beside it is
//! overwritten.

use crate::clock::now;
use crate::state::AppState;
use closeout_core::backup::{reminders, to_ics, ClosureReport, ReminderDates};
use closeout_core::{fsio, Error, ErrorCode, Lang, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, Runtime, State};
use tauri_plugin_dialog::DialogExt;

/// Environment variable naming a folder to save into without asking (end-to-end tests, kiosks).
const SAVE_DIR_ENV: &str = "CLOSEOUT_SAVE_DIR";

/// The folder under Documents where the save dialog opens.
const SAVE_FOLDER: &str = "Closeout";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedReport {
    pub html_path: String,
}

/// Where the save dialog opens: `Closeout` in the owner's Documents folder (the OS's own, from
/// its user-folder settings: `FOLDERID_Documents`, `~/Documents`, `XDG_DOCUMENTS_DIR`), else
/// in their home folder, else wherever the OS dialog likes.
pub fn save_folder(documents: Option<PathBuf>, home: Option<PathBuf>) -> Option<PathBuf> {
    documents.map(|d| d.join(SAVE_FOLDER)).or(home)
}

/// [`save_folder`] for this user, from the OS's lookup (Tauri's path API).
pub fn default_save_folder<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    save_folder(app.path().document_dir().ok(), app.path().home_dir().ok())
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
    let mut dialog = app
        .dialog()
        .file()
        .set_file_name(file_name)
        .add_filter(kind.0, &[kind.1]);
    let folder = default_save_folder(app);
    // A folder that cannot be made (read-only Documents) only loses the starting place.
    if let Some(folder) = folder.filter(|f| fsio::private_dir(f).is_ok()) {
        dialog = dialog.set_directory(folder);
    }
    let chosen = tauri::async_runtime::spawn_blocking(move || dialog.blocking_save_file())
        .await
        .map_err(|e| Error::internal(format!("save dialog: {e}")))?;
    chosen
        .and_then(|p| p.into_path().ok())
        .ok_or_else(|| Error::new(ErrorCode::Cancelled, "no file was chosen"))
}

/// Saves the report of the closure so far as HTML (to keep or print to PDF) with its JSON
/// inside.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn save_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    lang: String,
) -> Result<SavedReport> {
    let now = now(&state);
    let report = {
        let signed = state.signed_in()?;
        let session = signed.closure().await?;
        ClosureReport::from_journal(session.journal(), now).with_mail_dns(
            closeout_core::mail_handover::load_checks(session.data_dir(), session.tenant_id()),
        )
    };
    let html_path = choose_path(&app, "closeout-report.html", ("HTML", "html")).await?;
    fsio::write_atomically(&html_path, report.to_html(Lang::from_tag(&lang)).as_bytes())
        .map_err(|e| Error::io("saving the report", &e))?;
    tracing::info!("closure report saved");
    Ok(SavedReport {
        html_path: html_path.display().to_string(),
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
    let now = now(&state);
    let (events, org) = {
        let signed = state.signed_in()?;
        let session = signed.closure().await?;
        let journal = session.journal();
        let dates = ReminderDates::from_journal(journal).at_offset(now.offset());
        (
            reminders(&dates, Lang::from_tag(&lang)),
            journal.org_name.clone(),
        )
    };
    let path = choose_path(&app, "closeout-dates.ics", ("iCalendar", "ics")).await?;
    fsio::write_atomically(
        &path,
        to_ics(&events, &format!("Closeout: {org}"), now).as_bytes(),
    )
    .map_err(|e| Error::io("saving the calendar file", &e))?;
    Ok(path.display().to_string())
}
