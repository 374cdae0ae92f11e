//! Contract tests for self-service sign-up products and self-service purchases (issue 11):
//! how they show in `/subscribedSkus` and `/directory/subscriptions`, the practice portal's
//! pages for them (Entra's Self-service sign-up products, the admin center's Your products with
//! account type Self-service), and the tenant-deletion check that refuses while one remains.

mod common;
use common::*;
use serde_json::Value;

const POWER_BI_FREE: &str = "POWER_BI_STANDARD";
const POWER_BI_PRO: &str = "POWER_BI_PRO";

/// The entry of the list at `path` whose `skuPartNumber` is `part`.
async fn listed(s: &Session, path: &str, part: &str) -> Value {
    let all = s.get_json(path).await;
    all["value"]
        .as_array()
        .expect("value")
        .iter()
        .find(|v| v["skuPartNumber"] == part)
        .cloned()
        .unwrap_or_else(|| panic!("{part} listed: {all}"))
}

async fn subscription(s: &Session, part: &str) -> Value {
    listed(s, "/v1.0/directory/subscriptions", part).await
}

async fn sku(s: &Session, part: &str) -> Value {
    listed(s, "/v1.0/subscribedSkus", part).await
}

/// The id of `part`'s subscription (the one Your products' forms name).
async fn subscription_id(s: &Session, part: &str) -> String {
    subscription(s, part).await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

fn review(s: &Session) -> String {
    format!(
        "/portal/entra/tenants/delete?tenant_id={}",
        s.sim.tenant_id()
    )
}

#[tokio::test]
async fn a_sign_up_product_shows_in_both_lists_and_names_the_person_who_signed_up() {
    let s = session("tangled").await;
    let sub = subscription(&s, POWER_BI_FREE).await;
    assert_eq!(sub["status"], "Enabled");
    assert_eq!(
        sub["isTrial"], true,
        "INFERENCE kept: a free product reads as a trial"
    );
    assert_eq!(
        sub["nextLifecycleDateTime"],
        Value::Null,
        "it never expires"
    );
    assert_eq!(sub["ownerType"], "User");
    let owner = s
        .get_json(&format!(
            "/v1.0/users/{}?$select=id,userType",
            sub["ownerId"].as_str().unwrap()
        ))
        .await;
    assert_eq!(owner["userType"], "Member");
    let listed = sku(&s, POWER_BI_FREE).await;
    assert_eq!(listed["capabilityStatus"], "Enabled");
    assert_eq!(listed["consumedUnits"], 1);
    assert!(listed["prepaidUnits"]["enabled"].as_u64().unwrap() >= 10_000);
}

#[tokio::test]
async fn a_self_service_purchase_names_its_buyer_as_owner() {
    let s = session("tangled").await;
    let sub = subscription(&s, POWER_BI_PRO).await;
    assert_eq!(
        (sub["status"].as_str(), sub["isTrial"].as_bool()),
        (Some("Enabled"), Some(false))
    );
    assert_eq!(
        sub["ownerTenantId"],
        s.sim.tenant_id(),
        "bought inside the organization"
    );
    let buyer = s
        .get_json(&format!("/v1.0/users/{}", sub["ownerId"].as_str().unwrap()))
        .await;
    let me = s.get_json("/v1.0/me").await;
    assert_ne!(buyer["id"], me["id"], "the buyer is not the admin");
    let products = s.page("/portal/admin/products").await;
    let buyer_name = buyer["displayName"].as_str().unwrap();
    assert!(products.contains("Self-service"), "{products}");
    assert!(
        products.contains(&format!("Bought by {buyer_name}")),
        "{products}"
    );
}

#[tokio::test]
async fn an_admin_cannot_cancel_a_self_service_purchase_without_taking_control() {
    let s = session("tangled").await;
    let id = subscription_id(&s, POWER_BI_PRO).await;
    let (status, page) = s
        .portal(&format!("/portal/admin/products/{id}/cancel"), &[])
        .await;
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("Take control of this subscription"), "{page}");
    let (status, page) = s
        .portal(
            &format!("/portal/admin/products/{id}/take-control"),
            &[("option", "cancel")],
        )
        .await;
    assert_eq!(status, 409, "unconfirmed: {page}");
    let (status, page) = s
        .portal(
            &format!("/portal/admin/products/{id}/take-control"),
            &[("option", "cancel"), ("reason", "Other"), ("sure", "yes")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Deleted"), "{page}");
    assert_eq!(subscription(&s, POWER_BI_PRO).await["status"], "Deleted");
    assert_eq!(
        sku(&s, POWER_BI_PRO).await["consumedUnits"],
        0,
        "licenses removed"
    );
}

#[tokio::test]
async fn moving_users_needs_a_free_license_for_each_and_then_ends_the_purchase() {
    let s = session("tangled").await;
    let id = subscription_id(&s, POWER_BI_PRO).await;
    let standard = subscription(&s, "O365_BUSINESS_PREMIUM").await;
    let target = standard["id"].as_str().unwrap();
    let path = format!("/portal/admin/products/{id}/take-control");
    let (status, page) = s
        .portal(&path, &[("option", "move"), ("target", target)])
        .await;
    // Both people already hold a Business Standard license, so nobody needs a new one.
    assert_eq!(status, 200, "{page}");
    assert_eq!(subscription(&s, POWER_BI_PRO).await["status"], "Deleted");
    let (status, page) = s
        .portal(&path, &[("option", "move"), ("target", target)])
        .await;
    assert_eq!(
        status, 409,
        "a deleted subscription is not moved again: {page}"
    );
}

#[tokio::test]
async fn the_tenant_deletion_refuses_while_a_sign_up_product_remains_and_entra_deletes_it() {
    let s = session("tangled").await;
    s.approve_entra().await;
    let checks = s.page(&review(&s)).await;
    assert!(
        checks.contains(
            "<strong>Required action</strong>: No self-service sign-up products. Delete these in \
             Licenses &gt; Self-service sign-up products: Microsoft Fabric (Free)."
        ),
        "{checks}"
    );
    let page = s.page("/portal/entra/licenses/self-service").await;
    assert!(page.contains("Microsoft Fabric (Free)"), "{page}");
    let id = subscription_id(&s, POWER_BI_FREE).await;
    let delete = format!("/portal/entra/licenses/self-service/{id}/delete");
    let (status, page) = s.portal(&delete, &[]).await;
    assert_eq!(status, 409, "Yes is required: {page}");
    let (status, page) = s.portal(&delete, &[("confirm", "yes")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Deleted") && page.contains("No self-service sign-up products."));
    assert_eq!(subscription(&s, POWER_BI_FREE).await["status"], "Deleted");
    assert_eq!(sku(&s, POWER_BI_FREE).await["capabilityStatus"], "Deleted");
    let checks = s.page(&review(&s)).await;
    assert!(
        checks.contains("<strong>Passed</strong>: No self-service sign-up products"),
        "{checks}"
    );
    assert!(
        !checks.contains("Microsoft Fabric (Free) ("),
        "not counted as a subscription to cancel either: {checks}"
    );
}

#[tokio::test]
async fn a_sign_up_product_is_deleted_not_cancelled_in_your_products() {
    let s = session("tangled").await;
    let id = subscription_id(&s, POWER_BI_FREE).await;
    let (status, page) = s
        .portal(&format!("/portal/admin/products/{id}/cancel"), &[])
        .await;
    assert_eq!(status, 409);
    assert!(
        page.contains("can&#x27;t be cancelled") || page.contains("can't be cancelled"),
        "{page}"
    );
    let (status, page) = s
        .portal(
            &format!("/portal/admin/products/{id}/delete"),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(subscription(&s, POWER_BI_FREE).await["status"], "Deleted");
}

#[tokio::test]
async fn the_sign_up_products_page_asks_for_entras_second_factor_first() {
    let s = session("tangled").await;
    let page = s.page("/portal/entra/licenses/self-service").await;
    assert!(
        page.contains("<strong id=\"number\">"),
        "the number to match: {page}"
    );
    assert!(
        !page.contains("Delete Power BI"),
        "no list before the second factor: {page}"
    );
    // A Delete sent without it is not carried out: the page asks for the second factor.
    let id = subscription_id(&s, POWER_BI_FREE).await;
    let delete = format!("/portal/entra/licenses/self-service/{id}/delete");
    let (status, page) = s.portal(&delete, &[("confirm", "yes")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("<strong id=\"number\">"), "{page}");
    assert_eq!(subscription(&s, POWER_BI_FREE).await["status"], "Enabled");

    s.approve_entra().await;
    let page = s.page("/portal/entra/licenses/self-service").await;
    assert!(page.contains("Delete Microsoft Fabric (Free)"), "{page}");
}
