//! `closeout-cli sign-in --device-code` against the practice tenant: the code is printed, a
//! person enters it on the practice sign-in page and approves, the CLI says who signed in to
//! which organization, and remembers the tenant for the next commands, until `sign-out`
//! forgets it; someone who is not a Global Administrator is not remembered at all.

mod cli_common;

use cli_common::{cli, start};
use closeout_core::keychain::Keychain;
use closeout_sim::{Sim, SimOptions};
use std::path::Path;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};

/// Runs `sign-in --device-code` and approves the printed code on the practice sign-in page.
async fn sign_in_by_device_code(sim: &Sim, dir: &Path) -> std::process::Output {
    let mut child = cli(sim, "", dir, &["sign-in", "--device-code"])
        .env_remove("CLOSEOUT_ACCESS_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let code = loop {
        let line = lines
            .next_line()
            .await
            .unwrap()
            .expect("the CLI printed a code");
        if let Some((_, code)) = line.split_once("enter the code ") {
            break code.trim().to_string();
        }
    };
    let page = format!("{}/devicelogin", sim.base_url());
    let http = reqwest::Client::new();
    for form in [
        vec![("code", code.as_str())],
        vec![("code", code.as_str()), ("decision", "approve")],
    ] {
        let answer = http.post(&page).form(&form).send().await.unwrap();
        assert!(answer.status().is_success());
    }
    child.wait_with_output().await.unwrap()
}

async fn sim(scenario: &str) -> Sim {
    start(SimOptions {
        device_code_interval: 1,
        ..SimOptions::scenario(scenario)
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn device_code_sign_in_names_the_admin_and_remembers_the_tenant_until_sign_out() {
    let sim = sim("bakery").await;
    let dir = tempfile::tempdir().unwrap();
    // The usual umask (0644 files, 0755 folders by default), so the modes below mean something.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: only swaps this process's file-creation mask, which the CLI child inherits.
        unsafe { libc::umask(0o022) };
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let out = sign_in_by_device_code(&sim, dir.path()).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains(&format!("Signed in as {}", sim.admin_upn())),
        "{stdout}"
    );
    assert!(stdout.contains(sim.tenant_id()), "{stdout}");
    let remembered = std::fs::read_to_string(dir.path().join("signed-in-tenant")).unwrap();
    assert_eq!(remembered, sim.tenant_id());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(dir.path()), 0o700, "--data-dir is tightened");
        assert_eq!(mode(&dir.path().join("signed-in-tenant")), 0o600);
    }
    let keychain = Keychain::default();
    assert!(keychain.load(sim.tenant_id()).unwrap().is_some(), "saved");

    // `sign-out` forgets the keychain entries and the remembered tenant (read from the file,
    // as after a real `sign-in`, not from CLOSEOUT_TENANT_ID).
    let (code, stdout, stderr) = run_signed_in(&sim, dir.path(), "sign-out").await;
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("Signed out"), "{stdout}");
    assert!(keychain.load(sim.tenant_id()).unwrap().is_none());
    assert!(!dir.path().join("signed-in-tenant").exists());
    let (code, _, stderr) = run_signed_in(&sim, dir.path(), "status").await;
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("not signed in"), "{stderr}");
    let (code, stdout, _) = run_signed_in(&sim, dir.path(), "sign-out").await;
    assert_eq!((code, stdout.trim()), (0, "Nobody was signed in"));
}

/// Runs one command the way a person does after `sign-in`: no script token, no tenant in the
/// environment. Returns (exit code, stdout, stderr).
async fn run_signed_in(sim: &Sim, dir: &Path, command: &str) -> (i32, String, String) {
    let out = cli(sim, "", dir, &[command])
        .env_remove("CLOSEOUT_ACCESS_TOKEN")
        .env_remove("CLOSEOUT_TENANT_ID")
        .output()
        .await
        .unwrap();
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(&out.stdout),
        text(&out.stderr),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_non_admin_sign_in_is_not_remembered() {
    let sim = sim("not-admin").await;
    let dir = tempfile::tempdir().unwrap();
    let out = sign_in_by_device_code(&sim, dir.path()).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(4), "{stdout}");
    assert!(stdout.contains("not a Global Administrator"), "{stdout}");
    assert!(!dir.path().join("signed-in-tenant").exists());
    assert!(
        Keychain::default().load(sim.tenant_id()).unwrap().is_none(),
        "a non-admin's refresh token is not left in the keychain"
    );
}
