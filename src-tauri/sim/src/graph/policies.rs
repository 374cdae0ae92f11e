//! Multi-factor authentication settings: security defaults, conditional access policies
//! (1 request per second per tenant), and per-user MFA state (beta only, as at Microsoft).

use super::perms::{CA_WRITE, MFA_READ, MFA_WRITE, POLICY_READ, SECURITY_DEFAULTS_WRITE};
use super::reply::{not_found, Out, Reply};
use super::{Ctx, Route};
use crate::clock::iso;
use crate::state::directory::CaPolicy;
use crate::state::users::{
    AUTH_POLICY_ADMIN, CA_ADMIN, GLOBAL_READER, PRIVILEGED_AUTH_ADMIN, SECURITY_ADMIN,
};
use crate::throttle::Service::{ConditionalAccess, Directory};
use serde_json::{json, Value};

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/policies/identitySecurityDefaultsEnforcementPolicy", cost: 1, service: Directory, beta_only: false, scopes: POLICY_READ, handler: security_defaults },
    Route { method: "PATCH", template: "/policies/identitySecurityDefaultsEnforcementPolicy", cost: 1, service: Directory, beta_only: false, scopes: SECURITY_DEFAULTS_WRITE, handler: set_security_defaults },
    Route { method: "GET", template: "/identity/conditionalAccess/policies", cost: 1, service: ConditionalAccess, beta_only: false, scopes: POLICY_READ, handler: ca_list },
    Route { method: "GET", template: "/identity/conditionalAccess/policies/{id}", cost: 1, service: ConditionalAccess, beta_only: false, scopes: POLICY_READ, handler: ca_get },
    Route { method: "PATCH", template: "/identity/conditionalAccess/policies/{id}", cost: 1, service: ConditionalAccess, beta_only: false, scopes: CA_WRITE, handler: ca_update },
    Route { method: "DELETE", template: "/identity/conditionalAccess/policies/{id}", cost: 1, service: ConditionalAccess, beta_only: false, scopes: CA_WRITE, handler: ca_delete },
    Route { method: "GET", template: "/users/{id}/authentication/requirements", cost: 1, service: Directory, beta_only: true, scopes: MFA_READ, handler: mfa_get },
    Route { method: "PATCH", template: "/users/{id}/authentication/requirements", cost: 1, service: Directory, beta_only: true, scopes: MFA_WRITE, handler: mfa_set },
    Route { method: "GET", template: "/me/authentication/requirements", cost: 1, service: Directory, beta_only: true, scopes: MFA_READ, handler: mfa_get },
];

const POLICY_READERS: &[&str] = &[SECURITY_ADMIN, CA_ADMIN, GLOBAL_READER];
const POLICY_WRITERS: &[&str] = &[SECURITY_ADMIN, CA_ADMIN];

fn security_defaults(ctx: &mut Ctx) -> Out {
    ctx.require_role(POLICY_READERS)?;
    Ok(Reply::ok(json!({
        "@odata.context": ctx.context("policies/identitySecurityDefaultsEnforcementPolicy/$entity"),
        "id": "00000000-0000-0000-0000-000000000005",
        "displayName": "Security Defaults",
        "description": "Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.",
        "isEnabled": ctx.w.tenant.security_defaults,
    })))
}

fn set_security_defaults(ctx: &mut Ctx) -> Out {
    ctx.require_role(POLICY_WRITERS)?;
    match ctx.body_field("isEnabled").and_then(Value::as_bool) {
        Some(on) => {
            ctx.w.tenant.security_defaults = on;
            Ok(Reply::no_content())
        }
        None => Err(Reply::error(
            400,
            "BadRequest",
            "Invalid value for property 'isEnabled'.",
        )),
    }
}

fn ca_json(p: &CaPolicy) -> Value {
    json!({
        "id": p.id,
        "templateId": null,
        "displayName": p.display_name,
        "createdDateTime": iso(p.created),
        "modifiedDateTime": p.modified.map(iso),
        "state": p.state,
        "sessionControls": null,
        "conditions": {
            "userRiskLevels": [], "signInRiskLevels": [], "clientAppTypes": p.client_app_types,
            "platforms": null, "locations": null, "devices": null,
            "applications": {"includeApplications": p.include_applications, "excludeApplications": [], "includeUserActions": []},
            "users": {"includeUsers": ["All"], "excludeUsers": [], "includeGroups": [], "excludeGroups": [], "includeRoles": [], "excludeRoles": []},
        },
        "grantControls": {"operator": "OR", "builtInControls": p.grant_controls, "customAuthenticationFactors": [], "termsOfUse": []},
    })
}

