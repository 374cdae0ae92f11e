//! Azure Resource Manager (`{base}/arm/...`, standing in for `https://management.azure.com`):
//! the subscriptions list, the Global Administrator's elevated access and its removal, with
//! ARM's shapes (`value`/`nextLink`, `{"error":{"code","message"}}`, `api-version` required,
//! `x-ms-request-id`) and only for tokens minted for the ARM audience.
//!
//! Sources: azure-rest-api-specs `Microsoft.Resources/stable/2022-12-01/subscriptions.json`
//! (Subscriptions_List and its example), azure-docs `role-based-access-control/
//! elevate-access-global-admin.md` (elevateAccess 2016-07-01 or later, answered 200 without a
//! body; removal: list the role assignments of the principal, delete the User Access
//! Administrator one at scope `/`).

pub mod state;

use crate::app::Shared;
use crate::auth::audience::Audience;
use crate::auth::store::AccessGrant;
use crate::state::World;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use state::{Elevation, USER_ACCESS_ADMINISTRATOR};
use std::collections::HashMap;

/// Where the practice tenant serves ARM; the core is configured with `{base}/arm`.
pub const PREFIX: &str = "/arm";
/// Subscriptions per page. INFERENCE: Microsoft does not document ARM's page size; a small one
/// makes the practice tenant page, so clients must follow `nextLink`.
const PAGE: usize = 2;

type Params = HashMap<String, String>;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/arm/subscriptions", get(list_subscriptions))
        .route("/arm/subscriptions/{id}", get(get_subscription))
        .route(
            "/arm/providers/Microsoft.Authorization/elevateAccess",
            post(elevate),
        )
        .route(
            "/arm/providers/Microsoft.Authorization/roleAssignments",
            get(list_assignments),
        )
        .route(
            "/arm/providers/Microsoft.Authorization/roleAssignments/{name}",
            delete(delete_assignment),
        )
}

/// An ARM answer: status, JSON body (or none) and the request id headers.
struct Arm(StatusCode, Option<Value>);

impl IntoResponse for Arm {
    fn into_response(self) -> Response {
        let id = uuid_like();
        let headers = [
            ("x-ms-request-id", id.clone()),
            ("x-ms-correlation-request-id", id),
            ("Cache-Control", "no-cache".to_string()),
        ];
        match self.1 {
            Some(body) => (self.0, headers, Json(body)).into_response(),
            None => (self.0, headers).into_response(),
        }
    }
}

fn uuid_like() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn error(status: u16, code: &str, message: impl Into<String>) -> Arm {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
    Arm(
        status,
        Some(json!({"error": {"code": code, "message": message.into()}})),
    )
}

