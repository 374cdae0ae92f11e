//! Shared by the closure tests: a practice tenant, a real sign-in to it (the core's browser
//! flow, with an HTTP request as the browser), and an open closure session.
#![allow(dead_code)]

pub mod portal;

use closeout_core::auth::{self, AuthConfig, BrowserOptions, SignIn};
use closeout_core::azure::ArmClient;
use closeout_core::backup::Checklist;
use closeout_core::clock::Clock;
use closeout_core::closure::{
    Applied, CancelToken, Chunking, Finding, PortalLinks, Session, SessionConfig, StepId,
    StepOptions,
};
use closeout_core::graph::GraphClient;
use closeout_sim::{Sim, SimOptions};
use std::path::Path;

pub struct Practice {
    pub sim: Sim,
    pub dir: tempfile::TempDir,
}

pub async fn start(scenario: &str) -> Practice {
    start_with(SimOptions {
        auto_consent: true,
        ..SimOptions::scenario(scenario)
    })
    .await
}

pub async fn start_with(options: SimOptions) -> Practice {
    Practice {
        sim: Sim::start(options).await.expect("practice tenant"),
        dir: tempfile::tempdir().unwrap(),
    }
}

/// Signs in to `sim` through the core's browser flow; the practice tenant consents by
/// itself, so following its redirects with a plain HTTP request is the browser.
pub async fn signed_in(sim: &Sim) -> auth::Session {
    SignIn::new(sign_in_config(sim), None)
        .unwrap()
        .browser(&BrowserOptions::default(), browser)
        .await
        .expect("practice sign-in")
}

pub fn sign_in_config(sim: &Sim) -> AuthConfig {
    AuthConfig::for_authority(&sim.authority(), sim.client_id(), sim.base_url()).unwrap()
}

/// The practice "browser": a plain request; the practice sign-in consents by itself.
pub fn browser(url: &str) -> closeout_core::Result<()> {
    let url = url.to_string();
    tokio::spawn(async move { reqwest::get(&url).await.map(|_| ()) });
    Ok(())
}

/// The ARM client after the owner's consent to the Azure audience (a fresh, pinned sign-in).
pub async fn arm_client(sim: &Sim, graph: &auth::Session) -> ArmClient {
    let arm = auth::azure_session(
        &sign_in_config(sim),
        graph,
        &BrowserOptions::default(),
        browser,
    )
    .await
    .expect("Azure consent");
    ArmClient::new(&sim.arm_url(), std::sync::Arc::new(arm)).unwrap()
}

/// The owner's "Check for Azure subscriptions", saying yes to the elevation.
pub async fn check_azure(sim: &Sim, session: &mut Session) -> Vec<Finding> {
    let graph = signed_in(sim).await;
    graph.identify().await.unwrap();
    let arm = arm_client(sim, &graph).await;
    session.check_azure(&arm, true).await.expect("Azure check")
}

/// Signs in to `sim` and returns the session's Graph client.
pub async fn sign_in(sim: &Sim) -> GraphClient {
    signed_in(sim).await.graph().unwrap()
}

pub fn config(sim: &Sim, dir: &Path) -> SessionConfig {
    SessionConfig {
        data_dir: dir.to_path_buf(),
        own_app_id: sim.client_id().to_string(),
        portal: PortalLinks::practice(&sim.portal_url()),
        chunking: Chunking::default(),
        authority: sim.authority(),
        clock: Clock::system(),
    }
}

impl Practice {
    pub async fn session(&self) -> Session {
        let client = sign_in(&self.sim).await;
        Session::open(
            client,
            config(&self.sim, self.dir.path()),
            Some(self.sim.tenant_id()),
        )
        .await
        .expect("session")
    }
}

/// The owner says the backups are done (typed override of the checklist's lock).
pub fn settle_backup(session: &mut Session) {
    let mut checklist = Checklist::default();
    let org = session.org_name().to_string();
    checklist
        .override_lock(&org, &org, "owner", time::OffsetDateTime::now_utc())
        .unwrap();
    session.set_backup(checklist).unwrap();
}

/// Applies `step` with the organization's name typed, as the owner would.
pub async fn apply_confirmed(session: &mut Session, step: StepId, options: StepOptions) -> Applied {
    let org = session.org_name().to_string();
    session
        .apply(step, &options, Some(&org), |_| {}, &CancelToken::default())
        .await
        .unwrap_or_else(|e| panic!("{step}: {e}"))
}
