//! `/subscribedSkus` and `/directory/subscriptions`: two read-only views of the same
//! subscriptions (Graph has no write operations on either, as at Microsoft).

use super::perms::{SKUS_READ, SUBSCRIPTIONS_READ};
use super::reply::{not_found, Out, Reply};
use super::{Ctx, Route};
use crate::clock::iso;
use crate::state::subscriptions::{LifeState, Owner, Subscription};
use crate::state::Tenant;
use crate::throttle::Service::Directory;
use serde_json::{json, Value};

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/subscribedSkus", cost: 3, service: Directory, beta_only: false, scopes: SKUS_READ, handler: skus },
    Route { method: "GET", template: "/subscribedSkus/{id}", cost: 3, service: Directory, beta_only: false, scopes: SKUS_READ, handler: sku },
    Route { method: "GET", template: "/directory/subscriptions", cost: 1, service: Directory, beta_only: false, scopes: SUBSCRIPTIONS_READ, handler: subscriptions },
    Route { method: "GET", template: "/directory/subscriptions/{id}", cost: 1, service: Directory, beta_only: false, scopes: SUBSCRIPTIONS_READ, handler: subscription },
];

/// Which `prepaidUnits` bucket a subscription's licenses sit in.
fn bucket(s: &Subscription) -> &'static str {
    match s.state {
        LifeState::Active => "enabled",
        LifeState::Expired => "warning",
        LifeState::Disabled if s.cancelled_by_customer => "lockedOut",
        LifeState::Disabled | LifeState::Deleted => "suspended",
    }
}

/// Status order for a SKU bought through several subscriptions: the liveliest wins.
fn rank(status: &str) -> u8 {
    match status {
        "Enabled" => 0,
        "Warning" => 1,
        "Suspended" => 2,
        "LockedOut" => 3,
        _ => 4,
    }
}

fn sku_values(ctx: &Ctx) -> Vec<Value> {
    let t = &ctx.w.tenant;
    let mut skus: Vec<&str> = Vec::new();
    for s in &t.subscriptions {
        if !skus.contains(&s.sku_id) {
            skus.push(s.sku_id);
        }
    }
    skus.iter()
        .map(|sku_id| {
            let subs: Vec<&Subscription> = t.subscriptions.iter().filter(|s| s.sku_id == *sku_id).collect();
            let mut units = json!({"enabled": 0, "suspended": 0, "warning": 0, "lockedOut": 0});
            for s in subs.iter().filter(|s| s.state != LifeState::Deleted) {
                let b = bucket(s);
                units[b] = json!(units[b].as_u64().unwrap_or(0) + s.total_licenses as u64);
            }
            let status = subs.iter().map(|s| s.graph_status()).min_by_key(|s| rank(s)).unwrap_or("Deleted");
            let first = subs[0];
            let plans: Vec<Value> = first
                .service_plans
                .iter()
                .map(|(id, name)| json!({"servicePlanId": id, "servicePlanName": name, "provisioningStatus": if status == "Enabled" { "Success" } else { "Disabled" }, "appliesTo": "User"}))
                .collect();
            json!({
                "accountName": t.display_name,
                "accountId": t.id,
                "appliesTo": "User",
                "capabilityStatus": status,
                "consumedUnits": t.consumed_units(sku_id),
                "id": format!("{}_{}", t.id, sku_id),
                "skuId": sku_id,
                "skuPartNumber": first.sku_part,
                "subscriptionIds": subs.iter().map(|s| s.commerce_id.clone()).collect::<Vec<_>>(),
                "prepaidUnits": units,
                "servicePlans": plans,
            })
        })
        .collect()
}

fn skus(ctx: &mut Ctx) -> Out {
    super::odata::listed(ctx, "subscribedSkus", sku_values(ctx))
}

fn sku(ctx: &mut Ctx) -> Out {
    let id = ctx.param(0).to_string();
    let mut found = sku_values(ctx)
        .into_iter()
        .find(|v| v["id"] == json!(id))
        .ok_or_else(|| not_found(&id))?;
    found["@odata.context"] = json!(ctx.context("subscribedSkus/$entity"));
    Ok(Reply::ok(found))
}

/// `ownerId` is "the object ID of the account admin" and `ownerType` the type of that object
/// ("User"); `ownerTenantId` is "the Microsoft partner tenant that created the subscription".
/// INFERENCE: a direct purchase carries the customer's own tenant there (Microsoft does not
/// say), and a partner's carries the id of the partner's account admin as `ownerId`.
/// INFERENCE: a self-service purchase names its buyer as `ownerId` (the buyer is the account
/// admin of their own purchase: only they see its invoices), and a self-service sign-up
/// product the person who signed up; Microsoft documents neither, so Closeout's checks also
/// know these products by their part numbers.
fn subscription_json(s: &Subscription, t: &Tenant) -> Value {
    let account_admin = t
        .users
        .values()
        .find(|u| u.is_global_admin())
        .map(|u| u.id.clone())
        .unwrap_or_default();
    let (owner_type, owner_tenant, owner_id) = match &s.owner {
        Owner::Direct => ("User", t.id.clone(), account_admin),
        Owner::Partner {
            tenant_id: partner,
            admin_id,
            ..
        } => ("User", partner.clone(), admin_id.clone()),
        Owner::SelfServicePurchase { buyer_id: person }
        | Owner::SelfServiceSignUp { user_id: person } => ("User", t.id.clone(), person.clone()),
    };
    let plans: Vec<Value> = s
        .service_plans
        .iter()
        .map(|(id, name)| json!({"servicePlanId": id, "servicePlanName": name, "provisioningStatus": if s.state == LifeState::Active { "Success" } else { "Disabled" }, "appliesTo": "User"}))
        .collect();
    json!({
        "id": s.id,
        "commerceSubscriptionId": s.commerce_id,
        "createdDateTime": iso(s.created),
        "isTrial": s.is_trial,
        "nextLifecycleDateTime": s.next_lifecycle.map(iso),
        "ownerId": owner_id,
        "ownerTenantId": owner_tenant,
        "ownerType": owner_type,
        "serviceStatus": plans,
        "skuId": s.sku_id,
        "skuPartNumber": s.sku_part,
        "status": s.graph_status(),
        "totalLicenses": s.total_licenses,
    })
}

fn subscriptions(ctx: &mut Ctx) -> Out {
    let t = &ctx.w.tenant;
    let value: Vec<Value> = t
        .subscriptions
        .iter()
        .map(|s| subscription_json(s, t))
        .collect();
    super::odata::listed(ctx, "directory/subscriptions", value)
}

fn subscription(ctx: &mut Ctx) -> Out {
    let id = ctx.param(0).to_string();
    let t = &ctx.w.tenant;
    let s = t
        .subscriptions
        .iter()
        .find(|s| s.id == id || s.commerce_id == id)
        .ok_or_else(|| not_found(&id))?;
    let mut v = subscription_json(s, t);
    v["@odata.context"] = json!(ctx.context("directory/subscriptions/$entity"));
    Ok(Reply::ok(v))
}
