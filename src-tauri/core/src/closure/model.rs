//! Typed models of what the closure reads from Microsoft Graph, in Microsoft's JSON shapes
//! (camelCase on the wire, as the Graph reference's resource pages give them). Unknown fields
//! are ignored, missing optional ones default, and `null` is read as the default wherever
//! Microsoft's schema lets a property be null (most are: `displayName` of a service principal,
//! `mail` of a user...), so one odd object never sinks the inventory. Enumerations Microsoft
//! may extend (`status`, `state`, `perUserMfaState`) stay strings: a value Closeout does not
//! know is kept and treated as "not the known safe value", never as a decoding error. Only
//! `id` is required; an object without one is set aside by the inventory and named.

use serde::{Deserialize, Deserializer, Serialize};
use time::OffsetDateTime;

use super::ids::{IdKind, Identified};

/// `null` (or a missing field, with `#[serde(default)]`) as the type's default.
fn nullable<'de, D: Deserializer<'de>, T: Default + Deserialize<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

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
    #[serde(default, deserialize_with = "nullable")]
    pub display_name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub verified_domains: Vec<VerifiedDomain>,
    #[serde(default)]
    pub on_premises_sync_enabled: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerifiedDomain {
    pub name: String,
    #[serde(default, deserialize_with = "nullable")]
    pub is_default: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub is_initial: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
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
    pub fn is_guest(&self) -> bool {
        self.user_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("Guest"))
    }

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
    #[serde(default, deserialize_with = "nullable")]
    pub is_default: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub is_initial: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub is_verified: bool,
    /// `Managed`, or `Federated` when another provider signs people in (defederate first).
    #[serde(default)]
    pub authentication_type: Option<String>,
}

impl Domain {
    pub fn is_federated(&self) -> bool {
        self.authentication_type
            .as_deref()
            .is_some_and(|t| t.eq_ignore_ascii_case("Federated"))
    }
}

/// A group, in the four kinds Microsoft's "Compare groups" page names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub mail_enabled: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub security_enabled: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub group_types: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub resource_provisioning_options: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub proxy_addresses: Vec<String>,
}

/// What a group is, for what Closeout may do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupKind {
    /// `groupTypes` has `Unified`: Graph deletes it (30 days in the recycle bin).
    Microsoft365,
    /// Neither mail-enabled nor Unified: Graph deletes it at once.
    Security,
    /// Exchange Online owns it: only the Exchange admin center removes it.
    MailEnabledSecurity,
    /// Exchange Online owns it: only the Exchange admin center removes it.
    Distribution,
}

impl GroupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            GroupKind::Microsoft365 => "microsoft365",
            GroupKind::Security => "security",
            GroupKind::MailEnabledSecurity => "mail_enabled_security",
            GroupKind::Distribution => "distribution",
        }
    }

    /// Graph can delete it (the other kinds go to the Exchange admin center).
    pub fn graph_deletes(self) -> bool {
        matches!(self, GroupKind::Microsoft365 | GroupKind::Security)
    }
}

impl Group {
    pub fn kind(&self) -> GroupKind {
        if self
            .group_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case("Unified"))
        {
            GroupKind::Microsoft365
        } else if !self.mail_enabled {
            GroupKind::Security
        } else if self.security_enabled {
            GroupKind::MailEnabledSecurity
        } else {
            GroupKind::Distribution
        }
    }

    pub fn is_team(&self) -> bool {
        self.resource_provisioning_options
            .iter()
            .any(|o| o.eq_ignore_ascii_case("Team"))
    }

    /// Whether its address (or any alias) is on `domain`.
    pub fn uses_domain(&self, domain: &str) -> bool {
        let on = |address: &str| {
            address
                .rsplit_once('@')
                .is_some_and(|(_, d)| d.eq_ignore_ascii_case(domain))
        };
        self.mail.as_deref().is_some_and(on)
            || self
                .proxy_addresses
                .iter()
                .any(|p| on(p.split_once(':').map_or(p.as_str(), |(_, a)| a)))
    }

    /// "Sales (sales@bakery.example)", or the name or id alone.
    pub fn label(&self) -> String {
        let name = self.display_name.as_deref().filter(|n| !n.is_empty());
        match (name, self.mail.as_deref()) {
            (Some(n), Some(m)) => format!("{n} ({m})"),
            (Some(n), None) => n.to_string(),
            (None, Some(m)) => m.to_string(),
            (None, None) => self.id.clone(),
        }
    }
}

