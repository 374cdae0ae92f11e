//! The Sign-in page's "Advanced" panel: an organization that wants its own (single-tenant) app
//! registration enters its client id and tenant; they are checked, remembered in the app's
//! preferences and used for every later sign-in, until removed.

use crate::paths::data_dir;
use crate::preferences::Preferences;
use closeout_core::auth::{OwnRegistration, BUILT_IN_CLIENT_ID};
use closeout_core::Result;
use serde::Serialize;
use tauri::{AppHandle, Runtime};

/// Which registration the next sign-in uses.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistrationView {
    /// The organization's own, when one was saved.
    pub own: Option<OwnRegistration>,
    /// Whether this build carries the publisher's registration (release builds do).
    pub built_in: bool,
}

fn view(prefs: &Preferences) -> RegistrationView {
    RegistrationView {
        own: prefs.registration.clone(),
        built_in: BUILT_IN_CLIENT_ID.is_some(),
    }
}

#[tauri::command]
pub fn registration<R: Runtime>(app: AppHandle<R>) -> Result<RegistrationView> {
    Ok(view(&Preferences::load(&data_dir(&app)?)))
}

/// Checks (GUID client id; tenant id or domain) and remembers the organization's registration.
#[tauri::command]
pub fn save_registration<R: Runtime>(
    app: AppHandle<R>,
    client_id: String,
    tenant: String,
) -> Result<RegistrationView> {
    let own = OwnRegistration::new(&client_id, &tenant)?;
    let dir = data_dir(&app)?;
    let mut prefs = Preferences::load(&dir);
    prefs.registration = Some(own);
    prefs.save(&dir)?;
    Ok(view(&prefs))
}

/// Goes back to the publisher's registration.
#[tauri::command]
pub fn forget_registration<R: Runtime>(app: AppHandle<R>) -> Result<RegistrationView> {
    let dir = data_dir(&app)?;
    let mut prefs = Preferences::load(&dir);
    prefs.registration = None;
    prefs.save(&dir)?;
    Ok(view(&prefs))
}
