//! Shared state behind every route, and the router that joins Graph, sign-in and portal.

use crate::clock::SimClock;
use crate::faults::FaultDice;
use crate::options::SimOptions;
use crate::state::World;
use crate::stats::Stats;
use crate::throttle::Throttle;
use axum::Router;
use std::sync::{Arc, Mutex, MutexGuard};

pub struct SimState {
    pub world: Mutex<World>,
    pub clock: SimClock,
    pub opts: SimOptions,
    pub stats: Mutex<Stats>,
    pub throttle: Mutex<Throttle>,
    pub dice: Mutex<FaultDice>,
    /// Faults aimed at paths ([`crate::options::TargetedFault`]), changeable while running.
    pub targeted: Mutex<Vec<crate::options::TargetedFault>>,
    pub base_url: String,
    /// The practice company's zones and their DNS server (the mail handover).
    pub dns: Arc<crate::dns::server::PracticeDns>,
}

pub type Shared = Arc<SimState>;

/// Locks a mutex, recovering the data if a panicking thread poisoned it.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SimState {
    /// The world, with lifecycle moved forward to "now".
    pub fn world(&self) -> MutexGuard<'_, World> {
        let mut w = lock(&self.world);
        w.tenant.tick(self.clock.now());
        w
    }

    pub fn stats(&self) -> MutexGuard<'_, Stats> {
        lock(&self.stats)
    }
}

pub fn router(state: Shared) -> Router {
    Router::new()
        .merge(crate::graph::routes())
        .merge(crate::auth::routes())
        .merge(crate::portal::routes())
        .merge(crate::arm::routes())
        .with_state(state)
}
