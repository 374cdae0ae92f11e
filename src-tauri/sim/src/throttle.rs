//! Microsoft's directory throttling model (identity and access service).
//!
//! Token buckets per application+tenant: resource units (3,500 / 5,000 / 8,000 per 10 s for
//! tenants under 50, up to 500, and over 500 users) and writes (3,000 per 2 min 30 s).
//! Conditional access endpoints are held to 1 request per second per tenant and answer 429
//! without `Retry-After`. Real time drives the buckets, so `Retry-After` means real seconds.

use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Users, applications, domains, organization, subscriptions, policies...
    Directory,
    /// `/identity/conditionalAccess/*`: 1 request per second per tenant.
    ConditionalAccess,
    /// Reports and everything else the model does not cover.
    Unmetered,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Allowed {
        /// Resource units charged (`x-ms-resource-unit`).
        units: u32,
        /// `x-ms-throttle-limit-percentage`, only above 80 % of the budget.
        limit_percentage: Option<f64>,
    },
    Throttled {
        /// Seconds (fractional); `None` for conditional access.
        retry_after: Option<f64>,
        /// `x-ms-throttle-scope`, `x-ms-throttle-information`.
        scope: String,
        information: &'static str,
    },
}

struct Bucket {
    capacity: f64,
    tokens: f64,
    per_second: f64,
    last: Instant,
}

impl Bucket {
    fn new(capacity: f64, window: Duration) -> Self {
        Bucket {
            capacity,
            tokens: capacity,
            per_second: capacity / window.as_secs_f64(),
            last: Instant::now(),
        }
    }

    fn refill(&mut self, now: Instant) {
        let gained = now.saturating_duration_since(self.last).as_secs_f64() * self.per_second;
        self.tokens = (self.tokens + gained).min(self.capacity);
        self.last = now;
    }

    /// Seconds until `cost` tokens are available (0 when they are).
    fn wait_for(&self, cost: f64) -> f64 {
        if self.tokens >= cost {
            0.0
        } else {
            (cost - self.tokens) / self.per_second
        }
    }

    fn used_fraction(&self) -> f64 {
        1.0 - self.tokens / self.capacity
    }
}

struct AppBuckets {
    units: Bucket,
    writes: Bucket,
}

pub struct Throttle {
    enabled: bool,
    buckets: HashMap<String, AppBuckets>,
    last_conditional_access: Option<Instant>,
}

/// Resource units per 10 s for the application+tenant pair, by tenant size.
pub fn unit_budget(users: usize) -> f64 {
    match users {
        0..50 => 3_500.0,
        50..=500 => 5_000.0,
        _ => 8_000.0,
    }
}

pub const WRITE_BUDGET: f64 = 3_000.0;
pub const WRITE_WINDOW: Duration = Duration::from_secs(150);
pub const UNIT_WINDOW: Duration = Duration::from_secs(10);

impl Throttle {
    pub fn new(enabled: bool) -> Self {
        Throttle {
            enabled,
            buckets: HashMap::new(),
            last_conditional_access: None,
        }
    }

    /// Charges one request, or says how long to wait.
    pub fn check(
        &mut self,
        app_id: &str,
        tenant_id: &str,
        users: usize,
        service: Service,
        units: u32,
        write: bool,
    ) -> Verdict {
        let allowed = Verdict::Allowed {
            units,
            limit_percentage: None,
        };
        if !self.enabled {
            return allowed;
        }
        let now = Instant::now();
        match service {
            Service::Unmetered => allowed,
            Service::ConditionalAccess => {
                if self
                    .last_conditional_access
                    .is_some_and(|t| now.duration_since(t) < Duration::from_secs(1))
                {
                    return Verdict::Throttled {
                        retry_after: None,
                        scope: format!("Tenant/ReadWrite/{app_id}/{tenant_id}"),
                        information: "ResourceUnitLimitExceeded",
                    };
                }
                self.last_conditional_access = Some(now);
                allowed
            }
            Service::Directory => {
                let b = self
                    .buckets
                    .entry(app_id.to_string())
                    .or_insert_with(|| AppBuckets {
                        units: Bucket::new(unit_budget(users), UNIT_WINDOW),
                        writes: Bucket::new(WRITE_BUDGET, WRITE_WINDOW),
                    });
                b.units.refill(now);
                b.writes.refill(now);
                let unit_wait = b.units.wait_for(units as f64);
                let write_wait = if write { b.writes.wait_for(1.0) } else { 0.0 };
                if unit_wait > 0.0 || write_wait > 0.0 {
                    let (kind, information) = if write_wait > unit_wait {
                        ("Write", "WriteLimitExceeded")
                    } else {
                        ("ReadWrite", "ResourceUnitLimitExceeded")
                    };
                    return Verdict::Throttled {
                        retry_after: Some(unit_wait.max(write_wait)),
                        scope: format!("Tenant_Application/{kind}/{app_id}/{tenant_id}"),
                        information,
                    };
                }
                b.units.tokens -= units as f64;
                if write {
                    b.writes.tokens -= 1.0;
                }
                let used = b.units.used_fraction().max(b.writes.used_fraction());
                Verdict::Allowed {
                    units,
                    limit_percentage: (used >= 0.8).then_some(used),
                }
            }
        }
    }
}

/// `Retry-After` as Microsoft writes it: seconds, fractional when needed ("2.128").
pub fn retry_after_value(seconds: f64) -> String {
    let ms = (seconds * 1000.0).ceil().max(1.0) as u64;
    if ms.is_multiple_of(1000) {
        format!("{}", ms / 1000)
    } else {
        let text = format!("{}.{:03}", ms / 1000, ms % 1000);
        text.trim_end_matches('0').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_fractional_seconds() {
        assert_eq!(retry_after_value(2.1275), "2.128");
        assert_eq!(retry_after_value(3.0), "3");
        assert_eq!(retry_after_value(0.0001), "0.001");
        assert_eq!(retry_after_value(0.25), "0.25");
    }

    #[test]
    fn budget_follows_tenant_size() {
        assert_eq!(unit_budget(8), 3_500.0);
        assert_eq!(unit_budget(300), 5_000.0);
        assert_eq!(unit_budget(501), 8_000.0);
    }
}
