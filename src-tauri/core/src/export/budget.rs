//! Outlook's request budget per mailbox: Microsoft documents 10,000 requests per 10 minutes
//! for each app and mailbox (the 4-at-a-time limit is the mailbox's own workers, in the
//! engine). A token bucket per mailbox, full at the start, refilled at 10,000 / 600 s: a
//! small mailbox never waits, and a big one is paced instead of answered 429.
//!
//! A mailbox's listing counts too: its requests are spent from the bucket before its first
//! message is fetched.
//!
//! How long a request must wait is a pure function of the bucket and the clock ([`Bucket`]),
//! apart from the waiting, so it is tested without a clock.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// One mailbox's tokens, and when they were counted.
#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Bucket {
    /// Refills the bucket up to `now`, then takes one token: `None` if one was there, or how
    /// long until one will be (nothing is taken then).
    fn take(&mut self, now: Instant, per_second: f64, capacity: f64) -> Option<Duration> {
        self.refill(now, per_second, capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return None;
        }
        Some(Duration::from_secs_f64((1.0 - self.tokens) / per_second))
    }

    /// Counts `n` requests already sent: the bucket may go into debt, which the next request
    /// waits off.
    fn spend(&mut self, now: Instant, per_second: f64, capacity: f64, n: u64) {
        self.refill(now, per_second, capacity);
        self.tokens -= n as f64;
    }

    fn refill(&mut self, now: Instant, per_second: f64, capacity: f64) {
        let refill = now.saturating_duration_since(self.at).as_secs_f64() * per_second;
        self.tokens = (self.tokens + refill).min(capacity);
        self.at = now;
    }
}

pub(super) struct MailBudget {
    per_second: f64,
    capacity: f64,
    buckets: tokio::sync::Mutex<HashMap<String, Bucket>>,
}

impl MailBudget {
    pub(super) fn new(per_10_min: u32) -> Self {
        MailBudget {
            per_second: per_10_min.max(1) as f64 / 600.0,
            capacity: per_10_min.max(1) as f64,
            buckets: Default::default(),
        }
    }

    /// Waits until `mailbox` may be sent one more request, and counts it.
    pub(super) async fn admit(&self, mailbox: &str) {
        loop {
            let wait = {
                let mut buckets = self.buckets.lock().await;
                let now = Instant::now();
                let bucket = self.bucket(&mut buckets, mailbox, now);
                match bucket.take(now, self.per_second, self.capacity) {
                    None => return,
                    Some(wait) => wait,
                }
            };
            tokio::time::sleep(wait).await;
        }
    }

    /// Counts the `n` requests `mailbox`'s listing sent (Outlook counts them too), before its
    /// first message is fetched.
    pub(super) async fn spent(&self, mailbox: &str, n: u64) {
        let mut buckets = self.buckets.lock().await;
        let now = Instant::now();
        let bucket = self.bucket(&mut buckets, mailbox, now);
        bucket.spend(now, self.per_second, self.capacity, n);
    }

    /// `mailbox`'s bucket, full the first time it is asked for.
    fn bucket<'a>(
        &self,
        buckets: &'a mut HashMap<String, Bucket>,
        mailbox: &str,
        now: Instant,
    ) -> &'a mut Bucket {
        let full = Bucket {
            tokens: self.capacity,
            at: now,
        };
        buckets.entry(mailbox.to_string()).or_insert(full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Outlook's 10,000 per 10 minutes: a full bucket lets 10,000 requests go at once; the
    /// next one waits the 60 ms one token takes at that pace, and a minute later 1,000 more
    /// may go, never more than the bucket holds.
    #[test]
    fn a_mailbox_gets_ten_thousand_requests_per_ten_minutes() {
        let (rate, capacity) = (10_000.0 / 600.0, 10_000.0);
        let start = Instant::now();
        let mut bucket = Bucket {
            tokens: capacity,
            at: start,
        };
        for n in 0..10_000 {
            assert_eq!(bucket.take(start, rate, capacity), None, "request {n}");
        }
        let wait = bucket
            .take(start, rate, capacity)
            .expect("the bucket is empty");
        assert!((wait.as_secs_f64() - 0.06).abs() < 1e-9, "{wait:?}");

        let later = start + Duration::from_secs(60);
        let admitted = (0..2_000)
            .take_while(|_| bucket.take(later, rate, capacity).is_none())
            .count();
        assert_eq!(admitted, 1_000, "a minute refills a tenth of the budget");

        let much_later = later + Duration::from_secs(3_600);
        let admitted = (0..20_000)
            .take_while(|_| bucket.take(much_later, rate, capacity).is_none())
            .count();
        assert_eq!(
            admitted, 10_000,
            "an hour's rest refills no more than the bucket holds"
        );
    }

    /// A listing's requests count against the same budget: 10,050 of them leave the bucket 50
    /// in debt, so the next request waits for 51 tokens (3.06 s at Outlook's pace).
    #[test]
    fn a_listings_requests_count_against_the_mailboxs_budget() {
        let (rate, capacity) = (10_000.0 / 600.0, 10_000.0);
        let start = Instant::now();
        let mut bucket = Bucket {
            tokens: capacity,
            at: start,
        };
        bucket.spend(start, rate, capacity, 10_050);
        let wait = bucket.take(start, rate, capacity).expect("in debt");
        assert!((wait.as_secs_f64() - 51.0 * 0.06).abs() < 1e-9, "{wait:?}");
        let paid = start + Duration::from_secs_f64(51.0 * 0.06);
        assert_eq!(bucket.take(paid, rate, capacity), None);
    }
}
