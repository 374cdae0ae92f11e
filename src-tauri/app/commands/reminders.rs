//! Reminders: what is due now and what comes next (the banner at the top of every page), the
//! owner dismissing a due one (remembered in the journal), and the watcher that notifies while
//! the app runs.

use crate::clock::now;
use crate::reminders::{agenda_for, AgendaView};
use crate::state::AppState;
use closeout_core::{Error, ErrorCode, Lang, Result};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};

/// What is due now and what comes next, in `lang`.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn reminders(state: State<'_, AppState>, lang: String) -> Result<AgendaView> {
    agenda_view(&state, &lang).await
}

/// The owner has dealt with a due reminder: it leaves the banner, also on the next launch.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn dismiss_reminder(
    state: State<'_, AppState>,
    key: String,
    lang: String,
) -> Result<AgendaView> {
    let current = agenda_view(&state, &lang).await?;
    if !current.due.iter().any(|r| r.key == key) {
        return Err(Error::new(
            ErrorCode::InvalidInput,
            "only a reminder that is due can be dismissed",
        ));
    }
    {
        let signed = state.signed_in()?;
        signed.closure().await?.acknowledge(&key)?;
    }
    state.reminders.changed();
    agenda_view(&state, &lang).await
}

/// Starts the notifications for the signed-in organization; `banner` hears when to redraw.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn watch_reminders<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    lang: String,
    banner: Channel<()>,
) -> Result<AgendaView> {
    let view = agenda_view(&state, &lang).await?;
    state.reminders.start(&app, view.now, banner);
    Ok(view)
}

async fn agenda_view(state: &AppState, lang: &str) -> Result<AgendaView> {
    let now = now(state);
    let lang = Lang::from_tag(lang);
    state.reminders.set_lang(lang);
    let signed = state.signed_in()?;
    let session = signed.closure().await?;
    Ok(AgendaView::new(
        &agenda_for(session.journal(), lang, now),
        now,
    ))
}
