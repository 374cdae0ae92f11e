//! "Now" for the open target: the practice company's clock while the practice company is the
//! organization open in the app, real time as soon as the real organization is opened (and
//! while nothing is open). Dates written into a real closure (backup answers, the typed
//! override, reminders, the timeline, the report) therefore never come from a practice clock
//! the owner moved forward earlier.
//!
//! Commands and the reminders watcher read [`now`]; sign-in switches the source when it opens
//! an organization ([`crate::target::open_clock`]), starting a new practice resets it.

use crate::state::AppState;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::{OffsetDateTime, UtcOffset};

/// A practice company's clock: real time moved forward by the owner, shared by the practice
/// and the app's [`Clock`] while that practice is the open target.
#[derive(Debug, Clone, Default)]
pub struct PracticeClock(Arc<Mutex<Duration>>);

impl PracticeClock {
    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }

    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + *self.0.lock().unwrap()
    }

    /// This clock as a closure session's clock (moves made later count too).
    pub fn session_clock(&self) -> closeout_core::clock::Clock {
        let clock = self.clone();
        closeout_core::clock::Clock::from_fn(move || clock.now())
    }
}

/// Which clock "now" reads: real time, or the open practice company's.
#[derive(Debug, Default)]
pub struct Clock(Mutex<Option<PracticeClock>>);

impl Clock {
    /// The real organization is open, or nothing is: real time.
    pub fn use_real_time(&self) {
        *self.0.lock().unwrap() = None;
    }

    /// The practice company is the open target: its clock, moves included.
    pub fn use_practice(&self, clock: PracticeClock) {
        *self.0.lock().unwrap() = Some(clock);
    }

    pub fn now_utc(&self) -> OffsetDateTime {
        match self.0.lock().unwrap().as_ref() {
            Some(practice) => practice.now(),
            None => OffsetDateTime::now_utc(),
        }
    }
}

/// "Now" for dates, at the owner's offset from UTC (so whole days are theirs).
pub fn now(state: &AppState) -> OffsetDateTime {
    state
        .clock
        .now_utc()
        .to_offset(state.startup.local_offset.unwrap_or(UtcOffset::UTC))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: Duration = Duration::from_secs(24 * 3600);

    fn close_to_real_time(at: OffsetDateTime) -> bool {
        (at - OffsetDateTime::now_utc()).abs() < time::Duration::minutes(1)
    }

    #[test]
    fn the_practice_clock_counts_only_while_the_practice_is_open() {
        let clock = Clock::default();
        assert!(
            close_to_real_time(clock.now_utc()),
            "nothing open: real time"
        );

        let practice = PracticeClock::default();
        clock.use_practice(practice.clone());
        practice.advance(120 * DAY);
        let moved = clock.now_utc() - OffsetDateTime::now_utc();
        assert!(moved > time::Duration::days(119), "{moved}");

        clock.use_real_time();
        assert!(close_to_real_time(clock.now_utc()), "the real organization");
        practice.advance(DAY);
        assert!(
            close_to_real_time(clock.now_utc()),
            "later moves do not leak"
        );
    }
}
