//! Contract tests for the practice tenant's Azure side: tokens for the Azure Resource Manager
//! audience (incremental consent), ARM's subscriptions list, elevated access and its removal,
//! and the practice Azure portal's cancel and delete.

mod common;

use common::{session, sign_in, Session};
use serde_json::Value;
use std::time::Duration;

const ARM_SCOPE: &str = "https://management.azure.com/user_impersonation";
const ARM_SIGN_IN: &str =
    "openid profile offline_access https://management.azure.com/user_impersonation";

/// An ARM token through an interactive sign-in that asks for the ARM scope.
async fn arm_token(s: &Session) -> String {
    let tokens = sign_in(&s.sim, &s.http, ARM_SIGN_IN).await;
    let scope = tokens["scope"].as_str().unwrap();
    assert!(
        scope.starts_with(ARM_SCOPE) && !scope.contains("graph"),
        "{scope}"
    );
    tokens["access_token"].as_str().unwrap().to_string()
}

async fn arm(s: &Session, method: reqwest::Method, path: &str, token: &str) -> reqwest::Response {
    s.http
        .request(method, s.url(&format!("/arm{path}")))
        .bearer_auth(token)
        .send()
        .await
        .expect("ARM request")
}

/// ARM's error shape: `{"error":{"code","message"}}` and a request id header.
async fn arm_error(res: reqwest::Response, status: u16) -> String {
    assert_eq!(res.status(), status);
    assert!(res.headers().contains_key("x-ms-request-id"));
    let body: Value = res.json().await.expect("error json");
    assert!(body["error"]["message"].is_string(), "{body}");
    body["error"]["code"].as_str().unwrap().to_string()
}

async fn subscriptions(s: &Session, token: &str) -> Vec<Value> {
    let res = arm(
        s,
        reqwest::Method::GET,
        "/subscriptions?api-version=2022-12-01",
        token,
    )
    .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    body["value"].as_array().unwrap().clone()
}

async fn aad_code(res: reqwest::Response) -> (u16, i64) {
    let status = res.status().as_u16();
    let body: Value = res.json().await.unwrap();
    (status, body["error_codes"][0].as_i64().unwrap_or_default())
}

/// "Access management for Azure resources" turned on by the signed-in Global Administrator.
async fn elevate(s: &Session, token: &str) {
    let elevate = "/providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01";
    let res = arm(s, reqwest::Method::POST, elevate, token).await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_arm_scope_needs_its_own_consent_then_refreshes_silently() {
    let s = session("agency").await;
    let scope = format!("openid offline_access {ARM_SCOPE}");
    let before = s.refresh_with(&s.refresh, &[("scope", &scope)]).await;
    assert_eq!(aad_code(before).await, (400, 65001), "no consent yet");

    arm_token(&s).await;
    let after = s.refresh_with(&s.refresh, &[("scope", &scope)]).await;
    assert_eq!(after.status(), 200);
    let body: Value = after.json().await.unwrap();
    assert!(body["scope"].as_str().unwrap().starts_with(ARM_SCOPE));
    assert!(body["refresh_token"].is_string() && body["id_token"].is_string());

    let mixed = format!("{scope} https://graph.microsoft.com/User.Read");
    let refused = s.refresh_with(&s.refresh, &[("scope", &mixed)]).await;
    assert_eq!(
        aad_code(refused).await,
        (400, 28000),
        "two resources in one request"
    );
}

#[tokio::test]
async fn each_api_refuses_the_other_audiences_token() {
    let s = session("agency").await;
    let path = "/subscriptions?api-version=2022-12-01";
    let graph_token = s.token.clone();
    let code = arm_error(arm(&s, reqwest::Method::GET, path, &graph_token).await, 401).await;
    assert_eq!(code, "InvalidAuthenticationToken");
    let bare = s
        .http
        .get(s.url(&format!("/arm{path}")))
        .send()
        .await
        .unwrap();
    assert_eq!(arm_error(bare, 401).await, "AuthenticationFailed");

    let arm_token = arm_token(&s).await;
    let graph = s
        .http
        .get(s.url("/v1.0/me"))
        .bearer_auth(&arm_token)
        .send()
        .await
        .unwrap();
    assert_eq!(graph.status(), 401, "Graph refuses an ARM token");
}

#[tokio::test]
async fn a_subscription_someone_else_owns_shows_only_after_elevation_and_hides_after_removal() {
    let s = session("agency").await;
    let me = s.get_json("/v1.0/me?$select=id").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = arm_token(&s).await;
    assert!(
        subscriptions(&s, &token).await.is_empty(),
        "not visible before elevation"
    );

    let no_version = arm(&s, reqwest::Method::GET, "/subscriptions", &token).await;
    assert_eq!(
        arm_error(no_version, 400).await,
        "MissingApiVersionParameter"
    );
    let old = arm(
        &s,
        reqwest::Method::POST,
        "/providers/Microsoft.Authorization/elevateAccess?api-version=2015-07-01",
        &token,
    )
    .await;
    assert_eq!(arm_error(old, 400).await, "InvalidApiVersionParameter");

    let elevate = "/providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01";
    let res = arm(&s, reqwest::Method::POST, elevate, &token).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.bytes().await.unwrap().is_empty(),
        "elevateAccess answers without a body"
    );

    let subs = subscriptions(&s, &token).await;
    assert_eq!(subs.len(), 1);
    let sub = &subs[0];
    assert_eq!(sub["displayName"], "Agency website (pay-as-you-go)");
    assert_eq!(sub["state"], "Enabled");
    assert_eq!(sub["tenantId"], s.sim.tenant_id());
    let id = sub["subscriptionId"].as_str().unwrap();
    assert_eq!(sub["id"], format!("/subscriptions/{id}"));

    let list = format!("/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01&$filter=principalId+eq+'{me}'");
    let res = arm(&s, reqwest::Method::GET, &list, &token).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    let assignments = body["value"].as_array().unwrap();
    assert_eq!(assignments.len(), 1);
    let a = &assignments[0];
    assert_eq!(a["properties"]["scope"], "/");
    assert!(a["properties"]["roleDefinitionId"]
        .as_str()
        .unwrap()
        .ends_with("/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"));
    let name = a["name"].as_str().unwrap();

    let remove =
        format!("/providers/Microsoft.Authorization/roleAssignments/{name}?api-version=2022-04-01");
    let res = arm(&s, reqwest::Method::DELETE, &remove, &token).await;
    assert_eq!(res.status(), 200);
    assert!(subscriptions(&s, &token).await.is_empty(), "hidden again");
    let again = arm(&s, reqwest::Method::DELETE, &remove, &token).await;
    assert_eq!(again.status(), 204, "nothing left to delete");
}

