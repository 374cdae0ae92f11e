//! Typed models of what the closure reads from Microsoft Graph, in Microsoft's JSON shapes
//! (camelCase on the wire, fact sheet section B). Unknown fields are ignored and missing
//! optional ones default, so a new Microsoft field never breaks the closure.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// The Global Administrator role's template id (the same in every tenant).
pub const GLOBAL_ADMIN_ROLE: &str = "62e90394-69f5-4237-9190-012177145e10";
/// The tenant that owns Microsoft's first-party applications: they cannot be deleted.
pub const MICROSOFT_SERVICES_TENANT: &str = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";
/// Microsoft's corporate tenant, which also owns some first-party apps.
pub const MICROSOFT_CORP_TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organization {
    /// The tenant id.
    pub id: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub verified_domains: Vec<VerifiedDomain>,
    #[serde(default)]
    pub on_premises_sync_enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedDomain {
    pub name: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub is_initial: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub user_principal_name: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub user_type: Option<String>,
    #[serde(default)]
    pub account_enabled: Option<bool>,
    #[serde(default)]
    pub on_premises_sync_enabled: Option<bool>,
}

impl User {
    /// "Anna Rossi (anna@bakery.example)", or the sign-in name alone.
    pub fn label(&self) -> String {
        match self.display_name.as_deref().filter(|n| !n.is_empty()) {
            Some(name) => format!("{name} ({})", self.user_principal_name),
            None => self.user_principal_name.clone(),
        }
    }
}

/// A user in the deleted-items container (restorable for 30 days).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeletedUser {
    pub id: String,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub deleted_date_time: Option<OffsetDateTime>,
}

/// An item of `/me/memberOf`: a directory role, a group...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryObject {
    pub id: String,
    #[serde(rename = "@odata.type", default)]
    pub odata_type: Option<String>,
    #[serde(rename = "roleTemplateId", default)]
    pub role_template_id: Option<String>,
    #[serde(rename = "displayName", default)]
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Domain {
    /// The domain name itself.
    pub id: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub is_initial: bool,
    #[serde(default)]
    pub is_verified: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribedSku {
    pub id: String,
    #[serde(default)]
    pub sku_id: String,
    #[serde(default)]
    pub sku_part_number: String,
    #[serde(default)]
    pub capability_status: String,
    #[serde(default)]
    pub consumed_units: u32,
}

/// A subscription as `/directory/subscriptions` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanySubscription {
    pub id: String,
    #[serde(default)]
    pub commerce_subscription_id: Option<String>,
    #[serde(default)]
    pub sku_id: String,
    #[serde(default)]
    pub sku_part_number: String,
    /// `Enabled`, `Warning`, `Suspended`, `LockedOut` or `Deleted`.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub is_trial: bool,
    #[serde(default)]
    pub total_licenses: u32,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_date_time: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub next_lifecycle_date_time: Option<OffsetDateTime>,
    /// The partner tenant that sold it, when bought through a partner.
    #[serde(default)]
    pub owner_tenant_id: Option<String>,
    #[serde(default)]
    pub owner_type: Option<String>,
}

impl CompanySubscription {
    /// The name the owner knows it by ("Microsoft 365 Business Standard"), not the part number.
    pub fn product_name(&self) -> &str {
        super::products::product_name(&self.sku_part_number)
    }

    /// Active or expired-in-grace: still needs cancelling (admin center "Active"/"Expired").
    pub fn is_active(&self) -> bool {
        matches!(self.status.as_str(), "Enabled" | "Warning")
    }

    /// Cancelled and disabled, not yet deleted (admin center "Disabled").
    pub fn is_disabled(&self) -> bool {
        matches!(self.status.as_str(), "Suspended" | "LockedOut")
    }

    pub fn is_deleted(&self) -> bool {
        self.status == "Deleted"
    }

    /// Sold by a partner (another tenant owns it): only the partner can cancel it.
    pub fn is_from_partner(&self, tenant_id: &str) -> bool {
        let other_owner = self
            .owner_tenant_id
            .as_deref()
            .is_some_and(|owner| !owner.is_empty() && !owner.eq_ignore_ascii_case(tenant_id));
        other_owner || self.owner_type.as_deref() == Some("Partner")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityDefaults {
    #[serde(default)]
    pub is_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalAccessPolicy {
    pub id: String,
    #[serde(default)]
    pub display_name: String,
    /// `enabled`, `disabled` or `enabledForReportingButNotEnforced`.
    #[serde(default)]
    pub state: String,
}

/// An app registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub id: String,
    #[serde(default)]
    pub app_id: String,
    #[serde(default)]
    pub display_name: String,
}

/// An enterprise app (service principal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    pub id: String,
    #[serde(default)]
    pub app_id: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub app_owner_organization_id: Option<String>,
    #[serde(default)]
    pub service_principal_type: Option<String>,
    #[serde(default)]
    pub account_enabled: Option<bool>,
}

impl ServicePrincipal {
    /// A Microsoft first-party app: the portal cannot delete it, and it does not block
    /// deleting the directory.
    pub fn is_microsoft(&self) -> bool {
        self.app_owner_organization_id
            .as_deref()
            .is_some_and(|o| o == MICROSOFT_SERVICES_TENANT || o == MICROSOFT_CORP_TENANT)
    }
}

/// A user's per-user MFA state (beta `authentication/requirements`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaRequirements {
    /// `disabled`, `enabled` or `enforced`.
    pub per_user_mfa_state: String,
}
