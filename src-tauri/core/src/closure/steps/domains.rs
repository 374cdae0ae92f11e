//! The domain step Microsoft requires before cancelling: your own sign-in name moves to the
//! `.onmicrosoft.com` domain (we say what it becomes), the Microsoft 365 and security groups
//! with an address there are deleted (Graph can), the distribution lists and mail-enabled
//! security groups are handed to the Exchange admin center (only Exchange can remove them),
//! and once nothing uses them the custom domains are deleted. Email to those domains stops.

use serde_json::json;

use super::{delete, patch, purge, ActionCode, ActionText, StepState, Verification};
use crate::closure::checks::{Finding, FindingCode, Severity};
use crate::closure::inventory::Inventory;
use crate::closure::model::Group;
use crate::closure::plan::{
    PortalGuide, PortalItem, PortalLinks, StepOptions, StepPlan, TargetKind,
};
use crate::closure::StepId;

const STEP: StepId = StepId::Domains;

/// Your sign-in name on the initial domain, if it is not there yet.
pub fn new_sign_in_name(inv: &Inventory) -> Option<String> {
    let initial = inv.initial_domain()?;
    let upn = &inv.me.user_principal_name;
    let (local, domain) = upn.split_once('@')?;
    (!domain.eq_ignore_ascii_case(initial)).then(|| format!("{local}@{initial}"))
}

/// Groups on a custom domain that Graph deletes (Microsoft 365 and security groups).
fn graph_groups(inv: &Inventory) -> impl Iterator<Item = &Group> {
    inv.groups_on_custom_domains()
        .filter(|g| g.kind().graph_deletes())
}

/// Groups on a custom domain that only the Exchange admin center removes.
pub fn exchange_groups(inv: &Inventory) -> impl Iterator<Item = &Group> {
    inv.groups_on_custom_domains()
        .filter(|g| !g.kind().graph_deletes())
}

pub fn plan(inv: &Inventory, options: &StepOptions, links: &PortalLinks) -> StepPlan {
    let mut plan = StepPlan::new(
        STEP,
        "Moves your sign-in name to your organization's .onmicrosoft.com address, deletes the \
         groups that use your domains, then removes your own domains from Microsoft 365. \
         Microsoft requires this before cancelling.",
        if options.purge_deleted_groups {
            "Email sent to addresses at these domains stops arriving. Purged groups, with their \
             mail, Team and site, cannot be restored."
        } else {
            "Email sent to addresses at these domains stops arriving. Deleted Microsoft 365 groups \
             can be restored for 30 days; security groups cannot."
        },
    );
    plan.blockers = blockers(inv);
    if let Some(new_name) = new_sign_in_name(inv) {
        plan.notes.push(format!(
            "Your new sign-in name will be {new_name} (it was {}).",
            inv.me.user_principal_name
        ));
        plan.actions.push(patch(
            STEP,
            0,
            TargetKind::User,
            &inv.me.id,
            json!({ "userPrincipalName": new_name }),
            ActionText::named(ActionCode::ChangeSignInName, &new_name),
        ));
    }
    for group in graph_groups(inv) {
        let code = if group.is_team() {
            ActionCode::DeleteTeam
        } else {
            ActionCode::DeleteGroup
        };
        plan.actions.push(delete(
            STEP,
            0,
            TargetKind::Group,
            &group.id,
            ActionText::named(code, group.label()),
        ));
        if options.purge_deleted_groups
            && group.kind() == crate::closure::model::GroupKind::Microsoft365
        {
            plan.actions
                .push(purge(STEP, &group.id, &group.label(), true));
        }
    }
    let handed_off: Vec<PortalItem> = exchange_groups(inv)
        .map(|g| PortalItem {
            id: g.id.clone(),
            text: g.label(),
        })
        .collect();
    if handed_off.is_empty() {
        for domain in inv.custom_domains() {
            plan.actions.push(delete(
                STEP,
                2,
                TargetKind::Domain,
                &domain.id,
                ActionText::named(ActionCode::RemoveDomain, &domain.id),
            ));
        }
    } else {
        // The domains go on the next run, once the owner has removed these in Exchange and
        // the inventory no longer shows them (Microsoft would refuse the delete meanwhile).
        plan.portal = Some(PortalGuide {
            url: links.exchange_groups.clone(),
            instructions: vec![
                "Open the Exchange admin center and sign in as Global Administrator. Check that the organization's name at the top is yours."
                    .into(),
                "In the left menu select Recipients, then Groups. Distribution lists are under the Distribution list tab, mail-enabled security groups under Mail-enabled security."
                    .into(),
                "Select each group named above, choose Delete group, and confirm."
                    .into(),
                "Come back here: Closeout checks by itself, then removes your domains."
                    .into(),
            ],
            cautions: Vec::new(),
            items: handed_off,
        });
    }
    plan
}

/// What stops the step: other people still use the domains (step 1 first), or a domain is
/// federated (its provider must defederate it first).
fn blockers(inv: &Inventory) -> Vec<Finding> {
    if inv.custom_domains().next().is_none() {
        return Vec::new();
    }
    let others: Vec<String> = inv.other_users().map(|u| u.label()).collect();
    let mut found = Vec::new();
    if !others.is_empty() {
        found.push(Finding {
            code: FindingCode::UsersRemain,
            severity: Severity::Blocker,
            step: Some(STEP),
            subjects: others,
            message: "Other people still use these domains.".into(),
            what_to_do: "Finish step 1 (delete users) first.".into(),
        });
    }
    found.extend(crate::closure::checks::federated_domain(inv, ""));
    found
}

pub fn verify(inv: &Inventory) -> Verification {
    let mut remaining: Vec<String> = graph_groups(inv)
        .chain(exchange_groups(inv))
        .map(|g| format!("the group {}", g.label()))
        .collect();
    // Microsoft's own answer to "what still uses this domain": a group the group list did
    // not show with its address there (a proxy address only, say) still holds the domain.
    let listed = |id: &str| {
        inv.groups_on_custom_domains()
            .any(|g| crate::closure::ids::same_id(&g.id, id))
    };
    remaining.extend(
        inv.referenced_groups()
            .filter(|o| !listed(&o.id))
            .map(|o| format!("the group {}", o.display_name.as_deref().unwrap_or(&o.id))),
    );
    remaining.extend(inv.custom_domains().map(|d| d.id.clone()));
    if let Some(new_name) = new_sign_in_name(inv) {
        remaining.insert(0, format!("your sign-in name (to become {new_name})"));
    }
    let verification = Verification::from_remaining(
        STEP,
        remaining,
        "Custom domains, or groups that use them, are still attached.",
        "Only the .onmicrosoft.com domain is left.",
    );
    if verification.state == StepState::Done {
        return verification;
    }
    verification.unless_blocked(blockers(inv))
}
