//! Helpers shared by the contract tests: start a practice tenant, sign in the way the app
//! does (authorization code + PKCE S256), and call Graph with the token.
#![allow(dead_code)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use closeout_sim::{Sim, SimOptions};
use reqwest::{Client, Response};
use serde_json::Value;
use sha2::{Digest, Sha256};

pub const REDIRECT: &str = "http://localhost:53682/";
pub const ALL: &str = "openid profile offline_access https://graph.microsoft.com/.default";

pub fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub struct Session {
    pub sim: Sim,
    pub http: Client,
    pub token: String,
    pub refresh: String,
}

pub async fn start(opts: SimOptions) -> Sim {
    Sim::start(SimOptions {
        auto_consent: true,
        ..opts
    })
    .await
    .expect("sim starts")
}

/// Signs in with auto-consent and returns the token response.
pub async fn sign_in(sim: &Sim, http: &Client, scope: &str) -> Value {
    let verifier = "a-verifier-that-is-long-enough-for-pkce-0123456789";
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let url = format!(
        "{}/oauth2/v2.0/authorize?client_id={}&response_type=code&redirect_uri={}&scope={}&state=s1&code_challenge={challenge}&code_challenge_method=S256",
        sim.authority(),
        sim.client_id(),
        urlencode(REDIRECT),
        urlencode(scope)
    );
    let res = http.get(url).send().await.expect("authorize");
    assert_eq!(res.status(), 302, "authorize redirects back");
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let code = query_param(&location, "code").expect("code in redirect");
    let res = token_request(
        sim,
        &[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
            ("code_verifier", verifier),
        ],
    )
    .await;
    assert_eq!(res.status(), 200);
    res.json().await.expect("token json")
}

/// POSTs to the token endpoint as the practice app (its client id is added).
pub async fn token_request(sim: &Sim, form: &[(&str, &str)]) -> Response {
    let mut fields = vec![("client_id", sim.client_id())];
    fields.extend_from_slice(form);
    client()
        .post(format!("{}/oauth2/v2.0/token", sim.authority()))
        .form(&fields)
        .send()
        .await
        .expect("token endpoint")
}

pub async fn session(scenario: &str) -> Session {
    session_with(SimOptions::scenario(scenario)).await
}

pub async fn session_with(opts: SimOptions) -> Session {
    session_scoped(opts, ALL).await
}

/// A session whose sign-in asked for `scope` (the backup's permissions come incrementally).
pub async fn session_scoped(opts: SimOptions, scope: &str) -> Session {
    let sim = start(opts).await;
    let http = client();
    let tokens = sign_in(&sim, &http, scope).await;
    Session {
        token: tokens["access_token"].as_str().unwrap().to_string(),
        refresh: tokens["refresh_token"].as_str().unwrap().to_string(),
        sim,
        http,
    }
}

impl Session {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.sim.base_url())
    }

    pub async fn get(&self, path: &str) -> Response {
        self.http
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("GET")
    }

    /// GET with `ConsistencyLevel: eventual` (needed for `$count` and advanced queries).
    pub async fn get_eventual(&self, path: &str) -> Value {
        let res = self
            .http
            .get(self.url(path))
            .bearer_auth(&self.token)
            .header("ConsistencyLevel", "eventual")
            .send()
            .await
            .expect("GET");
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.expect("json")
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.json().await.expect("json")
    }

    pub async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Response {
        let mut req = self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.token);
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.expect("request")
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.send(reqwest::Method::DELETE, path, None).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Response {
        self.send(reqwest::Method::PATCH, path, Some(body)).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Response {
        self.send(reqwest::Method::POST, path, Some(body)).await
    }

    /// The text of a page (portal pages need no token).
    pub async fn page(&self, path: &str) -> String {
        self.http
            .get(self.url(path))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("text")
    }

    /// Asks for new tokens with the refresh token, plus any extra form fields.
    pub async fn refresh_with(&self, refresh: &str, extra: &[(&str, &str)]) -> Response {
        let mut form = vec![("grant_type", "refresh_token"), ("refresh_token", refresh)];
        form.extend_from_slice(extra);
        token_request(&self.sim, &form).await
    }

    /// Submits a portal form and returns (status, page text).
    pub async fn portal(&self, path: &str, form: &[(&str, &str)]) -> (u16, String) {
        let res = self
            .http
            .post(self.url(path))
            .form(form)
            .send()
            .await
            .expect("portal");
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Answers the practice Entra admin center's second factor as the owner does (reads the
    /// number on the page, types it into the practice Authenticator app); nothing when the
    /// page does not ask (an approval that still holds).
    pub async fn approve_entra(&self) {
        let html = self.page("/portal/entra/tenants").await;
        let Some(number) = html
            .split("<strong id=\"number\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
        else {
            return;
        };
        let form = [("number", number), ("next", "/portal/entra/tenants")];
        let (status, page) = self.portal("/portal/entra/approve", &form).await;
        assert_eq!(status, 303, "approved, back to Manage tenants: {page}");
    }

    /// Every user id, following `@odata.nextLink`.
    /// Removes every group with an address, as an owner would: Microsoft 365 groups through
    /// Graph, distribution lists and mail-enabled security groups (Graph answers 400) on the
    /// practice Exchange admin center's Delete group.
    pub async fn remove_groups_with_an_address(&self) {
        let groups = self
            .get_json("/v1.0/groups?$select=id,mail,groupTypes")
            .await;
        for g in groups["value"].as_array().unwrap() {
            if !g["mail"].is_string() {
                continue;
            }
            let id = g["id"].as_str().unwrap();
            let graph = self.delete(&format!("/v1.0/groups/{id}")).await.status();
            if g["groupTypes"] == serde_json::json!(["Unified"]) {
                assert_eq!(graph, 204, "{g}");
            } else {
                assert_eq!(graph, 400, "Exchange owns {g}");
                let path = format!("/portal/exchange/groups/{id}/delete");
                assert_eq!(self.portal(&path, &[]).await.0, 200, "{g}");
            }
        }
    }

    pub async fn all_users(&self, query: &str) -> Vec<Value> {
        let mut out = Vec::new();
        let mut next = Some(self.url(&format!("/v1.0/users{query}")));
        while let Some(url) = next {
            let page: Value = self
                .http
                .get(url)
                .bearer_auth(&self.token)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            out.extend(page["value"].as_array().unwrap().iter().cloned());
            next = page["@odata.nextLink"].as_str().map(str::to_string);
        }
        out
    }
}

/// Asserts Microsoft's error shape and returns the code.
/// A usage report's CSV for the last 7 days, through Graph's 302 to the download.
pub async fn report(s: &Session, name: &str) -> String {
    let res = s.get(&format!("/v1.0/reports/{name}(period='D7')")).await;
    assert_eq!(res.status(), 302);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let csv = client().get(location).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "application/octet-stream");
    csv.text().await.unwrap()
}

pub async fn error_code(res: Response, status: u16) -> String {
    assert_eq!(res.status(), status);
    let body: Value = res.json().await.expect("error json");
    let inner = &body["error"]["innerError"];
    assert!(
        inner["request-id"].is_string() && inner["date"].is_string(),
        "innerError: {body}"
    );
    assert!(body["error"]["message"].is_string());
    body["error"]["code"].as_str().unwrap().to_string()
}

pub fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

pub fn query_param(url: &str, name: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    parsed
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}
