//! Injected latency and failures, drawn from the run's seed so a failing run replays exactly.

use crate::options::{Faults, Latency, SimOptions};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
    /// 429, 503 or 504 with `Retry-After`.
    Status(u16),
    /// Connection reset before any answer.
    Reset,
    /// No answer, ever.
    Hang,
    /// Half the body, then the connection closes.
    Truncate,
}

pub struct FaultDice {
    rng: StdRng,
    faults: Faults,
    item_faults: Vec<(u16, f64)>,
    latency: Latency,
}

impl FaultDice {
    pub fn new(opts: &SimOptions) -> Self {
        FaultDice {
            rng: StdRng::seed_from_u64(opts.seed ^ 0x5eed_fa17),
            faults: opts.faults,
            item_faults: opts.item_faults.clone(),
            latency: opts.latency,
        }
    }

    pub fn retry_after(&self) -> f64 {
        if self.faults.retry_after_secs > 0.0 {
            self.faults.retry_after_secs
        } else {
            1.0
        }
    }

    /// The fault for the next request, if any.
    pub fn fault(&mut self) -> Option<Fault> {
        if self.faults.is_none() {
            return None;
        }
        let f = self.faults;
        let roll: f64 = self.rng.gen();
        let table = [
            (f.throttle, Fault::Status(429)),
            (f.unavailable, Fault::Status(503)),
            (f.gateway_timeout, Fault::Status(504)),
            (f.reset, Fault::Reset),
            (f.hang, Fault::Hang),
            (f.truncate, Fault::Truncate),
        ];
        let mut edge = 0.0;
        for (rate, fault) in table {
            edge += rate;
            if roll < edge {
                return Some(fault);
            }
        }
        None
    }

    /// A status-only fault for one item inside a `$batch` (items cannot reset a connection):
    /// the request-level 429/503/504 rates, then the item-only statuses (403, 500...).
    pub fn item_fault(&mut self) -> Option<u16> {
        if let Some(Fault::Status(code)) = self.fault() {
            return Some(code);
        }
        if self.item_faults.is_empty() {
            return None;
        }
        let roll: f64 = self.rng.gen();
        let mut edge = 0.0;
        for &(status, rate) in &self.item_faults {
            edge += rate;
            if roll < edge {
                return Some(status);
            }
        }
        None
    }

    pub fn delay(&mut self) -> Duration {
        match self.latency {
            Latency::None => Duration::ZERO,
            Latency::Fixed(d) => d,
            Latency::Uniform(lo, hi) if hi > lo => {
                let nanos = self.rng.gen_range(lo.as_nanos()..=hi.as_nanos());
                Duration::from_nanos(nanos as u64)
            }
            Latency::Uniform(lo, _) => lo,
        }
    }

    /// An order for `n` batch responses (Microsoft does not keep request order).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        use rand::seq::SliceRandom;
        items.shuffle(&mut self.rng);
    }
}
