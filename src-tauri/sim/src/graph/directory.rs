//! `/organization` and `/domains`: the tenant, its domains, what references a domain, and
//! domain deletion (refused while referenced; the initial domain can never go).

use super::perms::{DOMAIN_READ, DOMAIN_WRITE, ORG_READ, ORG_WRITE};
use super::reply::{bad_request, not_found, Out, Reply};
use super::{Ctx, Route};
use crate::clock::iso;
use crate::state::directory::Domain;
use crate::throttle::Service::Directory;
use serde_json::{json, Value};

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/organization", cost: 1, service: Directory, beta_only: false, scopes: ORG_READ, handler: organization },
    Route { method: "PATCH", template: "/organization/{id}", cost: 1, service: Directory, beta_only: false, scopes: ORG_WRITE, handler: update_organization },
    Route { method: "GET", template: "/domains", cost: 1, service: Directory, beta_only: false, scopes: DOMAIN_READ, handler: domains },
    Route { method: "GET", template: "/domains/{id}", cost: 1, service: Directory, beta_only: false, scopes: DOMAIN_READ, handler: domain },
    Route { method: "PATCH", template: "/domains/{id}", cost: 1, service: Directory, beta_only: false, scopes: DOMAIN_WRITE, handler: update_domain },
    Route { method: "DELETE", template: "/domains/{id}", cost: 1, service: Directory, beta_only: false, scopes: DOMAIN_WRITE, handler: delete_domain },
    Route { method: "GET", template: "/domains/{id}/domainNameReferences", cost: 4, service: Directory, beta_only: false, scopes: DOMAIN_READ, handler: references },
];

const CAPABILITIES: &str = "Email, OfficeCommunicationsOnlineIdentity";

fn organization(ctx: &mut Ctx) -> Out {
    let t = &ctx.w.tenant;
    let verified: Vec<Value> = t
        .domains
        .iter()
        .map(|d| json!({"capabilities": CAPABILITIES, "isDefault": d.is_default, "isInitial": d.is_initial, "name": d.name, "type": d.authentication}))
        .collect();
    let org = json!({
        "id": t.id,
        "deletedDateTime": null,
        "businessPhones": ["+1 555 0100"],
        "city": "Springfield",
        "country": null,
        "countryLetterCode": "US",
        "createdDateTime": iso(t.created),
        "displayName": t.display_name,
        "marketingNotificationEmails": [],
        "onPremisesLastSyncDateTime": if t.sync_enabled { json!(iso(ctx.now)) } else { Value::Null },
        "onPremisesSyncEnabled": if t.sync_enabled { json!(true) } else { Value::Null },
        "postalCode": "00000",
        "preferredLanguage": "en",
        "securityComplianceNotificationMails": [],
        "state": null,
        "street": "1 Practice Street",
        "technicalNotificationMails": [],
        "tenantType": "AAD",
        "assignedPlans": [],
        "provisionedPlans": [],
        "verifiedDomains": verified,
    });
    super::odata::listed(ctx, "organization", vec![org])
}

/// `{"onPremisesSyncEnabled": false}` turns directory sync off; synced users become cloud users.
fn update_organization(ctx: &mut Ctx) -> Out {
    if !ctx.param(0).eq_ignore_ascii_case(&ctx.w.tenant.id) {
        return Err(not_found(ctx.param(0)));
    }
    ctx.require_role(&[])?;
    if ctx.body_field("onPremisesSyncEnabled") == Some(&json!(false)) {
        ctx.w.tenant.sync_enabled = false;
        for u in ctx.w.tenant.users.values_mut() {
            u.synced = false;
        }
    }
    Ok(Reply::no_content())
}

fn domain_json(d: &Domain) -> Value {
    json!({
        "authenticationType": d.authentication,
        "availabilityStatus": null,
        "id": d.name,
        "isAdminManaged": !crate::dns::zones::microsoft_manages_dns(&d.name),
        "isDefault": d.is_default,
        "isInitial": d.is_initial,
        "isRoot": true,
        "isVerified": true,
        "passwordNotificationWindowInDays": 14,
        "passwordValidityPeriodInDays": 2147483647,
        "supportedServices": ["Email", "OfficeCommunicationsOnlineIdentity"],
        "state": null,
    })
}

fn find(ctx: &Ctx) -> Result<usize, Reply> {
    let name = ctx.param(0);
    ctx.w
        .tenant
        .domains
        .iter()
        .position(|d| d.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| not_found(name))
}

fn domains(ctx: &mut Ctx) -> Out {
    let value: Vec<Value> = ctx.w.tenant.domains.iter().map(domain_json).collect();
    super::odata::listed(ctx, "domains", value)
}

fn domain(ctx: &mut Ctx) -> Out {
    let i = find(ctx)?;
    let mut v = domain_json(&ctx.w.tenant.domains[i]);
    v["@odata.context"] = json!(ctx.context("domains/$entity"));
    Ok(Reply::ok(v))
}

/// `{"isDefault": true}` makes the domain the default for new users.
fn update_domain(ctx: &mut Ctx) -> Out {
    let i = find(ctx)?;
    ctx.require_role(&[])?;
    if ctx.body_field("isDefault") == Some(&json!(true)) {
        for (j, d) in ctx.w.tenant.domains.iter_mut().enumerate() {
            d.is_default = i == j;
        }
    }
    Ok(Reply::no_content())
}

/// Refused for the initial `.onmicrosoft.com` domain and while anything uses the domain.
/// Deleting the default domain makes the initial domain the default (INFERENCE: the admin
/// center does this; Graph's exact answer is not documented).
fn delete_domain(ctx: &mut Ctx) -> Out {
    let i = find(ctx)?;
    ctx.require_role(&[])?;
    let d = ctx.w.tenant.domains[i].clone();
    if d.is_initial {
        return Err(bad_request(format!(
            "The initial domain '{}' cannot be deleted.",
            d.name
        )));
    }
    // INFERENCE: Microsoft documents only that the delete fails while anything depends on the
    // domain; the wording below is the sim's.
    let refs = ctx.w.tenant.domain_references(&d.name).len()
        + ctx.w.tenant.domain_group_references(&d.name).len();
    if refs > 0 {
        return Err(bad_request(format!(
            "Domain '{}' cannot be deleted because it is referenced by {refs} object(s). Use domainNameReferences to find them and change or remove them first.",
            d.name
        )));
    }
    ctx.w.tenant.domains.remove(i);
    if d.is_default {
        for x in ctx.w.tenant.domains.iter_mut() {
            x.is_default = x.is_initial;
        }
    }
    ctx.deleted("domain", &d.name, &d.name);
    Ok(Reply::no_content())
}

/// The users and the groups (every kind) that still use the domain, as directory objects.
fn references(ctx: &mut Ctx) -> Out {
    let i = find(ctx)?;
    let name = ctx.w.tenant.domains[i].name.clone();
    let t = &ctx.w.tenant;
    let users = t
        .domain_references(&name)
        .into_iter()
        .map(|u| json!({"@odata.type": "#microsoft.graph.user", "id": u.id, "displayName": u.display_name, "userPrincipalName": u.upn, "mail": u.mail}));
    let groups = t.domain_group_references(&name).into_iter().map(|g| {
        let mut obj = g.to_json();
        obj.insert("@odata.type".into(), json!("#microsoft.graph.group"));
        Value::Object(obj)
    });
    let value: Vec<Value> = users.chain(groups).collect();
    super::odata::listed(ctx, "directoryObjects", value)
}