/// `api-version` must be present and at least `oldest` (versions are dates, so they sort as text).
fn require_version(q: &Params, oldest: &str) -> Result<(), Arm> {
    match q.get("api-version") {
        None => Err(error(400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.")),
        Some(v) if v.len() < 10 || v.as_str() < oldest => Err(error(
            400,
            "InvalidApiVersionParameter",
            format!("The api-version '{v}' is invalid. The supported versions are '{oldest}' and later."),
        )),
        Some(_) => Ok(()),
    }
}

/// The caller's ARM token: a Graph token (or none, or an expired one) is refused as ARM does.
fn authenticate(app: &Shared, w: &World, headers: &HeaderMap) -> Result<AccessGrant, Arm> {
    let header = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(token) = header
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("bearer "))
        .map(|_| header[7..].trim())
    else {
        return Err(error(
            401,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.",
        ));
    };
    let Some(grant) = w.auth.access.get(token).cloned() else {
        return Err(error(
            401,
            "InvalidAuthenticationToken",
            "The access token is invalid.",
        ));
    };
    if grant.audience != Audience::AzureResourceManager {
        return Err(error(401, "InvalidAuthenticationToken", "The access token has been obtained for wrong audience or resource 'https://graph.microsoft.com'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.core.windows.net','https://management.azure.com/','https://management.azure.com'."));
    }
    let now = app.clock.token_now();
    if grant.expires <= now {
        return Err(error(
            401,
            "ExpiredAuthenticationToken",
            format!(
                "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
                crate::clock::iso(grant.expires),
                crate::clock::iso(now)
            ),
        ));
    }
    if w.tenant.is_deleted() {
        return Err(error(
            401,
            "InvalidAuthenticationTokenTenant",
            format!(
                "The access token is from the wrong issuer. The tenant '{}' does not exist.",
                grant.tenant_id
            ),
        ));
    }
    Ok(grant)
}

/// The caller of an ARM request: an ARM token, then an `api-version` of at least `oldest`.
fn caller(
    app: &Shared,
    w: &World,
    headers: &HeaderMap,
    q: &Params,
    oldest: &str,
) -> Result<AccessGrant, Arm> {
    let grant = authenticate(app, w, headers)?;
    require_version(q, oldest)?;
    Ok(grant)
}

fn subscription_json(s: &state::AzureSubscription, tenant_id: &str) -> Value {
    json!({
        "id": format!("/subscriptions/{}", s.id),
        "authorizationSource": "RoleBased",
        "managedByTenants": [],
        "subscriptionId": s.id,
        "tenantId": tenant_id,
        "displayName": s.display_name,
        "state": s.state(),
        "subscriptionPolicies": {
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": s.offer.quota_id(),
            "spendingLimit": "Off",
        },
    })
}

async fn list_subscriptions(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Result<Arm, Arm> {
    let w = app.world();
    let grant = caller(&app, &w, &headers, &q, "2016-06-01")?;
    let visible: Vec<_> = w.azure.visible_to(&grant.user_id).collect();
    let skip: usize = q
        .get("$skiptoken")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0);
    let page: Vec<Value> = visible
        .iter()
        .skip(skip)
        .take(PAGE)
        .map(|s| subscription_json(s, &w.tenant.id))
        .collect();
    let mut body = json!({ "value": page });
    if skip + PAGE < visible.len() {
        let version = q.get("api-version").cloned().unwrap_or_default();
        body["nextLink"] = json!(format!(
            "{}{PREFIX}/subscriptions?api-version={version}&$skiptoken={}",
            app.base_url,
            skip + PAGE
        ));
    }
    Ok(Arm(StatusCode::OK, Some(body)))
}

async fn get_subscription(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(q): Query<Params>,
) -> Result<Arm, Arm> {
    let w = app.world();
    let grant = caller(&app, &w, &headers, &q, "2016-06-01")?;
    let found = w
        .azure
        .visible_to(&grant.user_id)
        .find(|s| s.id.eq_ignore_ascii_case(&id));
    match found {
        Some(s) => Ok(Arm(
            StatusCode::OK,
            Some(subscription_json(s, &w.tenant.id)),
        )),
        None => Err(error(
            404,
            "SubscriptionNotFound",
            format!("The subscription '{id}' could not be found."),
        )),
    }
}

/// `POST elevateAccess`: a Global Administrator gets User Access Administrator at `/`
/// (idempotent); anyone else is refused with ARM's AuthorizationFailed.
async fn elevate(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Result<Arm, Arm> {
    let now = app.clock.now();
    let mut w = app.world();
    let grant = caller(&app, &w, &headers, &q, "2016-07-01")?;
    let admin = w
        .tenant
        .users
        .get(&grant.user_id)
        .is_some_and(|u| u.is_global_admin());
    if !admin {
        return Err(error(403, "AuthorizationFailed", format!("The client '{}' with object id '{}' does not have authorization to perform action 'Microsoft.Authorization/elevateAccess/action' over scope '/providers/Microsoft.Authorization' or the scope is invalid. If access was recently granted, please refresh your credentials.", upn(&w, &grant.user_id), grant.user_id)));
    }
    if !w.azure.is_elevated(&grant.user_id) {
        let name = w.ids.guid();
        tracing::info!(user = %grant.user_id, "access elevated to User Access Administrator at /");
        w.azure.elevations.push(Elevation {
            name,
            principal: grant.user_id.clone(),
            created: now,
        });
    }
    Ok(Arm(StatusCode::OK, None))
}

fn upn(w: &World, user_id: &str) -> String {
    w.tenant
        .users
        .get(user_id)
        .map(|u| u.upn.clone())
        .unwrap_or_default()
}

fn assignment_json(e: &Elevation) -> Value {
    let stamp = crate::clock::iso(e.created);
    json!({
        "properties": {
            "roleDefinitionId": format!("/providers/Microsoft.Authorization/roleDefinitions/{USER_ACCESS_ADMINISTRATOR}"),
            "principalId": e.principal,
            "principalType": "User",
            "scope": "/",
            "condition": null,
            "conditionVersion": null,
            "createdOn": stamp,
            "updatedOn": stamp,
            "createdBy": e.principal,
            "updatedBy": e.principal,
            "delegatedManagedIdentityResourceId": null,
            "description": null,
        },
        "id": format!("/providers/Microsoft.Authorization/roleAssignments/{}", e.name),
        "type": "Microsoft.Authorization/roleAssignments",
        "name": e.name,
    })
}

/// Role assignments at root scope, filtered by `principalId eq '{id}'` or `atScope()`.
/// INFERENCE: only the assignments `elevateAccess` makes exist at `/` in the practice tenant.
async fn list_assignments(
    State(app): State<Shared>,
    headers: HeaderMap,
    Query(q): Query<Params>,
) -> Result<Arm, Arm> {
    let w = app.world();
    let grant = caller(&app, &w, &headers, &q, "2015-07-01")?;
    if !w.azure.is_elevated(&grant.user_id) {
        return Err(error(403, "AuthorizationFailed", format!("The client '{}' with object id '{}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/read' over scope '/' or the scope is invalid. If access was recently granted, please refresh your credentials.", upn(&w, &grant.user_id), grant.user_id)));
    }
    let filter = q.get("$filter").map(String::as_str).unwrap_or_default();
    let principal = filter
        .strip_prefix("principalId eq '")
        .and_then(|rest| rest.strip_suffix('\''));
    if !filter.is_empty() && filter != "atScope()" && principal.is_none() {
        return Err(error(400, "InvalidFilterInQueryString", format!("The filter '{filter}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{{value}}' or assignedTo('{{value}}')'.")));
    }
    let value: Vec<Value> = w
        .azure
        .elevations
        .iter()
        .filter(|e| principal.is_none_or(|p| p.eq_ignore_ascii_case(&e.principal)))
        .map(assignment_json)
        .collect();
    Ok(Arm(StatusCode::OK, Some(json!({ "value": value }))))
}

/// `DELETE roleAssignments/{name}`: 200 with the removed assignment, 204 when there is none.
async fn delete_assignment(
    State(app): State<Shared>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(q): Query<Params>,
) -> Result<Arm, Arm> {
    let mut w = app.world();
    let grant = caller(&app, &w, &headers, &q, "2015-07-01")?;
    let Some(at) = w
        .azure
        .elevations
        .iter()
        .position(|e| e.name.eq_ignore_ascii_case(&name))
    else {
        return Ok(Arm(StatusCode::NO_CONTENT, None));
    };
    if !w.azure.is_elevated(&grant.user_id) {
        return Err(error(403, "AuthorizationFailed", format!("The client '{}' with object id '{}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/delete' over scope '/providers/Microsoft.Authorization/roleAssignments/{name}' or the scope is invalid. If access was recently granted, please refresh your credentials.", upn(&w, &grant.user_id), grant.user_id)));
    }
    let removed = w.azure.elevations.remove(at);
    tracing::info!(user = %removed.principal, "elevated access removed");
    Ok(Arm(StatusCode::OK, Some(assignment_json(&removed))))
}

/// The Azure line of the tenant-deletion checks: what still blocks, in words, or `None`.
pub fn deletion_failure(w: &World) -> Option<String> {
    let left: Vec<String> = w
        .azure
        .subscriptions
        .iter()
        .filter(|s| s.blocks_tenant_deletion())
        .map(|s| format!("{} ({})", s.display_name, s.state()))
        .collect();
    (!left.is_empty()).then(|| {
        format!(
            "Cancel and then delete these Azure subscriptions in the Azure portal: {}.",
            left.join(", ")
        )
    })
}
