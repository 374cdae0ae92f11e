//! The sign-in and the real keychain together: after `identify` the refresh token is saved
//! under the tenant, a new start resumes silently from it (and saves the rotated one), sign-out
//! forgets it, and a refused (expired) saved token is forgotten and reported.

mod auth_support;

use auth_support::flows::{auto_consent_sign_in, require_secret_service};
use closeout_core::auth::{AuthConfig, SignIn};
use closeout_core::graph::Secret;
use closeout_core::keychain::Keychain;
use closeout_core::ErrorCode;
use closeout_sim::{Sim, SimOptions};

#[tokio::test]
async fn resume_from_the_keychain_then_sign_out_forgets() {
    require_secret_service();
    let mut options = SimOptions::scenario("bakery");
    options.auto_consent = true;
    let sim = Sim::start(options).await.unwrap();
    let config =
        AuthConfig::for_authority(&sim.authority(), sim.client_id(), sim.base_url()).unwrap();
    let keychain = Keychain::new(&format!("closeout-test-{}", uuid::Uuid::new_v4()));
    let sign_in = SignIn::new(config.clone(), Some(keychain.clone())).unwrap();

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

    // A saved token Microsoft no longer accepts is forgotten, with a clear code.
    keychain
        .store(&tenant, &Secret::new("0.AXkA-revoked-or-90-days-old"))
        .unwrap();
    let err = restarted.resume(&tenant).await.err().unwrap();
    assert_eq!(err.code, ErrorCode::SessionExpired, "{err:?}");
    assert!(keychain.load(&tenant).unwrap().is_none());
}
