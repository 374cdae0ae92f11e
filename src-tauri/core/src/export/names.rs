//! File and folder names a person can open on any computer: safe on NTFS (Windows) as well as
//! on macOS and Linux, capped in length, and unique inside their folder (`name (2).ext`). The
//! original name is kept in the manifest, so nothing is lost by the cleaning.

use std::collections::HashSet;

/// Longest name kept (in characters), extension included; NTFS allows 255 UTF-16 units, and a
/// margin leaves room for the collision suffix and for deep folders.
const MAX_NAME: usize = 120;

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// `name` made safe for every file system: the characters Windows forbids (`<>:"/\|?*` and
/// control characters) become `_`, trailing dots and spaces go, reserved device names
/// (`CON`, `NUL.txt`...) get a leading `_`, and the length is capped keeping the extension.
pub fn safe_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| match c {
            '<' | '>' | ':' | '"' | '/' | '\\' | '|' | '?' | '*' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    let trimmed = out.trim_end_matches(['.', ' ']).trim_start().to_string();
    out = trimmed;
    if out.is_empty() {
        out = "_".into();
    }
    let stem = out
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    if RESERVED.contains(&stem.trim_end()) {
        out.insert(0, '_');
    }
    cap(&out, MAX_NAME)
}

/// At most `max` characters, keeping a short extension.
fn cap(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let (stem, ext) = split_ext(name);
    let keep = max.saturating_sub(ext.chars().count());
    let stem: String = stem.chars().take(keep).collect();
    format!("{}{ext}", stem.trim_end_matches(['.', ' ']))
}

/// `("report", ".pdf")`; no extension for names without a dot or with a long "extension".
fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(i) if i > 0 && name.len() - i <= 10 => (&name[..i], &name[i..]),
        _ => (name, ""),
    }
}

/// The names already used in each folder, compared as Windows and macOS do (ignoring case).
#[derive(Debug, Default)]
pub struct Namer {
    used: HashSet<String>,
}

impl Namer {
    /// Marks a path as taken (an item saved by an earlier run keeps its name).
    pub fn claim(&mut self, path: &str) {
        self.used.insert(path.to_lowercase());
    }

    /// A unique path `folder/name` (both already safe): `name (2).ext`, `name (3).ext`... on
    /// a clash. The same calls in the same order give the same answers (resume relies on it).
    pub fn unique(&mut self, folder: &str, name: &str) -> String {
        let (stem, ext) = split_ext(name);
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                name.to_string()
            } else {
                format!("{stem} ({n}){ext}")
            };
            let path = if folder.is_empty() {
                candidate
            } else {
                format!("{folder}/{candidate}")
            };
            if self.used.insert(path.to_lowercase()) {
                return path;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_forbidden_characters_and_device_names_are_made_safe() {
        assert_eq!(safe_name("Re: Q3/Q4 plan?"), "Re_ Q3_Q4 plan_");
        assert_eq!(safe_name("Supplier <urgent>"), "Supplier _urgent_");
        assert_eq!(safe_name("CON"), "_CON");
        assert_eq!(safe_name("nul.txt"), "_nul.txt");
        assert_eq!(safe_name("ends with dots..."), "ends with dots");
        assert_eq!(safe_name("  "), "_");
        assert_eq!(safe_name("tab\there"), "tab_here");
    }

    #[test]
    fn long_names_are_capped_keeping_the_extension() {
        let long = format!("{}.docx", "a".repeat(300));
        let safe = safe_name(&long);
        assert_eq!(safe.chars().count(), MAX_NAME);
        assert!(safe.ends_with(".docx"));
    }

    #[test]
    fn clashes_get_a_number_ignoring_case() {
        let mut n = Namer::default();
        assert_eq!(n.unique("Mail/Anna", "Hello.eml"), "Mail/Anna/Hello.eml");
        assert_eq!(
            n.unique("Mail/Anna", "hello.eml"),
            "Mail/Anna/hello (2).eml"
        );
        assert_eq!(
            n.unique("Mail/Anna", "Hello.eml"),
            "Mail/Anna/Hello (3).eml"
        );
        assert_eq!(n.unique("Mail/Bob", "Hello.eml"), "Mail/Bob/Hello.eml");
    }
}
