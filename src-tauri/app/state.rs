//! What the shell keeps between commands: how it started, the practice tenant, the one sign-in
//! [`Session`], and the Cancel button of the step running now.
//!
//! The sign-in is one value, replaced as a whole: signed out, signing in (with its Cancel
//! button and a pending device code), or signed in (tenant, tokens, identity, this app's id in
//! that organization and, for Global Administrators, the closure). So "switch to practice" and
//! "sign out" cannot leave half a session behind: there is nothing to clear field by field.
//!
//! Only handles live here; every decision about the organization is the core's.

use crate::practice::Practice;
use crate::startup::Startup;
use crate::target::Target;
use closeout_core::auth::{self, CancelHandle, DeviceCode, Identity, SignIn};
use closeout_core::closure::{self, CancelToken, SessionConfig};
use closeout_core::{Error, ErrorCode, Result};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Managed by Tauri; commands receive it as `tauri::State<AppState>`.
#[derive(Default)]
pub struct AppState {
    pub startup: Startup,
    /// The practice company, while the owner practises.
    pub practice: tokio::sync::Mutex<Option<Practice>>,
    /// `http://127.0.0.1:PORT` while a practice tenant runs (the opener allows it).
    practice_origin: Mutex<Option<String>>,
    /// The sign-in: only ever replaced whole (see the module doc).
    session: Mutex<Session>,
    /// Numbers sign-in attempts, so a late one cannot overwrite what replaced it.
    attempts: AtomicU64,
    /// The Cancel button of the step running now.
    pub step_cancel: Mutex<Option<CancelToken>>,
    /// The reminders watcher (notifications while the app runs).
    pub reminders: crate::notifier::Watch,
    /// "Now" for the open target (the practice clock only while practising).
    pub clock: crate::clock::Clock,
}

/// Where the sign-in stands.
#[derive(Default)]
pub enum Session {
    #[default]
    SignedOut,
    SigningIn(SigningIn),
    SignedIn(Arc<SignedIn>),
}

/// A sign-in started and not yet finished.
pub struct SigningIn {
    attempt: u64,
    cancel: CancelHandle,
    /// Set between `start_device_code` and `finish_device_code`.
    device_code: Option<Box<PendingDeviceCode>>,
}

/// A device-code sign-in waiting for the person to enter the code.
pub struct PendingDeviceCode {
    pub service: SignIn,
    pub code: DeviceCode,
    pub config: SessionConfig,
    pub target: Target,
}

/// A finished sign-in: everything that belongs to the signed-in person and organization.
pub struct SignedIn {
    pub target: Target,
    /// The tokens (the backup assistant reads Microsoft's reports with them).
    pub auth: auth::Session,
    /// Who signed in (also when they cannot close the organization).
    pub identity: Identity,
    /// This app's client id in the signed-in organization (its checks treat it specially).
    pub own_app_id: String,
    /// The closure of the organization: Global Administrators only.
    closure: Option<tokio::sync::Mutex<closure::Session>>,
}

impl SignedIn {
    /// Finds out who signed in and, for a Global Administrator, opens the closure.
    pub async fn open(
        target: Target,
        auth: auth::Session,
        config: SessionConfig,
    ) -> Result<SignedIn> {
        let identity = auth.identify().await?;
        tracing::info!(
            tenant = %identity.tenant_id,
            global_admin = identity.is_global_admin,
            "signed in"
        );
        let own_app_id = config.own_app_id.clone();
        let closure = if identity.is_global_admin {
            let graph = auth.graph()?;
            let opened = closure::Session::open(graph, config, Some(&identity.tenant_id)).await?;
            Some(tokio::sync::Mutex::new(opened))
        } else {
            None
        };
        Ok(SignedIn {
            target,
            auth,
            identity,
            own_app_id,
            closure,
        })
    }

    /// Only a Global Administrator can close the organization.
    pub fn can_close(&self) -> bool {
        self.closure.is_some()
    }

    /// The closure, held until the guard drops (one command at a time works on it).
    pub async fn closure(&self) -> Result<tokio::sync::MutexGuard<'_, closure::Session>> {
        match &self.closure {
            Some(closure) => Ok(closure.lock().await),
            None => Err(not_signed_in()),
        }
    }
}

/// One sign-in attempt, begun by [`AppState::begin_sign_in`]: only it may end it.
pub struct Attempt {
    id: u64,
    pub cancel: CancelHandle,
}

impl AppState {
    pub fn new(startup: Startup) -> Self {
        AppState {
            startup,
            ..Default::default()
        }
    }

