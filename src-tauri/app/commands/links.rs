//! Opening web pages: only addresses on the allowlist (see `links`), only from Rust.

use crate::links;
use crate::state::AppState;
use closeout_core::Result;

/// Opens `url` in the browser if it is allowed; otherwise `url_not_allowed`.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub fn open_url<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    url: String,
) -> Result<()> {
    let checked = links::check(&url, &links::trusted_origins(state.practice_origin()))
        .inspect_err(|e| {
            tracing::warn!(code = %e.code, details = ?e.details, "refused to open an address");
        })?;
    tracing::info!(
        host = checked.host_str().unwrap_or_default(),
        "opening a web page"
    );
    links::open(&app, &checked)
}
