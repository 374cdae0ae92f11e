//! The practice company: the practice tenant (`closeout-sim`) started inside the app, so the
//! owner can rehearse the whole closure against something that behaves like Microsoft.
//!
//! Sign-in, Graph and the "admin center" pages all come from it on 127.0.0.1; the only thing
//! the app adds is a way to move its clock forward, standing in for the days Microsoft takes
//! (a [`PracticeClock`] that "now" follows only while this practice is the open target).

use crate::clock::PracticeClock;
use closeout_core::auth::AuthConfig;
use closeout_core::closure::PortalLinks;
use closeout_core::{Error, ErrorCode, Result};
use closeout_sim::{Sim, SimOptions};
use serde::Serialize;
use std::time::Duration;
use time::OffsetDateTime;

/// A running practice tenant.
pub struct Practice {
    pub scenario: String,
    pub sim: Sim,
    /// Its clock: the real now plus how far the owner moved it forward.
    clock: PracticeClock,
}

/// What the UI shows about the practice company.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PracticeInfo {
    pub scenario: String,
    /// The practice organization's name and who signs in to it, for the sign-in page.
    pub organization: String,
    pub admin_name: String,
    pub admin_upn: String,
    pub portal_url: String,
    /// The practice clock, for dates such as "come back on ...".
    #[serde(with = "time::serde::rfc3339")]
    pub now: OffsetDateTime,
}

impl Practice {
    pub async fn start(scenario: &str) -> Result<Practice> {
        let sim = Sim::start(SimOptions::scenario(scenario))
            .await
            .map_err(|e| {
                Error::new(
                    ErrorCode::InvalidInput,
                    "the practice company could not start",
                )
                .with_details(serde_json::json!({ "scenario": scenario, "reason": e }))
            })?;
        Ok(Practice {
            scenario: scenario.to_owned(),
            sim,
            clock: PracticeClock::default(),
        })
    }

    /// `http://127.0.0.1:PORT`: the only local origin the opener allows.
    pub fn origin(&self) -> String {
        self.sim.base_url().to_owned()
    }

    pub fn auth_config(&self) -> Result<AuthConfig> {
        AuthConfig::for_authority(
            &self.sim.authority(),
            self.sim.client_id(),
            self.sim.base_url(),
        )
    }

    pub fn portal_links(&self) -> PortalLinks {
        PortalLinks::practice(&self.sim.portal_url())
    }

    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// Its clock, for the app's "now" while this practice is the open target.
    pub fn clock(&self) -> PracticeClock {
        self.clock.clone()
    }

    pub fn advance(&mut self, by: Duration) {
        self.sim.advance_clock(by);
        self.clock.advance(by);
    }

    pub fn info(&self) -> PracticeInfo {
        PracticeInfo {
            scenario: self.scenario.clone(),
            organization: self.sim.organization_name(),
            admin_name: self.sim.signed_in_name(),
            admin_upn: self.sim.admin_upn().to_owned(),
            portal_url: self.sim.portal_url(),
            now: self.now(),
        }
    }
}
