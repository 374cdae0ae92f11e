//! What a step intends: Graph actions (each with a journal key stable across restarts) and,
//! for the portal-only steps, the page to open and the buttons to press.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::action_text::ActionText;
use super::checks::Finding;
use super::StepId;

/// The options a person can choose for a step.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepOptions {
    /// Step 1: also purge the deleted people from the recycle bin (no 30-day restore).
    #[serde(default)]
    pub purge_deleted_users: bool,
    /// Step 2: the owner says the subscriptions that name another organization as their owner
    /// were bought from Microsoft directly (recorded in the journal; the check stops blocking).
    #[serde(default)]
    pub bought_directly: bool,
    /// Domains step: also remove the deleted Microsoft 365 groups from the recycle bin (no
    /// 30-day restore of their mail, Team and site).
    #[serde(default)]
    pub purge_deleted_groups: bool,
    /// Domains step: the owner says none of the domains was bought through Microsoft 365
    /// (journaled; the question is settled).
    #[serde(default)]
    pub domains_not_bought_from_microsoft: bool,
    /// Last step: the owner says every invoice on Bills & payments is paid (journaled).
    #[serde(default)]
    pub no_unpaid_invoices: bool,
    /// Step 4: the owner chose to turn off the conditional access policies that would stop
    /// them from finishing in Microsoft's admin portals (the plan's `choices`).
    #[serde(default)]
    pub turn_off_policies_stopping_me: bool,
    /// Last step: the owner says every product on Entra's Self-service sign-up products page
    /// is deleted, though Graph still lists one (journaled).
    #[serde(default)]
    pub self_service_products_deleted: bool,
}

/// What kind of object an action touches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    User,
    DeletedItem,
    Domain,
    SecurityDefaults,
    ConditionalAccessPolicy,
    PerUserMfa,
    Application,
    ServicePrincipal,
    Group,
}

impl TargetKind {
    /// The Graph path, with its version, of the object `id` of this kind; `id` is one
    /// percent-encoded segment, so it can never add a segment, a query or a fragment.
    pub fn path(self, id: &str) -> String {
        let id = super::ids::segment(id);
        match self {
            TargetKind::User => format!("/v1.0/users/{id}"),
            TargetKind::DeletedItem => format!("/v1.0/directory/deletedItems/{id}"),
            TargetKind::Domain => format!("/v1.0/domains/{id}"),
            TargetKind::SecurityDefaults => {
                "/v1.0/policies/identitySecurityDefaultsEnforcementPolicy".into()
            }
            TargetKind::ConditionalAccessPolicy => {
                format!("/v1.0/identity/conditionalAccess/policies/{id}")
            }
            TargetKind::PerUserMfa => format!("/beta/users/{id}/authentication/requirements"),
            TargetKind::Application => format!("/v1.0/applications/{id}"),
            TargetKind::ServicePrincipal => format!("/v1.0/servicePrincipals/{id}"),
            TargetKind::Group => format!("/v1.0/groups/{id}"),
        }
    }
}

/// One Graph write the step will make.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// The journal key: `<step>:<verb>:<object id>`.
    pub key: String,
    /// Plain English, for the command line and logs: "Delete Anna Rossi (anna@bakery.example)".
    pub description: String,
    /// The same as a code and parameters: what the journal keeps and the report translates.
    pub what: ActionText,
    /// Actions run phase by phase (deletes before purges, the app's own access last).
    pub phase: u8,
    pub target: TargetKind,
    pub target_id: String,
    pub method: ActionMethod,
    /// Graph path with its version (`/v1.0/users/{id}`).
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Another action's key that must have succeeded first (purge after delete).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

impl Action {
    pub fn is_delete(&self) -> bool {
        self.method == ActionMethod::Delete
    }
}

/// The HTTP method of an action: a closed set, so nothing becomes a DELETE by default.
/// Serialized as the method's name (`"DELETE"`, `"PATCH"`), as the journal has always had it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ActionMethod {
    Delete,
    /// With the action's `body` as the JSON merge patch.
    Patch,
}

impl ActionMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionMethod::Delete => "DELETE",
            ActionMethod::Patch => "PATCH",
        }
    }
}

/// For a portal-only step: which page, which buttons, and for which items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortalGuide {
    pub url: String,
    pub instructions: Vec<String>,
    /// The warnings the hand-off carries besides its instructions, as keys of the text
    /// catalogue (`ui/i18n/<lang>.json`; `{name}` is the signed-in account): the app shows
    /// them in the owner's language, the command line in English.
    #[serde(default)]
    pub cautions: Vec<String>,
    /// The things to act on there.
    pub items: Vec<PortalItem>,
}

/// One thing to act on in a portal: its directory id, so the UI can describe it in the owner's
/// language from the inventory, and an English line for the CLI and logs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortalItem {
    pub id: String,
    /// "Microsoft 365 Business Standard, 10 licenses, Enabled".
    pub text: String,
}

/// A step's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepPlan {
    pub step: StepId,
    /// Two or three plain sentences: what this does.
    pub summary: String,
    /// What cannot be undone, and any undo window.
    pub undo: String,
    pub actions: Vec<Action>,
    pub portal: Option<PortalGuide>,
    /// Blockers that stop this step now; empty when it can run.
    pub blockers: Vec<Finding>,
    /// Things to say on the page ("your new sign-in name is ...").
    pub notes: Vec<String>,
    /// Actions offered but not planned: they run only if the owner explicitly asks (step 4's
    /// conditional access policies that would stop the owner; see `StepOptions`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Action>,
}

impl StepPlan {
    pub fn new(step: StepId, summary: &str, undo: &str) -> Self {
        StepPlan {
            step,
            summary: summary.into(),
            undo: undo.into(),
            actions: Vec::new(),
            portal: None,
            blockers: Vec::new(),
            notes: Vec::new(),
            choices: Vec::new(),
        }
    }

    /// Whether there is nothing for Closeout itself to do.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
}

/// Where the portal-only steps send the owner: Microsoft's real pages, or the practice
/// tenant's imitations of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortalLinks {
    /// Admin center > Billing > Your products.
    pub products: String,
    /// Entra admin center > Manage tenants.
    pub manage_tenants: String,
    /// Exchange admin center > Recipients > Groups (distribution lists, mail-enabled security).
    pub exchange_groups: String,
}

impl PortalLinks {
    /// The pages Microsoft's articles link to ("Close your Microsoft business account",
    /// <https://learn.microsoft.com/microsoft-365/commerce/close-your-account>, and "Delete a
    /// tenant in Microsoft Entra ID", <https://learn.microsoft.com/entra/identity/users/directory-delete-howto>).
    pub fn microsoft() -> Self {
        PortalLinks {
            products: "https://go.microsoft.com/fwlink/p/?linkid=842054".into(),
            manage_tenants: "https://entra.microsoft.com/".into(),
            exchange_groups: "https://admin.exchange.microsoft.com/#/groups".into(),
        }
    }

    /// The practice tenant's pages under its portal URL.
    pub fn practice(portal_url: &str) -> Self {
        let base = portal_url.trim_end_matches('/');
        PortalLinks {
            products: format!("{base}/admin/products"),
            manage_tenants: format!("{base}/entra/tenants"),
            exchange_groups: format!("{base}/exchange/groups"),
        }
    }
}
