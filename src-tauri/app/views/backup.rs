//! The "Back up" page's views: the checklist's items in the owner's language, grouped by
//! person, with the totals the page shows. Both the checklist commands and a backup run
//! (which settles items) answer with [`BackupView`].

use closeout_core::backup::{self, texts, Checklist, ChecklistSummary, Standing};
use serde::Serialize;

/// One item as the page shows it, in the owner's language.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    pub id: String,
    pub kind: backup::ItemKind,
    pub title: String,
    pub steps: Vec<String>,
    pub bytes: Option<u64>,
    pub help_url: String,
    pub admin_url: Option<String>,
    pub answer: Option<backup::Answer>,
    /// The person the page groups it under ([`backup::ChecklistItem::person`]) and their name
    /// as shown ("hidden person 3" when Microsoft conceals it); `None` for the organization's.
    pub person: Option<String>,
    pub person_name: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupView {
    pub items: Vec<ItemView>,
    pub summary: SummaryView,
    pub names_concealed: bool,
    pub overridden: bool,
    /// Done, open, or skipped by whom and when (never "done" after the typed unlock).
    pub standing: Standing,
}

/// The checklist as the page shows it (also after a backup run settled some of it).
pub fn checklist_view(checklist: &Checklist, tag: &str) -> BackupView {
    let items = checklist
        .items
        .iter()
        .map(|item| {
            let lang = texts::Lang::from_tag(tag);
            let (title, steps) = texts::render(item, lang);
            let person_name = item.person().map(|_| match item.params.get("name") {
                Some(name) => name.clone(),
                None => {
                    let number = item.params.get("hidden_number");
                    texts::hidden_person(number.and_then(|n| n.parse().ok()).unwrap_or(0), lang)
                }
            });
            ItemView {
                id: item.id.clone(),
                kind: item.kind,
                title,
                steps,
                bytes: item.bytes,
                help_url: item.help_url.clone(),
                admin_url: item.admin_url.clone(),
                answer: item.answer.clone(),
                person: item.person().map(str::to_string),
                person_name,
            }
        })
        .collect();
    BackupView {
        items,
        summary: checklist.summary().into(),
        names_concealed: checklist.names_concealed,
        overridden: checklist.lock_override.is_some(),
        standing: checklist.standing(),
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryView {
    pub total: usize,
    pub answered: usize,
    pub unsaved_bytes: u64,
    pub open_unknown_size: usize,
    pub settled: bool,
}

impl From<ChecklistSummary> for SummaryView {
    fn from(s: ChecklistSummary) -> Self {
        SummaryView {
            total: s.total,
            answered: s.answered,
            unsaved_bytes: s.unsaved_bytes,
            open_unknown_size: s.open_unknown_size,
            settled: s.settled,
        }
    }
}
