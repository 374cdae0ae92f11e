//! The portal-only steps and the subscription lifecycle, driven by the clock: cancel (with
//! Microsoft's refusals), delete, 72-hour deprovisioning, and tenant deletion refused, then
//! allowed, after which sign-in answers AADSTS90002.

mod common;

use common::*;
use serde_json::{json, Value};
use std::time::Duration;

const HOUR: u64 = 3600;
const DAY: u64 = 24 * HOUR;

async fn subscriptions(s: &Session) -> Vec<Value> {
    s.get_json("/v1.0/directory/subscriptions").await["value"]
        .as_array()
        .unwrap()
        .clone()
}

/// The id of the subscription whose `field` equals `value`.
fn id_where(subs: &[Value], field: &str, value: &str) -> String {
    let sub = subs
        .iter()
        .find(|x| x[field] == value)
        .expect("subscription");
    sub["id"].as_str().unwrap().to_string()
}

/// Signs in again (the clock jump expired the access token).
async fn refresh(s: &mut Session) {
    let tokens = sign_in(&s.sim, &s.http, ALL).await;
    s.token = tokens["access_token"].as_str().unwrap().to_string();
}

/// Deletes everyone else and moves the admin to the initial domain, deletes the groups with an
/// address (the distribution list on the practice Exchange page), then removes custom domains.
async fn clear_users_and_domains(s: &Session, initial: &str) {
    for u in s.all_users("?$select=id,userPrincipalName").await {
        let id = u["id"].as_str().unwrap();
        if u["userPrincipalName"] == s.sim.admin_upn() {
            let local = s.sim.admin_upn().split('@').next().unwrap().to_string();
            let res = s
                .patch(
                    &format!("/v1.0/users/{id}"),
                    json!({"userPrincipalName": format!("{local}@{initial}")}),
                )
                .await;
            assert_eq!(res.status(), 204);
        } else {
            assert_eq!(s.delete(&format!("/v1.0/users/{id}")).await.status(), 204);
        }
    }
    s.remove_groups_with_an_address().await;
    for d in s.get_json("/v1.0/domains").await["value"]
        .as_array()
        .unwrap()
    {
        if d["isInitial"] == false {
            assert_eq!(
                s.delete(&format!("/v1.0/domains/{}", d["id"].as_str().unwrap()))
                    .await
                    .status(),
                204
            );
        }
    }
}

#[tokio::test]
async fn the_whole_bakery_closure_from_cancel_to_tenant_deletion() {
    let mut s = session("bakery").await;
    let subs = subscriptions(&s).await;
    let first = subs[0]["id"].as_str().unwrap().to_string();

    let (status, page) = s
        .portal(&format!("/portal/admin/products/{first}/cancel"), &[])
        .await;
    assert_eq!(status, 409);
    assert!(
        page.contains("Remove the domain before you cancel"),
        "{page}"
    );

    s.approve_entra().await;
    let (status, page) = s.portal("/portal/entra/tenants/delete", &[]).await;
    assert_eq!(status, 409, "tenant deletion refused");
    assert!(page.contains("Delete all users except yourself: 8 other user(s) remain."));
    assert!(page.contains("All subscriptions must be deprovisioned"));

    clear_users_and_domains(&s, "crumbandco.onmicrosoft.com").await;
    for sub in &subs {
        let id = sub["id"].as_str().unwrap();
        let (status, page) = s
            .portal(&format!("/portal/admin/products/{id}/cancel"), &[])
            .await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("is cancelled"));
    }
    for sub in subscriptions(&s).await {
        assert_eq!(
            sub["status"], "LockedOut",
            "cancelled by the customer: disabled"
        );
    }
    let (status, _) = s
        .portal(&format!("/portal/admin/products/{first}/delete"), &[])
        .await;
    assert_eq!(status, 409, "the terms must be accepted");
    for sub in &subs {
        let id = sub["id"].as_str().unwrap();
        let (status, page) = s
            .portal(
                &format!("/portal/admin/products/{id}/delete"),
                &[("confirm", "yes")],
            )
            .await;
        assert_eq!(status, 200, "{page}");
        assert!(page.contains("deprovisioned on"));
    }

    s.approve_entra().await;
    let (_, page) = s.portal("/portal/entra/tenants/delete", &[]).await;
    assert!(
        page.contains("deleting; deprovisioned on"),
        "still waiting for deprovisioning"
    );
    assert!(page.contains("Delete or disable these enterprise applications: Closeout."));

    let before = s.sim.now();
    s.sim.advance_clock(Duration::from_secs(72 * HOUR + 60));
    assert!(s.sim.now() - before >= time::Duration::hours(72));
    refresh(&mut s).await;
    for sub in subscriptions(&s).await {
        assert_eq!(sub["status"], "Deleted");
    }
    let skus = s.get_json("/v1.0/subscribedSkus").await;
    assert!(skus["value"]
        .as_array()
        .unwrap()
        .iter()
        .all(|k| k["capabilityStatus"] == "Deleted"));

    // Closeout removes its own enterprise app last; its token keeps working until it expires.
    let own = s
        .get_json(&format!(
            "/v1.0/servicePrincipals?$filter=appId%20eq%20'{}'",
            s.sim.client_id()
        ))
        .await;
    let own_id = own["value"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        s.delete(&format!("/v1.0/servicePrincipals/{own_id}"))
            .await
            .status(),
        204
    );

    // Three days on, the Entra admin center asks for the second factor again.
    let (status, page) = s.portal("/portal/entra/tenants/delete", &[]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Approve sign in request"), "{page}");
    s.approve_entra().await;
    let (status, page) = s.portal("/portal/entra/tenants/delete", &[]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("has been deleted"));

    let res = s.refresh_with(&s.refresh, &[]).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error_codes"][0], 90002);
    assert_eq!(
        error_code(s.get("/v1.0/me").await, 401).await,
        "InvalidAuthenticationToken"
    );
    let stats = s.sim.stats();
    assert!(stats.each_deleted_once("user"));
    assert_eq!(stats.deletions_by_id("user").len(), 8, "7 people and info@");
    assert_eq!(stats.deletions_by_id("tenant").len(), 1);
}

