//! Hostile and odd Graph answers against the closure engine (security review M1, M2; issue
//! "Microsoft's real answers"): a scripted Graph on loopback stands for a TLS-intercepting
//! proxy or a wrong `--graph`, and a second listener stands for the attacker's host, recording
//! every request that reaches it.

mod auth_support;
mod closure_common;

use auth_support::{serve, Answer, Req, Server};
use closeout_core::clock::Clock;
use closeout_core::closure::inventory::gather;
use closeout_core::closure::{Chunking, PortalLinks, Session, SessionConfig, StepId, StepState};
use closeout_core::graph::{GraphClient, Secret, StaticToken};
use closeout_core::ErrorCode;
use serde_json::{json, Value};
use std::sync::Arc;

const TENANT: &str = "0f0e0d0c-0000-4000-8000-000000000001";
const ADMIN: &str = "aaaaaaaa-0000-4000-8000-000000000001";
const BOB: &str = "bbbbbbbb-0000-4000-8000-000000000002";
const GLOBAL_ADMIN_ROLE: &str = "62e90394-69f5-4237-9190-012177145e10";
const TOKEN: &str = "tok-SECRET-ACCESS-123";

fn person(id: &str, name: Option<&str>) -> Value {
    json!({"id": id, "userPrincipalName": format!("{}@victim.example", &id[..4]),
           "displayName": name, "userType": "Member", "accountEnabled": true})
}

/// What the scripted Graph answers to one GET (inside `$batch` or not).
fn answer_get(url: &str, users: &Value, users_next: Option<&str>) -> Value {
    let list = |value: Value| json!({ "value": value });
    if url.starts_with("/organization") {
        list(
            json!([{"id": TENANT, "displayName": "Victim Ltd", "verifiedDomains": [],
                     "onPremisesSyncEnabled": null}]),
        )
    } else if url.starts_with("/me/memberOf") {
        list(json!([{"@odata.type": "#microsoft.graph.directoryRole",
                     "id": "cccccccc-0000-4000-8000-000000000003",
                     "roleTemplateId": GLOBAL_ADMIN_ROLE, "displayName": "Global Administrator"}]))
    } else if url.starts_with("/me") {
        person(ADMIN, Some("Owner"))
    } else if url.starts_with("/directoryRoles") {
        list(json!([person(ADMIN, Some("Owner"))]))
    } else if url.starts_with("/users") {
        let mut page = list(users.clone());
        if let Some(next) = users_next {
            page["@odata.nextLink"] = json!(next);
        }
        page
    } else if url.starts_with("/domains") {
        list(
            json!([{"id": "victim.onmicrosoft.com", "isDefault": true, "isInitial": true,
                     "isVerified": true}]),
        )
    } else if url.starts_with("/policies/identitySecurityDefaultsEnforcementPolicy") {
        json!({"id": "00000000-0000-0000-0000-000000000005", "isEnabled": false})
    } else {
        list(json!([]))
    }
}

/// A `$batch` answer: each GET item answered by `get(url)`, any other item 204 with no body.
fn batch_answer(req: &Req, get: impl Fn(&str) -> Value) -> Answer {
    let responses: Vec<Value> = req.json()["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| match item["method"].as_str().unwrap() {
            "GET" => {
                json!({"id": item["id"], "status": 200, "body": get(item["url"].as_str().unwrap())})
            }
            _ => json!({"id": item["id"], "status": 204, "body": null}),
        })
        .collect();
    Answer::json(200, json!({ "responses": responses }))
}

/// A scripted Graph: one organization, its admin, `users`; DELETEs answer 204.
async fn fake_graph(users: Value, users_next: Option<String>) -> Server {
    serve(move |req: &Req, _| {
        let path = req.path.strip_prefix("/v1.0").unwrap_or(&req.path);
        let get = |url: &str| answer_get(url, &users, users_next.as_deref());
        match path {
            "/$batch" => batch_answer(req, get),
            _ => Answer::json(200, get(path)),
        }
    })
    .await
}

fn client(server: &Server) -> GraphClient {
    GraphClient::new(&server.base, Arc::new(StaticToken(Secret::new(TOKEN)))).unwrap()
}

