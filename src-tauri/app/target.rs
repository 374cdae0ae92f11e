//! Which organization the owner works on: the practice company or their real one. This is the
//! only place that knows the difference; everything after sign-in is the same code.

use crate::clock::PracticeClock;
use crate::paths::{last_organization_file, organizations_dir, practice_dir};
use crate::preferences::Preferences;
use crate::state::AppState;
use closeout_core::auth::{AuthConfig, SignIn, AUTHORITY_ENV, MICROSOFT_AUTHORITY};
use closeout_core::clock::Clock;
use closeout_core::closure::{Chunking, PortalLinks, SessionConfig};
use closeout_core::keychain::Keychain;
use closeout_core::{fsio, Error, ErrorCode, Result};
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    Practice,
    Organization,
}

pub fn remember_organization(data_dir: &Path, tenant_id: &str) -> Result<()> {
    fsio::private_dirs(data_dir, &organizations_dir(data_dir))
        .and_then(|()| {
            fsio::write_atomically(&last_organization_file(data_dir), tenant_id.as_bytes())
        })
        .map_err(|e| Error::io("remembering the organization", &e))
}

/// Forgets which organization was being closed (sign-out): the next launch resumes nothing.
pub fn forget_organization(data_dir: &Path) -> Result<()> {
    match std::fs::remove_file(last_organization_file(data_dir)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::io("forgetting the organization", &e))
        }
        _ => Ok(()),
    }
}

pub fn last_organization(data_dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(last_organization_file(data_dir)).ok()?;
    let tenant = text.trim();
    (!tenant.is_empty()).then(|| tenant.to_owned())
}

/// The sign-in service and the closure settings for `target`. Practice never touches the
/// keychain; the real organization keeps its refresh token there.
pub async fn prepare(
    target: Target,
    state: &AppState,
    data_dir: &Path,
) -> Result<(SignIn, SessionConfig)> {
    match target {
        Target::Practice => {
            let practice = state.practice.lock().await;
            let practice = practice.as_ref().ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidInput,
                    "the practice company is not running",
                )
            })?;
            let config = SessionConfig {
                data_dir: practice_dir(data_dir),
                own_app_id: practice.sim.client_id().to_owned(),
                portal: practice.portal_links(),
                chunking: Chunking::default(),
                authority: practice.sim.authority(),
                clock: practice.clock().session_clock(),
            };
            Ok((SignIn::new(practice.auth_config()?, None)?, config))
        }
        Target::Organization => {
            let own = Preferences::load(data_dir).registration;
            let auth = AuthConfig::from_env_with(own.as_ref())?;
            let config = SessionConfig {
                data_dir: organizations_dir(data_dir),
                own_app_id: auth.client_id.clone(),
                portal: PortalLinks::microsoft(),
                chunking: Chunking::default(),
                authority: std::env::var(AUTHORITY_ENV)
                    .unwrap_or_else(|_| MICROSOFT_AUTHORITY.to_owned()),
                // Real time, whatever a practice clock says (security review L7).
                clock: Clock::system(),
            };
            Ok((SignIn::new(auth, Some(Keychain::default()))?, config))
        }
    }
}

/// Makes "now" the clock of `target`, which sign-in has just opened: the practice company's
/// while practising, real time for the real organization (whatever a practice clock says).
pub async fn open_clock(target: Target, state: &AppState) {
    let practice: Option<PracticeClock> = match target {
        Target::Practice => state.practice.lock().await.as_ref().map(|p| p.clock()),
        Target::Organization => None,
    };
    match practice {
        Some(clock) => state.clock.use_practice(clock),
        None => state.clock.use_real_time(),
    }
}
