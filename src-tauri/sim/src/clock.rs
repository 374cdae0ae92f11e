//! The practice tenant's clock: real time times a speed factor, plus manual jumps.
//!
//! Subscription lifecycles last weeks at Microsoft; the speed factor and `advance` let a
//! practice closure take minutes and a test take seconds.

use std::sync::Mutex;
use std::time::{Duration, Instant};
use time::OffsetDateTime;

pub struct SimClock {
    started_real: Instant,
    started_sim: OffsetDateTime,
    speed: f64,
    jumped: Mutex<Duration>,
}

impl SimClock {
    pub fn new(speed: f64) -> Self {
        let now = OffsetDateTime::now_utc()
            .replace_nanosecond(0)
            .unwrap_or_else(|_| OffsetDateTime::now_utc());
        SimClock {
            started_real: Instant::now(),
            started_sim: now,
            speed: if speed > 0.0 { speed } else { 1.0 },
            jumped: Mutex::new(Duration::ZERO),
        }
    }

    /// The simulated "now".
    pub fn now(&self) -> OffsetDateTime {
        let elapsed = self.started_real.elapsed().mul_f64(self.speed);
        let jumped = *self.jumped.lock().unwrap_or_else(|e| e.into_inner());
        self.started_sim + elapsed + jumped
    }

    /// The clock tokens expire by: real time plus manual jumps, without the speed factor,
    /// so `expires_in` means real seconds to clients while `advance` still ages tokens.
    pub fn token_now(&self) -> OffsetDateTime {
        let jumped = *self.jumped.lock().unwrap_or_else(|e| e.into_inner());
        self.started_sim + self.started_real.elapsed() + jumped
    }

    /// Moves simulated time forward.
    pub fn advance(&self, by: Duration) {
        *self.jumped.lock().unwrap_or_else(|e| e.into_inner()) += by;
    }
}

/// Microsoft's ISO 8601 form: `2024-05-01T10:00:00Z`.
pub fn iso(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// `YYYY-MM-DD`, as in report CSVs.
pub fn date(t: OffsetDateTime) -> String {
    iso(t)[..10].to_string()
}
