//! "Back up": the checklist built from the organization's data, each item answered "saved" or
//! "not needed" (one by one, or for a whole person, kind or the rest in one command), and the
//! typed override; the answers live in the journal.

use crate::clock::now;
use crate::state::AppState;
use crate::views::SummaryView;
use closeout_core::backup::{self, texts, Checklist, Choice, Selection, Standing};
use closeout_core::{Error, ErrorCode, Result};
use serde::Serialize;
use tauri::State;

/// One item as the page shows it, in the owner's language.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    pub id: String,
    pub kind: backup::ItemKind,
    pub title: String,
    pub steps: Vec<String>,
    pub bytes: Option<u64>,
    pub help_url: String,
    pub admin_url: Option<String>,
    pub answer: Option<backup::Answer>,
    /// The person the page groups it under ([`backup::ChecklistItem::person`]) and their name
    /// as shown ("hidden person 3" when Microsoft conceals it); `None` for the organization's.
    pub person: Option<String>,
    pub person_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupView {
    pub items: Vec<ItemView>,
    pub summary: SummaryView,
    pub names_concealed: bool,
    pub overridden: bool,
    /// Done, open, or skipped by whom and when (never "done" after the typed unlock).
    pub standing: Standing,
}

/// The checklist as the page shows it (also after a backup run settled some of it).
pub fn checklist_view(checklist: &Checklist, tag: &str) -> BackupView {
    let items = checklist
        .items
        .iter()
        .map(|item| {
            let lang = texts::Lang::from_tag(tag);
            let (title, steps) = texts::render(item, lang);
            let person_name = item.person().map(|_| match item.params.get("name") {
                Some(name) => name.clone(),
                None => {
                    let number = item.params.get("hidden_number");
                    texts::hidden_person(number.and_then(|n| n.parse().ok()).unwrap_or(0), lang)
                }
            });
            ItemView {
                id: item.id.clone(),
                kind: item.kind,
                title,
                steps,
                bytes: item.bytes,
                help_url: item.help_url.clone(),
                admin_url: item.admin_url.clone(),
                answer: item.answer.clone(),
                person: item.person().map(str::to_string),
                person_name,
            }
        })
        .collect();
    BackupView {
        items,
        summary: checklist.summary().into(),
        names_concealed: checklist.names_concealed,
        overridden: checklist.lock_override.is_some(),
        standing: checklist.standing(),
    }
}

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
