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
    /// `"POST /v1.0/$batch"`. Requests inside a batch are counted under their own template too.
    pub requests: BTreeMap<String, u64>,
    /// Every Graph request that reached the sim (batch items included).
    pub total_requests: u64,
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

    pub(crate) fn record(&mut self, key: String, status: u16) {
        *self.requests.entry(key).or_insert(0) += 1;
        *self.statuses.entry(status).or_insert(0) += 1;
        self.total_requests += 1;
    }
}
