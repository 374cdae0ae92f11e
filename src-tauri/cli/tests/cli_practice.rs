//! The whole practice closure of the bakery through the `closeout-cli` binary: every command
//! a person or a script would run, the portal-only steps on the practice portal pages, the
//! clock advanced, the exit codes at each point, and the report at the end.

mod cli_common;

#[path = "../../core/tests/closure_common/portal.rs"]
mod portal;

use cli_common::{arm_token, run, start, token};
use closeout_core::journal::JournalStore;
use closeout_sim::SimOptions;
use std::time::Duration;

const DONE: i32 = 0;
const ERROR: i32 = 1;
const TO_DO: i32 = 2;
const WAITING: i32 = 3;

#[tokio::test(flavor = "multi_thread")]
async fn the_bakery_closes_completely_through_the_cli() {
    let sim = start(SimOptions::scenario("bakery")).await;
    let mut access = token(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let org = "Crumb & Co. Bakery";
    let cli = |token: &String, args: Vec<&'static str>| {
        let (sim, token, dir) = (&sim, token.clone(), dir.path().to_path_buf());
        async move { run(sim, &token, &dir, &args).await }
    };

    let (code, out) = cli(&access, vec!["status"]).await;
    assert_eq!(code, TO_DO, "{out}");
    assert_eq!(
        cli(&access, vec!["run", "users"]).await.0,
        ERROR,
        "no confirmation, no deletion"
    );
    assert_eq!(
        cli(&access, vec!["run", "users", "--confirm", "Crumb"])
            .await
            .0,
        ERROR
    );
    assert_eq!(
        cli(&access, vec!["backup-done", "--confirm", org]).await.0,
        DONE
    );
    assert_eq!(
        cli(&access, vec!["run", "users", "--confirm", org]).await.0,
        DONE
    );
    // The Orders list: Microsoft 365 groups are Closeout's, a distribution list is Exchange's.
    let (code, out) = cli(&access, vec!["run", "domains", "--confirm", org]).await;
    assert_eq!(code, TO_DO, "{out}");
    assert!(out.contains("Orders (orders@crumbandco.com)"), "{out}");
    portal::remove_exchange_groups(&sim).await;
    let (code, out) = cli(&access, vec!["run", "domains", "--confirm", org]).await;
    assert_eq!(code, DONE, "{out}");
    assert!(
        out.contains("maria@crumbandco.onmicrosoft.com") || out.contains("onmicrosoft.com"),
        "{out}"
    );

    let (code, out) = cli(&access, vec!["plan", "cancel_subscriptions"]).await;
    assert_eq!(code, DONE);
    assert!(
        out.contains(&format!("{}/admin/products", sim.portal_url())),
        "{out}"
    );
    // The hand-off's warnings, in the app's English words: which account, and never by an
    // unpaid bill.
    assert!(
        out.contains("Caution: Sign in with maria@crumbandco.onmicrosoft.com, the Global Administrator account you use in Closeout"),
        "{out}"
    );
    assert!(
        out.contains("Caution: Never \"cancel\" by removing your card or letting a payment fail."),
        "{out}"
    );
    assert_eq!(
        cli(&access, vec!["run", "cancel_subscriptions"]).await.0,
        TO_DO
    );
    portal::cancel_all(&sim).await;
    assert_eq!(
        cli(&access, vec!["run", "cancel_subscriptions"]).await.0,
        DONE
    );

    assert_eq!(
        cli(&access, vec!["run", "delete_subscriptions"]).await.0,
        TO_DO
    );
    portal::delete_all(&sim).await;
    let (code, out) = cli(&access, vec!["run", "delete_subscriptions"]).await;
    assert_eq!(code, WAITING, "{out}");
    let (_, status) = cli(&access, vec!["status"]).await;
    assert!(status.contains("Come back on"), "{status}");
    sim.advance_clock(Duration::from_secs(73 * 3600));
    access = token(&sim).await; // three days later: a fresh sign-in
    assert_eq!(
        cli(&access, vec!["run", "delete_subscriptions"]).await.0,
        DONE
    );

    assert_eq!(
        cli(&access, vec!["run", "mfa", "--confirm", org]).await.0,
        DONE
    );
    // Azure: Graph cannot see it, so step 5 waits until it is checked.
    assert_eq!(
        cli(&access, vec!["run", "directory", "--confirm", org])
            .await
            .0,
        ERROR,
        "refused: step 5 is blocked until Azure is checked"
    );
    let arm = arm_token(&sim).await;
    let mut check = cli_common::cli(
        &sim,
        &access,
        dir.path(),
        &["--arm", &sim.arm_url(), "check-azure", "--elevate"],
    );
    let out = check
        .env("CLOSEOUT_ARM_ACCESS_TOKEN", &arm)
        .output()
        .await
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(DONE), "{text}");
    assert!(
        text.contains("No Azure subscription blocks the closure."),
        "{text}"
    );
    assert_eq!(
        cli(&access, vec!["run", "directory", "--confirm", org])
            .await
            .0,
        TO_DO
    );
    portal::delete_tenant(&sim).await;
    let (code, out) = cli(&access, vec!["status"]).await;
    assert_eq!(code, DONE, "{out}");

    let (code, report) = cli(&access, vec!["report"]).await;
    assert_eq!(code, DONE);
    assert!(report.contains("Organization deleted"), "{report}");
    assert!(report.contains("Delete Sofia Romano"), "{report}");
    let journal = JournalStore::new(dir.path())
        .load(sim.tenant_id())
        .unwrap()
        .unwrap();
    assert!(journal.dates.tenant_deleted_at.is_some());
    assert!(journal
        .actions
        .iter()
        .all(|a| a.outcome.as_ref().is_some_and(|o| o.ok)));
    assert!(sim.stats().each_deleted_once("user"));
}
