//! Users contract: `/me`, `/me/memberOf`, listing with OData options and paging, delete
//! (204, then 404), the deleted-items bin, and refusals (403 without role, last admin).

mod common;

use common::*;
use serde_json::{json, Value};

const GA: &str = "62e90394-69f5-4237-9190-012177145e10";

#[tokio::test]
async fn me_and_member_of_show_the_global_administrator_role() {
    let s = session("bakery").await;
    let me = s
        .get_json("/v1.0/me?$select=id,userPrincipalName,displayName")
        .await;
    assert_eq!(me["userPrincipalName"], s.sim.admin_upn());
    assert!(
        me.get("jobTitle").is_none(),
        "$select keeps only the asked properties"
    );
    let roles = s.get_json("/v1.0/me/memberOf").await;
    let role = &roles["value"][0];
    assert_eq!(role["@odata.type"], "#microsoft.graph.directoryRole");
    assert_eq!(role["roleTemplateId"], GA);
    assert_eq!(role["displayName"], "Global Administrator");
}

#[tokio::test]
async fn users_page_through_opaque_next_links_without_gaps_or_repeats() {
    let s = session("large").await;
    let first = s.get_json("/v1.0/users").await;
    assert_eq!(
        first["value"].as_array().unwrap().len(),
        100,
        "default page size"
    );
    assert!(first["value"][0]["userPrincipalName"].is_string());
    let all = s.all_users("?$select=id,userPrincipalName&$top=999").await;
    assert_eq!(all.len(), 301, "300 people and info@");
    let paged = s.all_users("?$select=id&$top=7").await;
    let mut ids: Vec<&str> = paged.iter().map(|u| u["id"].as_str().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 301);
    assert_eq!(
        error_code(s.get("/v1.0/users?$top=1000").await, 400).await,
        "Request_BadRequest"
    );
    assert_eq!(
        error_code(s.get("/v1.0/users?$top=0").await, 400).await,
        "Request_BadRequest"
    );
}

