//! What the sim saw: request counts per route template, deletions, throttling and faults.
//!
//! Tests assert on these ("every user deleted exactly once", "no request after the 429
//! came sooner than Retry-After") instead of trusting the client's own account.

use std::collections::BTreeMap;

/// One successful deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    /// `user`, `user (permanent)`, `application`, `servicePrincipal`, `domain`,
    /// `conditionalAccessPolicy`, `subscription`, `tenant`.
    pub kind: String,
    pub id: String,
    /// A readable name (userPrincipalName, display name or domain name).
    pub name: String,
    /// Simulated time, ISO 8601.
    pub at: String,
}

#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Count per `"{METHOD} /{version}{template}"`, e.g. `"DELETE /v1.0/users/{id}"`,
    /// `"POST /v1.0/$batch"`, of every Graph request answered: the requests inside a `$batch`
    /// are counted under their own template too, as Microsoft's throttling counts them.
    pub requests: BTreeMap<String, u64>,
    /// Every Graph request answered, the items inside `$batch` included.
    pub total_requests: u64,
    /// Count per key, like `requests`, of the HTTP requests that reached the Graph endpoint:
    /// a `$batch` is one (`"POST /v1.0/$batch"`) and its items are not counted here. Requests
    /// answered by an injected reset or hang are counted too: they reached the wire.
    pub http_requests: BTreeMap<String, u64>,
    /// Every HTTP request that reached the Graph endpoint (a `$batch` counts once).
    pub total_http_requests: u64,
    /// Count per response status (batch items included).
    pub statuses: BTreeMap<u16, u64>,
    /// 429 answers sent by the throttling model (faults not included).
    pub throttled: u64,
    /// Faults injected by `SimOptions::faults`.
    pub faults_injected: u64,
    /// Successful deletions in order.
    pub deletions: Vec<Deletion>,
}

impl Stats {
    /// Requests seen for a key such as `"GET /v1.0/users"`.
    pub fn count(&self, key: &str) -> u64 {
        self.requests.get(key).copied().unwrap_or(0)
    }

    /// HTTP requests seen for a key such as `"POST /v1.0/$batch"` (batch items not included).
    pub fn http_count(&self, key: &str) -> u64 {
        self.http_requests.get(key).copied().unwrap_or(0)
    }

    /// How many times each object of `kind` was deleted, by id.
    pub fn deletions_by_id(&self, kind: &str) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for d in self.deletions.iter().filter(|d| d.kind == kind) {
            *out.entry(d.id.clone()).or_insert(0) += 1;
        }
        out
    }

    /// True when every deleted object of `kind` was deleted exactly once.
    pub fn each_deleted_once(&self, kind: &str) -> bool {
        self.deletions_by_id(kind).values().all(|n| *n == 1)
    }

    /// One HTTP request reached the Graph endpoint (before it is answered).
    pub(crate) fn record_http(&mut self, key: &str) {
        *self.http_requests.entry(key.to_string()).or_insert(0) += 1;
        self.total_http_requests += 1;
    }

    /// One Graph request (an HTTP request or a `$batch` item) was answered with `status`.
    pub(crate) fn record(&mut self, key: String, status: u16) {
        *self.requests.entry(key).or_insert(0) += 1;
        *self.statuses.entry(status).or_insert(0) += 1;
        self.total_requests += 1;
    }
}
