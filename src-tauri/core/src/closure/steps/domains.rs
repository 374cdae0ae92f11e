//! The domain step Microsoft requires before cancelling: your own sign-in name moves to the
//! `.onmicrosoft.com` domain (we say what it becomes), then the custom domains are deleted.
//! Email to addresses at those domains stops working.

use serde_json::json;

use super::{delete, patch, ActionCode, ActionText, StepState, Verification};
use crate::closure::checks::{Finding, FindingCode, Severity};
use crate::closure::inventory::Inventory;
use crate::closure::plan::{StepPlan, TargetKind};
use crate::closure::StepId;

const STEP: StepId = StepId::Domains;

/// Your sign-in name on the initial domain, if it is not there yet.
pub fn new_sign_in_name(inv: &Inventory) -> Option<String> {
    let initial = inv.initial_domain()?;
    let upn = &inv.me.user_principal_name;
    let (local, domain) = upn.split_once('@')?;
    (!domain.eq_ignore_ascii_case(initial)).then(|| format!("{local}@{initial}"))
}

pub fn plan(inv: &Inventory) -> StepPlan {
    let mut plan = StepPlan::new(
        STEP,
        "Moves your sign-in name to your organization's .onmicrosoft.com address, then removes \
         your own domains from Microsoft 365. Microsoft requires this before cancelling.",
        "Email sent to addresses at these domains stops arriving. A removed domain can be added \
         again to another account later.",
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
    for domain in inv.custom_domains() {
        plan.actions.push(delete(
            STEP,
            1,
            TargetKind::Domain,
            &domain.id,
            ActionText::named(ActionCode::RemoveDomain, &domain.id),
        ));
    }
    plan
}

/// Other people may still use the domains: step 1 first.
fn blockers(inv: &Inventory) -> Vec<Finding> {
    let others: Vec<String> = inv.other_users().map(|u| u.label()).collect();
    if others.is_empty() || inv.custom_domains().next().is_none() {
        return Vec::new();
    }
    vec![Finding {
        code: FindingCode::UsersRemain,
        severity: Severity::Blocker,
        step: Some(STEP),
        subjects: others,
        message: "Other people still use these domains.".into(),
        what_to_do: "Finish step 1 (delete users) first.".into(),
    }]
}

pub fn verify(inv: &Inventory) -> Verification {
    let mut remaining: Vec<String> = inv.custom_domains().map(|d| d.id.clone()).collect();
    if let Some(new_name) = new_sign_in_name(inv) {
        remaining.insert(0, format!("your sign-in name (to become {new_name})"));
    }
    let verification = Verification::from_remaining(
        STEP,
        remaining,
        "Custom domains are still attached.",
        "Only the .onmicrosoft.com domain is left.",
    );
    if verification.state == StepState::Done {
        return verification;
    }
    verification.unless_blocked(blockers(inv))
}