    pub fn practice_origin(&self) -> Option<String> {
        self.practice_origin.lock().unwrap().clone()
    }

    pub fn set_practice_origin(&self, origin: Option<String>) {
        *self.practice_origin.lock().unwrap() = origin;
    }

    /// Replaces the session as a whole and returns the one it replaced. A sign-in in progress
    /// is cancelled (its command then ends with `sign_in_cancelled`).
    pub fn replace_session(&self, next: Session) -> Session {
        // Nothing open: real time (the practice clock belongs to an open practice only).
        if matches!(next, Session::SignedOut) {
            self.clock.use_real_time();
        }
        let old = std::mem::replace(&mut *self.session.lock().unwrap(), next);
        if let Session::SigningIn(signing_in) = &old {
            signing_in.cancel.cancel();
        }
        self.reminders.changed();
        old
    }

    /// Starts a sign-in: whatever session there was is replaced by "signing in".
    pub fn begin_sign_in(&self) -> Attempt {
        let id = self.attempts.fetch_add(1, Ordering::Relaxed) + 1;
        let cancel = CancelHandle::new();
        self.replace_session(Session::SigningIn(SigningIn {
            attempt: id,
            cancel: cancel.clone(),
            device_code: None,
        }));
        Attempt { id, cancel }
    }

    /// Keeps the device code of `attempt` until `finish_device_code` (if it is still current).
    pub fn hold_device_code(&self, attempt: &Attempt, pending: PendingDeviceCode) -> Result<()> {
        match &mut *self.session.lock().unwrap() {
            Session::SigningIn(s) if s.attempt == attempt.id => {
                s.device_code = Some(Box::new(pending));
                Ok(())
            }
            _ => Err(replaced()),
        }
    }

    /// The device code asked for, with the attempt it belongs to.
    pub fn take_device_code(&self) -> Result<(Attempt, PendingDeviceCode)> {
        match &mut *self.session.lock().unwrap() {
            Session::SigningIn(s) => match s.device_code.take() {
                Some(pending) => Ok((
                    Attempt {
                        id: s.attempt,
                        cancel: s.cancel.clone(),
                    },
                    *pending,
                )),
                None => Err(no_device_code()),
            },
            _ => Err(no_device_code()),
        }
    }

    /// Ends `attempt`: signed in on success, signed out on failure. An attempt that was
    /// cancelled or replaced meanwhile changes nothing and ends as cancelled.
    pub fn finish_sign_in(
        &self,
        attempt: &Attempt,
        outcome: Result<SignedIn>,
    ) -> Result<Arc<SignedIn>> {
        let mut session = self.session.lock().unwrap();
        if !matches!(&*session, Session::SigningIn(s) if s.attempt == attempt.id) {
            return Err(outcome.err().unwrap_or_else(replaced));
        }
        let (next, result) = match outcome {
            Ok(signed) => {
                let signed = Arc::new(signed);
                (Session::SignedIn(signed.clone()), Ok(signed))
            }
            Err(e) => (Session::SignedOut, Err(e)),
        };
        *session = next;
        drop(session);
        self.reminders.changed();
        result
    }

    /// Ends `attempt` without a sign-in (it failed, or there was nothing to resume): signed
    /// out, if the attempt is still the current one.
    pub fn end_sign_in(&self, attempt: &Attempt) {
        let mut session = self.session.lock().unwrap();
        if matches!(&*session, Session::SigningIn(s) if s.attempt == attempt.id) {
            *session = Session::SignedOut;
        }
    }

    /// The Cancel button of a sign-in in progress: back to signed out. A finished sign-in
    /// is left alone.
    pub fn cancel_sign_in(&self) {
        let mut session = self.session.lock().unwrap();
        if let Session::SigningIn(signing_in) = &*session {
            signing_in.cancel.cancel();
            *session = Session::SignedOut;
        }
    }

    /// The signed-in session, or `not_signed_in`.
    pub fn signed_in(&self) -> Result<Arc<SignedIn>> {
        match &*self.session.lock().unwrap() {
            Session::SignedIn(signed) => Ok(signed.clone()),
            _ => Err(not_signed_in()),
        }
    }
}

/// The error for commands that need a signed-in Global Administrator's session.
pub fn not_signed_in() -> Error {
    Error::new(
        ErrorCode::NotSignedIn,
        "sign in as a Global Administrator first",
    )
}

fn replaced() -> Error {
    Error::new(
        ErrorCode::SignInCancelled,
        "the sign-in was cancelled or replaced by another",
    )
}

fn no_device_code() -> Error {
    Error::new(ErrorCode::InvalidInput, "no device code was asked for")
}
