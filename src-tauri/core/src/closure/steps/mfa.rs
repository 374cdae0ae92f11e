//! Step 4, as Microsoft's "Close your Microsoft business account" step 4 asks: per-user MFA
//! off for every remaining account except yours (beta API, read here for whoever remains).
//! Security defaults and conditional access policies are left as they are: the guide does not
//! ask for them, Microsoft calls turning security defaults off "not recommended", and since
//! 2024-25 its admin portals ask for a second factor whatever the tenant's settings (Entra
//! "mandatory multifactor authentication"). The one exception is offered, never assumed: a
//! policy that would stop you from finishing in those portals ([`super::mfa_policies`]),
//! turned off only on your explicit choice (deleted instead once the license conditional
//! access needs has ended: Microsoft then allows deleting a policy, not changing it). Your own
//! sign-in methods are never touched.

use serde_json::json;

use super::mfa_policies::{stopping_owner, PolicyRisk};
use super::{delete, patch, ActionCode, ActionText, Verification};
use crate::closure::inventory::{Inventory, Unreadable};
use crate::closure::model::ConditionalAccessPolicy;
use crate::closure::plan::{Action, StepOptions, StepPlan, TargetKind};
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

/// What the plan says about the settings it leaves alone, in English (the CLI's words; the
/// app says the same from its catalogue).
fn left_as_they_are(inv: &Inventory) -> Vec<String> {
    let defaults = match &inv.security_defaults {
        Some(s) if s.is_enabled => "on",
        Some(_) => "off",
        None => "not readable",
    };
    let enforced = inv
        .conditional_access
        .iter()
        .filter(|p| p.state != "disabled")
        .count();
    vec![
        format!(
            "Security defaults ({defaults}) and conditional access policies ({enforced} on) are \
             left as they are: Microsoft's guide does not ask to turn them off, and calls turning \
             security defaults off \"not recommended\"."
        ),
        "Microsoft still asks you for your second factor in its admin portals, the Entra admin \
         center of step 5 included: keep your authenticator app and phone until the \
         organization is deleted. Closeout never changes your own sign-in methods."
            .into(),
    ]
}

fn risk_words(risk: PolicyRisk) -> &'static str {
    match risk {
        PolicyRisk::Blocks => "blocks your sign-in to Microsoft's admin portals",
        PolicyRisk::NeedsDevice => {
            "asks for a company device or app for Microsoft's admin portals, which the computer \
             you use may not be"
        }
    }
}

/// What Closeout may do to a policy that stops the owner, and how the plan says it. Without the
/// license, Microsoft keeps a policy in force but refuses changes to it; it may still be
/// deleted, which is then the only way to take it out of the owner's way.
fn policy_action(policy: &ConditionalAccessPolicy, licensed: bool) -> (&'static str, Action) {
    let (id, name) = (&policy.id, &policy.display_name);
    let target = TargetKind::ConditionalAccessPolicy;
    if licensed {
        let what = ActionText::named(ActionCode::TurnOffConditionalAccess, name);
        let body = json!({ "state": "disabled" });
        ("turn it off", patch(STEP, 1, target, id, body, what))
    } else {
        let what = ActionText::named(ActionCode::DeleteConditionalAccess, name);
        let offer = "delete it (the license that allowed it has ended: Microsoft keeps it in \
                     force and lets it be deleted, not changed)";
        (offer, delete(STEP, 1, target, id, what))
    }
}

pub fn plan(inv: &Inventory, states: &MfaStates, options: &StepOptions) -> StepPlan {
    let mut plan = StepPlan::new(
        STEP,
        "Turns off per-user MFA for every account except yours, as Microsoft's guide asks. \
         Security defaults and conditional access policies stay as they are.",
        "Per-user MFA can be turned on again for anyone as long as the organization exists.",
    );
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
    plan.notes.extend(left_as_they_are(inv));
    let licensed = inv.conditional_access_licensed();
    for (policy, risk) in stopping_owner(inv) {
        let (offer, action) = policy_action(policy, licensed);
        plan.notes.push(format!(
            "Conditional access policy \"{}\" {}: Closeout can {offer} if you choose to.",
            policy.display_name,
            risk_words(risk)
        ));
        if options.turn_off_policies_stopping_me {
            plan.actions.push(action);
        } else {
            plan.choices.push(action);
        }
    }
    plan
}

