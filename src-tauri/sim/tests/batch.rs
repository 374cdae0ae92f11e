//! `$batch` contract: limits and validation (400), per-item status/headers/body,
//! `dependsOn` with 424, and correlation by id (responses are not in request order).

mod common;

use common::*;
use serde_json::{json, Value};

fn deletes(ids: &[String]) -> Value {
    let requests: Vec<Value> = ids.iter().enumerate().map(|(i, id)| json!({"id": (i + 1).to_string(), "method": "DELETE", "url": format!("/users/{id}")})).collect();
    json!({"requests": requests})
}

#[tokio::test]
async fn batch_rules_are_enforced_as_at_microsoft() {
    let s = session("bakery").await;
    let too_many: Vec<String> = (0..21).map(|i| format!("x{i}")).collect();
    assert_eq!(
        error_code(s.post("/v1.0/$batch", deletes(&too_many)).await, 400).await,
        "BadRequest"
    );
    let dup = json!({"requests": [{"id": "1", "method": "GET", "url": "/me"}, {"id": "1", "method": "GET", "url": "/me"}]});
    assert_eq!(
        error_code(s.post("/v1.0/$batch", dup).await, 400).await,
        "BadRequest"
    );
    let absolute = json!({"requests": [{"id": "1", "method": "GET", "url": "https://graph.microsoft.com/v1.0/me"}]});
    assert_eq!(
        error_code(s.post("/v1.0/$batch", absolute).await, 400).await,
        "BadRequest"
    );
    let no_type = json!({"requests": [{"id": "1", "method": "PATCH", "url": "/me", "body": {"displayName": "x"}}]});
    assert_eq!(
        error_code(s.post("/v1.0/$batch", no_type).await, 400).await,
        "BadRequest"
    );
}

#[tokio::test]
async fn items_carry_their_own_status_and_dependents_of_a_failure_get_424() {
    let s = session("bakery").await;
    let users = s.all_users("?$select=id,userPrincipalName").await;
    let others: Vec<String> = users
        .iter()
        .filter(|u| u["userPrincipalName"] != s.sim.admin_upn())
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect();
    let body = json!({"requests": [
        {"id": "a", "method": "DELETE", "url": format!("/users/{}", others[0])},
        {"id": "b", "method": "DELETE", "url": "/users/00000000-0000-0000-0000-000000000000"},
        {"id": "c", "method": "GET", "url": "/organization", "dependsOn": ["b"]},
        {"id": "d", "method": "GET", "url": "users?$select=id&$top=2", "headers": {"ConsistencyLevel": "eventual"}},
        {"id": "e", "method": "PATCH", "url": "/policies/identitySecurityDefaultsEnforcementPolicy", "headers": {"Content-Type": "application/json"}, "body": {"isEnabled": false}},
    ]});
    let res = s.post("/v1.0/$batch", body).await;
    assert_eq!(res.status(), 200, "200 says nothing about the items");
    let out: Value = res.json().await.unwrap();
    let by_id = |id: &str| {
        out["responses"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(by_id("a")["status"], 204);
    assert_eq!(by_id("b")["status"], 404);
    assert_eq!(
        by_id("b")["body"]["error"]["code"],
        "Request_ResourceNotFound"
    );
    assert_eq!(by_id("c")["status"], 424);
    assert_eq!(by_id("d")["status"], 200);
    assert_eq!(by_id("d")["body"]["value"].as_array().unwrap().len(), 2);
    assert!(by_id("d")["body"]["@odata.nextLink"]
        .as_str()
        .unwrap()
        .starts_with(s.sim.base_url()));
    assert_eq!(by_id("d")["headers"]["x-ms-resource-unit"], "1");
    assert_eq!(by_id("e")["status"], 204);
    assert_eq!(
        s.get_json("/v1.0/policies/identitySecurityDefaultsEnforcementPolicy")
            .await["isEnabled"],
        false
    );
    assert_eq!(s.sim.stats().count("DELETE /v1.0/users/{id}"), 2);
}

#[tokio::test]
async fn twenty_deletes_in_one_batch_delete_each_user_once_and_answer_out_of_order() {
    let s = session("agency").await;
    let users = s.all_users("?$select=id,userPrincipalName").await;
    let plain: Vec<String> = users
        .iter()
        .skip(3)
        .take(20)
        .map(|u| u["id"].as_str().unwrap().to_string())
        .collect();
    let before = s.sim.stats();
    let out: Value = s
        .post("/v1.0/$batch", deletes(&plain))
        .await
        .json()
        .await
        .unwrap();
    let responses = out["responses"].as_array().unwrap();
    assert_eq!(responses.len(), 20);
    let order: Vec<&str> = responses
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let sorted: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
    assert_ne!(
        order, sorted,
        "responses come back in no particular order (seeded)"
    );
    let ok = responses
        .iter()
        .filter(|r| r["status"] == 204 || r["status"] == 403 || r["status"] == 400)
        .count();
    assert_eq!(ok, 20);
    let after = s.sim.stats();
    assert!(after.each_deleted_once("user"));
    assert_eq!(
        after.total_http_requests - before.total_http_requests,
        1,
        "one request on the wire"
    );
    assert_eq!(after.http_count("POST /v1.0/$batch"), 1);
    assert_eq!(after.http_count("DELETE /v1.0/users/{id}"), 0);
    assert_eq!(
        after.total_requests - before.total_requests,
        21,
        "the batch and its 20 items"
    );
    assert_eq!(after.count("DELETE /v1.0/users/{id}"), 20);
}
