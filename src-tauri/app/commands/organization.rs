//! "Your organization": the snapshot, the findings (blockers first) and the timeline.

use crate::clock::now;
use crate::state::AppState;
use crate::views::{FindingView, InventoryView};
use closeout_core::backup::Standing;
use closeout_core::journal::Timeline;
use closeout_core::Result;
use serde::Serialize;
use tauri::State;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationView {
    pub inventory: InventoryView,
    /// Blockers first, then warnings.
    pub findings: Vec<FindingView>,
    pub timeline: Timeline,
    /// Where the backup stands: "Skipped by <name> on <date>" is shown, never "Done".
    pub backup: Standing,
}

/// A fresh look at the organization.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn organization(state: State<'_, AppState>) -> Result<OrganizationView> {
    let now = now(&state);
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    let inventory = session.inventory().await?;
    state.reminders.changed();
    let findings = session.findings(&inventory);
    Ok(OrganizationView {
        inventory: inventory.into(),
        findings: findings.into_iter().map(Into::into).collect(),
        timeline: session.timeline(now),
        backup: session.journal().backup.standing(),
    })
}
