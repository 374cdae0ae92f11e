//! Subscriptions and their lifecycle: Active > Expired > Disabled > Deleted (deprovisioned).
//!
//! One record feeds both `/subscribedSkus` and `/directory/subscriptions`, so the two views
//! can never disagree. Durations follow Microsoft's defaults: Expired 30 days, Disabled 90
//! days (trials 30/30), and a deleted subscription is deprovisioned 72 hours later.

use time::{Duration, OffsetDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LifeState {
    Active,
    Expired,
    Disabled,
    /// Deprovisioned: data gone, no longer blocks tenant deletion.
    Deleted,
}

impl LifeState {
    /// The admin center's word for the state.
    pub fn label(self) -> &'static str {
        match self {
            LifeState::Active => "Active",
            LifeState::Expired => "Expired",
            LifeState::Disabled => "Disabled",
            LifeState::Deleted => "Deprovisioned",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Direct,
    /// Bought through a partner: the partner's tenant, its name as the admin center shows it,
    /// and the object id of the partner's account admin (`ownerId`).
    Partner {
        tenant_id: String,
        name: String,
        admin_id: String,
    },
    /// A self-service purchase: a person in the organization bought it with their own card
    /// ("Manage self-service purchases (Admin)"). Only the buyer can cancel it, unless an
    /// admin takes control of it first. `buyer_id` is the buyer's user object id.
    SelfServicePurchase {
        buyer_id: String,
    },
    /// A free self-service sign-up product (viral sign-up, "Microsoft Fabric (Free)"): a person signed
    /// up for themselves. Admins delete it (Entra: Licenses > Self-service sign-up products);
    /// it is never cancelled, and it blocks deleting the tenant until it is deleted.
    SelfServiceSignUp {
        user_id: String,
    },
}

impl Owner {
    /// The admin center's "Account type" filter word for a subscription bought this way.
    pub fn account_type(&self) -> &'static str {
        match self {
            Owner::Direct | Owner::Partner { .. } => "Organization",
            Owner::SelfServicePurchase { .. } => "Self-service",
            Owner::SelfServiceSignUp { .. } => "Free",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Subscription {
    pub id: String,
    pub commerce_id: String,
    pub sku_id: &'static str,
    pub sku_part: &'static str,
    pub product_name: &'static str,
    pub service_plans: &'static [(&'static str, &'static str)],
    pub total_licenses: u32,
    pub is_trial: bool,
    pub annual: bool,
    pub recurring_billing: bool,
    pub created: OffsetDateTime,
    pub state: LifeState,
    pub next_lifecycle: Option<OffsetDateTime>,
    pub cancelled_by_customer: bool,
    pub marked_for_deletion: bool,
    pub owner: Owner,
}

pub const DEPROVISION_AFTER_DELETE: Duration = Duration::hours(72);

impl Subscription {
    fn expired_days(&self) -> i64 {
        30
    }

    fn disabled_days(&self) -> i64 {
        if self.is_trial {
            30
        } else {
            90
        }
    }

    fn term(&self) -> Duration {
        if self.annual {
            Duration::days(365)
        } else {
            Duration::days(30)
        }
    }

    /// Applies every transition whose date has passed.
    pub fn tick(&mut self, now: OffsetDateTime) {
        while let Some(at) = self.next_lifecycle.filter(|at| *at <= now) {
            match self.state {
                LifeState::Active if self.recurring_billing && !self.is_trial => {
                    self.next_lifecycle = Some(at + self.term());
                }
                LifeState::Active => {
                    self.state = LifeState::Expired;
                    self.next_lifecycle = Some(at + Duration::days(self.expired_days()));
                }
                LifeState::Expired => {
                    self.state = LifeState::Disabled;
                    self.next_lifecycle = Some(at + Duration::days(self.disabled_days()));
                }
                LifeState::Disabled | LifeState::Deleted => {
                    self.state = LifeState::Deleted;
                    self.next_lifecycle = None;
                }
            }
        }
    }

    /// "Cancel now" in the admin center: straight to Disabled (admins keep read access).
    pub fn cancel(&mut self, now: OffsetDateTime) {
        self.state = LifeState::Disabled;
        self.cancelled_by_customer = true;
        self.recurring_billing = false;
        self.next_lifecycle = Some(now + Duration::days(self.disabled_days()));
    }

    /// "Delete subscription" on a disabled one: deprovisioned 72 hours later.
    pub fn delete(&mut self, now: OffsetDateTime) {
        self.marked_for_deletion = true;
        self.next_lifecycle = Some(now + DEPROVISION_AFTER_DELETE);
    }

    /// Graph's status word (`companySubscription.status`, `subscribedSku.capabilityStatus`).
    pub fn graph_status(&self) -> &'static str {
        match self.state {
            LifeState::Active => "Enabled",
            LifeState::Expired => "Warning",
            LifeState::Disabled if self.cancelled_by_customer => "LockedOut",
            LifeState::Disabled => "Suspended",
            LifeState::Deleted => "Deleted",
        }
    }

    pub fn is_deprovisioned(&self) -> bool {
        self.state == LifeState::Deleted
    }

    pub fn is_sign_up(&self) -> bool {
        matches!(self.owner, Owner::SelfServiceSignUp { .. })
    }

    /// Straight to Deleted: what Microsoft documents for deleting a self-service sign-up
    /// product ("immediate and irrevocable") and for an admin cancelling a self-service
    /// purchase after taking control of it ("Subscription status shows as Deleted").
    pub fn delete_at_once(&mut self) {
        self.state = LifeState::Deleted;
        self.recurring_billing = false;
        self.cancelled_by_customer = true;
        self.next_lifecycle = None;
    }
}

/// SKU catalogue entries the scenarios use: (skuId, skuPartNumber, product name, service plans).
pub struct Sku {
    pub id: &'static str,
    pub part: &'static str,
    pub name: &'static str,
    pub plans: &'static [(&'static str, &'static str)],
}

const EXCHANGE_S_STANDARD: (&str, &str) = (
    "9aaf7827-d63c-4b61-89c3-182f06f82e5c",
    "EXCHANGE_S_STANDARD",
);
const SHAREPOINTSTANDARD: (&str, &str) =
    ("c7699d2e-19aa-44de-8edf-1736da088ca1", "SHAREPOINTSTANDARD");
const TEAMS1: (&str, &str) = ("57ff2da0-773e-42df-b2af-ffb7a2317929", "TEAMS1");
const BI_AZURE_P2: (&str, &str) = ("70d33638-9c74-4d01-bfd3-562de28bd4ba", "BI_AZURE_P2");
const BI_AZURE_P0: (&str, &str) = ("2049e525-b859-401b-b2a0-e0a31c4b1fe4", "BI_AZURE_P0");
/// Microsoft Entra ID P1, the plan conditional access needs (in Business Premium).
pub const AAD_PREMIUM: (&str, &str) = ("41781fb2-bc02-4b7c-bd55-b576c07bb09d", "AAD_PREMIUM");
const EXCHANGE_S_FOUNDATION: (&str, &str) = (
    "113feb6c-3fe4-4440-bddc-54d774bf0318",
    "EXCHANGE_S_FOUNDATION",
);
/// Exchange, SharePoint and Teams: the service plans every Microsoft 365 Business plan has.
const BUSINESS_PLANS: &[(&str, &str)] = &[EXCHANGE_S_STANDARD, SHAREPOINTSTANDARD, TEAMS1];

pub const BUSINESS_STANDARD: Sku = Sku {
    id: "f245ecc8-75af-4f8e-b61f-27d8114de5f3",
    part: "O365_BUSINESS_PREMIUM",
    name: "Microsoft 365 Business Standard",
    plans: BUSINESS_PLANS,
};
pub const BUSINESS_BASIC: Sku = Sku {
    id: "3b555118-da6a-4418-894f-7df1e2096870",
    part: "O365_BUSINESS_ESSENTIALS",
    name: "Microsoft 365 Business Basic",
    plans: BUSINESS_PLANS,
};
pub const BUSINESS_PREMIUM: Sku = Sku {
    id: "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46",
    part: "SPB",
    name: "Microsoft 365 Business Premium",
    plans: &[EXCHANGE_S_STANDARD, SHAREPOINTSTANDARD, TEAMS1, AAD_PREMIUM],
};
pub const EXCHANGE_PLAN1: Sku = Sku {
    id: "4b9405b0-7788-4568-add1-99614e613b69",
    part: "EXCHANGESTANDARD",
    name: "Exchange Online (Plan 1)",
    plans: &[EXCHANGE_S_STANDARD],
};
pub const POWER_BI_PRO: Sku = Sku {
    id: "f8a1db68-be16-40ed-86d5-cb42ce701560",
    part: "POWER_BI_PRO",
    name: "Power BI Pro",
    plans: &[BI_AZURE_P2],
};
/// Self-service sign-up: "Microsoft Fabric (Free)", as Microsoft's licensing reference names
/// it since 2025 (its service plan is still "Power BI (free)").
pub const POWER_BI_FREE: Sku = Sku {
    id: "a403ebcc-fae0-4ca2-8c8c-7a907fd6c235",
    part: "POWER_BI_STANDARD",
    name: "Microsoft Fabric (Free)",
    plans: &[EXCHANGE_S_FOUNDATION, BI_AZURE_P0],
};

/// INFERENCE: the unit count a free sign-up product shows (Microsoft does not document it;
/// tenants report a very large `prepaidUnits.enabled`, so that anyone may sign up).
pub const SIGN_UP_UNITS: u32 = 1_000_000;
