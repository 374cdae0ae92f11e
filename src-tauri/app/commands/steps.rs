//! The closure steps: what will change, do it (with progress and Cancel), and check it.

use crate::state::AppState;
use crate::views::{AppliedView, StepOptionsView, StepPlanView, VerificationView};
use closeout_core::closure::{CancelToken, Progress, StepId, StepOptions};
use closeout_core::Result;
use tauri::ipc::Channel;
use tauri::State;

/// The page's options for a step (camelCase), or the defaults.
fn step_options(given: Option<StepOptionsView>) -> StepOptions {
    given.map(Into::into).unwrap_or_default()
}

/// What the step will do, from a fresh look at the organization.
#[tauri::command]
#[tracing::instrument(skip_all, fields(step = %step), err(level = "warn", Display))]
pub async fn plan_step(
    state: State<'_, AppState>,
    step: StepId,
    options: Option<StepOptionsView>,
) -> Result<StepPlanView> {
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    let plan = session.plan(step, &step_options(options)).await?;
    Ok(plan.into())
}

/// Runs the step. `confirmation` is the organization's name as the owner typed it; progress
/// streams to the page through `progress`; `cancel_step` stops it between batches.
#[tauri::command]
#[tracing::instrument(skip_all, fields(step = %step), err(level = "warn", Display))]
pub async fn apply_step(
    state: State<'_, AppState>,
    step: StepId,
    options: Option<StepOptionsView>,
    confirmation: Option<String>,
    progress: Channel<Progress>,
) -> Result<AppliedView> {
    let cancel = CancelToken::default();
    *state.step_cancel.lock().unwrap() = Some(cancel.clone());
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    tracing::info!(step = %step, "applying a step");
    let applied = session
        .apply(
            step,
            &step_options(options),
            confirmation.as_deref(),
            |p| {
                let _ = progress.send(p);
            },
            &cancel,
        )
        .await;
    state.step_cancel.lock().unwrap().take();
    state.reminders.changed();
    applied.map(Into::into)
}

/// The Cancel button while a step runs: it stops after the batch in flight.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn cancel_step(state: State<'_, AppState>) {
    if let Some(cancel) = state.step_cancel.lock().unwrap().as_ref() {
        cancel.cancel();
    }
}

/// Where one step stands, read from Microsoft.
#[tauri::command]
#[tracing::instrument(skip_all, fields(step = %step), err(level = "warn", Display))]
pub async fn verify_step(state: State<'_, AppState>, step: StepId) -> Result<VerificationView> {
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    let verified = session.verify(step).await;
    state.reminders.changed();
    verified.map(Into::into)
}

/// Where every step stands (the step rail).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn step_status(state: State<'_, AppState>) -> Result<Vec<VerificationView>> {
    let signed = state.signed_in()?;
    let mut session = signed.closure().await?;
    let status = session.status().await?;
    Ok(status.into_iter().map(Into::into).collect())
}