/// What kind of mailbox a user object is (`mailboxSettings/userPurpose`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MailboxPurpose {
    pub user_id: String,
    /// `user`, `shared`, `room`, `equipment`, `linked`, `others`... (kept as Microsoft said).
    pub purpose: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscribedSku {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub sku_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub sku_part_number: String,
    #[serde(default, deserialize_with = "nullable")]
    pub capability_status: String,
    #[serde(default, deserialize_with = "nullable")]
    pub consumed_units: u32,
    #[serde(default, deserialize_with = "nullable")]
    pub service_plans: Vec<ServicePlanInfo>,
}

/// One service plan of a product (`servicePlanInfo`), e.g. `AAD_PREMIUM` in Business Premium.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlanInfo {
    #[serde(default, deserialize_with = "nullable")]
    pub service_plan_name: String,
    /// `Success`, `Disabled`, `PendingInput`, `PendingActivation`, ...
    #[serde(default, deserialize_with = "nullable")]
    pub provisioning_status: String,
}

/// The service plans that license conditional access (Microsoft Entra ID P1, and P2 which
/// includes it), as the licensing reference names them.
const CONDITIONAL_ACCESS_PLANS: &[&str] = &["AAD_PREMIUM", "AAD_PREMIUM_P2"];

impl SubscribedSku {
    /// Whether this product licenses conditional access now: it is in use (`Enabled` or
    /// `Warning`) and carries a P1 or P2 plan that is provisioned.
    pub fn licenses_conditional_access(&self) -> bool {
        matches!(self.capability_status.as_str(), "Enabled" | "Warning")
            && self.service_plans.iter().any(|p| {
                CONDITIONAL_ACCESS_PLANS.contains(&p.service_plan_name.as_str())
                    && p.provisioning_status == "Success"
            })
    }
}

