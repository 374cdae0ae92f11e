//! The update banner's commands: where updates stand, redraw notices, and the owner's yes.

use crate::state::AppState;
use crate::updater::{self, UpdateView, Updates};
use closeout_core::Result;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

/// What the banner shows now (`off` without an updater or while practising).
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn update_status(updates: State<'_, Updates>, state: State<'_, AppState>) -> UpdateView {
    updates.view(updater::practising(&state))
}

/// Where updates stand, and `banner` hears when to ask again.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn watch_updates(
    updates: State<'_, Updates>,
    state: State<'_, AppState>,
    banner: Channel<()>,
) -> UpdateView {
    updates.watch(banner);
    updates.view(updater::practising(&state))
}

/// The owner's yes: install the update offered, then restart (refused while a step runs).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn install_update<R: Runtime>(app: AppHandle<R>) -> Result<()> {
    updater::install(&app).await
}
