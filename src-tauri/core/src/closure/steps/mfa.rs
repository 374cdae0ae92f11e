//! Step 4: multi-factor authentication off for everyone but you: security defaults off,
//! conditional access policies off (Microsoft allows 1 request per second on them, which the
//! Graph client paces), and per-user MFA disabled (beta API), read here for whoever remains.
//! Microsoft still asks you for MFA in its admin portals: that is not configurable.

use serde_json::json;

use super::{patch, ActionCode, ActionText, Verification};
use crate::closure::inventory::{Inventory, Unreadable};
use crate::closure::plan::{StepPlan, TargetKind};
use crate::closure::StepId;
use crate::error::{ErrorCode, Result};
use crate::graph::{BatchItem, GraphClient};

const STEP: StepId = StepId::Mfa;

/// One person's per-user MFA state.
#[derive(Debug, Clone, PartialEq)]
pub struct PerUserMfa {
    pub user_id: String,
    pub label: String,
    /// `disabled`, `enabled`, `enforced` (or a value Microsoft adds later); `Err` with why
    /// when it could not be read: unknown, never taken for "disabled".
    pub state: std::result::Result<String, ErrorCode>,
}

impl PerUserMfa {
    fn is_off(&self) -> bool {
        self.state.as_deref() == Ok("disabled")
    }
}

/// Per-user MFA state of each person other than you.
pub type MfaStates = Vec<PerUserMfa>;

/// The part the per-user MFA reads form, for a step's "couldn't check".
const PER_USER_PART: &str = "perUserMfa";

/// Reads per-user MFA for the people who remain (after step 1, usually nobody but you). An
/// item Microsoft refused inside the batch (403, 404, 500...) or an answer without
/// `perUserMfaState` is kept as unreadable for that person; the others are read as usual.
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
    Ok(others
        .iter()
        .zip(outcomes)
        .map(|(user, outcome)| PerUserMfa {
            user_id: user.id.clone(),
            label: user.label(),
            state: match outcome.error {
                Some(error) => Err(error.code),
                None => outcome.body["perUserMfaState"]
                    .as_str()
                    .map(str::to_owned)
                    .ok_or(ErrorCode::MalformedResponse),
            },
        })
        .collect())
}

/// The people whose per-user MFA could not be read, as one unreadable part per reason.
fn unreadable_states(states: &MfaStates) -> Vec<Unreadable> {
    let mut parts: Vec<Unreadable> = Vec::new();
    for person in states {
        let Err(code) = person.state else { continue };
        match parts.iter_mut().find(|p| p.code == code) {
            Some(part) => part.objects.push(person.label.clone()),
            None => parts.push(Unreadable {
                part: PER_USER_PART.into(),
                code,
                objects: vec![person.label.clone()],
            }),
        }
    }
    parts
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
            ActionText::new(ActionCode::TurnOffSecurityDefaults),
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
            ActionText::named(ActionCode::TurnOffConditionalAccess, &policy.display_name),
        ));
    }
    // A state that could not be read is turned off all the same: the PATCH is harmless
    // when it is off already, and verify reads it again.
    for person in states.iter().filter(|p| !p.is_off()) {
        plan.actions.push(patch(
            STEP,
            2,
            TargetKind::PerUserMfa,
            &person.user_id,
            json!({ "perUserMfaState": "disabled" }),
            ActionText::named(ActionCode::TurnOffPerUserMfa, &person.label),
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
    let unreadable = states.map(unreadable_states).unwrap_or_default();
    match states {
        Some(states) => remaining.extend(
            states
                .iter()
                .filter(|p| p.state.is_ok() && !p.is_off())
                .map(|p| format!("per-user MFA for {}", p.label)),
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
    .unknown_because(unreadable)
}
