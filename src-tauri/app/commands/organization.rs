//! "Your organization": the snapshot, the findings (blockers first) and the timeline.

use crate::state::{not_signed_in, AppState};
use closeout_core::closure::{checks::checks, Finding, Inventory, Severity};
use closeout_core::journal::Timeline;
use closeout_core::Result;
use serde::Serialize;
use tauri::State;
use time::OffsetDateTime;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationView {
    pub inventory: Inventory,
    /// Blockers first, then warnings.
    pub findings: Vec<Finding>,
    pub timeline: Timeline,
}

/// "Now" for dates: the practice clock while practising, else the real one.
pub async fn now(state: &AppState) -> OffsetDateTime {
    match state.practice.lock().await.as_ref() {
        Some(practice) => practice.now(),
        None => OffsetDateTime::now_utc(),
    }
}

/// A fresh look at the organization.
#[tauri::command]
pub async fn organization(state: State<'_, AppState>) -> Result<OrganizationView> {
    let now = now(&state).await;
    let own_app_id = state.own_app_id.lock().unwrap().clone().unwrap_or_default();
    let mut slot = state.closure.lock().await;
    let session = slot.as_mut().ok_or_else(not_signed_in)?;
    let inventory = session.inventory().await?;
    state.reminders.changed();
    let mut findings = checks(&inventory, &own_app_id);
    findings.sort_by_key(|f| f.severity != Severity::Blocker);
    Ok(OrganizationView {
        inventory,
        findings,
        timeline: session.timeline(now),
    })
}
