//! Checks on the people and accounts: who you are, sync, other admins, mailboxes that are not
//! people, guests, and the recycle bin.

use super::{finding, when_any, Finding, FindingCode::*, Severity::*};
use crate::closure::ids::same_id;
use crate::closure::inventory::Inventory;
use crate::closure::StepId;

pub fn not_global_admin(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = match inv.is_global_admin() {
        true => Vec::new(),
        false => vec![inv.me.user_principal_name.clone()],
    };
    when_any(subjects, |s| {
        finding(
            NotGlobalAdmin,
            Blocker,
            None,
            s,
            "You are not a Global Administrator of this organization.",
            "Sign in with a Global Administrator account (the person who signed up is one).",
        )
    })
}

pub fn directory_sync_on(inv: &Inventory, _: &str) -> Option<Finding> {
    let mut subjects: Vec<String> = inv
        .users
        .iter()
        .filter(|u| u.on_premises_sync_enabled == Some(true))
        .map(|u| u.label())
        .collect();
    if subjects.is_empty() && inv.sync_enabled() {
        subjects.push(inv.org_name().to_string());
    }
    when_any(subjects, |s| {
        finding(
            DirectorySyncOn,
            Blocker,
            Some(StepId::Users),
            s,
            "People are synchronized from an on-premises directory.",
            "Turn directory synchronization off first, then delete them in the cloud.",
        )
    })
}

pub fn other_global_admins(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = inv
        .global_admins
        .iter()
        .filter(|a| !same_id(&a.id, &inv.me.id))
        .map(|a| a.label())
        .collect();
    when_any(subjects, |s| {
        finding(
            OtherGlobalAdmins,
            Warning,
            Some(StepId::Users),
            s,
            "Other people are Global Administrators.",
            "They are deleted with everyone else; make sure they know.",
        )
    })
}

/// Shared, room and equipment mailboxes, by the purpose Microsoft gave their mailbox.
pub fn shared_mailboxes(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = inv
        .other_users()
        .filter_map(|u| {
            let purpose = inv.mailbox_purpose(&u.id)?;
            (purpose != "user").then(|| format!("{} ({purpose})", u.label()))
        })
        .collect();
    when_any(subjects, |s| {
        finding(
            SharedMailboxes,
            Warning,
            Some(StepId::Users),
            s,
            "Some accounts are shared, room or equipment mailboxes, not people.",
            "Step 1 deletes them with everyone else: save the mail of a shared mailbox first \
             (see Back up).",
        )
    })
}

pub fn guests(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = inv
        .other_users()
        .filter(|u| u.is_guest())
        .map(|u| u.label())
        .collect();
    when_any(subjects, |s| {
        finding(
            Guests,
            Warning,
            Some(StepId::Users),
            s,
            "People from other organizations are guests here.",
            "Step 1 removes them too: Microsoft counts guests as users when you delete the \
             organization. Their own accounts at home are not touched.",
        )
    })
}

pub fn deleted_users_in_recycle_bin(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = inv
        .deleted_users
        .iter()
        .map(|u| {
            u.user_principal_name
                .clone()
                .unwrap_or_else(|| u.id.clone())
        })
        .collect();
    when_any(subjects, |s| {
        finding(
            DeletedUsersInRecycleBin,
            Warning,
            Some(StepId::Directory),
            s,
            "Deleted people wait in the recycle bin for 30 days.",
            "The last step removes them for good.",
        )
    })
}