fn ca_find(ctx: &Ctx) -> Result<usize, Reply> {
    let id = ctx.param(0);
    ctx.w
        .tenant
        .ca_policies
        .iter()
        .position(|p| p.id == id)
        .ok_or_else(|| not_found(id))
}

fn ca_list(ctx: &mut Ctx) -> Out {
    ctx.require_role(POLICY_READERS)?;
    let value: Vec<Value> = ctx.w.tenant.ca_policies.iter().map(ca_json).collect();
    super::odata::listed(ctx, "identity/conditionalAccess/policies", value)
}

fn ca_get(ctx: &mut Ctx) -> Out {
    ctx.require_role(POLICY_READERS)?;
    let i = ca_find(ctx)?;
    let mut v = ca_json(&ctx.w.tenant.ca_policies[i]);
    v["@odata.context"] = json!(ctx.context("identity/conditionalAccess/policies/$entity"));
    Ok(Reply::ok(v))
}

fn ca_update(ctx: &mut Ctx) -> Out {
    ctx.require_role(POLICY_WRITERS)?;
    let i = ca_find(ctx)?;
    // Microsoft: once the licenses conditional access needs expire, "you can view and delete
    // remaining policies, but you can't update them". INFERENCE: the status and error body
    // of that refusal (not documented).
    if !ctx.w.tenant.conditional_access_licensed() {
        return Err(Reply::error(
            403,
            "AccessDenied",
            "Your tenant does not have the licenses that conditional access requires. \
             Existing policies can be read and deleted, not updated.",
        ));
    }
    if let Some(state) = ctx.body_field("state") {
        let state = state.as_str().unwrap_or_default().to_string();
        if !["enabled", "disabled", "enabledForReportingButNotEnforced"].contains(&state.as_str()) {
            return Err(Reply::error(
                400,
                "BadRequest",
                format!("Requested value '{state}' was not found."),
            ));
        }
        let now = ctx.now;
        let p = &mut ctx.w.tenant.ca_policies[i];
        p.state = state;
        p.modified = Some(now);
    }
    Ok(Reply::no_content())
}

fn ca_delete(ctx: &mut Ctx) -> Out {
    ctx.require_role(POLICY_WRITERS)?;
    let i = ca_find(ctx)?;
    let p = ctx.w.tenant.ca_policies.remove(i);
    ctx.deleted("conditionalAccessPolicy", &p.id, &p.display_name);
    Ok(Reply::no_content())
}

fn mfa_user(ctx: &Ctx) -> Result<String, Reply> {
    if ctx.params.is_empty() {
        return Ok(ctx.grant.user_id.clone());
    }
    ctx.w
        .tenant
        .find_user_id(ctx.param(0))
        .ok_or_else(|| not_found(ctx.param(0)))
}

fn mfa_get(ctx: &mut Ctx) -> Out {
    let id = mfa_user(ctx)?;
    if id != ctx.grant.user_id {
        ctx.require_role(&[
            AUTH_POLICY_ADMIN,
            PRIVILEGED_AUTH_ADMIN,
            GLOBAL_READER,
            SECURITY_ADMIN,
        ])?;
    }
    let state = ctx.w.tenant.users[&id].mfa;
    let context = ctx.context(&format!(
        "users('{id}')/authentication/requirements/$entity"
    ));
    Ok(Reply::ok(
        json!({"@odata.context": context, "perUserMfaState": state}),
    ))
}

fn mfa_set(ctx: &mut Ctx) -> Out {
    let id = mfa_user(ctx)?;
    ctx.require_role(&[AUTH_POLICY_ADMIN, PRIVILEGED_AUTH_ADMIN])?;
    let state: &'static str = match ctx.body_field("perUserMfaState").and_then(Value::as_str) {
        Some("disabled") => "disabled",
        Some("enabled") => "enabled",
        Some("enforced") => "enforced",
        other => {
            return Err(Reply::error(
                400,
                "BadRequest",
                format!(
                    "Requested value '{}' was not found.",
                    other.unwrap_or_default()
                ),
            ));
        }
    };
    if let Some(u) = ctx.w.tenant.users.get_mut(&id) {
        // Microsoft: "enabled" on someone who already registered MFA becomes "enforced".
        u.mfa = if state == "enabled" && u.mfa_registered {
            "enforced"
        } else {
            state
        };
    }
    Ok(Reply::no_content())
}
