//! "Save with Closeout" on the Back up page: runs the core's backup engine into a folder the
//! owner picks (default: "Closeout backup <organization> <date>" in Documents), streams its
//! progress, pauses, and afterwards verifies the backup and lets the checklist settle from it.

use crate::clock::now;
use crate::state::AppState;
use crate::views::{checklist_view, BackupView};
use closeout_core::backup::Lang;
use closeout_core::export::{self, engine::Progress, BackupOptions, Left, PersonTotals};
use closeout_core::{Error, ErrorCode, Result};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

/// The Pause button of the backup running now: one backup runs at a time, so one slot here
/// (kept out of the shared `AppState`, which every other command carries).
static PAUSE: Mutex<Option<Arc<AtomicBool>>> = Mutex::new(None);

/// What a finished run says, per person.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupRunView {
    pub dir: String,
    pub complete: bool,
    pub saved_now: usize,
    pub already_saved: usize,
    pub people: Vec<PersonTotals>,
    /// The SharePoint sites' and Teams' libraries.
    pub places: Vec<PersonTotals>,
    /// Items saved earlier that Microsoft 365 has deleted since (kept in the backup).
    pub removed_at_source: usize,
    pub left: Vec<Left>,
    /// Items of the manifest that are missing or changed on disk (none right after a run).
    pub bad_items: usize,
    /// The checklist after it settled from this backup.
    pub checklist: BackupView,
}

/// `Documents/Closeout backup <organization> <YYYY-MM-DD>`.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn default_backup_dir<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<String> {
    let org = state.signed_in()?.closure().await?.org_name().to_owned();
    let docs = app
        .path()
        .document_dir()
        .or_else(|_| app.path().home_dir())
        .map_err(|e| Error::new(ErrorCode::Io, format!("no Documents folder: {e}")))?;
    let day = now(&state).date();
    let name = export::names::safe_name(&format!("Closeout backup {org} {day}"));
    Ok(docs.join(name).to_string_lossy().into_owned())
}

/// Runs (or resumes) the backup into `dir`, then verifies it and settles the checklist items
/// it proves saved.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn start_backup<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    dir: String,
    lang: String,
    progress: Channel<Progress>,
) -> Result<BackupRunView> {
    if dir.trim().is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "choose a folder for the backup",
        ));
    }
    let signed = state.signed_in()?;
    let client = signed.closure().await?.client().clone();
    let options = BackupOptions::new(PathBuf::from(dir.trim()));
    {
        let mut running = PAUSE.lock().unwrap_or_else(|e| e.into_inner());
        if running.is_some() {
            // Two runs into one folder would write one journal from two places.
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "a backup is already running",
            ));
        }
        *running = Some(options.pause.clone());
    }
    let on_progress: export::engine::OnProgress = Arc::new(move |p| {
        let _ = progress.send(p.clone());
    });
    let outcome = export::run(&client, options.clone(), on_progress).await;
    PAUSE.lock().unwrap_or_else(|e| e.into_inner()).take();
    notify_end(&app, &lang, &outcome);
    let outcome = outcome?;
    let report = export::verify(&options.dir)?;
    let mut session = signed.closure().await?;
    let mut checklist = session.journal().backup.clone();
    if checklist.built_at.is_some() {
        checklist.settle_from_backup(&outcome.manifest, &report.bad, now(&state));
        session.set_backup(checklist)?;
        state.reminders.changed();
    }
    let m = outcome.manifest;
    Ok(BackupRunView {
        dir: options.dir.to_string_lossy().into_owned(),
        complete: m.complete,
        saved_now: outcome.saved_now,
        already_saved: outcome.already_saved,
        removed_at_source: m.items.iter().filter(|i| i.removed_at_source).count(),
        people: m.people,
        places: m.places,
        left: m.left,
        bad_items: report.bad.len(),
        checklist: checklist_view(&session.journal().backup, &lang),
    })
}

/// The OS notification at the end of a run: finished, or something needs the owner (access to
/// grant, a full disk, an error). A pause is the owner's own doing: no notification.
fn notify_end<R: Runtime>(app: &AppHandle<R>, lang: &str, outcome: &Result<export::Outcome>) {
    let done = match outcome {
        Ok(o) => o.manifest.complete,
        Err(e) if e.code == ErrorCode::Cancelled => return,
        Err(_) => false,
    };
    let key = if done {
        "export.notify.done"
    } else {
        "export.notify.needs"
    };
    let lang = Lang::from_tag(lang);
    crate::notifier::show(
        app,
        lang.text(&format!("{key}.title")).to_string(),
        lang.text(&format!("{key}.body")).to_string(),
    );
}

/// Pauses the running backup: items in flight finish, then `start_backup` ends with
/// `cancelled`; starting again resumes.
#[tauri::command]
pub fn pause_backup() -> bool {
    match PAUSE.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
        Some(flag) => {
            flag.store(true, Ordering::Relaxed);
            true
        }
        None => false,
    }
}
