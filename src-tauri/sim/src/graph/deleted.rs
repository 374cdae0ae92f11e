//! `/directory/deletedItems`: the 30-day recycle bin. Listing needs the OData type cast,
//! as at Microsoft; items can be permanently deleted or restored.

use super::groups::GROUP_FILTER;
use super::odata::{self, Filterable};
use super::perms::{DELETED_READ, DELETED_WRITE};
use super::reply::{bad_request, not_found, Out, Reply};
use super::users::USER_FILTER;
use super::{Ctx, Route};
use crate::clock::iso;
use crate::state::groups::{Group, DEFAULT_GROUP_PROPS};
use crate::state::users::{User, PRIVILEGED_AUTH_ADMIN, USER_ADMIN};
use crate::throttle::Service::Directory;
use serde_json::{json, Map, Value};

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/directory/deletedItems", cost: 1, service: Directory, beta_only: false, scopes: DELETED_READ, handler: cast_required },
    Route { method: "GET", template: "/directory/deletedItems/microsoft.graph.user", cost: 1, service: Directory, beta_only: false, scopes: DELETED_READ, handler: list_users },
    Route { method: "GET", template: "/directory/deletedItems/microsoft.graph.application", cost: 1, service: Directory, beta_only: false, scopes: DELETED_READ, handler: list_apps },
    Route { method: "GET", template: "/directory/deletedItems/microsoft.graph.group", cost: 1, service: Directory, beta_only: false, scopes: DELETED_READ, handler: list_groups },
    Route { method: "GET", template: "/directory/deletedItems/{id}", cost: 1, service: Directory, beta_only: false, scopes: DELETED_READ, handler: get },
    Route { method: "DELETE", template: "/directory/deletedItems/{id}", cost: 1, service: Directory, beta_only: false, scopes: DELETED_WRITE, handler: purge },
    Route { method: "POST", template: "/directory/deletedItems/{id}/restore", cost: 1, service: Directory, beta_only: false, scopes: DELETED_WRITE, handler: restore },
];

const DELETED_USER_PROPS: &[&str] = &[
    "id",
    "displayName",
    "userPrincipalName",
    "mail",
    "deletedDateTime",
];
const APP_FILTER: Filterable = Filterable {
    type_name: "microsoft.graph.application",
    props: &["id", "appId", "displayName"],
    advanced: &[],
};

fn cast_required(_ctx: &mut Ctx) -> Out {
    Err(bad_request("The OData type cast is required for this request, for example /directory/deletedItems/microsoft.graph.user."))
}

fn typed(mut obj: Map<String, Value>, odata_type: &str) -> Map<String, Value> {
    obj.insert("@odata.type".into(), json!(odata_type));
    obj
}

fn list_users(ctx: &mut Ctx) -> Out {
    let items = &ctx.w.tenant.deleted_users;
    odata::collection(
        ctx,
        &USER_FILTER,
        "directory/deletedItems/microsoft.graph.user",
        DELETED_USER_PROPS,
        items,
        User::to_json,
    )
}

fn app_json(a: &crate::state::directory::Application) -> Map<String, Value> {
    let v = json!({"id": a.id, "appId": a.app_id, "displayName": a.display_name, "signInAudience": a.sign_in_audience,
        "createdDateTime": iso(a.created), "deletedDateTime": a.deleted_at.map(iso)});
    v.as_object().cloned().unwrap_or_default()
}

fn list_apps(ctx: &mut Ctx) -> Out {
    let items = &ctx.w.tenant.deleted_applications;
    odata::collection(
        ctx,
        &APP_FILTER,
        "directory/deletedItems/microsoft.graph.application",
        &["id", "appId", "displayName", "deletedDateTime"],
        items,
        app_json,
    )
}

fn list_groups(ctx: &mut Ctx) -> Out {
    let items = &ctx.w.tenant.deleted_groups;
    odata::collection(
        ctx,
        &GROUP_FILTER,
        "directory/deletedItems/microsoft.graph.group",
        DEFAULT_GROUP_PROPS,
        items,
        Group::to_json,
    )
}

fn get(ctx: &mut Ctx) -> Out {
    let id = ctx.param(0).to_string();
    let t = &ctx.w.tenant;
    let obj = if let Some(u) = t.deleted_users.get(&id) {
        typed(u.to_json(), "#microsoft.graph.user")
    } else if let Some(a) = t.deleted_applications.get(&id) {
        typed(app_json(a), "#microsoft.graph.application")
    } else if let Some(g) = t.deleted_groups.get(&id) {
        typed(g.to_json(), "#microsoft.graph.group")
    } else {
        return Err(not_found(&id));
    };
    let mut v = Value::Object(obj);
    v["@odata.context"] = json!(ctx.context("directoryObjects/$entity"));
    Ok(Reply::ok(v))
}

fn purge(ctx: &mut Ctx) -> Out {
    let id = ctx.param(0).to_string();
    if ctx.w.tenant.deleted_users.contains_key(&id) {
        ctx.require_role(&[USER_ADMIN, PRIVILEGED_AUTH_ADMIN])?;
        if let Some(u) = ctx.w.tenant.deleted_users.remove(&id) {
            ctx.deleted("user (permanent)", &id, &u.upn);
        }
        return Ok(Reply::no_content());
    }
    if ctx.w.tenant.deleted_applications.contains_key(&id) {
        ctx.require_role(&[])?;
        if let Some(a) = ctx.w.tenant.deleted_applications.remove(&id) {
            ctx.deleted("application (permanent)", &id, &a.display_name);
        }
        return Ok(Reply::no_content());
    }
    if ctx.w.tenant.deleted_groups.contains_key(&id) {
        ctx.require_role(&[USER_ADMIN])?;
        if let Some(g) = ctx.w.tenant.deleted_groups.remove(&id) {
            ctx.deleted("group (permanent)", &id, &g.display_name);
        }
        return Ok(Reply::no_content());
    }
    Err(not_found(&id))
}

fn restore(ctx: &mut Ctx) -> Out {
    let id = ctx.param(0).to_string();
    let t = &mut ctx.w.tenant;
    let obj = if let Some(u) = t.deleted_users.get(&id).cloned() {
        if t.users.values().any(|x| x.upn.eq_ignore_ascii_case(&u.upn)) {
            return Err(bad_request(
                "Another object with the same value for property userPrincipalName already exists.",
            ));
        }
        let mut u = t.deleted_users.remove(&id).unwrap_or(u);
        u.deleted_at = None;
        let json = typed(u.to_json(), "#microsoft.graph.user");
        t.users.insert(id.clone(), u);
        json
    } else if let Some(mut a) = t.deleted_applications.remove(&id) {
        a.deleted_at = None;
        let json = typed(app_json(&a), "#microsoft.graph.application");
        t.applications.insert(id.clone(), a);
        json
    } else if let Some(mut g) = t.deleted_groups.remove(&id) {
        g.deleted_at = None;
        let json = typed(g.to_json(), "#microsoft.graph.group");
        t.groups.insert(id.clone(), g);
        json
    } else {
        return Err(not_found(&id));
    };
    let mut v = Value::Object(obj);
    v["@odata.context"] = json!(ctx.context("directoryObjects/$entity"));
    Ok(Reply::ok(v))
}
