//! Sign-in: through the browser (with Cancel) or with a device code, then who you are, and the
//! closure session opened for Global Administrators only.

use crate::links;
use crate::state::{not_signed_in, AppState, PendingDeviceCode};
use crate::target::{self, Target};
use closeout_core::auth::{self, BrowserOptions, CancelHandle, Identity, Lang};
use closeout_core::closure::{self, SessionConfig};
use closeout_core::{Error, ErrorCode, Result};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};

/// The result page: who, where, and whether they can close it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    pub identity: Identity,
    /// The organization's name as Microsoft has it (what the owner types to confirm).
    pub organization: Option<String>,
    /// Only a Global Administrator can close the organization.
    pub can_close: bool,
    /// Set when the sign-in could not be remembered in the OS keychain.
    pub keychain_problem: Option<Error>,
}

/// The device code to show, large and copyable.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCodeView {
    pub user_code: String,
    pub verification_uri: String,
    pub expires_in_seconds: u64,
}

/// The app's data folder, made owner-only (0700 on Unix) if it is not yet.
pub fn data_dir<R: Runtime>(app: &AppHandle<R>) -> Result<std::path::PathBuf> {
    let dir = app
        .path()
        .app_data_dir()
        .map_err(|e| Error::new(ErrorCode::Io, format!("no data folder: {e}")))?;
    closeout_core::fsio::private_dir(&dir).map_err(|e| Error::io("the data folder", &e))?;
    Ok(dir)
}

/// Opens the sign-in page in the browser and waits (cancellable) for it to come back.
#[tauri::command]
pub async fn sign_in<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    target: Target,
    lang: String,
) -> Result<SignedIn> {
    let (service, config) = target::prepare(target, &state, &data_dir(&app)?).await?;
    let cancel = CancelHandle::new();
    *state.sign_in_cancel.lock().unwrap() = Some(cancel.clone());
    let options = BrowserOptions {
        lang: Lang::from_tag(&lang),
        cancel,
        ..Default::default()
    };
    let trusted = links::trusted_origins(state.practice_origin());
    let signed = service
        .browser(&options, |url| {
            links::open(&app, &links::check(url, &trusted)?)
        })
        .await;
    state.sign_in_cancel.lock().unwrap().take();
    let signed = finish(&state, signed?, config, target).await?;
    remember(&app, target, &signed)?;
    Ok(signed)
}

/// Remembers which real organization is being closed, for the silent sign-in next time.
fn remember<R: Runtime>(app: &AppHandle<R>, target: Target, signed: &SignedIn) -> Result<()> {
    if target == Target::Organization && signed.can_close {
        target::remember_organization(&data_dir(app)?, &signed.identity.tenant_id)?;
    }
    Ok(())
}

/// At launch: signs in silently to the organization being closed (refresh token from the
/// keychain) and reopens its closure. `None` when there is nothing to resume.
#[tauri::command]
pub async fn resume<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<SignedIn>> {
    let dir = data_dir(&app)?;
    let Some(tenant) = target::last_organization(&dir) else {
        return Ok(None);
    };
    let (service, config) = match target::prepare(Target::Organization, &state, &dir).await {
        Ok(prepared) => prepared,
        Err(e) if e.code == ErrorCode::Config => return Ok(None),
        Err(e) => return Err(e),
    };
    match service.resume(&tenant).await? {
        Some(session) => finish(&state, session, config, Target::Organization)
            .await
            .map(Some),
        None => Ok(None),
    }
}

/// The Cancel button while the browser or the device code is pending.
#[tauri::command]
pub fn cancel_sign_in(state: State<'_, AppState>) {
    if let Some(cancel) = state.sign_in_cancel.lock().unwrap().take() {
        cancel.cancel();
    }
}

/// Asks for a device code (the fallback when the browser cannot come back to the app).
#[tauri::command]
pub async fn start_device_code<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    target: Target,
) -> Result<DeviceCodeView> {
    let (service, config) = target::prepare(target, &state, &data_dir(&app)?).await?;
    let code = service.start_device_code().await?;
    let view = DeviceCodeView {
        user_code: code.user_code.clone(),
        verification_uri: code.verification_uri.clone(),
        expires_in_seconds: code.expires_in.as_secs(),
    };
    *state.device_code.lock().await = Some(PendingDeviceCode {
        service,
        code,
        config,
        target,
    });
    Ok(view)
}

/// Waits (cancellable) until the person entered the code and signed in.
#[tauri::command]
pub async fn finish_device_code<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<SignedIn> {
    let pending = state
        .device_code
        .lock()
        .await
        .take()
        .ok_or_else(|| Error::new(ErrorCode::InvalidInput, "no device code was asked for"))?;
    let cancel = CancelHandle::new();
    *state.sign_in_cancel.lock().unwrap() = Some(cancel.clone());
    let signed = pending
        .service
        .finish_device_code(&pending.code, &cancel)
        .await;
    state.sign_in_cancel.lock().unwrap().take();
    let signed = finish(&state, signed?, pending.config, pending.target).await?;
    remember(&app, pending.target, &signed)?;
    Ok(signed)
}

/// Who is signed in now (the UI's header and resume), or `not_signed_in`.
#[tauri::command]
pub fn whoami(state: State<'_, AppState>) -> Result<Identity> {
    state
        .identity
        .lock()
        .unwrap()
        .clone()
        .ok_or_else(not_signed_in)
}

async fn finish(
    state: &AppState,
    session: auth::Session,
    config: SessionConfig,
    target: Target,
) -> Result<SignedIn> {
    let identity = session.identify().await?;
    tracing::info!(
        tenant = %identity.tenant_id,
        global_admin = identity.is_global_admin,
        "signed in"
    );
    *state.identity.lock().unwrap() = Some(identity.clone());
    let mut signed = SignedIn {
        organization: identity.organization_name.clone(),
        can_close: identity.is_global_admin,
        keychain_problem: session.keychain_error(),
        identity,
    };
    if !signed.can_close {
        *state.closure.lock().await = None;
        target::open_clock(target, state).await;
        return Ok(signed);
    }
    let own_app_id = config.own_app_id.clone();
    let closure =
        closure::Session::open(session.graph()?, config, Some(&signed.identity.tenant_id)).await?;
    signed.organization = Some(closure.org_name().to_owned());
    *state.own_app_id.lock().unwrap() = Some(own_app_id);
    *state.auth.lock().unwrap() = Some(session);
    *state.closure.lock().await = Some(closure);
    target::open_clock(target, state).await;
    Ok(signed)
}
