//! Answers for many backup items at once, and where the backup stands as a whole.
//!
//! A company of 300 people has 600 mailbox and OneDrive items: answering them one by one is
//! what pushed owners to "Unlock without finishing the backup". So the owner can answer a
//! whole person, a whole kind ("every OneDrive: saved") or everything still open, in one
//! change of the checklist (one journal write, the same [`Answer`] as a single item gets).
//! A bulk answer only fills items still open: an answer given earlier, and above all one
//! Closeout gave from a verified backup, is never overwritten by a broad click.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::checklist::{Answer, Checklist, ChecklistItem, Choice, ItemKind};
use crate::error::{Error, ErrorCode, Result};

/// Which items a bulk answer is for. On the wire: `{"person": "anna@bakery.example"}`,
/// `{"kind": "one_drive"}`, `"open"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Selection {
    /// Every item of one person, by [`ChecklistItem::person`].
    Person(String),
    /// Every item of one kind.
    Kind(ItemKind),
    /// Everything still open.
    Open,
}

/// Where the backup stands, for the rail, "Your organization" and the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Standing {
    /// Items are still open (or the checklist is not built yet): step 1 stays locked.
    Open,
    /// Every item is answered.
    Done,
    /// The owner typed the organization's name to go on with items still open: never "done".
    Skipped {
        by: String,
        #[serde(with = "time::serde::rfc3339")]
        at: OffsetDateTime,
    },
}

impl ChecklistItem {
    /// The person the item belongs to (a mailbox or a OneDrive): the sign-in name in lower
    /// case, or `hidden:<key>` when Microsoft's reports conceal the name. `None` for the
    /// organization's own items (invoices, domains, sites, apps).
    pub fn person(&self) -> Option<&str> {
        match self.kind {
            ItemKind::Mailbox | ItemKind::OneDrive => self.id.split_once(':').map(|(_, p)| p),
            _ => None,
        }
    }

    fn matches(&self, selection: &Selection) -> bool {
        match selection {
            Selection::Person(person) => self
                .person()
                .is_some_and(|p| p.eq_ignore_ascii_case(person.trim())),
            Selection::Kind(kind) => self.kind == *kind,
            Selection::Open => true,
        }
    }
}

impl Checklist {
    /// Answers every open item in `selection` with `choice`, by whom and when; returns how
    /// many it answered. A person or kind the checklist does not have is refused
    /// (`invalid_input`), so a stale page never answers nothing while looking as if it did.
    pub fn answer_many(
        &mut self,
        selection: &Selection,
        choice: Choice,
        by: &str,
        at: OffsetDateTime,
    ) -> Result<usize> {
        if self.built_at.is_none() {
            return Err(Error::new(
                ErrorCode::StepNotReady,
                "the backup checklist is not built yet",
            ));
        }
        if !self.items.iter().any(|i| i.matches(selection)) {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!("no backup items for {selection:?}"),
            ));
        }
        let mut answered = 0;
        for item in self.items.iter_mut() {
            if item.answer.is_none() && item.matches(selection) {
                item.answer = Some(Answer {
                    choice,
                    by: by.to_string(),
                    at,
                    evidence: None,
                });
                answered += 1;
            }
        }
        Ok(answered)
    }

    /// Done only when every item is answered; skipped when the owner unlocked with items
    /// still open (answering the rest later makes it done).
    pub fn standing(&self) -> Standing {
        let all_answered = self.built_at.is_some() && self.open_items().next().is_none();
        match (&self.lock_override, all_answered) {
            (_, true) => Standing::Done,
            (Some(o), false) => Standing::Skipped {
                by: o.by.clone(),
                at: o.at,
            },
            (None, false) => Standing::Open,
        }
    }
}
