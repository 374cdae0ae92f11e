//! `/me`, `/users`, `/users/$count`: list with OData options, get, update (sign-in name) and
//! delete (soft delete into `deletedItems`, refusing what Microsoft refuses).

use super::odata::{self, Filterable};
use super::perms::{ME, USERS_DELETE, USERS_READ, USERS_WRITE};
use super::reply::{bad_request, denied, not_found, Out, Reply};
use super::{Ctx, Route};
use crate::state::users::{
    User, DEFAULT_USER_PROPS, GLOBAL_ADMIN, PRIVILEGED_AUTH_ADMIN, USER_ADMIN,
};
use crate::throttle::Service::Directory;
use serde_json::{json, Value};

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/me", cost: 1, service: Directory, beta_only: false, scopes: ME, handler: me },
    Route { method: "GET", template: "/users", cost: 2, service: Directory, beta_only: false, scopes: USERS_READ, handler: list },
    Route { method: "GET", template: "/users/$count", cost: 1, service: Directory, beta_only: false, scopes: USERS_READ, handler: count },
    Route { method: "GET", template: "/users/{id}", cost: 1, service: Directory, beta_only: false, scopes: USERS_READ, handler: get },
    Route { method: "PATCH", template: "/users/{id}", cost: 1, service: Directory, beta_only: false, scopes: USERS_WRITE, handler: update },
    Route { method: "DELETE", template: "/users/{id}", cost: 1, service: Directory, beta_only: false, scopes: USERS_DELETE, handler: delete },
];

pub const USER_FILTER: Filterable = Filterable {
    type_name: "microsoft.graph.user",
    props: &[
        "id",
        "userPrincipalName",
        "displayName",
        "givenName",
        "surname",
        "mail",
        "userType",
        "accountEnabled",
        "jobTitle",
        "onPremisesSyncEnabled",
        "assignedLicenses",
        "createdDateTime",
        "deletedDateTime",
        "externalUserState",
    ],
    advanced: &["onPremisesSyncEnabled", "createdDateTime"],
};

fn single(ctx: &Ctx, user: &User) -> Out {
    let select = ctx.req.option("$select").map(|s| {
        s.split(',')
            .map(|p| p.trim().to_string())
            .collect::<Vec<_>>()
    });
    let mut obj = odata::project(&user.to_json(), select.as_deref(), DEFAULT_USER_PROPS);
    obj["@odata.context"] = json!(ctx.context("users/$entity"));
    Ok(Reply::ok(obj))
}

fn me(ctx: &mut Ctx) -> Out {
    let user = ctx
        .caller()
        .cloned()
        .ok_or_else(|| not_found(&ctx.grant.user_id))?;
    single(ctx, &user)
}

fn list(ctx: &mut Ctx) -> Out {
    let items = &ctx.w.tenant.users;
    odata::collection(
        ctx,
        &USER_FILTER,
        "users",
        DEFAULT_USER_PROPS,
        items,
        User::to_json,
    )
}

/// `GET /users/$count` (with `ConsistencyLevel: eventual`): the number as plain text.
fn count(ctx: &mut Ctx) -> Out {
    if !ctx.req.eventual() {
        return Err(bad_request("$count is not currently supported."));
    }
    let q = odata::parse(ctx.req, &USER_FILTER)?;
    let n = ctx
        .w
        .tenant
        .users
        .values()
        .filter(|u| q.filter.as_ref().is_none_or(|f| f.matches(&u.to_json())))
        .count();
    Ok(Reply {
        status: 200,
        headers: Vec::new(),
        body: super::reply::Body::Text(n.to_string()),
    })
}

fn find(ctx: &Ctx) -> Result<String, Reply> {
    let key = ctx.param(0);
    ctx.w.tenant.find_user_id(key).ok_or_else(|| not_found(key))
}

fn get(ctx: &mut Ctx) -> Out {
    let id = find(ctx)?;
    let user = ctx.w.tenant.users[&id].clone();
    single(ctx, &user)
}

/// Updates the properties Closeout changes: `userPrincipalName` (to move the last admin off a
/// custom domain), `accountEnabled`, `displayName`.
fn update(ctx: &mut Ctx) -> Out {
    let id = find(ctx)?;
    ctx.require_role(&[USER_ADMIN])?;
    let target = ctx.w.tenant.users[&id].clone();
    if target.is_privileged() && !ctx.caller().is_some_and(User::is_global_admin) {
        return Err(denied());
    }
    if target.synced && ctx.w.tenant.sync_enabled {
        return Err(bad_request("Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration."));
    }
    let body = ctx
        .req
        .body
        .as_ref()
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if let Some(upn) = body.get("userPrincipalName") {
        let upn = upn.as_str().unwrap_or_default().to_ascii_lowercase();
        let domain = upn.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
        if !ctx
            .w
            .tenant
            .domains
            .iter()
            .any(|d| d.name.eq_ignore_ascii_case(domain))
        {
            return Err(bad_request("The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization."));
        }
        if ctx
            .w
            .tenant
            .users
            .values()
            .any(|u| u.id != id && u.upn.eq_ignore_ascii_case(&upn))
        {
            return Err(bad_request(
                "Another object with the same value for property userPrincipalName already exists.",
            ));
        }
        if let Some(u) = ctx.w.tenant.users.get_mut(&id) {
            u.upn = upn;
        }
    }
    let user = ctx
        .w
        .tenant
        .users
        .get_mut(&id)
        .ok_or_else(|| not_found(&id))?;
    if let Some(enabled) = body.get("accountEnabled").and_then(Value::as_bool) {
        user.account_enabled = enabled;
    }
    if let Some(name) = body.get("displayName").and_then(Value::as_str) {
        user.display_name = name.to_string();
    }
    Ok(Reply::no_content())
}

/// Soft delete. Refused: privileged admins unless a Global Administrator calls with
/// `Directory.AccessAsUser.All` (documented), synced users while sync is on, and
/// (INFERENCE, a safety net Microsoft enforces in its portals) the last Global Administrator.
fn delete(ctx: &mut Ctx) -> Out {
    let id = find(ctx)?;
    ctx.require_role(&[USER_ADMIN, PRIVILEGED_AUTH_ADMIN])?;
    let target = ctx.w.tenant.users[&id].clone();
    let caller_is_ga = ctx.caller().is_some_and(User::is_global_admin);
    if target.is_privileged()
        && !(caller_is_ga && ctx.grant.has_scope(&["Directory.AccessAsUser.All"]))
    {
        return Err(denied());
    }
    if target.synced && ctx.w.tenant.sync_enabled {
        return Err(bad_request("Unable to delete the specified on-premises mastered Directory Sync object. Delete it in your on-premises directory or turn off directory synchronization first."));
    }
    if target.roles.contains(&GLOBAL_ADMIN) && ctx.w.tenant.global_admin_count() == 1 {
        return Err(bad_request(
            "The last Global Administrator of the organization cannot be deleted.",
        ));
    }
    let now = ctx.now;
    ctx.w.tenant.soft_delete_user(&id, now);
    ctx.deleted("user", &id, &target.upn);
    Ok(Reply::no_content())
}
