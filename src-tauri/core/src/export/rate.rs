//! Speed and time left for progress people can read: items and bytes per second over the
//! last few seconds (so a slow mailbox after fast files shows up soon), and the time left as
//! the longer of the two estimates (mail is bound by requests, files by bytes). Pure
//! arithmetic on the caller's clock, so it is tested without waiting.

use std::collections::VecDeque;

/// Seconds of history the rates are measured over.
pub const WINDOW_SECS: f64 = 20.0;
/// Less history than this gives no estimate (the first moments say nothing yet).
const MIN_SPAN_SECS: f64 = 2.0;

#[derive(Debug, Default)]
pub struct Rate {
    /// (seconds since the start, items done, bytes done), oldest first.
    samples: VecDeque<(f64, u64, u64)>,
}

impl Rate {
    /// Notes the totals done at `at` seconds.
    pub fn record(&mut self, at: f64, items: u64, bytes: u64) {
        self.samples.push_back((at, items, bytes));
        // Keep one sample older than the window, so the span covers all of it.
        while self.samples.len() > 2 && at - self.samples[1].0 >= WINDOW_SECS {
            self.samples.pop_front();
        }
    }

    fn span(&self) -> Option<(f64, u64, u64)> {
        let (first, last) = (self.samples.front()?, self.samples.back()?);
        let secs = last.0 - first.0;
        (secs >= MIN_SPAN_SECS).then(|| {
            (
                secs,
                last.1.saturating_sub(first.1),
                last.2.saturating_sub(first.2),
            )
        })
    }

    pub fn bytes_per_second(&self) -> Option<u64> {
        self.span().map(|(s, _, b)| (b as f64 / s) as u64)
    }

    pub fn items_per_second(&self) -> Option<f64> {
        self.span().map(|(s, i, _)| i as f64 / s)
    }

    /// Seconds until `items_left` and `bytes_left` are done at the recent pace; `None`
    /// while there is no pace to go by.
    pub fn seconds_left(&self, items_left: u64, bytes_left: u64) -> Option<u64> {
        if items_left == 0 && bytes_left == 0 {
            return Some(0);
        }
        let (secs, items, bytes) = self.span()?;
        let by_items = (items > 0).then(|| items_left as f64 * secs / items as f64);
        let by_bytes =
            (bytes > 0 && bytes_left > 0).then(|| bytes_left as f64 * secs / bytes as f64);
        match (by_items, by_bytes) {
            (None, None) => None,
            (a, b) => Some(a.unwrap_or(0.0).max(b.unwrap_or(0.0)).ceil() as u64),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_estimate_before_two_seconds_of_history() {
        let mut r = Rate::default();
        r.record(0.0, 0, 0);
        r.record(1.0, 10, 1000);
        assert_eq!(r.bytes_per_second(), None);
        assert_eq!(r.seconds_left(10, 1000), None);
        assert_eq!(r.seconds_left(0, 0), Some(0));
    }

    #[test]
    fn time_left_is_the_longer_of_the_items_and_bytes_estimates() {
        let mut r = Rate::default();
        r.record(0.0, 0, 0);
        r.record(10.0, 100, 50_000_000);
        assert_eq!(r.bytes_per_second(), Some(5_000_000));
        assert_eq!(r.items_per_second(), Some(10.0));
        // 500 items at 10/s = 50 s; 100 MB at 5 MB/s = 20 s: mail bounds it.
        assert_eq!(r.seconds_left(500, 100_000_000), Some(50));
        // 10 items = 1 s; 1 GB at 5 MB/s = 200 s: files bound it.
        assert_eq!(r.seconds_left(10, 1_000_000_000), Some(200));
    }

    #[test]
    fn the_pace_follows_the_last_twenty_seconds() {
        let mut r = Rate::default();
        // Fast at first (100 items/s for 60 s), then slow (1 item/s).
        for t in 0..=60 {
            r.record(t as f64, t * 100, 0);
        }
        for t in 61..=100 {
            r.record(t as f64, 6000 + (t - 60), 0);
        }
        let pace = r.items_per_second().unwrap();
        assert!((0.9..1.2).contains(&pace), "{pace}");
        assert_eq!(r.seconds_left(30, 0), Some(30));
    }
}
