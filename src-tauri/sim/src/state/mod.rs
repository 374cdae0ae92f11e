//! The tenant: everything Microsoft stores about one organization, behind one lock.
//!
//! Handlers run synchronously under the lock, so every request sees and leaves a
//! consistent directory (no torn license counts, no half-deleted users).

pub mod content;
pub mod directory;
pub mod groups;
pub mod ids;
pub mod subscriptions;
pub mod users;

use crate::auth::store::AuthStore;
use directory::{Application, CaPolicy, Domain, ServicePrincipal, Site};
use groups::Group;
use ids::Ids;
use std::collections::BTreeMap;
use subscriptions::Subscription;
use time::{Duration, OffsetDateTime};
use users::User;

/// Soft-deleted objects stay restorable this long, then are purged.
pub const SOFT_DELETE_DAYS: i64 = 30;

pub struct Tenant {
    pub id: String,
    pub display_name: String,
    pub created: OffsetDateTime,
    pub domains: Vec<Domain>,
    /// Active users keyed by id; the key order is the paging order.
    pub users: BTreeMap<String, User>,
    pub deleted_users: BTreeMap<String, User>,
    /// Directory role object ids by role template id.
    pub role_ids: BTreeMap<&'static str, String>,
    pub subscriptions: Vec<Subscription>,
    pub security_defaults: bool,
    pub ca_policies: Vec<CaPolicy>,
    pub applications: BTreeMap<String, Application>,
    pub deleted_applications: BTreeMap<String, Application>,
    pub service_principals: BTreeMap<String, ServicePrincipal>,
    pub sites: Vec<Site>,
    pub sync_enabled: bool,
    pub concealed_names: bool,
    /// The user the practice sign-in page signs in.
    pub signed_in_user: String,
    pub deleted_at: Option<OffsetDateTime>,
    /// Groups keyed by id (paging order); deleted Microsoft 365 groups wait 30 days.
    pub groups: BTreeMap<String, Group>,
    pub deleted_groups: BTreeMap<String, Group>,
    /// Bills & payments: an unpaid one blocks deleting the tenant.
    pub invoices: Vec<Invoice>,
}

/// One invoice as the admin center's Bills & payments page lists it.
#[derive(Debug, Clone)]
pub struct Invoice {
    pub id: String,
    pub date: OffsetDateTime,
    pub due: OffsetDateTime,
    /// As the page shows it (`USD 264.00`).
    pub amount: String,
    pub paid: bool,
}

impl Tenant {
    /// Whether a site is gone with its Microsoft 365 group (deleted, or purged since).
    /// INFERENCE: Microsoft deletes a group's site with the group and restores it with the
    /// group; while deleted, the site is out of search and flagged in the usage report.
    pub fn site_deleted(&self, site: &directory::Site) -> bool {
        site.group
            .as_ref()
            .is_some_and(|g| self.groups.get(g).is_none_or(|g| g.deleted_at.is_some()))
    }

    /// Whether a subscription in use carries Entra ID P1, which conditional access needs.
    /// INFERENCE: "in use" as the practice's `subscribedSkus` shows it: `Enabled`, the state in
    /// which it reports the plan provisioned.
    pub fn conditional_access_licensed(&self) -> bool {
        self.subscriptions.iter().any(|s| {
            s.graph_status() == "Enabled"
                && s.service_plans
                    .iter()
                    .any(|(_, name)| *name == subscriptions::AAD_PREMIUM.1)
        })
    }

    pub fn initial_domain(&self) -> &str {
        self.domains
            .iter()
            .find(|d| d.is_initial)
            .map(|d| d.name.as_str())
            .unwrap_or_default()
    }

    /// Finds an active user by object id or userPrincipalName (case-insensitive), as Graph does.
    pub fn find_user_id(&self, key: &str) -> Option<String> {
        if self.users.contains_key(key) {
            return Some(key.to_string());
        }
        let lower = key.to_ascii_lowercase();
        self.users
            .values()
            .find(|u| u.id == lower || u.upn.eq_ignore_ascii_case(key))
            .map(|u| u.id.clone())
    }

    pub fn consumed_units(&self, sku_id: &str) -> u32 {
        self.users
            .values()
            .filter(|u| u.licenses.iter().any(|l| l == sku_id))
            .count() as u32
    }

    pub fn global_admin_count(&self) -> usize {
        self.users.values().filter(|u| u.is_global_admin()).count()
    }

    /// Users whose sign-in name (or mail) uses the domain: what blocks deleting it.
    pub fn domain_references(&self, domain: &str) -> Vec<&User> {
        self.users
            .values()
            .filter(|u| u.domain().eq_ignore_ascii_case(domain))
            .collect()
    }

    /// Groups with an address on the domain: they block deleting it as users do.
    pub fn domain_group_references(&self, domain: &str) -> Vec<&Group> {
        self.groups
            .values()
            .filter(|g| g.uses_domain(domain))
            .collect()
    }

    /// Soft-deletes a user: licenses freed, role assignments removed, restorable for 30 days.
    pub fn soft_delete_user(&mut self, id: &str, now: OffsetDateTime) -> Option<User> {
        let mut user = self.users.remove(id)?;
        user.deleted_at = Some(now);
        user.roles.clear();
        self.deleted_users.insert(user.id.clone(), user.clone());
        Some(user)
    }

    /// Moves lifecycle forward: subscriptions change state, old soft-deleted objects are purged.
    pub fn tick(&mut self, now: OffsetDateTime) {
        for sub in &mut self.subscriptions {
            sub.tick(now);
        }
        let cutoff = now - Duration::days(SOFT_DELETE_DAYS);
        self.deleted_users
            .retain(|_, u| u.deleted_at.is_some_and(|at| at > cutoff));
        self.deleted_applications
            .retain(|_, a| a.deleted_at.is_some_and(|at| at > cutoff));
        self.deleted_groups
            .retain(|_, g| g.deleted_at.is_some_and(|at| at > cutoff));
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted_at.is_some()
    }
}

/// Everything mutable in one place: the tenant, sign-in state and the id generator.
pub struct World {
    pub tenant: Tenant,
    pub auth: AuthStore,
    pub ids: Ids,
    /// The practice app (Closeout) as registered in its publisher's tenant.
    pub client_id: String,
    pub publisher_tenant: String,
    /// Report CSVs behind their pre-authenticated download tokens.
    pub downloads: std::collections::HashMap<String, Vec<u8>>,
    /// Azure Resource Manager's side of the organization (subscriptions, elevated access).
    pub azure: crate::arm::state::Azure,
    /// Mail and files of the practice company, and who may read them.
    pub content: content::Content,
}

/// Microsoft sends `null` for a string property that has no value (a person or an app without
/// a display name), not an empty string.
pub fn null_if_empty(text: &str) -> serde_json::Value {
    if text.is_empty() {
        serde_json::Value::Null
    } else {
        serde_json::Value::String(text.to_owned())
    }
}
