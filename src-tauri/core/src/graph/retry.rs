//! When and how long to wait before trying a Graph request again.
//!
//! Microsoft's guidance ("Microsoft Graph throttling guidance",
//! <https://learn.microsoft.com/graph/throttling>): on 429/503/504 wait exactly `Retry-After` seconds
//! (which may be fractional, e.g. `2.128`); when it is absent, back off exponentially. We add
//! full jitter so that many parallel callers do not retry in lock-step, and bound both the
//! number of attempts and each wait so a run never hangs forever.

use rand::Rng;
use reqwest::header::{HeaderMap, RETRY_AFTER};
use std::time::Duration;

/// How many times a request is tried and how long the waits between tries may be.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Total tries of one request, the first one included (at least 1).
    pub max_attempts: u32,
    /// The first backoff when Microsoft gives no `Retry-After`; it doubles each time.
    pub base_delay: Duration,
    /// No single wait is longer than this, whatever `Retry-After` says.
    pub max_delay: Duration,
    /// How long one HTTP exchange may take before it counts as a timeout.
    pub request_timeout: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 6,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(120),
            request_timeout: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// The wait before try number `attempt + 1` (`attempt` counts from 1): `Retry-After` if
    /// Microsoft sent one, else `base * 2^(attempt-1)` with full jitter; never above `max_delay`.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_delay);
        }
        let exp = self
            .base_delay
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let cap = exp.min(self.max_delay);
        // Full jitter, but never below half the step so pacing stays meaningful.
        let low = cap / 2;
        let span = cap.saturating_sub(low).as_micros() as u64;
        low + Duration::from_micros(rand::thread_rng().gen_range(0..=span))
    }
}

/// Reads `Retry-After` as seconds, accepting fractions ("0.249") as Graph sends them.
/// HTTP dates are not used by Graph; anything unreadable counts as absent.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_seconds(text)
}

/// Parses a non-negative, finite number of seconds.
pub fn parse_seconds(text: &str) -> Option<Duration> {
    let secs: f64 = text.trim().parse().ok()?;
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(86_400.0)))
}

/// Statuses worth trying again after a wait.
pub fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 503 | 504)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractional_and_bad_retry_after() {
        assert_eq!(parse_seconds("2.128"), Some(Duration::from_millis(2128)));
        assert_eq!(parse_seconds(" 0.249 "), Some(Duration::from_millis(249)));
        assert_eq!(parse_seconds("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_seconds("-1"), None);
        assert_eq!(parse_seconds("NaN"), None);
        assert_eq!(parse_seconds("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy {
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(1000),
            ..RetryPolicy::default()
        };
        for _ in 0..50 {
            let first = policy.delay(1, None);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let third = policy.delay(3, None);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            assert!(policy.delay(30, None) <= Duration::from_millis(1000));
        }
        let told = Some(Duration::from_millis(1500));
        assert_eq!(policy.delay(1, told), Duration::from_millis(1000));
    }
}
