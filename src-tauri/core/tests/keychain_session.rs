//! The sign-in and the real keychain together: after `identify` the refresh token is saved
//! under the tenant, a new start resumes silently from it (and saves the rotated one), sign-out
//! forgets it, a refused (expired) saved token is forgotten and reported, and a sign-in that is
//! not a Global Administrator's is never kept.

mod auth_support;

use auth_support::flows::{
    auto_consent_sign_in, practice_config, practice_sign_in, require_secret_service,
};
use closeout_core::auth::SignIn;
use closeout_core::keychain::Keychain;
use closeout_core::ErrorCode;
use closeout_sim::{Sim, SimOptions};
use std::time::Duration;

/// A practice tenant answering at once, and a sign-in to it saving to a keychain service of
/// this test's own (so tests never see each other's entries).
async fn practice_with_keychain(scenario: &str) -> (Sim, Keychain, SignIn) {
    require_secret_service();
    let mut options = SimOptions::scenario(scenario);
    options.auto_consent = true;
    let sim = Sim::start(options).await.unwrap();
    let keychain = Keychain::new(&format!("closeout-test-{}", uuid::Uuid::new_v4()));
    let sign_in = SignIn::new(practice_config(&sim), Some(keychain.clone())).unwrap();
    (sim, keychain, sign_in)
}

#[tokio::test]
async fn resume_from_the_keychain_then_sign_out_forgets() {
    let (sim, keychain, sign_in) = practice_with_keychain("bakery").await;
    let config = practice_config(&sim);

    let session = auto_consent_sign_in(&sign_in).await;
    let tenant = session.identify().await.unwrap().tenant_id;
    assert!(session.keychain_error().is_none());
    let saved = keychain
        .load(&tenant)
        .unwrap()
        .expect("saved after identify");
    assert_eq!(Some(saved), session.refresh_token().await);

    // The next start of the app.
    let restarted = SignIn::new(config.clone(), Some(keychain.clone())).unwrap();
    let resumed = restarted
        .resume(&tenant)
        .await
        .unwrap()
        .expect("a saved sign-in");
    assert_eq!(resumed.tenant_id().as_deref(), Some(tenant.as_str()));
    let me = resumed.identify().await.unwrap();
    assert_eq!(me.user_principal_name, sim.admin_upn());
    let rotated = keychain.load(&tenant).unwrap().unwrap();
    assert_eq!(
        Some(rotated.clone()),
        resumed.refresh_token().await,
        "the newest is saved"
    );

    resumed.sign_out().await.unwrap();
    assert!(
        keychain.load(&tenant).unwrap().is_none(),
        "sign-out forgets the saved sign-in"
    );
    assert!(restarted.resume(&tenant).await.unwrap().is_none());

    // A sign-in left unused for more than 90 days: Microsoft refuses the saved refresh token
    // (AADSTS700082); it is forgotten and the face is told to sign in again.
    let fresh = auto_consent_sign_in(&sign_in).await;
    fresh.identify().await.unwrap();
    assert!(keychain.load(&tenant).unwrap().is_some());
    sim.advance_clock(Duration::from_secs(91 * 24 * 3600));
    let err = restarted.resume(&tenant).await.err().unwrap();
    assert_eq!(err.code, ErrorCode::SessionExpired, "{err:?}");
    assert_eq!(err.details.unwrap()["aadsts"], 700082);
    assert!(keychain.load(&tenant).unwrap().is_none());
}

#[tokio::test]
async fn a_non_admins_refresh_token_is_never_kept() {
    let (_sim, keychain, sign_in) = practice_with_keychain("not-admin").await;

    let session = auto_consent_sign_in(&sign_in).await;
    let me = session.identify().await.unwrap();
    assert!(!me.is_global_admin);
    assert!(
        keychain.load(&me.tenant_id).unwrap().is_none(),
        "a sign-in refused as not a Global Administrator is not saved"
    );
    session.refresh_now().await.unwrap();
    assert!(
        keychain.load(&me.tenant_id).unwrap().is_none(),
        "nor is its rotated refresh token"
    );

    // A sign-in saved earlier whose person has lost the role since: resuming it and finding
    // that out deletes it from the keychain.
    let refresh = session.refresh_token().await.unwrap();
    keychain.store(&me.tenant_id, &refresh).unwrap();
    let resumed = sign_in
        .resume(&me.tenant_id)
        .await
        .unwrap()
        .expect("the saved sign-in");
    assert!(!resumed.identify().await.unwrap().is_global_admin);
    assert!(
        keychain.load(&me.tenant_id).unwrap().is_none(),
        "forgotten once it is known not to be a Global Administrator's"
    );
}

#[tokio::test]
async fn sign_out_and_forget_ends_the_session_and_the_saved_sign_in() {
    let (_sim, keychain, sign_in) = practice_with_keychain("bakery").await;
    let session = auto_consent_sign_in(&sign_in).await;
    let tenant = session.identify().await.unwrap().tenant_id;
    assert!(keychain.load(&tenant).unwrap().is_some());

    closeout_core::auth::sign_out_and_forget(&keychain, &tenant, Some(&session))
        .await
        .unwrap();
    assert!(keychain.load(&tenant).unwrap().is_none());
    assert!(sign_in.resume(&tenant).await.unwrap().is_none());
    assert_eq!(
        session
            .graph()
            .unwrap()
            .get::<serde_json::Value>("/v1.0/me")
            .await
            .unwrap_err()
            .code,
        ErrorCode::NotSignedIn,
        "the session's tokens are gone from memory too"
    );
}

/// No usable keychain: the sign-in still works for the session, nothing is saved, and the
/// session says why (for the UI's "you will have to sign in again next time").
#[test]
fn without_a_keychain_the_session_still_works() {
    require_secret_service();
    let exe = std::env::current_exe().unwrap();
    let output = std::process::Command::new(exe)
        .args([
            "child_signs_in_without_a_keychain",
            "--exact",
            "--ignored",
            "--test-threads=1",
        ])
        .env("CLOSEOUT_KEYCHAIN_CHILD", "no-keychain")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/closeout-test-bus",
        )
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[tokio::test]
#[ignore = "run by without_a_keychain_the_session_still_works with a bus that leads nowhere"]
async fn child_signs_in_without_a_keychain() {
    if std::env::var("CLOSEOUT_KEYCHAIN_CHILD").as_deref() != Ok("no-keychain") {
        return;
    }
    let mut options = SimOptions::scenario("bakery");
    options.auto_consent = true;
    let sim = Sim::start(options).await.unwrap();
    let sign_in = practice_sign_in(&sim, Some(Keychain::new("closeout-test-absent")));
    let session = auto_consent_sign_in(&sign_in).await;
    let me = session.identify().await.unwrap();
    assert!(me.is_global_admin, "the session works");
    let err = session
        .keychain_error()
        .expect("the failure to save is reported");
    assert_eq!(err.code, ErrorCode::KeychainUnavailable);
    session.refresh_now().await.unwrap();
    let _: serde_json::Value = session.graph().unwrap().get("/v1.0/me").await.unwrap();
}
