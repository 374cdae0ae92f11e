//! "Back up": the checklist built from the organization's data, each item answered "saved" or
//! "not needed" (one by one, or for a whole person, kind or the rest in one command), and the
//! typed override; the answers live in the journal.

use crate::clock::now;
use crate::state::AppState;
use crate::views::{checklist_view, BackupView};
use closeout_core::backup::{self, Checklist, Choice, Selection};
use closeout_core::{Error, ErrorCode, Result};
use tauri::State;

/// The checklist, built from Microsoft's usage reports the first time.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn backup_checklist(state: State<'_, AppState>, lang: String) -> Result<BackupView> {
    let now = now(&state);
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    if session.journal().backup.built_at.is_none() {
        let directory = session.inventory().await?;
        let base = session.client().base_url().to_owned();
        let own_app_id = Some(signed.own_app_id.as_str());
        let data = backup::gather(&base, &signed.auth, &directory, own_app_id).await?;
        session.set_backup(Checklist::build(&data, now))?;
    }
    Ok(checklist_view(&session.journal().backup, &lang))
}

/// Marks one item "saved" or "not needed" (`choice`), recorded with who and when.
#[tauri::command]
#[tracing::instrument(skip_all, fields(choice = ?choice), err(level = "warn", Display))]
pub async fn answer_backup_item(
    state: State<'_, AppState>,
    id: String,
    choice: Choice,
    lang: String,
) -> Result<BackupView> {
    update(&state, &lang, |checklist, by, now| {
        checklist.answer(&id, choice, by, now)
    })
    .await
}

/// Answers every open item of a person, of a kind, or all of them (`selection`) in one
/// change of the journal; answers given before stay.
#[tauri::command]
#[tracing::instrument(skip_all, fields(choice = ?choice), err(level = "warn", Display))]
pub async fn answer_backup_items(
    state: State<'_, AppState>,
    selection: Selection,
    choice: Choice,
    lang: String,
) -> Result<BackupView> {
    update(&state, &lang, |checklist, by, now| {
        let answered = checklist.answer_many(&selection, choice, by, now)?;
        tracing::info!(answered, "backup items answered");
        Ok(())
    })
    .await
}

/// Goes on with items still open, after the owner typed the organization's name.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn override_backup(
    state: State<'_, AppState>,
    typed: String,
    lang: String,
) -> Result<BackupView> {
    let org = state.signed_in()?.closure().await?.org_name().to_owned();
    update(&state, &lang, |checklist, by, now| {
        checklist.override_lock(&typed, &org, by, now)
    })
    .await
}

async fn update(
    state: &AppState,
    lang: &str,
    change: impl FnOnce(&mut Checklist, &str, time::OffsetDateTime) -> Result<()>,
) -> Result<BackupView> {
    let now = now(state);
    let signed = state.signed_in()?;
    let by = &signed.identity.user_principal_name;
    let mut session = signed.closure().await?;
    let mut checklist = session.journal().backup.clone();
    if checklist.built_at.is_none() {
        return Err(Error::new(
            ErrorCode::StepNotReady,
            "the backup checklist is not built yet",
        ));
    }
    change(&mut checklist, by, now)?;
    session.set_backup(checklist)?;
    state.reminders.changed();
    Ok(checklist_view(&session.journal().backup, lang))
}
