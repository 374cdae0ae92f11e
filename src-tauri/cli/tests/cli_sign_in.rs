//! `closeout-cli sign-in --device-code` against the practice tenant: the code is printed, a
//! person enters it on the practice sign-in page and approves, the CLI says who signed in to
//! which organization, and remembers the tenant for the next commands.

mod cli_common;

use cli_common::{cli, start};
use closeout_sim::SimOptions;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};

#[tokio::test(flavor = "multi_thread")]
async fn device_code_sign_in_names_the_admin_and_remembers_the_tenant() {
    let sim = start(SimOptions {
        device_code_interval: 1,
        ..SimOptions::scenario("bakery")
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    // The usual umask (0644 files, 0755 folders by default), so the modes below mean something.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: only swaps this process's file-creation mask, which the CLI child inherits.
        unsafe { libc::umask(0o022) };
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut child = cli(&sim, "", dir.path(), &["sign-in", "--device-code"])
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
    let typed = http
        .post(&page)
        .form(&[("code", code.as_str())])
        .send()
        .await
        .unwrap();
    assert!(typed.status().is_success());
    let approved = http
        .post(&page)
        .form(&[("code", code.as_str()), ("decision", "approve")])
        .send()
        .await
        .unwrap();
    assert!(approved.status().is_success());

    let out = child.wait_with_output().await.unwrap();
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
}
