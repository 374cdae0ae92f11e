//! A part Microsoft refused inside a 200 `$batch` makes the step "couldn't check" through the
//! CLI too: exit code 5 (as the usage says), never 0.

mod cli_common;

use cli_common::{run, start, token};
use closeout_sim::{SimOptions, TargetedFault};

const UNKNOWN: i32 = 5;

#[tokio::test(flavor = "multi_thread")]
async fn step_4_with_conditional_access_refused_exits_5_and_says_so() {
    // Step 4 reads the policies to tell whether one would stop you (security defaults it only
    // shows: refusing those does not stop it).
    let sim = start(SimOptions {
        targeted_faults: vec![TargetedFault::new(
            "/identity/conditionalAccess/policies",
            403,
        )],
        ..SimOptions::scenario("bakery")
    })
    .await;
    let access = token(&sim).await;
    let dir = tempfile::tempdir().unwrap();
    let org = "Crumb & Co. Bakery";
    for args in [
        vec!["backup-done", "--confirm", org],
        vec!["run", "users", "--confirm", org],
    ] {
        assert_eq!(run(&sim, &access, dir.path(), &args).await.0, 0, "{args:?}");
    }
    let (code, out) = run(&sim, &access, dir.path(), &["run", "mfa", "--confirm", org]).await;
    assert_eq!(code, UNKNOWN, "{out}");
    assert!(out.contains("Couldn't check"), "{out}");
    assert!(!out.contains("off for every"), "{out}");

    let (_, usage) = run(&sim, &access, dir.path(), &["--help"]).await;
    assert!(
        usage.contains("5 couldn't check"),
        "the usage documents it: {usage}"
    );
}
