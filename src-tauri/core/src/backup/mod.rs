//! The backup assistant: the data inventory, the checklist, reminders and the closure report.

use serde::{Deserialize, Serialize};

/// The owner's backup checklist and its answers (kept in the journal).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checklist {}

impl Checklist {
    /// Whether every item is answered (or the owner overrode the lock with a typed confirmation).
    pub fn is_settled(&self) -> bool {
        false
    }
}
