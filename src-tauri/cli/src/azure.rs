//! `check-azure [--elevate]`: the Azure subscriptions check from the command line (Graph
//! cannot see Azure). The Azure Resource Manager token comes from `CLOSEOUT_ARM_ACCESS_TOKEN`
//! (scripts), or from the saved sign-in: silently, or through the browser the first time, to
//! consent to the Azure audience. Practice mode runs the check by itself when it starts, as
//! the practice sign-in consents to the Azure audience too.

use crate::args::Options;
use crate::connect::Connected;
use closeout_core::auth::{self, AuthConfig, BrowserOptions, Session as SignedIn};
use closeout_core::azure::{ArmClient, MICROSOFT_ARM};
use closeout_core::graph::{Secret, StaticToken};
use closeout_core::{Error, ErrorCode, Result};
use std::sync::Arc;

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// `--arm URL`, `CLOSEOUT_ARM_URL`, or Microsoft's Azure Resource Manager.
pub fn arm_base(options: &Options) -> String {
    options
        .arm
        .clone()
        .or_else(|| env("CLOSEOUT_ARM_URL"))
        .unwrap_or_else(|| MICROSOFT_ARM.to_string())
}

/// The ARM client for `check-azure`.
pub async fn client(options: &Options, connected: &Connected) -> Result<ArmClient> {
    if let Some(token) = env("CLOSEOUT_ARM_ACCESS_TOKEN") {
        return ArmClient::new(
            &arm_base(options),
            Arc::new(StaticToken(Secret::new(token))),
        );
    }
    let Some((signed_in, config)) = &connected.signed_in else {
        return Err(Error::new(
            ErrorCode::Config,
            "with CLOSEOUT_ACCESS_TOKEN, check-azure needs CLOSEOUT_ARM_ACCESS_TOKEN: a token for \
             https://management.azure.com/user_impersonation",
        ));
    };
    connect(signed_in, config, &arm_base(options), |url| {
        eprintln!(
            "Closeout asks to read your Azure subscriptions (Microsoft Graph cannot see them). \
             Opening your browser; if it does not open, visit:\n{url}"
        );
        crate::signin::open_in_browser(url)
    })
    .await
}

/// The Azure audience's session (silent first, `open` for the consent) and its client.
pub async fn connect(
    signed_in: &SignedIn,
    config: &AuthConfig,
    arm_base: &str,
    open: impl FnOnce(&str) -> Result<()>,
) -> Result<ArmClient> {
    if signed_in.tenant_id().is_none() {
        signed_in.identify().await?;
    }
    let options = BrowserOptions {
        login_hint: signed_in.claims().username,
        ..BrowserOptions::default()
    };
    let arm = auth::azure_session(config, signed_in, &options, open).await?;
    ArmClient::new(arm_base, Arc::new(arm))
}
