//! Where the app keeps its files, in one place: the owner-only data folder and, inside it, the
//! practice journals (apart from real ones, started afresh with each practice company) and the
//! real organizations' journals with the file naming the one being closed.
//!
//! A module of its own so command modules stay leaves: every module that needs a folder asks
//! here, never another command.

use closeout_core::{Error, ErrorCode, Result};
use std::path::{Path, PathBuf};
use tauri::{AppHandle, Manager, Runtime};

/// The app's data folder, made owner-only (0700 on Unix) if it is not yet.
pub fn data_dir<R: Runtime>(app: &AppHandle<R>) -> Result<PathBuf> {
    let dir = app
        .path()
        .app_data_dir()
        .map_err(|e| Error::new(ErrorCode::Io, format!("no data folder: {e}")))?;
    closeout_core::fsio::private_dir(&dir).map_err(|e| Error::io("the data folder", &e))?;
    Ok(dir)
}

/// The practice company's journals.
pub fn practice_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("practice")
}

/// The real organizations' journals.
pub fn organizations_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("organizations")
}

/// The file naming the organization the owner was closing (its tenant id: not a secret), so
/// the next launch signs in silently and reopens where they left off.
pub fn last_organization_file(data_dir: &Path) -> PathBuf {
    organizations_dir(data_dir).join("last-organization")
}
