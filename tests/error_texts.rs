//! Every error code of the core has plain text in every language of the UI: an owner never sees
//! a bare code like `tenant_mismatch`.

use closeout_core::{ErrorCode, Lang};
use std::path::Path;

fn texts(lang: &str) -> serde_json::Map<String, serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("ui/i18n/{lang}.json"));
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_error_code_has_text_in_every_language() {
    for lang in Lang::ALL.map(Lang::as_str) {
        let texts = texts(lang);
        let missing: Vec<&str> = ErrorCode::ALL
            .iter()
            .map(|code| code.as_str())
            .filter(|code| {
                texts
                    .get(&format!("error.{code}"))
                    .and_then(|v| v.as_str())
                    .is_none_or(|text| text.trim().is_empty())
            })
            .collect();
        assert!(missing.is_empty(), "{lang}.json lacks error.{missing:?}");
    }
}

/// Multi-word codes (`tenant_mismatch`) are identifiers, not words: they must never show.
#[test]
fn no_error_text_shows_a_multi_word_code() {
    for lang in Lang::ALL.map(Lang::as_str) {
        let texts = texts(lang);
        for code in ErrorCode::ALL.iter().filter(|c| c.as_str().contains('_')) {
            let text = texts[&format!("error.{code}")].as_str().unwrap();
            assert!(
                !text.contains(code.as_str()),
                "{lang}: error.{code} repeats the code"
            );
        }
    }
}