#[tokio::test]
async fn cancel_is_refused_online_above_25_licenses_and_quantity_cannot_drop_below_assigned() {
    let s = session("agency").await;
    let subs = subscriptions(&s).await;
    let premium = id_where(&subs, "skuPartNumber", "SPB");
    let (status, page) = s
        .portal(&format!("/portal/admin/products/{premium}/cancel"), &[])
        .await;
    assert_eq!(status, 409);
    assert!(page.contains("has 45 licenses"), "{page}");
    let (status, page) = s
        .portal(
            &format!("/portal/admin/products/{premium}/licenses"),
            &[("quantity", "25")],
        )
        .await;
    assert_eq!(status, 409);
    assert!(page.contains("45 licenses are assigned"));
}

#[tokio::test]
async fn partner_subscriptions_are_cancelled_through_the_partner_and_non_admins_cannot_cancel() {
    let s = session("partner").await;
    let subs = subscriptions(&s).await;
    let bought = id_where(&subs, "ownerTenantId", closeout_sim::PARTNER_TENANT);
    let (status, page) = s
        .portal(&format!("/portal/admin/products/{bought}/cancel"), &[])
        .await;
    assert_eq!(status, 409);
    assert!(page.contains("bought through Adatum IT Partners"));
    let html = s.page("/portal/admin/products").await;
    assert!(
        !html.contains(&format!("/portal/admin/products/{bought}/cancel\"")),
        "no Cancel button for it"
    );
    let (status, page) = s
        .portal(
            &format!("/portal/admin/products/{bought}/partner-cancellation"),
            &[],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let after = subscriptions(&s)
        .await
        .into_iter()
        .find(|x| x["id"] == bought.as_str())
        .unwrap();
    assert_eq!(after["status"], "LockedOut");

    let n = session("not-admin").await;
    let id = subscriptions(&n).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, page) = n
        .portal(&format!("/portal/admin/products/{id}/cancel"), &[])
        .await;
    assert_eq!(status, 403);
    assert!(page.contains("permission"));
}

#[tokio::test]
async fn a_trial_runs_out_through_expired_and_disabled_to_deleted() {
    let mut s = session("agency").await;
    let trial = |subs: Vec<Value>| subs.into_iter().find(|x| x["isTrial"] == true).unwrap();
    assert_eq!(trial(subscriptions(&s).await)["status"], "Enabled");
    let steps = [(10, "Warning"), (30, "Suspended"), (30, "Deleted")];
    for (days, status) in steps {
        s.sim.advance_clock(Duration::from_secs(days * DAY));
        refresh(&mut s).await;
        assert_eq!(
            trial(subscriptions(&s).await)["status"],
            status,
            "Expired, Disabled, deprovisioned"
        );
    }
    let paid = subscriptions(&s)
        .await
        .into_iter()
        .find(|x| x["isTrial"] == false)
        .unwrap();
    assert_eq!(
        paid["status"], "Enabled",
        "a paid subscription with recurring billing renews"
    );
}

#[tokio::test]
async fn portal_pages_list_products_and_tenants_with_labelled_buttons() {
    let s = session("bakery").await;
    let html = s.page("/portal/admin/products").await;
    assert!(html.contains("Microsoft 365 Business Standard") && html.contains("8 of 8 assigned"));
    assert!(html.contains(">Cancel Microsoft 365 Business Standard</button>"));
    s.approve_entra().await;
    let html = s.page("/portal/entra/tenants").await;
    assert!(
        html.contains(s.sim.tenant_id())
            && html.contains(">Delete Crumb &amp; Co. Bakery</button>")
    );
    let html = s.page("/portal/entra/tenants/delete").await;
    assert!(html.contains("Required action") && html.contains("Passed"));
}
