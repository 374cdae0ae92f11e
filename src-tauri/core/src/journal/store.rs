//! Where journals live on disk. They are written with [`crate::fsio`]: a crash at any instant
//! leaves either the old or the new file, never a torn one, and only the owner can read them
//! (the journal names every person deleted, the admin and the typed confirmations).
//!
//! The folder is given by the face (the OS app-data folder in the app, `--data-dir` in the
//! CLI); the core never picks an OS location itself. One sub-folder per tenant id.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;
use time::OffsetDateTime;

use super::record::{JournalRecord, SCHEMA_VERSION};
use crate::error::{Error, ErrorCode, Result};
use crate::fsio;

const FILE_NAME: &str = "journal.json";

/// The journals under one data folder.
#[derive(Debug, Clone)]
pub struct JournalStore {
    root: PathBuf,
}

impl JournalStore {
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        JournalStore {
            root: data_dir.into(),
        }
    }

    /// The folder holding one tenant's journal (tenant ids are GUIDs: anything else is refused,
    /// so a hostile id cannot point outside the data folder).
    pub fn tenant_dir(&self, tenant_id: &str) -> Result<PathBuf> {
        let valid = !tenant_id.is_empty()
            && tenant_id.len() <= 64
            && tenant_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "a tenant id must be a GUID",
            ));
        }
        Ok(self.root.join("tenants").join(tenant_id))
    }

    pub fn path(&self, tenant_id: &str) -> Result<PathBuf> {
        Ok(self.tenant_dir(tenant_id)?.join(FILE_NAME))
    }

    /// The tenants that have a journal here, for "resume where you stopped".
    pub fn tenants(&self) -> Vec<String> {
        let Ok(entries) = fs::read_dir(self.root.join("tenants")) else {
            return Vec::new();
        };
        let mut ids: Vec<String> = entries
            .flatten()
            .filter(|e| e.path().join(FILE_NAME).exists())
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        ids.sort();
        ids
    }

    /// Reads a tenant's journal: `Ok(None)` if there is none yet. A damaged file is moved
    /// aside (kept, never deleted) and reported as [`ErrorCode::JournalCorrupt`] with the
    /// path of the kept copy; the next load then starts fresh.
    pub fn load(&self, tenant_id: &str) -> Result<Option<JournalRecord>> {
        let path = self.path(tenant_id)?;
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Error::io("could not read the journal", &e)),
        };
        match parse(&bytes) {
            Ok(record) if record.tenant_id == tenant_id => Ok(Some(record)),
            Ok(_) => Err(self.set_aside(&path, "the journal belongs to another tenant")),
            Err(reason) => Err(self.set_aside(&path, &reason)),
        }
    }

    /// Writes the journal atomically and durably.
    pub fn save(&self, record: &mut JournalRecord) -> Result<()> {
        record.updated_at = OffsetDateTime::now_utc();
        let dir = self.tenant_dir(&record.tenant_id)?;
        fsio::private_dirs(&self.root, &dir)
            .map_err(|e| Error::io("could not create the data folder", &e))?;
        let bytes = serde_json::to_vec_pretty(record)
            .map_err(|e| Error::internal(format!("could not encode the journal: {e}")))?;
        fsio::write_atomically(&dir.join(FILE_NAME), &bytes)
            .map_err(|e| Error::io("could not save the journal", &e))
    }

    fn set_aside(&self, path: &Path, reason: &str) -> Error {
        let stamp = OffsetDateTime::now_utc().unix_timestamp_nanos();
        let kept = path.with_file_name(format!("{FILE_NAME}.corrupt-{stamp}"));
        let kept_at = match fs::rename(path, &kept) {
            Ok(()) => kept.display().to_string(),
            Err(_) => path.display().to_string(),
        };
        Error::new(
            ErrorCode::JournalCorrupt,
            format!("the saved progress could not be read ({reason}); a copy was kept"),
        )
        .with_details(json!({ "keptAt": kept_at }))
    }
}

fn parse(bytes: &[u8]) -> std::result::Result<JournalRecord, String> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("not valid JSON: {e}"))?;
    let version = value.get("schema_version").and_then(|v| v.as_u64());
    let value = match version {
        Some(version) => super::migrate::upgrade(value, version)?,
        None => return Err("no schema version".into()),
    };
    debug_assert_eq!(value["schema_version"], SCHEMA_VERSION);
    serde_json::from_value(value).map_err(|e| format!("unexpected content: {e}"))
}
