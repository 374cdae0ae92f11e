//! Practice mode: the practice tenant started in this process, and the real browser sign-in
//! of the core pointed at it, with the "browser" being a plain HTTP request (the practice
//! sign-in consents at once when `auto_consent` is on, and redirects to our loopback).

use closeout_core::auth::{AuthConfig, BrowserOptions, Session as SignedIn, SignIn};
use closeout_core::clock::Clock;
use closeout_core::closure::{Chunking, PortalLinks, Session, SessionConfig};
use closeout_core::{Error, ErrorCode, Result};
use closeout_sim::{Sim, SimOptions};
use std::path::PathBuf;

/// Starts the practice tenant for `scenario`, consenting to sign-ins automatically.
pub async fn start(scenario: &str) -> Result<Sim> {
    let options = SimOptions {
        auto_consent: true,
        ..SimOptions::scenario(scenario)
    };
    Sim::start(options)
        .await
        .map_err(|e| Error::new(ErrorCode::Config, format!("practice tenant: {e}")))
}

/// A closure session on the practice tenant: its app, its portal pages, its authority.
pub fn session_config(sim: &Sim, data_dir: PathBuf, chunking: Chunking) -> SessionConfig {
    SessionConfig {
        data_dir,
        own_app_id: sim.client_id().to_string(),
        portal: PortalLinks::practice(&sim.portal_url()),
        chunking,
        authority: sim.authority(),
        clock: Clock::system(),
    }
}

/// Signs in to the practice tenant at `authority`/`graph` without a browser.
pub async fn sign_in(authority: &str, client_id: &str, graph: &str) -> Result<SignedIn> {
    let config = AuthConfig::for_authority(authority, client_id, graph)?;
    let sign_in = SignIn::new(config, None)?;
    sign_in.browser(&BrowserOptions::default(), browser).await
}

/// The practice "browser": one HTTP request to the sign-in page, which consents at once.
fn browser(url: &str) -> Result<()> {
    let url = url.to_string();
    tokio::spawn(async move {
        if let Err(e) = reqwest::get(&url).await {
            tracing::warn!("practice sign-in request failed: {e}");
        }
    });
    Ok(())
}

/// The Azure check of a practice run: the practice sign-in consents to the Azure Resource
/// Manager audience as it does to Graph, and the owner's yes to elevated access is assumed,
/// so `--practice NAME checks` shows the Azure findings without a prompt.
pub async fn check_azure(sim: &Sim, signed_in: &SignedIn, session: &mut Session) -> Result<()> {
    signed_in.identify().await?;
    let config = AuthConfig::for_authority(&sim.authority(), sim.client_id(), sim.base_url())?;
    let arm =
        closeout_core::auth::azure_session(&config, signed_in, &BrowserOptions::default(), browser)
            .await?;
    let client = closeout_core::azure::ArmClient::new(&sim.arm_url(), std::sync::Arc::new(arm))?;
    session.check_azure(&client, true).await?;
    Ok(())
}
