//! Step 4's reading of conditional access: which enabled policy would stop *you* from
//! finishing the closure, that is from signing in to Microsoft's admin portals in a browser
//! (step 5 happens in the Entra admin center). Microsoft's guide does not ask for conditional
//! access to be turned off, so step 4 leaves every policy as it is and only *offers* to turn
//! off the ones found here, explained, behind the owner's explicit choice.
//!
//! A policy that asks for a second factor is not one of them: you keep your own (the admin
//! portals ask for it anyway since 2024-25). A policy that blocks, or that asks for a company
//! device or an approved app, is: Closeout cannot know whether the computer you will use for
//! Microsoft's pages meets it.

use crate::closure::inventory::Inventory;
use crate::closure::model::{CaGrantControls, CaUsers, ConditionalAccessPolicy};

/// Why a policy would stop you.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyRisk {
    /// Its grant is `block`.
    Blocks,
    /// It asks for a compliant or joined device, or an approved or protected app, with no
    /// second-factor alternative.
    NeedsDevice,
}

impl PolicyRisk {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyRisk::Blocks => "blocks",
            PolicyRisk::NeedsDevice => "needs_device",
        }
    }
}

/// Grant controls you may be unable to meet on the computer you use for Microsoft's pages.
const DEVICE_CONTROLS: &[&str] = &[
    "compliantDevice",
    "domainJoinedDevice",
    "approvedApplication",
    "compliantApplication",
];

/// Graph's name for the Microsoft admin portals as a policy target (Entra admin center,
/// Microsoft 365 admin center, Azure portal...).
const ADMIN_PORTALS: &str = "MicrosoftAdminPortals";

fn has(list: &[String], value: &str) -> bool {
    list.iter().any(|v| v.eq_ignore_ascii_case(value))
}

/// Whether `users` takes in the signed-in owner. Groups are not read (the inventory does not
/// hold your group memberships): a policy that includes you only through a group is not
/// counted, one that excludes groups is still counted (INFERENCE: an exclusion group is
/// usually an emergency account's, rarely yours; the owner decides).
fn covers_owner(users: &CaUsers, inv: &Inventory) -> bool {
    let me = &inv.me.id;
    let my_roles: Vec<&str> = inv
        .my_roles
        .iter()
        .filter_map(|r| r.role_template_id.as_deref())
        .collect();
    let role_in = |roles: &[String]| my_roles.iter().any(|r| has(roles, r));
    let included = has(&users.include_users, "All")
        || has(&users.include_users, me)
        || role_in(&users.include_roles);
    let excluded = has(&users.exclude_users, me) || role_in(&users.exclude_roles);
    included && !excluded
}

fn risk_of(grant: &CaGrantControls) -> Option<PolicyRisk> {
    let controls = &grant.built_in_controls;
    if has(controls, "block") {
        return Some(PolicyRisk::Blocks);
    }
    let device = controls
        .iter()
        .any(|c| DEVICE_CONTROLS.iter().any(|d| c.eq_ignore_ascii_case(d)));
    let alternative = grant.operator.eq_ignore_ascii_case("OR") && has(controls, "mfa");
    (device && !alternative).then_some(PolicyRisk::NeedsDevice)
}

/// Why `policy` would stop you from signing in to the admin portals in a browser, if it would.
/// A state Closeout does not know (a later Graph value) is taken as enforced; a policy whose
/// conditions Microsoft did not send is not counted (nothing to read it from).
pub fn would_stop_owner(policy: &ConditionalAccessPolicy, inv: &Inventory) -> Option<PolicyRisk> {
    if policy.state == "disabled" || policy.state == "enabledForReportingButNotEnforced" {
        return None;
    }
    let conditions = policy.conditions.as_ref()?;
    let users = conditions.users.as_ref()?;
    let apps = conditions.applications.as_ref()?;
    let portals = (has(&apps.include_applications, "All")
        || has(&apps.include_applications, ADMIN_PORTALS))
        && !has(&apps.exclude_applications, ADMIN_PORTALS);
    let clients = &conditions.client_app_types;
    let browser = clients.is_empty() || has(clients, "all") || has(clients, "browser");
    if !(portals && browser && covers_owner(users, inv)) {
        return None;
    }
    risk_of(policy.grant_controls.as_ref()?)
}

