//! Directory roles: who holds Global Administrator and the other admin roles.
//! `/me/memberOf`, `/users/{id}/memberOf`, `/directoryRoles` (activated roles only) and
//! their members, also addressed by role template id.

use super::perms::{ME, MEMBER_OF_READ, ROLES_READ};
use super::reply::{not_found, Out};
use super::{Ctx, Route};
use crate::state::users::{User, ROLES};
use crate::state::Tenant;
use crate::throttle::Service::Directory;
use serde_json::{json, Value};

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/me/memberOf", cost: 2, service: Directory, beta_only: false, scopes: ME, handler: my_roles },
    Route { method: "GET", template: "/users/{id}/memberOf", cost: 2, service: Directory, beta_only: false, scopes: MEMBER_OF_READ, handler: user_roles },
    Route { method: "GET", template: "/directoryRoles", cost: 1, service: Directory, beta_only: false, scopes: ROLES_READ, handler: list },
    Route { method: "GET", template: "/directoryRoles(roleTemplateId='{template}')/members", cost: 1, service: Directory, beta_only: false, scopes: ROLES_READ, handler: members_by_template },
    Route { method: "GET", template: "/directoryRoles/{id}/members", cost: 1, service: Directory, beta_only: false, scopes: ROLES_READ, handler: members },
];

fn role_json(t: &Tenant, template: &str) -> Value {
    let (_, name, description) = ROLES
        .iter()
        .find(|(id, _, _)| *id == template)
        .copied()
        .unwrap_or(("", "", ""));
    json!({
        "@odata.type": "#microsoft.graph.directoryRole",
        "id": t.role_ids.get(template),
        "deletedDateTime": null,
        "description": description,
        "displayName": name,
        "roleTemplateId": template,
    })
}

fn roles_of(ctx: &Ctx, user: &User) -> Out {
    let value: Vec<Value> = user
        .roles
        .iter()
        .map(|r| role_json(&ctx.w.tenant, r))
        .collect();
    super::odata::listed(ctx, "directoryObjects", value)
}

fn my_roles(ctx: &mut Ctx) -> Out {
    let user = ctx
        .caller()
        .cloned()
        .ok_or_else(|| not_found(&ctx.grant.user_id))?;
    roles_of(ctx, &user)
}

fn user_roles(ctx: &mut Ctx) -> Out {
    let key = ctx.param(0);
    let id = ctx
        .w
        .tenant
        .find_user_id(key)
        .ok_or_else(|| not_found(key))?;
    let user = ctx.w.tenant.users[&id].clone();
    roles_of(ctx, &user)
}

/// Only activated roles (with at least one member) are listed, as at Microsoft.
fn list(ctx: &mut Ctx) -> Out {
    let t = &ctx.w.tenant;
    let value: Vec<Value> = ROLES
        .iter()
        .filter(|(template, _, _)| t.users.values().any(|u| u.roles.contains(template)))
        .map(|(template, _, _)| role_json(t, template))
        .collect();
    super::odata::listed(ctx, "directoryRoles", value)
}

fn members_of_template(ctx: &Ctx, template: &str) -> Out {
    let value: Vec<Value> = ctx
        .w
        .tenant
        .users
        .values()
        .filter(|u| u.roles.contains(&template))
        .map(|u| json!({"@odata.type": "#microsoft.graph.user", "id": u.id, "displayName": u.display_name, "userPrincipalName": u.upn}))
        .collect();
    super::odata::listed(ctx, "directoryObjects", value)
}

fn members_by_template(ctx: &mut Ctx) -> Out {
    let template = ctx.param(0).to_string();
    if !ROLES.iter().any(|(t, _, _)| *t == template) {
        return Err(not_found(&template));
    }
    members_of_template(ctx, &template)
}

fn members(ctx: &mut Ctx) -> Out {
    let id = ctx.param(0).to_string();
    let template = ctx
        .w
        .tenant
        .role_ids
        .iter()
        .find(|(_, v)| **v == id)
        .map(|(k, _)| *k)
        .ok_or_else(|| not_found(&id))?;
    members_of_template(ctx, template)
}