/// Done when per-user MFA is off for everyone but you. Security defaults and conditional
/// access are not part of the verdict (they stay as they are). `states`: `None` when per-user
/// MFA was not read (the overview while people remain: they are read at step 4, for whoever
/// remains then).
pub fn verify(inv: &Inventory, states: Option<&MfaStates>) -> Verification {
    let mut remaining = Vec::new();
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
        "Per-user multi-factor authentication is still on for some accounts.",
        "Per-user multi-factor authentication is off for every account but yours.",
    )
    .unknown_because(unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::closure::model::SubscribedSku;
    use crate::closure::plan::ActionMethod;

    /// The test inventory with one policy that blocks the owner's admin portals.
    fn blocked() -> Inventory {
        let mut inv = crate::closure::checks::tests::inventory();
        inv.conditional_access = vec![serde_json::from_value(json!({
            "id": "p1", "displayName": "Block admin portals", "state": "enabled",
            "conditions": {
                "clientAppTypes": ["all"],
                "applications": {"includeApplications": ["All"], "excludeApplications": []},
                "users": {"includeUsers": ["All"], "excludeUsers": [], "includeRoles": [], "excludeRoles": []},
            },
            "grantControls": {"operator": "OR", "builtInControls": ["block"]},
        }))
        .unwrap()];
        inv
    }

    fn premium(status: &str, plan: &str) -> SubscribedSku {
        serde_json::from_value(json!({
            "id": "t_cbdc14ab", "skuId": "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46",
            "skuPartNumber": "SPB", "capabilityStatus": status, "consumedUnits": 3,
            "servicePlans": [
                {"servicePlanId": "41781fb2-bc02-4b7c-bd55-b576c07bb09d", "servicePlanName": "AAD_PREMIUM",
                 "provisioningStatus": plan, "appliesTo": "User"},
            ],
        }))
        .unwrap()
    }

    fn offered(inv: &Inventory) -> (ActionMethod, String) {
        let plan = plan(inv, &Vec::new(), &StepOptions::default());
        assert_eq!(plan.choices.len(), 1, "{:?}", plan.choices);
        let note = plan
            .notes
            .iter()
            .find(|n| n.contains("Block admin portals"))
            .unwrap();
        (plan.choices[0].method, note.clone())
    }

    #[test]
    fn a_licensed_policy_is_turned_off_an_unlicensed_one_can_only_be_deleted() {
        let mut inv = blocked();
        inv.skus = vec![premium("Enabled", "Success")];
        let (method, note) = offered(&inv);
        assert_eq!(method, ActionMethod::Patch);
        assert!(note.contains("can turn it off"), "{note}");

        for lapsed in [
            premium("Suspended", "Disabled"),
            premium("Deleted", "Disabled"),
        ] {
            inv.skus = vec![lapsed];
            let (method, note) = offered(&inv);
            assert_eq!(
                method,
                ActionMethod::Delete,
                "Microsoft refuses changes, allows deletion"
            );
            assert!(note.contains("deleted, not changed"), "{note}");
        }
        inv.skus = Vec::new();
        assert_eq!(offered(&inv).0, ActionMethod::Delete, "no product at all");
    }

    #[test]
    fn service_plans_may_be_missing_or_null() {
        let sku: SubscribedSku =
            serde_json::from_value(json!({"id": "x", "servicePlans": null})).unwrap();
        assert!(!sku.licenses_conditional_access());
        let sku: SubscribedSku = serde_json::from_value(json!({"id": "x",
            "servicePlans": [{"servicePlanName": null, "provisioningStatus": null, "extra": 1}]}))
        .unwrap();
        assert!(!sku.licenses_conditional_access());
    }
}
