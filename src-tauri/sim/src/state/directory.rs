//! Domains, applications, service principals and conditional access policies.

use time::OffsetDateTime;

/// Microsoft's own tenant: first-party service principals carry this `appOwnerOrganizationId`.
pub const MICROSOFT_TENANT: &str = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

#[derive(Debug, Clone)]
pub struct Domain {
    pub name: String,
    pub is_default: bool,
    pub is_initial: bool,
    /// `Managed`, or `Federated` when sign-in is handed to another provider (GoDaddy's case).
    pub authentication: &'static str,
}

/// A SharePoint site (OneDrive personal sites are reported separately, per user).
#[derive(Debug, Clone)]
pub struct Site {
    pub id: String,
    pub name: String,
    pub template: &'static str,
    pub owner: String,
    pub storage_bytes: u64,
    pub files: u64,
    pub page_views: u64,
    /// The Microsoft 365 group whose site this is (a Team's too): every such group has one,
    /// and deleting the group deletes it.
    pub group: Option<String>,
}

impl Site {
    /// The site's address on the organization's SharePoint host (`contoso.sharepoint.com`),
    /// one rule for Graph's `webUrl` and the usage report. A communication site is the root
    /// site (INFERENCE: Microsoft makes a new organization's root site a communication site;
    /// the practice has at most one); other sites are under `/sites/`, named by the letters
    /// and digits of their name. Graph gives the root without a trailing slash.
    pub fn web_url(&self, host: &str) -> String {
        if self.template == "Communication Site" {
            format!("https://{host}")
        } else {
            site_url(host, &self.name)
        }
    }
}

/// The address of a site called `name` under `/sites/` (a Team's site too).
pub fn site_url(host: &str, name: &str) -> String {
    let path: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    format!("https://{host}/sites/{path}")
}

#[derive(Debug, Clone)]
pub struct Application {
    pub id: String,
    pub app_id: String,
    pub display_name: String,
    pub sign_in_audience: &'static str,
    pub created: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone)]
pub struct ServicePrincipal {
    pub id: String,
    pub app_id: String,
    pub display_name: String,
    pub owner_org: String,
    pub account_enabled: bool,
}

impl ServicePrincipal {
    pub fn is_first_party(&self) -> bool {
        self.owner_org == MICROSOFT_TENANT
    }
}

#[derive(Debug, Clone)]
pub struct CaPolicy {
    pub id: String,
    pub display_name: String,
    pub state: String,
    pub created: OffsetDateTime,
    pub modified: Option<OffsetDateTime>,
    pub grant_controls: &'static [&'static str],
    pub client_app_types: &'static [&'static str],
    /// `conditions.applications.includeApplications`: `All`, `MicrosoftAdminPortals`, app ids.
    pub include_applications: &'static [&'static str],
}

/// Well-known Microsoft first-party apps present in every tenant: (appId, displayName).
pub const FIRST_PARTY_APPS: &[(&str, &str)] = &[
    ("00000003-0000-0000-c000-000000000000", "Microsoft Graph"),
    (
        "00000002-0000-0ff1-ce00-000000000000",
        "Office 365 Exchange Online",
    ),
    (
        "00000003-0000-0ff1-ce00-000000000000",
        "Office 365 SharePoint Online",
    ),
    (
        "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe",
        "Microsoft Teams Services",
    ),
    (
        "00000006-0000-0ff1-ce00-000000000000",
        "Microsoft Office 365 Portal",
    ),
];
