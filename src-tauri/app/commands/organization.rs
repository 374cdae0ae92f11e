//! "Your organization": the snapshot, the findings (blockers first) and the timeline.

use crate::state::AppState;
use crate::views::{FindingView, InventoryView};
use closeout_core::closure::{checks::checks, Severity};
use closeout_core::journal::Timeline;
use closeout_core::Result;
use serde::Serialize;
use tauri::State;
use time::OffsetDateTime;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrganizationView {
    pub inventory: InventoryView,
    /// Blockers first, then warnings.
    pub findings: Vec<FindingView>,
    pub timeline: Timeline,
}

/// "Now" for dates, at the owner's offset from UTC (so whole days are theirs): the practice
/// clock while practising, else the real one.
pub async fn now(state: &AppState) -> OffsetDateTime {
    let now = match state.practice.lock().await.as_ref() {
        Some(practice) => practice.now(),
        None => OffsetDateTime::now_utc(),
    };
    now.to_offset(state.startup.local_offset.unwrap_or(time::UtcOffset::UTC))
}

/// A fresh look at the organization.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn organization(state: State<'_, AppState>) -> Result<OrganizationView> {
    let now = now(&state).await;
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    let inventory = session.inventory().await?;
    state.reminders.changed();
    let mut findings = checks(&inventory, &signed.own_app_id);
    findings.sort_by_key(|f| f.severity != Severity::Blocker);
    Ok(OrganizationView {
        inventory: inventory.into(),
        findings: findings.into_iter().map(Into::into).collect(),
        timeline: session.timeline(now),
    })
}
