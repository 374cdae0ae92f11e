//! `POST /$batch` (JSON batching): at most 20 requests, unique ids, relative urls,
//! `dependsOn` with 424 for dependents of a failure, each item throttled on its own (429 with
//! its own `Retry-After`), and responses returned in no particular order.

use super::reply::Reply;
use super::{execute, Request};
use crate::app::{lock, SimState};
use crate::auth::store::AccessGrant;
use serde_json::{json, Map, Value};
use std::collections::{HashMap, HashSet};

pub const MAX_REQUESTS: usize = 20;

struct Item {
    id: String,
    method: String,
    url: String,
    headers: HashMap<String, String>,
    body: Option<Value>,
    depends_on: Vec<String>,
}

fn invalid(message: impl Into<String>) -> Reply {
    Reply::error(400, "BadRequest", message)
}

fn parse_items(outer: &Request) -> Result<Vec<Item>, Reply> {
    let requests = outer
        .body
        .as_ref()
        .and_then(|b| b.get("requests"))
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("Invalid batch payload format."))?;
    if requests.len() > MAX_REQUESTS {
        return Err(invalid(format!(
            "The number of requests in the batch ({}) exceeds the limit of {MAX_REQUESTS}.",
            requests.len()
        )));
    }
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for r in requests {
        let text = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
        let (Some(id), Some(method), Some(url)) = (text("id"), text("method"), text("url")) else {
            return Err(invalid("Invalid batch payload format."));
        };
        if !seen.insert(id.clone()) {
            return Err(invalid("Batch request contains duplicate request Ids."));
        }
        if url.starts_with("http://") || url.starts_with("https://") {
            return Err(invalid(format!("Invalid request URL for request id {id}: the url must be relative, for example /users.")));
        }
        let headers: HashMap<String, String> = r
            .get("headers")
            .and_then(Value::as_object)
            .map(|h| {
                h.iter()
                    .map(|(k, v)| {
                        (
                            k.to_ascii_lowercase(),
                            v.as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let body = r.get("body").cloned().filter(|b| !b.is_null());
        if body.is_some() && !headers.contains_key("content-type") {
            return Err(invalid(format!(
                "Write request id : {id} does not contain Content-Type header or body."
            )));
        }
        let depends_on = r
            .get("dependsOn")
            .and_then(Value::as_array)
            .map(|d| {
                d.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        items.push(Item {
            id,
            method: method.to_ascii_uppercase(),
            url,
            headers,
            body,
            depends_on,
        });
    }
    for item in &items {
        if let Some(bad) = item
            .depends_on
            .iter()
            .find(|d| !seen.contains(*d) || **d == item.id)
        {
            return Err(invalid(format!(
                "Request id {} depends on '{bad}', which is not in the batch.",
                item.id
            )));
        }
    }
    Ok(items)
}

fn to_request(item: &Item, outer: &Request) -> Request {
    let (path, query) = item.url.split_once('?').unwrap_or((&item.url, ""));
    Request::new(
        &item.method,
        outer.version,
        path,
        query,
        item.headers.clone(),
        item.body.clone(),
    )
}

fn item_response(id: &str, reply: &Reply, date: &str) -> Value {
    let mut headers = Map::new();
    headers.insert("Cache-Control".into(), json!("no-cache"));
    if let Some(ct) = reply.content_type() {
        headers.insert("Content-Type".into(), json!(ct));
        headers.insert("OData-Version".into(), json!("4.0"));
    }
    for (k, v) in &reply.headers {
        headers.insert(k.clone(), json!(v));
    }
    let request_id = uuid::Uuid::new_v4().to_string();
    // An item without content carries `"body": null`, as Microsoft's batch answers show.
    let body = reply
        .body_json(date, &request_id, &request_id)
        .unwrap_or(Value::Null);
    json!({"id": id, "status": reply.status, "headers": headers, "body": body})
}

pub fn run(app: &SimState, outer: &Request, grant: &AccessGrant) -> Reply {
    let items = match parse_items(outer) {
        Ok(items) => items,
        Err(reply) => return reply,
    };
    let date = crate::clock::iso(app.clock.now())
        .trim_end_matches('Z')
        .to_string();
    let mut status: HashMap<String, u16> = HashMap::new();
    let mut responses = Vec::new();
    let mut pending: Vec<&Item> = items.iter().collect();
    while !pending.is_empty() {
        let ready = pending
            .iter()
            .position(|i| i.depends_on.iter().all(|d| status.contains_key(d)));
        let Some(pos) = ready else {
            return invalid("Batch request dependencies form a cycle.");
        };
        let item = pending.remove(pos);
        // Drawn before any other lock: a dice guard must not live across the branches below.
        let (injected, secs) = {
            let mut dice = lock(&app.dice);
            (dice.item_fault(), dice.retry_after())
        };
        let failed_dependency = item
            .depends_on
            .iter()
            .any(|d| !(200..300).contains(&status[d]));
        let reply = if failed_dependency {
            Reply::error(
                424,
                "FailedDependency",
                "The request was not run because a request it depends on failed.",
            )
        } else if let Some(code) = injected {
            app.stats().faults_injected += 1;
            super::reply::injected(code, secs)
        } else {
            let (key, reply) = execute(app, &to_request(item, outer), grant);
            app.stats().record(key, reply.status);
            reply
        };
        status.insert(item.id.clone(), reply.status);
        responses.push(item_response(&item.id, &reply, &date));
    }
    lock(&app.dice).shuffle(&mut responses);
    Reply::ok(json!({"responses": responses}))
}
