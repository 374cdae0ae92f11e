//! What Azure Resource Manager holds for the practice organization: Azure subscriptions and
//! their lifecycle, and who has elevated access ("Access management for Azure resources").
//!
//! Lifecycle as Microsoft documents it (Entra "Delete a tenant", "Cancel your Azure
//! subscription"): an active subscription is `Enabled` (or `Warned`/`PastDue` when a payment
//! is late); cancelling makes it `Disabled`; a free trial or pay-as-you-go subscription can be
//! deleted 3 days after cancelling, any other 7 days after; deleting makes it `Deleted`. Both an
//! active and a cancelled-but-not-deleted subscription block the tenant's deletion.

use crate::state::ids::Ids;
use crate::state::Tenant;
use time::{Duration, OffsetDateTime};

/// The built-in "User Access Administrator" role definition (the same id in every tenant).
pub const USER_ACCESS_ADMINISTRATOR: &str = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    PayAsYouGo,
    FreeTrial,
}

impl Offer {
    /// `subscriptionPolicies.quotaId` as ARM shows it.
    pub fn quota_id(self) -> &'static str {
        match self {
            Offer::PayAsYouGo => "PayAsYouGo_2014-09-01",
            Offer::FreeTrial => "FreeTrial_2014-09-01",
        }
    }

    /// Days after cancelling before the subscription can be deleted (other offers than these
    /// two wait 7 days; the practice tenant has none of them).
    pub fn delete_after_days(self) -> i64 {
        match self {
            Offer::PayAsYouGo | Offer::FreeTrial => 3,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AzureSubscription {
    pub id: String,
    pub display_name: String,
    pub offer: Offer,
    /// `Warned` or `PastDue` instead of `Enabled` while active (a late payment).
    pub payment_late: Option<&'static str>,
    /// The user holding the Owner role on it: the only one who sees it without elevation.
    pub owner: Option<String>,
    pub cancelled: Option<OffsetDateTime>,
    pub deleted: Option<OffsetDateTime>,
}

impl AzureSubscription {
    /// ARM's `state`: Enabled, Warned, PastDue, Disabled or Deleted.
    pub fn state(&self) -> &'static str {
        match (self.deleted, self.cancelled) {
            (Some(_), _) => "Deleted",
            (None, Some(_)) => "Disabled",
            (None, None) => self.payment_late.unwrap_or("Enabled"),
        }
    }

    /// When deleting becomes possible (after a cancel), if it is not yet deleted.
    pub fn deletable_from(&self) -> Option<OffsetDateTime> {
        match (self.deleted, self.cancelled) {
            (None, Some(at)) => Some(at + Duration::days(self.offer.delete_after_days())),
            _ => None,
        }
    }

    pub fn blocks_tenant_deletion(&self) -> bool {
        self.deleted.is_none()
    }
}

/// A User Access Administrator assignment at root scope made by `elevateAccess`.
#[derive(Debug, Clone)]
pub struct Elevation {
    /// The role assignment's `name` (a GUID).
    pub name: String,
    pub principal: String,
    pub created: OffsetDateTime,
}

#[derive(Debug, Clone, Default)]
pub struct Azure {
    pub subscriptions: Vec<AzureSubscription>,
    pub elevations: Vec<Elevation>,
}

impl Azure {
    pub fn is_elevated(&self, user_id: &str) -> bool {
        self.elevations.iter().any(|e| e.principal == user_id)
    }

    /// The subscriptions `user_id` can see: their own, or all of them once elevated.
    pub fn visible_to<'a>(
        &'a self,
        user_id: &'a str,
    ) -> impl Iterator<Item = &'a AzureSubscription> {
        let all = self.is_elevated(user_id);
        self.subscriptions
            .iter()
            .filter(move |s| all || s.owner.as_deref() == Some(user_id))
    }
}

/// The Azure side of a scenario. The agency and the tangled company each have a pay-as-you-go
/// subscription a former colleague set up, so the Global Administrator does not see it until
/// elevating access (the case Microsoft's elevate-access article names first). The tangled
/// company has three, more than one page of ARM's list (`PAGE`), so `nextLink` is followed.
pub fn seed(scenario: &str, tenant: &Tenant, ids: &mut Ids) -> Azure {
    let subscriptions: &[(&str, Offer)] = match scenario {
        "agency" => &[("Agency website (pay-as-you-go)", Offer::PayAsYouGo)],
        "tangled" => &[
            ("Azure subscription 1", Offer::FreeTrial),
            ("Bike fitting app (pay-as-you-go)", Offer::PayAsYouGo),
            ("Shop website (pay-as-you-go)", Offer::PayAsYouGo),
        ],
        _ => return Azure::default(),
    };
    let owner = tenant
        .users
        .keys()
        .find(|id| **id != tenant.signed_in_user)
        .cloned();
    Azure {
        subscriptions: subscriptions
            .iter()
            .map(|(name, offer)| AzureSubscription {
                id: ids.guid(),
                display_name: (*name).into(),
                offer: *offer,
                payment_late: None,
                owner: owner.clone(),
                cancelled: None,
                deleted: None,
            })
            .collect(),
        elevations: Vec::new(),
    }
}
