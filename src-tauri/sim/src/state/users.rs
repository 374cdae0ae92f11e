//! People in the directory, and their JSON as Microsoft Graph shows it.

use crate::clock::iso;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

pub const GLOBAL_ADMIN: &str = "62e90394-69f5-4237-9190-012177145e10";
pub const USER_ADMIN: &str = "fe930be7-5e62-47db-91af-98c3a49a38b1";
pub const BILLING_ADMIN: &str = "b0f54661-2d74-4c50-afa3-1ec803f12efe";
pub const PRIVILEGED_AUTH_ADMIN: &str = "7be44c8a-adaf-4e2a-84d6-ab2649e08a13";
pub const AUTH_POLICY_ADMIN: &str = "0526716b-113d-4c15-b2c8-68e3c22b9f80";
pub const SECURITY_ADMIN: &str = "194ae4cb-b126-40b2-bd5b-6091b380977d";
pub const CA_ADMIN: &str = "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9";
pub const REPORTS_READER: &str = "4a5d8f65-41da-4de4-8968-e035b65339cf";
pub const GLOBAL_READER: &str = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

/// Role template id, display name, description (from Microsoft's built-in roles reference).
pub const ROLES: &[(&str, &str, &str)] = &[
    (GLOBAL_ADMIN, "Global Administrator", "Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities."),
    (USER_ADMIN, "User Administrator", "Can manage all aspects of users and groups, including resetting passwords for limited admins."),
    (BILLING_ADMIN, "Billing Administrator", "Can perform common billing related tasks like updating payment information."),
    (PRIVILEGED_AUTH_ADMIN, "Privileged Authentication Administrator", "Can access to view, set and reset authentication method information for any user (admin or non-admin)."),
    (AUTH_POLICY_ADMIN, "Authentication Policy Administrator", "Can create and manage the authentication methods policy, tenant-wide MFA settings, password protection policy, and verifiable credentials."),
    (SECURITY_ADMIN, "Security Administrator", "Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365."),
    (CA_ADMIN, "Conditional Access Administrator", "Can manage Conditional Access capabilities."),
    (REPORTS_READER, "Reports Reader", "Can read sign-in and audit reports."),
    (GLOBAL_READER, "Global Reader", "Can read everything that a Global Administrator can, but not update anything."),
];

/// Roles whose holders only a Global Administrator (with `Directory.AccessAsUser.All`) may delete.
pub const PRIVILEGED_ROLES: &[&str] = &[
    GLOBAL_ADMIN,
    PRIVILEGED_AUTH_ADMIN,
    SECURITY_ADMIN,
    CA_ADMIN,
    USER_ADMIN,
    AUTH_POLICY_ADMIN,
    BILLING_ADMIN,
];

#[derive(Debug, Clone)]
pub struct User {
    pub id: String,
    pub display_name: String,
    pub given_name: String,
    pub surname: String,
    pub upn: String,
    pub mail: Option<String>,
    pub job_title: Option<String>,
    pub user_type: &'static str,
    pub account_enabled: bool,
    pub synced: bool,
    pub created: OffsetDateTime,
    pub licenses: Vec<String>,
    pub roles: Vec<&'static str>,
    /// Per-user MFA state: `disabled`, `enabled` or `enforced`.
    pub mfa: &'static str,
    /// The person has registered an MFA method (so `enabled` becomes `enforced` at once).
    pub mfa_registered: bool,
    pub mailbox_bytes: u64,
    pub mailbox_items: u64,
    pub onedrive_bytes: u64,
    pub onedrive_files: u64,
    pub last_activity: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
    /// The mailbox's `userPurpose` (`user`, `shared`, `room`, `equipment`), from mailboxSettings.
    pub purpose: &'static str,
    /// A guest's invitation state (`PendingAcceptance`, `Accepted`); `None` for members.
    pub external_state: Option<&'static str>,
}

/// Properties returned when no `$select` is given (Microsoft's default set for users).
pub const DEFAULT_USER_PROPS: &[&str] = &[
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
];

impl User {
    pub fn is_global_admin(&self) -> bool {
        self.roles.contains(&GLOBAL_ADMIN)
    }

    pub fn has_any_role(&self, roles: &[&str]) -> bool {
        self.is_global_admin() || self.roles.iter().any(|r| roles.contains(r))
    }

    pub fn is_privileged(&self) -> bool {
        self.roles.iter().any(|r| PRIVILEGED_ROLES.contains(r))
    }

    pub fn domain(&self) -> &str {
        self.upn.rsplit('@').next().unwrap_or_default()
    }

    /// Every property the sim knows, keyed as in Graph.
    pub fn to_json(&self) -> Map<String, Value> {
        let licenses: Vec<Value> = self
            .licenses
            .iter()
            .map(|sku| json!({"disabledPlans": [], "skuId": sku}))
            .collect();
        let value = json!({
            "id": self.id,
            "businessPhones": [],
            "displayName": super::null_if_empty(&self.display_name),
            "givenName": self.given_name,
            "jobTitle": self.job_title,
            "mail": self.mail,
            "mobilePhone": null,
            "officeLocation": null,
            "preferredLanguage": "en-US",
            "surname": self.surname,
            "userPrincipalName": self.upn,
            "accountEnabled": self.account_enabled,
            "userType": self.user_type,
            "onPremisesSyncEnabled": if self.synced { Value::Bool(true) } else { Value::Null },
            "createdDateTime": iso(self.created),
            "deletedDateTime": self.deleted_at.map(iso),
            "assignedLicenses": licenses,
            "usageLocation": "US",
            "externalUserState": self.external_state,
        });
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}