#[tokio::test]
async fn count_needs_consistency_level_eventual() {
    let s = session("agency").await;
    assert_eq!(
        error_code(s.get("/v1.0/users?$count=true").await, 400).await,
        "Request_BadRequest"
    );
    let res = s
        .http
        .get(s.url("/v1.0/users/$count"))
        .bearer_auth(&s.token)
        .header("ConsistencyLevel", "eventual")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["content-type"], "text/plain");
    assert_eq!(res.text().await.unwrap(), "46", "45 people and info@");
    let body = s.get_eventual("/v1.0/users?$count=true&$top=5").await;
    assert_eq!(body["@odata.count"], 46);
    assert_eq!(body["value"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn filters_on_the_fields_the_app_uses() {
    let s = session("synced").await;
    let members = s
        .all_users("?$filter=userType%20eq%20'Member'%20and%20accountEnabled%20eq%20true")
        .await;
    assert_eq!(members.len(), 20);
    let code = error_code(
        s.get("/v1.0/users?$filter=onPremisesSyncEnabled%20eq%20true")
            .await,
        400,
    )
    .await;
    assert_eq!(
        code, "Request_UnsupportedQuery",
        "advanced query without ConsistencyLevel"
    );
    let body = s
        .get_eventual("/v1.0/users?$filter=onPremisesSyncEnabled%20eq%20true&$count=true")
        .await;
    assert_eq!(body["@odata.count"], 19);
    let one = s
        .get_json("/v1.0/users?$filter=startswith(userPrincipalName,'it-admin')")
        .await;
    assert_eq!(one["value"].as_array().unwrap().len(), 1);
    assert_eq!(
        error_code(s.get("/v1.0/users?$filter=shoeSize%20eq%2042").await, 400).await,
        "BadRequest"
    );
}

#[tokio::test]
async fn deleting_a_user_moves_it_to_deleted_items_and_a_second_delete_is_404() {
    let s = session("bakery").await;
    let users = s.all_users("?$select=id,userPrincipalName").await;
    let victim = users
        .iter()
        .find(|u| u["userPrincipalName"] != s.sim.admin_upn())
        .unwrap();
    let id = victim["id"].as_str().unwrap();
    let res = s.delete(&format!("/v1.0/users/{id}")).await;
    assert_eq!(res.status(), 204);
    assert!(res.bytes().await.unwrap().is_empty());
    assert_eq!(
        error_code(s.delete(&format!("/v1.0/users/{id}")).await, 404).await,
        "Request_ResourceNotFound"
    );
    assert_eq!(s.all_users("").await.len(), 8, "7 people and info@ left");

    assert_eq!(
        error_code(s.get("/v1.0/directory/deletedItems").await, 400).await,
        "Request_BadRequest",
        "the cast is required"
    );
    let deleted = s.get_json("/v1.0/directory/deletedItems/microsoft.graph.user?$select=id,userPrincipalName,deletedDateTime").await;
    assert_eq!(deleted["value"][0]["id"], id);
    assert!(deleted["value"][0]["deletedDateTime"].is_string());

    let restored = s
        .post(
            &format!("/v1.0/directory/deletedItems/{id}/restore"),
            json!({}),
        )
        .await;
    assert_eq!(restored.status(), 200);
    let body: Value = restored.json().await.unwrap();
    assert_eq!(body["@odata.type"], "#microsoft.graph.user");
    assert_eq!(s.delete(&format!("/v1.0/users/{id}")).await.status(), 204);
    assert_eq!(
        s.delete(&format!("/v1.0/directory/deletedItems/{id}"))
            .await
            .status(),
        204
    );
    assert_eq!(
        s.delete(&format!("/v1.0/directory/deletedItems/{id}"))
            .await
            .status(),
        404
    );

    let stats = s.sim.stats();
    assert_eq!(stats.deletions_by_id("user")[id], 2);
    assert_eq!(stats.deletions_by_id("user (permanent)")[id], 1);
    assert_eq!(stats.count("DELETE /v1.0/users/{id}"), 3);
}

#[tokio::test]
async fn the_last_global_administrator_and_other_admins_are_protected() {
    let s = session("agency").await;
    let me = s.get_json("/v1.0/me").await;
    let jordan = s.get_json("/v1.0/users/jordan@northwindcreative.com").await;
    // Another Global Administrator can be deleted by a GA holding Directory.AccessAsUser.All.
    assert_eq!(
        s.delete(&format!("/v1.0/users/{}", jordan["id"].as_str().unwrap()))
            .await
            .status(),
        204
    );
    let code = error_code(
        s.delete(&format!("/v1.0/users/{}", me["id"].as_str().unwrap()))
            .await,
        400,
    )
    .await;
    assert_eq!(code, "Request_BadRequest");

    // Without Directory.AccessAsUser.All, privileged users can't be deleted.
    let http = client();
    let narrow = sign_in(
        &s.sim,
        &http,
        "openid https://graph.microsoft.com/User.ReadWrite.All",
    )
    .await;
    let sam = s.get_json("/v1.0/users/sam@northwindcreative.com").await;
    let res = http
        .delete(s.url(&format!("/v1.0/users/{}", sam["id"].as_str().unwrap())))
        .bearer_auth(narrow["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res, 403).await, "Authorization_RequestDenied");
}

#[tokio::test]
async fn a_user_without_an_admin_role_gets_403_and_a_token_without_scope_gets_403() {
    let s = session("not-admin").await;
    let roles = s.get_json("/v1.0/me/memberOf").await;
    assert!(roles["value"].as_array().unwrap().is_empty());
    let users = s.all_users("?$select=id,userPrincipalName").await;
    let other = users
        .iter()
        .find(|u| u["userPrincipalName"] != s.sim.admin_upn())
        .unwrap();
    let res = s
        .delete(&format!("/v1.0/users/{}", other["id"].as_str().unwrap()))
        .await;
    assert_eq!(error_code(res, 403).await, "Authorization_RequestDenied");

    let s = session("bakery").await;
    let http = client();
    let basic = sign_in(
        &s.sim,
        &http,
        "openid https://graph.microsoft.com/User.Read",
    )
    .await;
    let res = http
        .get(s.url("/v1.0/users"))
        .bearer_auth(basic["access_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res, 403).await, "Authorization_RequestDenied");
}

#[tokio::test]
async fn changing_the_sign_in_name_needs_a_verified_domain() {
    let s = session("bakery").await;
    let me = s.get_json("/v1.0/me").await;
    let path = format!("/v1.0/users/{}", me["id"].as_str().unwrap());
    let res = s
        .patch(&path, json!({"userPrincipalName": "maria@unknown.example"}))
        .await;
    assert_eq!(error_code(res, 400).await, "Request_BadRequest");
    assert_eq!(
        s.patch(
            &path,
            json!({"userPrincipalName": "maria@crumbandco.onmicrosoft.com"})
        )
        .await
        .status(),
        204
    );
    assert_eq!(
        s.get_json("/v1.0/me").await["userPrincipalName"],
        "maria@crumbandco.onmicrosoft.com"
    );
    assert_eq!(s.sim.signed_in_upn(), "maria@crumbandco.onmicrosoft.com");
    assert_eq!(
        s.sim.admin_upn(),
        "maria@crumbandco.com",
        "as the scenario started"
    );
}

#[tokio::test]
async fn directory_roles_list_their_members() {
    let s = session("agency").await;
    let roles = s.get_json("/v1.0/directoryRoles").await;
    let names: Vec<&str> = roles["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Global Administrator", "User Administrator"],
        "only activated roles"
    );
    let admins = s
        .get_json(&format!(
            "/v1.0/directoryRoles(roleTemplateId='{GA}')/members"
        ))
        .await;
    let mut upns: Vec<&str> = admins["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["userPrincipalName"].as_str().unwrap())
        .collect();
    upns.sort();
    assert_eq!(
        upns,
        ["alex@northwindcreative.com", "jordan@northwindcreative.com"]
    );
    let sam = s
        .get_json("/v1.0/users/sam@northwindcreative.com/memberOf")
        .await;
    assert_eq!(sam["value"][0]["displayName"], "User Administrator");
}

#[tokio::test]
async fn synced_users_can_be_deleted_only_after_sync_is_turned_off() {
    let s = session("synced").await;
    let org = s.get_json("/v1.0/organization").await;
    assert_eq!(org["value"][0]["onPremisesSyncEnabled"], true);
    let users = s.all_users("?$select=id,userPrincipalName").await;
    let synced = users
        .iter()
        .find(|u| u["userPrincipalName"] != s.sim.admin_upn())
        .unwrap();
    let path = format!("/v1.0/users/{}", synced["id"].as_str().unwrap());
    assert_eq!(
        error_code(s.delete(&path).await, 400).await,
        "Request_BadRequest"
    );
    let org_path = format!("/v1.0/organization/{}", s.sim.tenant_id());
    assert_eq!(
        s.patch(&org_path, json!({"onPremisesSyncEnabled": false}))
            .await
            .status(),
        204
    );
    assert_eq!(s.delete(&path).await.status(), 204);
}
