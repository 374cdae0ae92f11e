//! The owner's language and the one text catalogue per language.
//!
//! The catalogues are the UI's own files, `ui/i18n/<lang>.json`, compiled in: the closure
//! report, the reminders, the calendar file, the backup items and the sign-in page read the
//! same keyed texts the window shows, so every sentence exists once per language and one test
//! (`tests/ui/i18n.test.mjs`, with `core/tests/texts_catalogue.rs` for the keys Rust uses)
//! checks them all. [`Lang::ALL`] is the one list of languages; the UI receives it at start-up.
//!
//! Placeholders are the UI's: `{name}`, and `{name:dal}` for an Italian preposition with its
//! article before a day number ("dal 12", "dall'8"), filled the same way as `ui/js/i18n.js`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A language Closeout speaks. Serialized as its code (`"en"`, `"it"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    En,
    It,
}

/// The catalogues, parsed once, in [`Lang::ALL`]'s order.
static CATALOGUES: LazyLock<[BTreeMap<String, String>; 2]> =
    LazyLock::new(|| [parse(EN, "en"), parse(IT, "it")]);

const EN: &str = include_str!("../../../ui/i18n/en.json");
const IT: &str = include_str!("../../../ui/i18n/it.json");

fn parse(json: &str, code: &str) -> BTreeMap<String, String> {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("ui/i18n/{code}.json is not valid: {e}"))
}

impl Lang {
    /// Every language, English (the fallback) first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::It];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    /// The code for `<html lang>` and file names (the same as [`Lang::as_str`]).
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// The language whose code is exactly `code` (`"it"`), if Closeout speaks it.
    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|l| l.as_str() == code)
    }

    /// From a language tag such as `it-IT`, `it_IT.UTF-8` or `en`; English for anything else.
    pub fn from_tag(tag: &str) -> Lang {
        let base = tag
            .split(['-', '_', '.'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        Lang::from_code(&base).unwrap_or_default()
    }

    /// Whether the catalogue has `key`.
    pub fn has(self, key: &str) -> bool {
        CATALOGUES[self as usize].contains_key(key)
    }

    /// The text for `key`; a key missing in this language is shown as itself (never silently
    /// in another language), so `core/tests/texts_catalogue.rs` catches it.
    pub fn text(self, key: &str) -> &str {
        match CATALOGUES[self as usize].get(key) {
            Some(text) => text,
            None => {
                tracing::warn!(key, lang = self.as_str(), "missing text");
                key
            }
        }
    }

    /// The text for `key` with its placeholders filled from `params`; unknown placeholders
    /// stay visible.
    pub fn fill<K: AsRef<str>, V: AsRef<str>>(self, key: &str, params: &[(K, V)]) -> String {
        fill_template(self.text(key), params)
    }

    /// `key.one` or `key.other` for `count` (English and Italian: one is exactly 1, as the
    /// UI's `Intl.PluralRules` says), with `{count}` filled.
    pub fn plural(self, key: &str, count: u64) -> String {
        let form = if count == 1 { "one" } else { "other" };
        self.fill(&format!("{key}.{form}"), &[("count", count.to_string())])
    }

    /// `text(key)` for each of `key.1`, `key.2`... while they exist (numbered instructions).
    pub fn numbered(self, key: &str) -> Vec<&'static str> {
        let catalogue = &CATALOGUES[self as usize];
        (1..)
            .map_while(|n| catalogue.get(&format!("{key}.{n}")))
            .map(String::as_str)
            .collect()
    }
}

/// Fills `{name}` and `{name:preposition}` in `template`.
pub fn fill_template<K: AsRef<str>, V: AsRef<str>>(template: &str, params: &[(K, V)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let inner = &after[..close];
        let (name, preposition) = match inner.split_once(':') {
            Some((name, prep)) => (name, Some(prep)),
            None => (inner, None),
        };
        let valid = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        match params.iter().find(|(k, _)| k.as_ref() == name) {
            Some((_, value)) if valid => match preposition {
                Some(prep) => out.push_str(&with_article(value.as_ref(), prep)),
                None => out.push_str(value.as_ref()),
            },
            _ => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// `date` after an Italian articled preposition, elided before 8, 11 and 80-89 ("l'8 maggio",
/// "dall'11"); the same rule as `withArticle` in `ui/js/i18n.js`. An unknown preposition is
/// written as it is.
fn with_article(date: &str, preposition: &str) -> String {
    let forms = match preposition.to_lowercase().as_str() {
        "il" => ["il ", "l'"],
        "dal" => ["dal ", "dall'"],
        "al" => ["al ", "all'"],
        "del" => ["del ", "dell'"],
        "nel" => ["nel ", "nell'"],
        _ => return format!("{preposition} {date}"),
    };
    let digits: String = date.chars().take_while(char::is_ascii_digit).collect();
    let elided = digits == "8" || digits == "11" || (digits.len() == 2 && digits.starts_with('8'));
    let words = forms[usize::from(elided)];
    let capital = preposition.chars().next().is_some_and(char::is_uppercase);
    let words = if capital {
        let mut chars = words.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
            .unwrap_or_default()
    } else {
        words.to_string()
    };
    format!("{words}{date}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_pick_the_language_and_anything_else_is_english() {
        assert_eq!(Lang::from_tag("it-IT"), Lang::It);
        assert_eq!(Lang::from_tag("it_IT.UTF-8"), Lang::It);
        assert_eq!(Lang::from_tag("IT"), Lang::It);
        assert_eq!(Lang::from_tag("en-GB"), Lang::En);
        assert_eq!(Lang::from_tag("item"), Lang::En);
        assert_eq!(Lang::from_tag(""), Lang::En);
    }

    #[test]
    fn placeholders_fill_and_unknown_ones_stay_visible() {
        let filled = fill_template("{a} and {b}, {c:il}", &[("a", "1"), ("c", "8 maggio")]);
        assert_eq!(filled, "1 and {b}, l'8 maggio");
        for (prep, date, said) in [
            ("Dal", "11 maggio", "Dall'11 maggio"),
            ("dal", "1º maggio", "dal 1º maggio"),
            ("il", "18 maggio", "il 18 maggio"),
            ("il", "2026-08-11", "il 2026-08-11"),
        ] {
            assert_eq!(
                fill_template(&format!("{{x:{prep}}}"), &[("x", date)]),
                said
            );
        }
        assert_eq!(fill_template("open { brace", &[("x", "")]), "open { brace");
    }

    #[test]
    fn the_catalogues_are_the_ui_files() {
        assert_eq!(Lang::En.text("app.language"), "Language");
        assert_eq!(Lang::It.text("app.language"), "Lingua");
    }
}
