//! The practice company: start it, and move its clock forward (practice only).

use crate::paths::data_dir;
use crate::paths::practice_dir;
use crate::practice::{Practice, PracticeInfo};
use crate::state::{AppState, Session};
use closeout_core::{Error, ErrorCode, Result};
use std::time::Duration;

/// Starts the practice company `scenario` (replacing one already running) and forgets any
/// practice sign-in: each practice starts from a fresh company.
#[tauri::command]
#[tracing::instrument(skip_all, fields(scenario = %scenario), err(level = "warn", Display))]
pub async fn start_practice<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    scenario: String,
) -> Result<PracticeInfo> {
    let mut slot = state.practice.lock().await;
    if let Some(old) = slot.take() {
        old.sim.shutdown().await;
    }
    state.replace_session(Session::SignedOut);
    let journals = practice_dir(&data_dir(&app)?);
    if journals.exists() {
        std::fs::remove_dir_all(&journals)
            .map_err(|e| Error::io("clearing the last practice", &e))?;
    }
    let practice = Practice::start(&scenario).await?;
    tracing::info!(scenario = %scenario, "practice company started");
    state.set_practice_origin(Some(practice.origin()));
    let info = practice.info();
    *slot = Some(practice);
    Ok(info)
}

/// The longest jump the practice clock makes at once (Microsoft's longest wait is 90 days).
const MAX_HOURS: u32 = 120 * 24;

/// Moves the practice clock forward by `hours`, standing in for Microsoft's waiting periods.
#[tauri::command]
#[tracing::instrument(skip_all, fields(hours), err(level = "warn", Display))]
pub async fn advance_practice_clock(
    state: tauri::State<'_, AppState>,
    hours: u32,
) -> Result<PracticeInfo> {
    if hours == 0 || hours > MAX_HOURS {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            format!("hours must be 1 to {MAX_HOURS}"),
        ));
    }
    let mut slot = state.practice.lock().await;
    let practice = slot.as_mut().ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidInput,
            "the practice company is not running",
        )
    })?;
    practice.advance(Duration::from_secs(u64::from(hours) * 3600));
    // The reminders watcher reads the practice clock: dates may have arrived.
    state.reminders.changed();
    Ok(practice.info())
}