#[tokio::test]
async fn only_a_global_administrator_may_elevate() {
    let s = session("not-admin").await;
    let token = arm_token(&s).await;
    let elevate = "/providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01";
    let res = arm(&s, reqwest::Method::POST, elevate, &token).await;
    assert_eq!(arm_error(res, 403).await, "AuthorizationFailed");
}

#[tokio::test]
async fn the_azure_portal_cancels_then_deletes_after_three_days_and_the_tenant_check_follows() {
    let s = session("agency").await;
    let token = arm_token(&s).await;
    elevate(&s, &token).await;
    let id = subscriptions(&s, &token).await[0]["subscriptionId"]
        .as_str()
        .unwrap()
        .to_string();
    s.approve_entra().await;
    let checks = s.page("/portal/entra/tenants/delete").await;
    assert!(
        checks.contains("Agency website (pay-as-you-go) (Enabled)"),
        "{checks}"
    );

    let page = s.page("/portal/azure/subscriptions").await;
    assert!(
        page.contains(&id) && page.contains("Cancel subscription"),
        "{page}"
    );
    let base = format!("/portal/azure/subscriptions/{id}");
    let (early, text) = s.portal(&format!("{base}/delete"), &[]).await;
    assert_eq!(early, 409, "{text}");
    assert!(text.contains("before deleting"));

    let (status, text) = s.portal(&format!("{base}/cancel"), &[]).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(subscriptions(&s, &token).await[0]["state"], "Disabled");
    let checks = s.page("/portal/entra/tenants/delete").await;
    assert!(
        checks.contains("(Disabled)"),
        "a cancelled subscription still blocks: {checks}"
    );
    let (too_soon, text) = s.portal(&format!("{base}/delete"), &[]).await;
    assert_eq!(too_soon, 409);
    assert!(text.contains("3 days after it was cancelled"), "{text}");

    s.sim.advance_clock(Duration::from_secs(3 * 24 * 3600 + 60));
    let token = arm_token(&s).await;
    let (status, text) = s.portal(&format!("{base}/delete"), &[]).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(subscriptions(&s, &token).await[0]["state"], "Deleted");
    s.approve_entra().await; // three days on: asked again
    let checks = s.page("/portal/entra/tenants/delete").await;
    assert!(
        !checks.contains("Azure subscriptions in the Azure portal"),
        "{checks}"
    );
}

#[tokio::test]
async fn more_subscriptions_than_one_page_come_with_a_next_link_until_the_last() {
    let s = session("tangled").await;
    let token = arm_token(&s).await;
    elevate(&s, &token).await;
    let mut path = "/subscriptions?api-version=2022-12-01".to_string();
    let mut names = Vec::new();
    let mut pages = 0;
    loop {
        let res = arm(&s, reqwest::Method::GET, &path, &token).await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        pages += 1;
        for sub in body["value"].as_array().unwrap() {
            names.push(sub["displayName"].as_str().unwrap().to_string());
        }
        match body["nextLink"].as_str() {
            // ARM's nextLink is absolute; the practice ARM lives under `/arm`.
            Some(next) => path = next.split("/arm").nth(1).unwrap().to_string(),
            None => break,
        }
    }
    assert_eq!(pages, 2, "three subscriptions, two a page");
    names.sort();
    assert_eq!(
        names,
        [
            "Azure subscription 1",
            "Bike fitting app (pay-as-you-go)",
            "Shop website (pay-as-you-go)"
        ]
    );
}
