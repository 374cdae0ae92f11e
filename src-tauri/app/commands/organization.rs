//! "Your organization": the snapshot, the findings (blockers first) and the timeline.

use crate::clock::now;
use crate::state::{not_signed_in, AppState};
use closeout_core::closure::{checks::checks, Finding, Inventory, Severity};
use closeout_core::journal::Timeline;
use closeout_core::Result;
use serde::Serialize;
use tauri::State;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationView {
    pub inventory: Inventory,
    /// Blockers first, then warnings.
    pub findings: Vec<Finding>,
    pub timeline: Timeline,
}

/// A fresh look at the organization.
#[tauri::command]
pub async fn organization(state: State<'_, AppState>) -> Result<OrganizationView> {
    let now = now(&state);
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
