//! Shared by the CLI tests: a practice tenant in the test process, an access token from the
//! core's real sign-in to it, and the `closeout-cli` binary pointed at it.
#![allow(dead_code)]

use closeout_core::graph::TokenSource;
use closeout_sim::{Sim, SimOptions};
use std::path::Path;
use tokio::process::Command;

pub async fn start(options: SimOptions) -> Sim {
    Sim::start(SimOptions {
        auto_consent: true,
        ..options
    })
    .await
    .expect("practice tenant")
}

/// An access token for the practice tenant, for `CLOSEOUT_ACCESS_TOKEN`.
pub async fn token(sim: &Sim) -> String {
    let signed_in =
        closeout_cli::practice::sign_in(&sim.authority(), sim.client_id(), sim.base_url())
            .await
            .expect("practice sign-in");
    signed_in.access_token().await.unwrap().expose().to_string()
}

/// An Azure Resource Manager token for the practice tenant, for `CLOSEOUT_ARM_ACCESS_TOKEN`:
/// the core's incremental consent to the ARM audience (the practice sign-in consents by itself).
pub async fn arm_token(sim: &Sim) -> String {
    let signed_in =
        closeout_cli::practice::sign_in(&sim.authority(), sim.client_id(), sim.base_url())
            .await
            .expect("practice sign-in");
    signed_in.identify().await.unwrap();
    let config = closeout_core::auth::AuthConfig::for_authority(
        &sim.authority(),
        sim.client_id(),
        sim.base_url(),
    )
    .unwrap();
    let browser = |url: &str| {
        let url = url.to_string();
        tokio::spawn(async move { reqwest::get(&url).await.map(|_| ()) });
        Ok(())
    };
    let options = closeout_core::auth::BrowserOptions::default();
    let arm = closeout_core::auth::azure_session(&config, &signed_in, &options, browser)
        .await
        .expect("Azure consent");
    arm.access_token().await.unwrap().expose().to_string()
}

/// `closeout-cli` against `sim`, with its journal in `data_dir`.
pub fn cli(sim: &Sim, token: &str, data_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_closeout-cli"));
    command
        .args(["--graph", sim.base_url(), "--authority", &sim.authority()])
        .args(["--client-id", sim.client_id(), "--data-dir"])
        .arg(data_dir)
        .args(args)
        .env("CLOSEOUT_ACCESS_TOKEN", token)
        .env("CLOSEOUT_TENANT_ID", sim.tenant_id())
        .kill_on_drop(true);
    command
}

/// Runs the CLI to the end: (exit code, stdout).
pub async fn run(sim: &Sim, token: &str, data_dir: &Path, args: &[&str]) -> (i32, String) {
    let out = cli(sim, token, data_dir, args).output().await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!(
        "closeout-cli {args:?} -> {:?}\n{stdout}{stderr}",
        out.status.code()
    );
    (out.status.code().unwrap_or(-1), stdout)
}
