//! `/applications` (app registrations) and `/servicePrincipals` (enterprise apps).
//! Microsoft first-party service principals refuse deletion; they can only be disabled.

use super::odata::{self, Filterable};
use super::perms::{APPS_READ, APPS_WRITE};
use super::reply::{denied, not_found, Out, Reply};
use super::{Ctx, Route};
use crate::clock::iso;
use crate::state::directory::{Application, ServicePrincipal};
use crate::throttle::Service::Directory;
use serde_json::{json, Map, Value};

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/applications", cost: 2, service: Directory, beta_only: false, scopes: APPS_READ, handler: list_apps },
    Route { method: "GET", template: "/applications/{id}", cost: 1, service: Directory, beta_only: false, scopes: APPS_READ, handler: get_app },
    Route { method: "DELETE", template: "/applications/{id}", cost: 1, service: Directory, beta_only: false, scopes: APPS_WRITE, handler: delete_app },
    Route { method: "GET", template: "/servicePrincipals", cost: 1, service: Directory, beta_only: false, scopes: APPS_READ, handler: list_sps },
    Route { method: "GET", template: "/servicePrincipals/{id}", cost: 1, service: Directory, beta_only: false, scopes: APPS_READ, handler: get_sp },
    Route { method: "PATCH", template: "/servicePrincipals/{id}", cost: 1, service: Directory, beta_only: false, scopes: APPS_WRITE, handler: update_sp },
    Route { method: "DELETE", template: "/servicePrincipals/{id}", cost: 1, service: Directory, beta_only: false, scopes: APPS_WRITE, handler: delete_sp },
];

const APP_FILTER: Filterable = Filterable {
    type_name: "microsoft.graph.application",
    props: &["id", "appId", "displayName", "signInAudience"],
    advanced: &[],
};
const SP_FILTER: Filterable = Filterable {
    type_name: "microsoft.graph.servicePrincipal",
    props: &[
        "id",
        "appId",
        "displayName",
        "accountEnabled",
        "servicePrincipalType",
        "appOwnerOrganizationId",
    ],
    advanced: &[],
};
const APP_PROPS: &[&str] = &[
    "id",
    "appId",
    "displayName",
    "signInAudience",
    "createdDateTime",
    "publisherDomain",
    "deletedDateTime",
];
const SP_PROPS: &[&str] = &[
    "id",
    "appId",
    "displayName",
    "appDisplayName",
    "appOwnerOrganizationId",
    "servicePrincipalType",
    "accountEnabled",
    "tags",
    "deletedDateTime",
];

fn app_json(a: &Application, publisher_domain: &str) -> Map<String, Value> {
    let v = json!({"id": a.id, "appId": a.app_id, "displayName": a.display_name, "signInAudience": a.sign_in_audience,
        "createdDateTime": iso(a.created), "publisherDomain": publisher_domain, "deletedDateTime": null});
    v.as_object().cloned().unwrap_or_default()
}

fn sp_json(sp: &ServicePrincipal) -> Map<String, Value> {
    let name = crate::state::null_if_empty(&sp.display_name);
    let v = json!({"id": sp.id, "appId": sp.app_id, "displayName": name, "appDisplayName": name,
        "appOwnerOrganizationId": sp.owner_org, "servicePrincipalType": "Application", "accountEnabled": sp.account_enabled,
        "tags": ["WindowsAzureActiveDirectoryIntegratedApp"], "deletedDateTime": null});
    let mut v = v.as_object().cloned().unwrap_or_default();
    // An app registered without a name has no appDisplayName at all (INFERENCE: Microsoft
    // omits or nulls it; either is legal in its schema).
    if sp.display_name.is_empty() {
        v.remove("appDisplayName");
    }
    v
}

fn list_apps(ctx: &mut Ctx) -> Out {
    let domain = ctx.w.tenant.initial_domain().to_string();
    let items = &ctx.w.tenant.applications;
    let to_json = |a: &Application| app_json(a, &domain);
    odata::collection(ctx, &APP_FILTER, "applications", APP_PROPS, items, to_json)
}

fn get_app(ctx: &mut Ctx) -> Out {
    let id = ctx.param(0);
    let domain = ctx.w.tenant.initial_domain().to_string();
    let a = ctx
        .w
        .tenant
        .applications
        .get(id)
        .ok_or_else(|| not_found(id))?;
    let mut v = Value::Object(app_json(a, &domain));
    v["@odata.context"] = json!(ctx.context("applications/$entity"));
    Ok(Reply::ok(v))
}

/// Soft-deletes the registration (restorable for 30 days) and removes its service principal.
fn delete_app(ctx: &mut Ctx) -> Out {
    let id = ctx.param(0).to_string();
    if !ctx.w.tenant.applications.contains_key(&id) {
        return Err(not_found(&id));
    }
    ctx.require_role(&[])?;
    let now = ctx.now;
    let t = &mut ctx.w.tenant;
    let Some(mut app) = t.applications.remove(&id) else {
        return Err(not_found(&id));
    };
    app.deleted_at = Some(now);
    t.service_principals.retain(|_, sp| sp.app_id != app.app_id);
    let name = app.display_name.clone();
    t.deleted_applications.insert(id.clone(), app);
    ctx.deleted("application", &id, &name);
    Ok(Reply::no_content())
}

fn list_sps(ctx: &mut Ctx) -> Out {
    let items = &ctx.w.tenant.service_principals;
    odata::collection(
        ctx,
        &SP_FILTER,
        "servicePrincipals",
        SP_PROPS,
        items,
        sp_json,
    )
}

fn find_sp(ctx: &Ctx) -> Result<ServicePrincipal, Reply> {
    let id = ctx.param(0);
    ctx.w
        .tenant
        .service_principals
        .get(id)
        .cloned()
        .ok_or_else(|| not_found(id))
}

fn get_sp(ctx: &mut Ctx) -> Out {
    let sp = find_sp(ctx)?;
    let mut v = Value::Object(sp_json(&sp));
    v["@odata.context"] = json!(ctx.context("servicePrincipals/$entity"));
    Ok(Reply::ok(v))
}

/// `{"accountEnabled": false}` disables an enterprise app (what the Entra docs advise for
/// the ones that cannot be deleted).
fn update_sp(ctx: &mut Ctx) -> Out {
    let sp = find_sp(ctx)?;
    ctx.require_role(&[])?;
    if let Some(enabled) = ctx.body_field("accountEnabled").and_then(Value::as_bool) {
        if let Some(s) = ctx.w.tenant.service_principals.get_mut(&sp.id) {
            s.account_enabled = enabled;
        }
    }
    Ok(Reply::no_content())
}

fn delete_sp(ctx: &mut Ctx) -> Out {
    let sp = find_sp(ctx)?;
    ctx.require_role(&[])?;
    if sp.is_first_party() {
        return Err(denied());
    }
    ctx.w.tenant.service_principals.remove(&sp.id);
    ctx.deleted("servicePrincipal", &sp.id, &sp.display_name);
    Ok(Reply::no_content())
}