/// The policies that would stop you, with why.
pub fn stopping_owner(inv: &Inventory) -> Vec<(&ConditionalAccessPolicy, PolicyRisk)> {
    inv.conditional_access
        .iter()
        .filter_map(|p| would_stop_owner(p, inv).map(|risk| (p, risk)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn policy(value: serde_json::Value) -> ConditionalAccessPolicy {
        serde_json::from_value(value).unwrap()
    }

    fn shaped(
        grant: &[&str],
        operator: &str,
        apps: &[&str],
        clients: &[&str],
    ) -> ConditionalAccessPolicy {
        policy(json!({
            "id": "p1", "displayName": "Policy", "state": "enabled",
            "conditions": {
                "clientAppTypes": clients,
                "applications": {"includeApplications": apps, "excludeApplications": []},
                "users": {"includeUsers": ["All"], "excludeUsers": [], "includeRoles": [], "excludeRoles": []},
            },
            "grantControls": {"operator": operator, "builtInControls": grant},
        }))
    }

    fn inventory() -> Inventory {
        crate::closure::checks::tests::inventory()
    }

    #[test]
    fn a_second_factor_is_not_a_reason_to_turn_a_policy_off() {
        let inv = inventory();
        assert_eq!(
            would_stop_owner(&shaped(&["mfa"], "OR", &["All"], &["all"]), &inv),
            None
        );
        let either = shaped(&["mfa", "compliantDevice"], "OR", &["All"], &["all"]);
        assert_eq!(
            would_stop_owner(&either, &inv),
            None,
            "a second factor is enough"
        );
    }

    #[test]
    fn blocking_or_device_policies_on_the_admin_portals_would_stop_you() {
        let inv = inventory();
        let block = shaped(&["block"], "OR", &["MicrosoftAdminPortals"], &["browser"]);
        assert_eq!(would_stop_owner(&block, &inv), Some(PolicyRisk::Blocks));
        let device = shaped(&["mfa", "compliantDevice"], "AND", &["All"], &[]);
        assert_eq!(
            would_stop_owner(&device, &inv),
            Some(PolicyRisk::NeedsDevice)
        );
    }

    #[test]
    fn policies_that_do_not_reach_your_browser_sign_in_are_left_alone() {
        let inv = inventory();
        let legacy = shaped(&["block"], "OR", &["All"], &["exchangeActiveSync", "other"]);
        assert_eq!(would_stop_owner(&legacy, &inv), None, "old mail apps only");
        let other_app = shaped(
            &["block"],
            "OR",
            &["00000003-0000-0ff1-ce00-000000000000"],
            &["all"],
        );
        assert_eq!(would_stop_owner(&other_app, &inv), None, "SharePoint only");
        let mut report_only = shaped(&["block"], "OR", &["All"], &["all"]);
        report_only.state = "enabledForReportingButNotEnforced".into();
        assert_eq!(would_stop_owner(&report_only, &inv), None);
    }

    #[test]
    fn you_excluded_by_id_or_by_role_are_not_stopped() {
        let inv = inventory();
        let mut by_id = shaped(&["block"], "OR", &["All"], &["all"]);
        let users = by_id.conditions.as_mut().unwrap().users.as_mut().unwrap();
        users.exclude_users = vec![inv.me.id.clone()];
        assert_eq!(would_stop_owner(&by_id, &inv), None);
        let mut by_role = shaped(&["block"], "OR", &["All"], &["all"]);
        let users = by_role.conditions.as_mut().unwrap().users.as_mut().unwrap();
        users.exclude_roles = vec![crate::closure::model::GLOBAL_ADMIN_ROLE.into()];
        assert_eq!(would_stop_owner(&by_role, &inv), None);
    }

    #[test]
    fn a_state_from_a_later_graph_is_taken_as_enforced() {
        let inv = inventory();
        let mut later = shaped(&["compliantDevice"], "OR", &["All"], &["all"]);
        later.state = "unknownFutureValue".into();
        assert_eq!(
            would_stop_owner(&later, &inv),
            Some(PolicyRisk::NeedsDevice)
        );
        let bare = policy(json!({"id": "p2", "displayName": "No conditions", "state": "enabled"}));
        assert_eq!(
            would_stop_owner(&bare, &inv),
            None,
            "nothing to read it from"
        );
    }
}
