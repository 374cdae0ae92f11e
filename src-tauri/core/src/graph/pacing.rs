//! Client-side pacing, so that bulk work is throttle-bound rather than 429-bound.
//!
//! The model ("Microsoft Graph service-specific throttling limits",
//! <https://learn.microsoft.com/graph/throttling-limits>): the directory ("identity and access") service meters each
//! application+tenant pair with token buckets of *resource units* (RU): 3,500 / 5,000 / 8,000
//! RU per 10 s for small (<50 users) / medium / large (>500) tenants, and a separate write
//! bucket of 3,000 writes per 2 min 30 s. A GET costs 1 RU, except users/applications/memberOf
//! (2), subscribedSkus (3) and domainNameReferences (4); `$select` takes 1 off (minimum 1).
//! A POST/PATCH/PUT/DELETE costs 1 RU and 1 write. Conditional Access is metered separately at
//! 1 request per second per tenant and answers 429 *without* `Retry-After`.
//!
//! We keep our own buckets at [`Pacing::share`] of those budgets (other apps use the tenant
//! too) and make a request wait until its cost fits. A 429 that does arrive pauses every
//! request of this client until its `Retry-After` has passed, not only the one that got it.

use reqwest::Method;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Tenant size classes of the directory budgets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantSize {
    /// Fewer than 50 users: 3,500 RU / 10 s.
    Small,
    /// 50 to 500 users: 5,000 RU / 10 s.
    Medium,
    /// More than 500 users: 8,000 RU / 10 s.
    Large,
}

impl TenantSize {
    pub fn from_user_count(users: usize) -> Self {
        match users {
            0..=49 => TenantSize::Small,
            50..=500 => TenantSize::Medium,
            _ => TenantSize::Large,
        }
    }

    fn resource_units_per_10s(self) -> f64 {
        match self {
            TenantSize::Small => 3_500.0,
            TenantSize::Medium => 5_000.0,
            TenantSize::Large => 8_000.0,
        }
    }
}

/// Pacing settings of a [`super::GraphClient`].
#[derive(Debug, Clone)]
pub struct Pacing {
    /// Off: no waiting before requests (tests of retry behaviour use this).
    pub enabled: bool,
    pub tenant_size: TenantSize,
    /// The fraction of Microsoft's budget this client allows itself (0.0..=1.0). The default,
    /// 0.95, leaves a little room for the few other apps still running in a tenant that is being
    /// closed, while keeping a 5,000-person deletion within about 1.1 times the fastest Microsoft
    /// allows (the write bucket binds there: its burst and its rate both scale with the share).
    pub share: f64,
    /// Minimum gap between two Conditional Access requests.
    pub conditional_access_gap: Duration,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing {
            enabled: true,
            tenant_size: TenantSize::Small,
            share: 0.95,
            conditional_access_gap: Duration::from_secs(1),
        }
    }
}

impl Pacing {
    /// No client-side pacing (Conditional Access is still spaced by its gap).
    pub fn off() -> Self {
        Pacing {
            enabled: false,
            ..Pacing::default()
        }
    }
}

/// The estimated cost of one request in the directory model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    pub resource_units: f64,
    pub writes: f64,
}

/// Estimates what a request costs; `path` is relative to the Graph base and has the version.
pub fn cost(method: &Method, path: &str) -> Cost {
    if path.ends_with("/$batch") {
        // Each item is admitted on its own; the envelope costs nothing more.
        return Cost {
            resource_units: 0.0,
            writes: 0.0,
        };
    }
    if *method != Method::GET {
        return Cost {
            resource_units: 1.0,
            writes: 1.0,
        };
    }
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    let route = route.trim_end_matches('/');
    if outside_directory(route) {
        return Cost {
            resource_units: 0.0,
            writes: 0.0,
        };
    }
    let base: f64 = if route.ends_with("/domainNameReferences") {
        4.0
    } else if route.ends_with("/subscribedSkus") {
        3.0
    } else if route.ends_with("/users")
        || route.ends_with("/applications")
        || route.ends_with("/memberOf")
        || route.ends_with("/members")
    {
        2.0
    } else {
        1.0
    };
    let has_select = query.split('&').any(|p| p.starts_with("$select="));
    Cost {
        resource_units: (base - if has_select { 1.0 } else { 0.0 }).max(1.0),
        writes: 0.0,
    }
}

/// Whether a GET is metered by another service than the directory's: Microsoft's identity and
/// access limits name their entities (directory objects, users, groups, applications...), and
/// mail (Outlook's own limits, per mailbox: the backup engine keeps to those) and drives and
/// sites (files and lists) are not among them. Counting a backup's thousands of message and
/// file requests against the directory budget held it at a tenth of its speed.
fn outside_directory(route: &str) -> bool {
    let route = route.to_ascii_lowercase();
    ["/messages", "/mailfolders", "/drive", "/sites"]
        .iter()
        .any(|part| route.contains(part))
}

/// Whether a path belongs to the Conditional Access service (1 request/s, no `Retry-After`).
pub fn is_conditional_access(path: &str) -> bool {
    path.to_ascii_lowercase()
        .contains("/identity/conditionalaccess")
}

/// A token bucket that may go into debt: a caller reserves its cost and sleeps off the debt,
/// so concurrent callers queue fairly without a loop.
#[derive(Debug)]
struct Bucket {
    capacity: f64,
    per_second: f64,
    tokens: f64,
    updated: Instant,
}

impl Bucket {
    fn new(capacity: f64, window: Duration) -> Self {
        Bucket {
            capacity,
            per_second: capacity / window.as_secs_f64(),
            tokens: capacity,
            updated: Instant::now(),
        }
    }

