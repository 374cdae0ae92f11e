//! The words of the backup assistant for the closure report, the calendar file, the command
//! line and the window: the catalogue's `backup.item.<kind>.title` and `.step.<n>` texts
//! (`ui/i18n/<lang>.json`, read through [`Lang`]), their `{param}` placeholders filled from a
//! checklist item's parameters.

use std::collections::BTreeMap;

use super::checklist::{ChecklistItem, ItemKind};
pub use crate::lang::Lang;

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Mailbox => "mailbox",
            ItemKind::OneDrive => "one_drive",
            ItemKind::SharedSite => "shared_site",
            ItemKind::Invoices => "invoices",
            ItemKind::DnsRecords => "dns_records",
            ItemKind::CalendarsContacts => "calendars_contacts",
            ItemKind::ThirdPartyApps => "third_party_apps",
        }
    }
}

/// "hidden person 3" (key `backup.hidden_person`).
pub fn hidden_person(number: usize, lang: Lang) -> String {
    lang.fill("backup.hidden_person", &[("number", number.to_string())])
}

/// "hidden site 2" (key `backup.hidden_site`).
pub fn hidden_site(number: usize, lang: Lang) -> String {
    lang.fill("backup.hidden_site", &[("number", number.to_string())])
}

/// Fills `{param}` placeholders; unknown ones are left visible so a missing value is noticed.
pub fn fill(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = template.to_string();
    for (key, value) in params {
        out = out.replace(&format!("{{{key}}}"), value);
    }
    out
}

/// A byte count a person can read ("1.4 GB", in Italian "1,4 GB"); decimal units, as
/// Microsoft's admin center uses.
pub fn format_bytes(bytes: u64, lang: Lang) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        return format!("{bytes} B");
    }
    let number = format!("{value:.1}");
    let number = match lang {
        Lang::En => number,
        Lang::It => number.replace('.', ","),
    };
    format!("{number} {}", UNITS[unit])
}

/// An item's title and steps in the owner's language, with its parameters made readable.
pub fn render(item: &ChecklistItem, lang: Lang) -> (String, Vec<String>) {
    let mut params = item.params.clone();
    if let Some(number) = params.get("hidden_number").and_then(|n| n.parse().ok()) {
        if item.kind == ItemKind::SharedSite {
            params.insert("name".into(), hidden_site(number, lang));
            let where_ = lang.text("backup.hidden_site_where");
            params.insert("url".into(), where_.to_string());
        } else {
            params.insert("name".into(), hidden_person(number, lang));
        }
    }
    let size = match item.bytes {
        Some(bytes) => format_bytes(bytes, lang),
        None => lang.text("backup.size_unknown").to_string(),
    };
    params.insert("size".into(), size);
    // "12 items", "1 file": the count through the plural texts; an unknown one in words.
    let counted = match item.kind {
        ItemKind::Mailbox => Some("items"),
        ItemKind::OneDrive => Some("files"),
        _ => None,
    };
    if let (Some(what), Some(count)) = (counted, params.get("count")) {
        let text = match count.parse::<u64>() {
            Ok(n) => lang.plural(&format!("backup.{what}"), n),
            Err(_) => lang.fill(
                &format!("backup.{what}.other"),
                &[("count", lang.text("backup.count_unknown"))],
            ),
        };
        params.insert(what.into(), text);
    }
    for (key, unknown) in [
        ("count", "backup.count_unknown"),
        ("last_activity", "backup.never_used"),
    ] {
        if params.get(key).is_some_and(|v| v.is_empty()) {
            params.insert(key.into(), lang.text(unknown).to_string());
        }
    }
    let key = format!("backup.item.{}", item.kind.as_str());
    let title = fill(lang.text(&format!("{key}.title")), &params);
    let steps = lang
        .numbered(&format!("{key}.step"))
        .into_iter()
        .map(|s| fill(s, &params))
        .collect();
    (title, steps)
}
