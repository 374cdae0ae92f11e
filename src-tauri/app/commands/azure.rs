//! "Check for Azure subscriptions" on Your organization: the consent to the Azure Resource
//! Manager audience (silent when given before, else Microsoft's consent page in the browser),
//! the elevation on the owner's yes, the subscriptions with the Azure portal page for each,
//! and the Azure findings. The decisions are the core's (`closeout_core::azure`).

use crate::links;
use crate::paths::data_dir;
use crate::state::AppState;
use crate::target::{self, Target};
use crate::views::FindingView;
use closeout_core::auth::{self, BrowserOptions, Lang};
use closeout_core::azure::{self, ArmClient, MICROSOFT_ARM};
use closeout_core::Result;
use serde::Serialize;
use std::sync::Arc;
use tauri::{AppHandle, Runtime, State};

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AzureSubscriptionView {
    pub id: String,
    /// The display name, or the id when Azure sent none.
    pub name: String,
    /// ARM's state: Enabled, Warned, PastDue, Disabled, Deleted (or a newer one, as sent).
    pub state: String,
    pub blocks: bool,
    /// Where the owner cancels, then deletes it.
    pub portal_url: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AzureView {
    pub subscriptions: Vec<AzureSubscriptionView>,
    /// not_elevated, already_elevated, by_closeout or removed.
    pub elevation: &'static str,
    /// The Azure findings (blockers first); the organization page shows them with the rest.
    pub findings: Vec<FindingView>,
    /// What to match on Microsoft's page: the organization's tenant id.
    pub tenant_id: String,
}

/// Checks Azure. `elevate`: the owner agreed to turn on access management for Azure
/// resources (removed again by Closeout once no subscription is left).
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn check_azure<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    elevate: bool,
    lang: String,
) -> Result<AzureView> {
    let signed = state.signed_in()?;
    let (service, _) = target::prepare(signed.target, &state, &data_dir(&app)?).await?;
    let practice_portal = match signed.target {
        Target::Practice => state
            .practice
            .lock()
            .await
            .as_ref()
            .map(|p| (p.sim.portal_url(), p.sim.arm_url())),
        Target::Organization => None,
    };
    let arm_base = practice_portal
        .as_ref()
        .map(|(_, arm)| arm.clone())
        .or_else(|| std::env::var("CLOSEOUT_ARM_URL").ok())
        .unwrap_or_else(|| MICROSOFT_ARM.to_owned());
    let options = BrowserOptions {
        lang: Lang::from_tag(&lang),
        login_hint: Some(signed.identity.user_principal_name.clone()),
        ..Default::default()
    };
    let trusted = links::trusted_origins(state.practice_origin());
    let arm_session = auth::azure_session(service.config(), &signed.auth, &options, |url| {
        links::open(&app, &links::check(url, &trusted)?)
    })
    .await?;
    let arm = ArmClient::new(&arm_base, Arc::new(arm_session))?;
    let mut session = signed.closure().await?;
    let findings = session.check_azure(&arm, elevate).await?;
    state.reminders.changed();
    let tenant = session.tenant_id().to_owned();
    let report = session.azure().cloned();
    let portal = practice_portal.as_ref().map(|(p, _)| p.as_str());
    Ok(AzureView {
        subscriptions: report
            .iter()
            .flat_map(|r| r.subscriptions.iter())
            .map(|s| AzureSubscriptionView {
                id: s.subscription_id.clone(),
                name: s
                    .display_name
                    .clone()
                    .unwrap_or_else(|| s.subscription_id.clone()),
                state: s.state.as_str().to_owned(),
                blocks: s.state.blocks(),
                portal_url: azure::subscription_page(portal, &tenant, &s.subscription_id),
            })
            .collect(),
        elevation: report.map_or("not_elevated", |r| r.elevation.as_str()),
        findings: findings
            .into_iter()
            .filter(|f| azure::findings::is_azure(f.code))
            .map(Into::into)
            .collect(),
        tenant_id: tenant,
    })
}