    /// A new capacity and rate; the tokens already spent stay spent.
    fn resize(&mut self, capacity: f64, window: Duration) {
        let spent = self.capacity - self.tokens;
        self.capacity = capacity;
        self.per_second = capacity / window.as_secs_f64();
        self.tokens = capacity - spent;
    }

    /// Takes `amount` and returns how long the caller must wait for it to be covered.
    fn reserve(&mut self, amount: f64, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.updated).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.per_second).min(self.capacity);
        self.updated = now;
        self.tokens -= amount;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / self.per_second)
        }
    }
}

#[derive(Debug)]
struct State {
    reads: Bucket,
    writes: Bucket,
    paused_until: Instant,
    next_conditional_access: Instant,
}

/// The shared pacer of one client and all its clones.
#[derive(Debug, Clone)]
pub struct Pacer {
    settings: Pacing,
    state: Arc<Mutex<State>>,
}

impl Pacer {
    pub fn new(settings: Pacing) -> Self {
        let share = settings.share.clamp(0.05, 1.0);
        let ru = settings.tenant_size.resource_units_per_10s() * share;
        let now = Instant::now();
        let state = State {
            reads: Bucket::new(ru, Duration::from_secs(10)),
            writes: Bucket::new(3_000.0 * share, Duration::from_secs(150)),
            paused_until: now,
            next_conditional_access: now,
        };
        Pacer {
            settings,
            state: Arc::new(Mutex::new(state)),
        }
    }

    /// Moves the read budget to another tenant size (once the inventory knows how many people
    /// there are), keeping what is already spent.
    pub async fn set_tenant_size(&self, size: TenantSize) {
        let share = self.settings.share.clamp(0.05, 1.0);
        let mut state = self.state.lock().await;
        state.reads.resize(
            size.resource_units_per_10s() * share,
            Duration::from_secs(10),
        );
    }

    /// Waits until a request of this cost may go out.
    pub async fn admit(&self, method: &Method, path: &str) {
        let wait = {
            let mut state = self.state.lock().await;
            let now = Instant::now();
            let mut start = state.paused_until.max(now);
            if is_conditional_access(path) {
                start = start.max(state.next_conditional_access);
                state.next_conditional_access = start + self.settings.conditional_access_gap;
            }
            let c = cost(method, path);
            // A request another service meters does not wait for the directory's buckets.
            if self.settings.enabled && (c.resource_units > 0.0 || c.writes > 0.0) {
                let ru_wait = state.reads.reserve(c.resource_units, now);
                let write_wait = state.writes.reserve(c.writes, now);
                start = start.max(now + ru_wait.max(write_wait));
            }
            start.saturating_duration_since(now)
        };
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    /// Microsoft said to wait: hold back every request of this client until then.
    pub async fn pause_for(&self, wait: Duration) {
        let mut state = self.state.lock().await;
        let until = Instant::now() + wait;
        if until > state.paused_until {
            state.paused_until = until;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn costs_follow_the_documented_table() {
        let get = Method::GET;
        assert_eq!(cost(&get, "/v1.0/users").resource_units, 2.0);
        assert_eq!(cost(&get, "/v1.0/users?$select=id").resource_units, 1.0);
        assert_eq!(cost(&get, "/v1.0/subscribedSkus").resource_units, 3.0);
        assert_eq!(
            cost(&get, "/v1.0/domains/a.com/domainNameReferences").resource_units,
            4.0
        );
        assert_eq!(cost(&get, "/v1.0/organization").resource_units, 1.0);
        let delete = cost(&Method::DELETE, "/v1.0/users/x");
        assert_eq!((delete.resource_units, delete.writes), (1.0, 1.0));
    }

    #[test]
    fn mail_and_files_are_not_charged_to_the_directory() {
        let get = Method::GET;
        for path in [
            "/v1.0/users/x/messages/y/$value",
            "/v1.0/users/x/mailFolders/inbox/messages/delta?$select=id",
            "/v1.0/users/x/drive/root/delta",
            "/v1.0/drives/d/items/i?$select=id,@microsoft.graph.downloadUrl",
            "/v1.0/sites?search=*",
            "/v1.0/groups/g/drive",
        ] {
            assert_eq!(cost(&get, path).resource_units, 0.0, "{path}");
        }
        // The directory's own reads still count, users and groups among them.
        assert_eq!(cost(&get, "/v1.0/groups?$select=id").resource_units, 1.0);
        assert_eq!(cost(&get, "/v1.0/directoryObjects/x").resource_units, 1.0);
    }

    #[test]
    fn bucket_goes_into_debt_and_names_the_wait() {
        let start = Instant::now();
        let mut bucket = Bucket::new(10.0, Duration::from_secs(10));
        assert_eq!(bucket.reserve(10.0, start), Duration::ZERO);
        assert_eq!(bucket.reserve(2.0, start), Duration::from_secs(2));
        // One second later one token came back; the debt is now 1 + 1 more.
        assert_eq!(
            bucket.reserve(1.0, start + Duration::from_secs(1)),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn resizing_keeps_what_was_spent() {
        let start = Instant::now();
        let mut bucket = Bucket::new(3_500.0, Duration::from_secs(10));
        bucket.reserve(3_000.0, start);
        bucket.resize(5_000.0, Duration::from_secs(10));
        assert_eq!(bucket.reserve(2_000.0, start), Duration::ZERO);
        assert_eq!(bucket.reserve(500.0, start), Duration::from_secs(1));
    }

    #[test]
    fn conditional_access_paths_are_recognised() {
        assert!(is_conditional_access(
            "/v1.0/identity/conditionalAccess/policies/1"
        ));
        assert!(!is_conditional_access("/v1.0/users"));
    }
}
