//! "Now" for a closure: the system's clock, or the one the face hands the session (the app's
//! practice company moves its clock forward so the owner can see Microsoft's waits pass).
//!
//! A closure session takes every date it writes (journal outcomes, subscription dates, the
//! organization's deletion) from its [`Clock`], never from `OffsetDateTime::now_utc()`, so the
//! clock belongs to the open organization: a real organization's session is given the system
//! clock and cannot see a practice clock the owner moved earlier.

use std::fmt;
use std::sync::Arc;
use time::OffsetDateTime;

/// Where "now" comes from. Cheap to clone (shared).
#[derive(Clone, Default)]
pub struct Clock(Option<Arc<dyn Fn() -> OffsetDateTime + Send + Sync>>);

impl Clock {
    /// The system's clock (real time, UTC).
    pub fn system() -> Clock {
        Clock(None)
    }

    /// A clock that asks `now` (the practice company's clock, a test's fixed time).
    pub fn from_fn(now: impl Fn() -> OffsetDateTime + Send + Sync + 'static) -> Clock {
        Clock(Some(Arc::new(now)))
    }

    pub fn now(&self) -> OffsetDateTime {
        match &self.0 {
            Some(now) => now(),
            None => OffsetDateTime::now_utc(),
        }
    }

    /// Whether this is the system's clock (and not one handed in).
    pub fn is_system(&self) -> bool {
        self.0.is_none()
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.is_system() {
            "Clock::system"
        } else {
            "Clock::from_fn"
        })
    }
}
