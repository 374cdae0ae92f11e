//! Sign-in: through the browser (with Cancel) or with a device code, then who you are, and the
//! closure session opened for Global Administrators only; and signing out, forgetting the
//! saved sign-in. Each sign-in replaces the app's session as a whole (see `state`).

use crate::links;
use crate::paths::data_dir;
use crate::state::{AppState, Attempt, PendingDeviceCode, Session, SignedIn};
use crate::target::{self, Target};
use closeout_core::auth::{BrowserOptions, Identity, Lang};
use closeout_core::{Error, ErrorCode, Result};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};

/// The result page: who, where, and whether they can close it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedInView {
    pub identity: Identity,
    /// The organization's name as Microsoft has it (what the owner types to confirm).
    pub organization: Option<String>,
    /// Only a Global Administrator can close the organization.
    pub can_close: bool,
    /// Set when the sign-in could not be remembered in the OS keychain.
    pub keychain_problem: Option<Error>,
}

impl SignedInView {
    /// The view of a finished sign-in (the closure's name wins: it is what the owner confirms).
    pub async fn of(signed: &SignedIn) -> SignedInView {
        let organization = match signed.closure().await {
            Ok(closure) => Some(closure.org_name().to_owned()),
            Err(_) => signed.identity.organization_name.clone(),
        };
        SignedInView {
            identity: signed.identity.clone(),
            organization,
            can_close: signed.can_close(),
            keychain_problem: signed.auth.keychain_error(),
        }
    }
}

/// The device code to show, large and copyable.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCodeView {
    pub user_code: String,
    pub verification_uri: String,
    pub expires_in_seconds: u64,
}

/// Opens the sign-in page in the browser and waits (cancellable) for it to come back.
#[tauri::command]
#[tracing::instrument(skip_all, fields(target = ?target), err(level = "warn", Display))]
pub async fn sign_in<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    target: Target,
    lang: String,
) -> Result<SignedInView> {
    let attempt = state.begin_sign_in();
    let outcome: Result<SignedIn> = async {
        let (service, config) = target::prepare(target, &state, &data_dir(&app)?).await?;
        let options = BrowserOptions {
            lang: Lang::from_tag(&lang),
            cancel: attempt.cancel.clone(),
            ..Default::default()
        };
        let trusted = links::trusted_origins(state.practice_origin());
        let session = service
            .browser(&options, |url| {
                links::open(&app, &links::check(url, &trusted)?)
            })
            .await?;
        SignedIn::open(target, session, config).await
    }
    .await;
    finish(&app, &state, &attempt, outcome).await
}

/// Installs the outcome of `attempt` and remembers which real organization is being closed,
/// for the silent sign-in next time.
async fn finish<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    attempt: &Attempt,
    outcome: Result<SignedIn>,
) -> Result<SignedInView> {
    let signed = state.finish_sign_in(attempt, outcome)?;
    target::open_clock(signed.target, state).await;
    if signed.target == Target::Organization && signed.can_close() {
        target::remember_organization(&data_dir(app)?, &signed.identity.tenant_id)?;
    }
    Ok(SignedInView::of(&signed).await)
}

/// At launch: signs in silently to the organization being closed (refresh token from the
/// keychain) and reopens its closure. `None` when there is nothing to resume.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn resume<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<SignedInView>> {
    let dir = data_dir(&app)?;
    let Some(tenant) = target::last_organization(&dir) else {
        return Ok(None);
    };
    let (service, config) = match target::prepare(Target::Organization, &state, &dir).await {
        Ok(prepared) => prepared,
        Err(e) if e.code == ErrorCode::Config => return Ok(None),
        Err(e) => return Err(e),
    };
    let attempt = state.begin_sign_in();
    let session = match service.resume(&tenant).await {
        Ok(Some(session)) => session,
        nothing_or_failed => {
            state.end_sign_in(&attempt);
            return nothing_or_failed.map(|_| None);
        }
    };
    let outcome = SignedIn::open(Target::Organization, session, config).await;
    finish(&app, &state, &attempt, outcome).await.map(Some)
}

/// The Cancel button while the browser or the device code is pending.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn cancel_sign_in(state: State<'_, AppState>) {
    state.cancel_sign_in();
}

/// Asks for a device code (the fallback when the browser cannot come back to the app).
#[tauri::command]
#[tracing::instrument(skip_all, fields(target = ?target), err(level = "warn", Display))]
pub async fn start_device_code<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    target: Target,
) -> Result<DeviceCodeView> {
    let attempt = state.begin_sign_in();
    let asked: Result<PendingDeviceCode> = async {
        let (service, config) = target::prepare(target, &state, &data_dir(&app)?).await?;
        let code = service.start_device_code().await?;
        Ok(PendingDeviceCode {
            service,
            code,
            config,
            target,
        })
    }
    .await;
    let pending = match asked {
        Ok(pending) => pending,
        Err(e) => {
            state.end_sign_in(&attempt);
            return Err(e);
        }
    };
    let view = DeviceCodeView {
        user_code: pending.code.user_code.clone(),
        verification_uri: pending.code.verification_uri.clone(),
        expires_in_seconds: pending.code.expires_in.as_secs(),
    };
    state.hold_device_code(&attempt, pending)?;
    Ok(view)
}

/// Waits (cancellable) until the person entered the code and signed in.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn finish_device_code<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<SignedInView> {
    let (attempt, pending) = state.take_device_code()?;
    let outcome: Result<SignedIn> = async {
        let session = pending
            .service
            .finish_device_code(&pending.code, &attempt.cancel)
            .await?;
        SignedIn::open(pending.target, session, pending.config).await
    }
    .await;
    finish(&app, &state, &attempt, outcome).await
}

/// Who is signed in now (the UI's header and resume), or `not_signed_in`.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub fn whoami(state: State<'_, AppState>) -> Result<Identity> {
    Ok(state.signed_in()?.identity.clone())
}

/// "Sign out and forget this computer": the session is replaced by signed-out at once, then
/// the tokens are dropped and the saved sign-in (keychain and `last-organization`) deleted, so
/// the next launch asks again. The journals stay: they are the record of the closure.
#[tauri::command]
#[tracing::instrument(skip_all, err(level = "warn", Display))]
pub async fn sign_out_and_forget<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<()> {
    if let Session::SignedIn(signed) = state.replace_session(Session::SignedOut) {
        signed.auth.sign_out().await?;
    }
    let dir = data_dir(&app)?;
    if let Some(tenant) = target::last_organization(&dir) {
        match target::prepare(Target::Organization, &state, &dir).await {
            Ok((service, _)) => service.forget(&tenant).await?,
            // Without a client id nothing was signed in to, so nothing was saved.
            Err(e) if e.code == ErrorCode::Config => {}
            Err(e) => return Err(e),
        }
        target::forget_organization(&dir)?;
    }
    tracing::info!("signed out; the saved sign-in is forgotten");
    Ok(())
}