/// A subscription as `/directory/subscriptions` describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanySubscription {
    pub id: String,
    #[serde(default)]
    pub commerce_subscription_id: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub sku_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub sku_part_number: String,
    /// `Enabled`, `Warning`, `Suspended`, `LockedOut` or `Deleted`.
    #[serde(default, deserialize_with = "nullable")]
    pub status: String,
    #[serde(default, deserialize_with = "nullable")]
    pub is_trial: bool,
    #[serde(default, deserialize_with = "nullable")]
    pub total_licenses: u32,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub created_date_time: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub next_lifecycle_date_time: Option<OffsetDateTime>,
    /// "The unique identifier for the Microsoft partner tenant that created the subscription."
    #[serde(default)]
    pub owner_tenant_id: Option<String>,
    /// The type of `ownerId` (for example `User`); it does not say who sold the subscription.
    #[serde(default)]
    pub owner_type: Option<String>,
    /// "The object ID of the account admin". INFERENCE: for a self-service purchase, the
    /// person who bought it (see `checks::self_service`).
    #[serde(default)]
    pub owner_id: Option<String>,
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

    /// A free self-service sign-up product: deleted in Entra, never cancelled, so the
    /// subscription steps leave it to its own hand-off (`checks::self_service`).
    pub fn is_self_service_sign_up(&self) -> bool {
        super::products::is_self_service_sign_up(&self.sku_part_number)
            || super::products::looks_like_sign_up(self.is_trial, self.total_licenses)
    }

    /// A subscription the subscription steps (cancel, delete) handle: not deleted yet and not
    /// a self-service sign-up product.
    pub fn is_for_subscription_steps(&self) -> bool {
        !self.is_deleted() && !self.is_self_service_sign_up()
    }

    /// Another organization is named as its owner: Microsoft documents `ownerTenantId` as
    /// "the partner tenant that created the subscription", but not what a subscription bought
    /// directly carries (INFERENCE: its own tenant, or nothing). So this is a sign, not proof:
    /// the owner is asked, and step 2's check in the admin center settles it.
    pub fn may_be_from_partner(&self, tenant_id: &str) -> bool {
        self.owner_tenant_id.as_deref().is_some_and(|owner| {
            let owner = owner.trim();
            !owner.is_empty()
                && !owner.eq_ignore_ascii_case(tenant_id)
                && owner != "00000000-0000-0000-0000-000000000000"
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SecurityDefaults {
    #[serde(default, deserialize_with = "nullable")]
    pub is_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalAccessPolicy {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub display_name: String,
    /// `enabled`, `disabled` or `enabledForReportingButNotEnforced`.
    #[serde(default, deserialize_with = "nullable")]
    pub state: String,
    /// Who, which apps and which clients the policy covers; `None` when Microsoft did not
    /// send it (then step 4 cannot tell whether it would stop you, and says so).
    #[serde(default)]
    pub conditions: Option<CaConditions>,
    /// What the policy asks for (`block`, `mfa`, `compliantDevice`...).
    #[serde(default)]
    pub grant_controls: Option<CaGrantControls>,
}

/// A conditional access policy's `conditions`, the parts step 4 reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaConditions {
    #[serde(default)]
    pub users: Option<CaUsers>,
    #[serde(default)]
    pub applications: Option<CaApplications>,
    /// `all`, `browser`, `mobileAppsAndDesktopClients`, `exchangeActiveSync`, `other`.
    #[serde(default, deserialize_with = "nullable")]
    pub client_app_types: Vec<String>,
}

/// `conditions.users`: ids, `All`/`None`/`GuestsOrExternalUsers`, and role template ids.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaUsers {
    #[serde(default, deserialize_with = "nullable")]
    pub include_users: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub exclude_users: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub include_groups: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub exclude_groups: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub include_roles: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub exclude_roles: Vec<String>,
}

/// `conditions.applications`: app ids, or `All`, `Office365`, `MicrosoftAdminPortals`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaApplications {
    #[serde(default, deserialize_with = "nullable")]
    pub include_applications: Vec<String>,
    #[serde(default, deserialize_with = "nullable")]
    pub exclude_applications: Vec<String>,
}

/// `grantControls`: `operator` `AND`/`OR` over `builtInControls`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaGrantControls {
    #[serde(default, deserialize_with = "nullable")]
    pub operator: String,
    #[serde(default, deserialize_with = "nullable")]
    pub built_in_controls: Vec<String>,
}

/// An app registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub app_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub display_name: String,
}

/// An enterprise app (service principal).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    pub id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub app_id: String,
    #[serde(default, deserialize_with = "nullable")]
    pub display_name: String,
    #[serde(default)]
    pub app_owner_organization_id: Option<String>,
    #[serde(default)]
    pub service_principal_type: Option<String>,
    #[serde(default)]
    pub account_enabled: Option<bool>,
}

impl ServicePrincipal {
    /// Its display name, else its application id (Microsoft allows an app without a name).
    pub fn name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.app_id
        } else {
            &self.display_name
        }
    }

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
    /// `disabled`, `enabled` or `enforced`; `None` when Microsoft did not say (unknown, not
    /// "disabled").
    #[serde(default)]
    pub per_user_mfa_state: Option<String>,
}

/// Which ids are GUIDs and which are DNS names ([`super::ids`]).
macro_rules! identified {
    ($kind:ident: $($type:ty $(, also $($other:ident),+)?;)*) => {
        $(impl Identified for $type {
            const KIND: IdKind = IdKind::$kind;
            fn id_mut(&mut self) -> &mut String {
                &mut self.id
            }
            $(fn other_ids(&mut self) -> Vec<&mut String> {
                vec![$(&mut self.$other),+]
            })?
        })*
    };
}

identified!(Guid:
    Organization;
    User;
    DeletedUser;
    DirectoryObject;
    ConditionalAccessPolicy;
    Application, also app_id;
    ServicePrincipal, also app_id;
    Group;
);
identified!(DomainName: Domain;);