/// The DELETE urls the scripted Graph received inside its `$batch` calls.
fn deletes(server: &Server) -> Vec<String> {
    server
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/$batch"))
        .flat_map(|r| r.json()["requests"].as_array().cloned().unwrap_or_default())
        .filter(|item| item["method"] == "DELETE")
        .map(|item| item["url"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_crafted_next_link_never_receives_the_admins_token() {
    let capture = serve(|_, _| Answer::json(200, json!({"value": []}))).await;
    let capture_host = capture.base.trim_start_matches("http://").to_owned();
    let port = capture_host.rsplit(':').next().unwrap().to_owned();
    let links = [
        format!("{}/v1.0/users?$skiptoken=page2", capture.base),
        format!("http://localhost:{port}/v1.0/users?$skiptoken=page2"),
        "1/v1.0/users?$skiptoken=page2".to_owned(),
        format!("@localhost:{port}/v1.0/users"),
        ".evil.example/v1.0/users".to_owned(),
        "/v1.0/users?$skiptoken=relative".to_owned(),
    ];
    for link in links {
        let graph = fake_graph(json!([person(ADMIN, Some("Owner"))]), Some(link.clone())).await;
        let err = gather(&client(&graph)).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::MalformedResponse, "{link}");
        assert!(
            err.message.contains("refused to follow a link"),
            "{link}: {}",
            err.message
        );
        let followed = graph
            .requests()
            .iter()
            .filter(|r| r.path.contains("skiptoken"))
            .count();
        assert_eq!(followed, 0, "{link}: not glued onto the Graph base either");
    }
    assert!(capture.requests().is_empty(), "the other host got nothing");
}

#[tokio::test]
async fn a_next_link_on_the_graph_base_is_followed() {
    // Page 2 lives on the same base, as Microsoft writes its links: absolute, same host.
    let looped = serve(|req: &Req, _| {
        let first_page = json!([person(ADMIN, Some("Owner"))]);
        let host = req.header("host").unwrap().to_owned();
        let next = format!("http://{host}/v1.0/users?$skiptoken=page2");
        let path = req.path.strip_prefix("/v1.0").unwrap_or(&req.path);
        match path {
            "/$batch" => batch_answer(req, |url| answer_get(url, &first_page, Some(&next))),
            _ => Answer::json(200, answer_get(path, &json!([person(BOB, None)]), None)),
        }
    })
    .await;
    let inv = gather(&client(&looped)).await.unwrap();
    let ids: Vec<&str> = inv.users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(ids, [ADMIN, BOB], "page 2 read from the same base");
    let page2 = looped
        .requests()
        .into_iter()
        .find(|r| r.path.contains("skiptoken"))
        .unwrap();
    assert_eq!(
        page2.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

fn session_config(dir: &std::path::Path) -> SessionConfig {
    SessionConfig {
        data_dir: dir.to_path_buf(),
        own_app_id: "5E3CE6C0-2B1F-4285-8D4B-75EE78787346".into(),
        portal: PortalLinks::practice("http://127.0.0.1:9"),
        chunking: Chunking::default(),
        authority: "http://127.0.0.1:9/organizations".into(),
        clock: Clock::system(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_admin_in_another_spelling_is_never_deleted_and_a_duplicate_once() {
    let spellings = [
        ADMIN.to_uppercase(),
        format!("{ADMIN}?x=1"),
        format!("{ADMIN}/"),
        format!("x/../{ADMIN}"),
        format!("../users/{ADMIN}"),
        format!("{ADMIN}#frag"),
        format!(" {ADMIN}"),
    ];
    let mut users = vec![person(ADMIN, Some("Owner"))];
    users.extend(spellings.iter().map(|id| person(id, Some("Owner again"))));
    users.push(person(BOB, Some("Bob")));
    users.push(person(&BOB.to_uppercase(), Some("Bob")));
    let graph = fake_graph(Value::Array(users), None).await;
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::open(client(&graph), session_config(dir.path()), Some(TENANT))
        .await
        .unwrap();
    closure_common::settle_backup(&mut session);
    let applied =
        closure_common::apply_confirmed(&mut session, StepId::Users, Default::default()).await;

    assert_eq!(deletes(&graph), [format!("/users/{BOB}")], "only Bob, once");
    assert_eq!(applied.report.succeeded, 1);
    // The set-aside objects are named, and the step cannot be called done while they exist.
    let inv = session.inventory().await.unwrap();
    let set_aside = &inv
        .unreadable
        .iter()
        .find(|u| u.part == "users")
        .unwrap()
        .objects;
    assert_eq!(set_aside.len(), spellings.len() - 1, "{set_aside:?}");
    assert!(set_aside.iter().any(|o| o.contains("?x=1")));
    assert_eq!(applied.verification.state, StepState::Unknown);
}

#[tokio::test]
async fn one_odd_object_does_not_sink_the_inventory() {
    let users = json!([
        person(ADMIN, Some("Owner")),
        person(BOB, None),
        {"userPrincipalName": "noid@victim.example", "displayName": "Nobody Knows"},
        {"id": "dddddddd-0000-4000-8000-000000000004", "userPrincipalName": null,
         "displayName": null, "accountEnabled": null, "userType": "unknownFutureValue",
         "someFieldMicrosoftAddsLater": {"nested": [1, 2]}},
        {"id": "eeeeeeee-0000-4000-8000-000000000005", "accountEnabled": "yes"},
    ]);
    let graph = fake_graph(users, None).await;
    let inv = gather(&client(&graph)).await.unwrap();
    let ids: Vec<&str> = inv.users.iter().map(|u| u.id.as_str()).collect();
    assert_eq!(
        ids,
        [ADMIN, BOB, "dddddddd-0000-4000-8000-000000000004"],
        "null display names, null and unknown values are read"
    );
    let set_aside = &inv
        .unreadable
        .iter()
        .find(|u| u.part == "users")
        .unwrap()
        .objects;
    assert_eq!(
        set_aside,
        &["Nobody Knows", "eeeeeeee-0000-4000-8000-000000000005"],
        "the object without an id and the one with a field of the wrong type are named"
    );
}
