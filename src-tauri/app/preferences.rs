//! The owner's own settings for this app (the language they chose, and an organization's own
//! app registration from the Sign-in page's "Advanced" panel), kept in a small file in the
//! app's data folder.
//!
//! Why not the web view's `localStorage`: WebKit writes it to disk lazily, so a choice made just
//! before the app is closed can be lost. A file written at once (atomically, owner-only: see
//! `closeout_core::fsio`) cannot.

use closeout_core::auth::OwnRegistration;
use closeout_core::{fsio, Error, ErrorCode, Lang, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

const FILE_NAME: &str = "preferences.json";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preferences {
    /// The language the owner picked in the app; it wins over the OS's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// An organization's own app registration; it wins over the publisher's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<OwnRegistration>,
}

impl Preferences {
    /// Reads the preferences; a missing or unreadable file means "nothing chosen yet", which is
    /// harmless (the OS language is used).
    pub fn load(dir: &Path) -> Preferences {
        std::fs::read(dir.join(FILE_NAME))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Preferences>(&bytes).ok())
            .map(|mut prefs| {
                prefs.language = prefs
                    .language
                    .filter(|lang| Lang::from_code(lang).is_some());
                prefs.registration = prefs.registration.filter(OwnRegistration::is_valid);
                prefs
            })
            .unwrap_or_default()
    }

    /// Writes the preferences at once and atomically.
    pub fn save(&self, dir: &Path) -> Result<()> {
        fsio::private_dir(dir).map_err(|e| Error::io("creating the data folder", &e))?;
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| Error::internal(e.to_string()))?;
        fsio::write_atomically(&dir.join(FILE_NAME), &bytes)
            .map_err(|e| Error::io("saving preferences", &e))
    }

    /// Records a language choice, refusing languages the UI has no texts for.
    pub fn choose_language(&mut self, lang: &str) -> Result<()> {
        if Lang::from_code(lang).is_none() {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!("no texts for language {lang:?}"),
            ));
        }
        self.language = Some(lang.to_owned());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_survives_a_new_load_and_nonsense_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Preferences::load(dir.path()), Preferences::default());

        let mut prefs = Preferences::default();
        prefs.choose_language("it").unwrap();
        prefs.save(dir.path()).unwrap();
        assert_eq!(
            Preferences::load(dir.path()).language.as_deref(),
            Some("it")
        );

        let err = prefs.choose_language("xx").unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput);

        std::fs::write(dir.path().join(FILE_NAME), br#"{"language":"de"}"#).unwrap();
        assert_eq!(Preferences::load(dir.path()).language, None);
        std::fs::write(dir.path().join(FILE_NAME), b"{not json").unwrap();
        assert_eq!(Preferences::load(dir.path()), Preferences::default());
    }

    #[test]
    fn an_own_registration_survives_a_new_load_and_a_tampered_one_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let own =
            OwnRegistration::new("0e8a4a5c-3d1f-4c8b-9f1e-2a6b7c8d9e0f", "contoso.com").unwrap();
        let prefs = Preferences {
            registration: Some(own.clone()),
            ..Preferences::default()
        };
        prefs.save(dir.path()).unwrap();
        assert_eq!(Preferences::load(dir.path()).registration, Some(own));

        let tampered = br#"{"language":"it","registration":{"clientId":"0e8a4a5c-3d1f-4c8b-9f1e-2a6b7c8d9e0f","tenant":"evil.example/x?"}}"#;
        std::fs::write(dir.path().join(FILE_NAME), tampered).unwrap();
        let loaded = Preferences::load(dir.path());
        assert_eq!(loaded.registration, None);
        assert_eq!(loaded.language.as_deref(), Some("it"));
    }
}
