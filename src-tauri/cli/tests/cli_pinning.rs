//! A token given to the CLI for scripts pins nothing by itself: without the organization's id
//! beside it, the CLI refuses before reading or changing anything.

mod cli_common;

use cli_common::{cli, start, token};
use closeout_sim::SimOptions;

#[tokio::test(flavor = "multi_thread")]
async fn a_script_token_without_the_tenant_id_is_refused_before_any_request() {
    let sim = start(SimOptions::scenario("bakery")).await;
    let access = token(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let before = sim.stats().total_http_requests;
    let out = cli(&sim, &access, dir.path(), &["status"])
        .env_remove("CLOSEOUT_TENANT_ID")
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("CLOSEOUT_TENANT_ID"), "{stderr}");
    assert_eq!(
        sim.stats().total_http_requests,
        before,
        "nothing was asked of Graph"
    );
}
