//! Step 4: multi-factor authentication off for everyone but you: security defaults off,
//! conditional access policies off (Microsoft allows 1 request per second on them, which the
//! Graph client paces), and per-user MFA disabled (beta API), read here for whoever remains.
//! Microsoft still asks you for MFA in its admin portals: that is not configurable.

use serde_json::json;

use super::{patch, Verification};
use crate::closure::inventory::Inventory;
use crate::closure::plan::{StepPlan, TargetKind};
use crate::closure::StepId;
use crate::error::Result;
use crate::graph::{BatchItem, GraphClient};

const STEP: StepId = StepId::Mfa;

/// Per-user MFA state of each person other than you, as `(user id, label, state)`.
pub type MfaStates = Vec<(String, String, String)>;

/// Reads per-user MFA for the people who remain (after step 1, usually nobody but you).
pub async fn read_states(client: &GraphClient, inv: &Inventory) -> Result<MfaStates> {
    let others: Vec<_> = inv.other_users().collect();
    if others.is_empty() {
        return Ok(Vec::new());
    }
    let items = others
        .iter()
        .map(|u| BatchItem::get(u.id.clone(), TargetKind::PerUserMfa.path(&u.id)))
        .collect();
    let outcomes = client.batch(items, |_| {}).await?;
    let mut states = Vec::new();
    for (user, outcome) in others.iter().zip(outcomes) {
        if let Some(error) = outcome.error {
            return Err(error);
        }
        let state = outcome.body["perUserMfaState"]
            .as_str()
            .unwrap_or("disabled");
        states.push((user.id.clone(), user.label(), state.to_string()));
    }
    Ok(states)
}

fn security_defaults_on(inv: &Inventory) -> bool {
    inv.security_defaults.as_ref().is_some_and(|s| s.is_enabled)
}

pub fn plan(inv: &Inventory, states: &MfaStates) -> StepPlan {
    let mut plan = StepPlan::new(
        STEP,
        "Turns off per-user MFA for everyone but you (Microsoft's guide asks for this), and \
         security defaults and conditional access policies for the whole organization (the guide \
         does not ask for these; Microsoft advises against turning security defaults off).",
        "Each can be turned back on. Microsoft will still ask you for MFA when you sign in to \
         its admin portals: that cannot be turned off.",
    );
    if security_defaults_on(inv) {
        plan.actions.push(patch(
            STEP,
            0,
            TargetKind::SecurityDefaults,
            "security-defaults",
            json!({ "isEnabled": false }),
            "Turn off security defaults".into(),
        ));
    }
    for policy in inv
        .conditional_access
        .iter()
        .filter(|p| p.state != "disabled")
    {
        plan.actions.push(patch(
            STEP,
            1,
            TargetKind::ConditionalAccessPolicy,
            &policy.id,
            json!({ "state": "disabled" }),
            format!(
                "Turn off the conditional access policy \"{}\"",
                policy.display_name
            ),
        ));
    }
    for (id, label, _) in states.iter().filter(|s| s.2 != "disabled") {
        plan.actions.push(patch(
            STEP,
            2,
            TargetKind::PerUserMfa,
            id,
            json!({ "perUserMfaState": "disabled" }),
            format!("Turn off per-user MFA for {label}"),
        ));
    }
    plan.notes.push(
        "Microsoft still asks you for multi-factor authentication in its admin portals.".into(),
    );
    plan
}

/// `states`: `None` when per-user MFA was not read (the overview while people remain: they
/// are read at step 4, for whoever remains then).
pub fn verify(inv: &Inventory, states: Option<&MfaStates>) -> Verification {
    let mut remaining = Vec::new();
    if security_defaults_on(inv) {
        remaining.push("security defaults".to_string());
    }
    remaining.extend(
        inv.conditional_access
            .iter()
            .filter(|p| p.state != "disabled")
            .map(|p| format!("conditional access policy \"{}\"", p.display_name)),
    );
    match states {
        Some(states) => remaining.extend(
            states
                .iter()
                .filter(|s| s.2 != "disabled")
                .map(|s| format!("per-user MFA for {}", s.1)),
        ),
        None => {
            let others = inv.other_users().count();
            if others > 0 {
                remaining.push(format!(
                    "per-user MFA of {others} people (read at this step)"
                ));
            }
        }
    }
    Verification::from_remaining(
        STEP,
        remaining,
        "Multi-factor authentication is still on for some.",
        "Multi-factor authentication is off for everyone but you.",
    )
}
