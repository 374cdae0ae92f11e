//! Azure: the subscriptions Microsoft Graph cannot see, which block deleting the directory
//! while they are active or cancelled-but-not-deleted (Entra "Delete a tenant").
//!
//! ```ignore
//! // The owner pressed "Check for Azure subscriptions" and agreed to the consent:
//! let arm_session = auth::azure_session(&config, &graph_session, &options, open).await?;
//! let arm = ArmClient::new(MICROSOFT_ARM, Arc::new(arm_session))?;   // or sim.arm_url()
//! let findings = closure_session.check_azure(&arm, elevate_if_owner_agreed).await?;
//! ```
//!
//! [`check`] elevates access on the owner's yes (User Access Administrator at `/`, since a
//! Global Administrator may not see subscriptions someone else made), lists the
//! subscriptions, and, once none is left that blocks, removes the elevation Closeout made.
//! Both are journal actions (with Microsoft's request ids), so the report shows them and a
//! restart knows the elevation is still to be removed. [`findings`] turns the result into
//! `azure_not_checked`, `azure_access_not_elevated` and `azure_subscriptions`.

mod client;
mod elevation;
pub mod findings;
mod origin;
mod subscriptions;

pub use client::{ArmClient, ArmReply};
pub use elevation::USER_ACCESS_ADMINISTRATOR;
pub use origin::MICROSOFT_ARM;
pub use subscriptions::{AzureSubscription, SubscriptionState, SUBSCRIPTIONS_API};

use crate::closure::StepId;
use crate::journal::{JournalRecord, Outcome};
use crate::Result;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Journal keys of the two Azure actions (the admin's object id follows).
pub const ELEVATE_KEY: &str = "azure:elevate_access:";
pub const REMOVE_KEY: &str = "azure:remove_elevated_access:";

/// Where the owner's Azure access stands after a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Elevation {
    /// Not elevated: subscriptions someone else made may be hidden.
    NotElevated,
    /// The owner had elevated access before Closeout: left as it is.
    AlreadyElevated,
    /// Closeout elevated it on the owner's yes; removed once no subscription blocks.
    ByCloseout,
    /// Closeout removed the elevation it made.
    Removed,
}

impl Elevation {
    pub fn as_str(self) -> &'static str {
        match self {
            Elevation::NotElevated => "not_elevated",
            Elevation::AlreadyElevated => "already_elevated",
            Elevation::ByCloseout => "by_closeout",
            Elevation::Removed => "removed",
        }
    }

    /// Whether the list could show every subscription of the organization.
    pub fn sees_all(self) -> bool {
        self != Elevation::NotElevated
    }
}

/// One Azure check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AzureReport {
    #[serde(with = "time::serde::rfc3339")]
    pub checked_at: OffsetDateTime,
    /// This organization's subscriptions, deleted ones included.
    pub subscriptions: Vec<AzureSubscription>,
    pub elevation: Elevation,
}

impl AzureReport {
    pub fn blocking(&self) -> impl Iterator<Item = &AzureSubscription> {
        self.subscriptions.iter().filter(|s| s.state.blocks())
    }
}

/// Checks Azure for the organization `tenant` as the admin `me` (object id): elevates first
/// when `elevate` (the owner agreed) and nobody has yet, lists, and removes Closeout's own
/// elevation once no subscription blocks. Journal actions are written into `record`.
pub async fn check(
    arm: &ArmClient,
    tenant: &str,
    me: &str,
    elevate: bool,
    record: &mut JournalRecord,
) -> Result<AzureReport> {
    let elevate_key = format!("{ELEVATE_KEY}{me}");
    let remove_key = format!("{REMOVE_KEY}{me}");
    let had_before = !elevation::root_assignments(arm, me).await?.is_empty();
    let removed_before = record.is_done(&remove_key);
    if elevate && !had_before && !removed_before {
        record.intend(
            StepId::Directory,
            &[(
                elevate_key.clone(),
                "Turn on access management for Azure resources (User Access Administrator at /) to see every Azure subscription".into(),
            )],
        );
        let reply = elevation::elevate(arm).await;
        record.record(&elevate_key, outcome(&reply));
        reply?;
    }
    let subscriptions: Vec<AzureSubscription> = arm
        .get_all(&format!("/subscriptions?api-version={SUBSCRIPTIONS_API}"))
        .await?
        .iter()
        .filter_map(AzureSubscription::from_json)
        .filter(|s| s.belongs_to(tenant))
        .collect();
    let ours = record.is_done(&elevate_key) && !record.is_done(&remove_key);
    let mut report = AzureReport {
        checked_at: OffsetDateTime::now_utc(),
        subscriptions,
        elevation: match (ours, removed_before, had_before) {
            (true, _, _) => Elevation::ByCloseout,
            (_, true, _) => Elevation::Removed,
            (_, _, true) => Elevation::AlreadyElevated,
            _ => Elevation::NotElevated,
        },
    };
    if ours && report.blocking().next().is_none() {
        record.intend(
            StepId::Directory,
            &[(
                remove_key.clone(),
                "Turn access management for Azure resources off again (no Azure subscription is left)".into(),
            )],
        );
        let replies = elevation::remove(arm, me).await;
        let last = match &replies {
            Ok(all) => Ok(all.last().cloned().unwrap_or(ArmReply {
                status: 204,
                body: serde_json::Value::Null,
                request_id: None,
            })),
            Err(e) => Err(e.clone()),
        };
        record.record(&remove_key, outcome(&last));
        replies?;
        report.elevation = Elevation::Removed;
    }
    if report.blocking().next().is_none() && report.elevation.sees_all() {
        record.acknowledge(findings::AZURE_CLEAR);
    }
    Ok(report)
}

/// Microsoft's Azure portal.
pub const AZURE_PORTAL: &str = "https://portal.azure.com";

/// The page where the owner cancels, then deletes, one subscription: its Overview in the
/// Azure portal, in the organization's own directory (`#@{tenant}`, so the portal cannot be
/// showing another directory); in practice, the practice Azure portal's Subscriptions page.
pub fn subscription_page(practice_portal: Option<&str>, tenant: &str, id: &str) -> String {
    match practice_portal {
        Some(portal) => format!("{}/azure/subscriptions", portal.trim_end_matches('/')),
        None => format!("{AZURE_PORTAL}/#@{tenant}/resource/subscriptions/{id}/overview"),
    }
}

fn outcome(reply: &Result<ArmReply>) -> Outcome {
    match reply {
        Ok(r) => Outcome {
            at: OffsetDateTime::now_utc(),
            ok: true,
            status: Some(r.status),
            request_id: r.request_id.clone(),
            note: None,
        },
        Err(e) => {
            let detail = |k: &str| e.details.as_ref().and_then(|d| d.get(k).cloned());
            Outcome {
                at: OffsetDateTime::now_utc(),
                ok: false,
                status: detail("status").and_then(|s| s.as_u64()).map(|s| s as u16),
                request_id: detail("requestId").and_then(|r| r.as_str().map(str::to_owned)),
                note: Some(e.code.as_str().to_owned()),
            }
        }
    }
}
