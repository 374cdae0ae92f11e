//! Journals written by older versions, brought to today's format when read (the file itself is
//! rewritten at the next save). A closure lasts weeks and an update can land in the middle:
//! the owner's progress must survive it, and the report must still say what was done.
//!
//! Version 1 kept each action as an English sentence and outcome notes as free strings
//! (`already_gone`, `done_before_restart`, `already_done`, or an error code). Version 2 keeps a
//! code and parameters ([`crate::closure::ActionText`]), an [`super::OutcomeNote`] and an error
//! code apart. A v1 sentence is read back into its code with the v1 patterns below (they are
//! what v1 wrote, frozen: the catalogue's words may change, these may not); one that matches
//! none is kept word for word as an `ActionCode::Text`, so nothing is lost.

use serde_json::{json, Map, Value};

use crate::closure::{ActionCode, StepState};
use crate::error::ErrorCode;

/// The sentences version 1 wrote, as (code, before the name, after the name), most specific
/// first ("Delete the app registration X" before "Delete X").
const V1_SENTENCES: [(ActionCode, &str, &str); 10] = [
    (
        ActionCode::RemoveOwnAccess,
        "Remove Closeout's own access to the organization (last)",
        "",
    ),
    (
        ActionCode::TurnOffSecurityDefaults,
        "Turn off security defaults",
        "",
    ),
    (
        ActionCode::TurnOffConditionalAccess,
        "Turn off the conditional access policy \"",
        "\"",
    ),
    (
        ActionCode::TurnOffPerUserMfa,
        "Turn off per-user MFA for ",
        "",
    ),
    (
        ActionCode::ChangeSignInName,
        "Change your sign-in name to ",
        "",
    ),
    (ActionCode::RemoveDomain, "Remove the domain ", ""),
    (
        ActionCode::DeleteAppRegistration,
        "Delete the app registration ",
        "",
    ),
    (
        ActionCode::DeleteEnterpriseApp,
        "Delete the enterprise app ",
        "",
    ),
    (
        ActionCode::Purge,
        "Remove ",
        " from the recycle bin for good",
    ),
    (ActionCode::DeleteUser, "Delete ", ""),
];

/// Brings a parsed journal of `version` to [`super::SCHEMA_VERSION`]; `Err` for a version
/// this build does not know (a newer app wrote it).
pub fn upgrade(mut value: Value, version: u64) -> Result<Value, String> {
    match version {
        1 => {
            v1_to_v2(&mut value);
            Ok(value)
        }
        2 => Ok(value),
        other => Err(format!("unknown schema version {other}")),
    }
}

fn v1_to_v2(value: &mut Value) {
    if let Some(actions) = value.get_mut("actions").and_then(Value::as_array_mut) {
        for action in actions.iter_mut().filter_map(Value::as_object_mut) {
            let sentence = action
                .remove("description")
                .and_then(|d| d.as_str().map(str::to_owned))
                .unwrap_or_default();
            action.insert("what".into(), what_from_sentence(&sentence));
            if let Some(outcome) = action.get_mut("outcome").and_then(Value::as_object_mut) {
                split_note(outcome);
            }
        }
    }
    if let Some(steps) = value.get_mut("steps").and_then(Value::as_object_mut) {
        for step in steps.values_mut().filter_map(Value::as_object_mut) {
            // v1 had `not_started` and any string; a state v2 does not know is simply unknown
            // until the next check, which writes it again.
            let known = step
                .get("last_state")
                .is_some_and(|s| serde_json::from_value::<StepState>(s.clone()).is_ok());
            if !known {
                step.insert("last_state".into(), Value::Null);
            }
        }
    }
    value["schema_version"] = json!(2);
}

/// A v1 sentence as `{code, params}`.
fn what_from_sentence(sentence: &str) -> Value {
    for (code, before, after) in V1_SENTENCES {
        let Some(name) = sentence
            .strip_prefix(before)
            .and_then(|rest| rest.strip_suffix(after))
        else {
            continue;
        };
        // The two sentences without a name match only as a whole.
        let named = !(before.ends_with(')') || before.ends_with("defaults"));
        if !named && name.is_empty() {
            return json!({ "code": code });
        }
        if named && !name.is_empty() {
            return json!({ "code": code, "params": { "name": name } });
        }
    }
    json!({ "code": ActionCode::Text, "params": { "text": sentence } })
}

/// v1's `note` was a marker or an error code; v2 keeps them apart.
fn split_note(outcome: &mut Map<String, Value>) {
    let Some(note) = outcome.remove("note") else {
        return;
    };
    let Some(note) = note.as_str() else {
        return;
    };
    let marker = match note {
        "already_gone" => Some("already_gone"),
        // v1 wrote both for an action found done when a run was resumed.
        "already_done" | "done_before_restart" => Some("done_before_restart"),
        _ => None,
    };
    match marker {
        Some(marker) => {
            outcome.insert("note".into(), json!(marker));
        }
        None => {
            let code =
                serde_json::from_value::<ErrorCode>(json!(note)).unwrap_or(ErrorCode::Internal);
            outcome.insert("error".into(), json!(code));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_v1_sentence_comes_back_as_its_code() {
        let cases = [
            (
                "Delete Anna Rossi (anna@bakery.example)",
                "delete_user",
                Some("Anna Rossi (anna@bakery.example)"),
            ),
            (
                "Remove anna@bakery.example from the recycle bin for good",
                "purge",
                Some("anna@bakery.example"),
            ),
            (
                "Change your sign-in name to admin@bakery.onmicrosoft.com",
                "change_sign_in_name",
                Some("admin@bakery.onmicrosoft.com"),
            ),
            (
                "Remove the domain bakery.example",
                "remove_domain",
                Some("bakery.example"),
            ),
            (
                "Turn off security defaults",
                "turn_off_security_defaults",
                None,
            ),
            (
                "Turn off the conditional access policy \"Require MFA\"",
                "turn_off_conditional_access",
                Some("Require MFA"),
            ),
            (
                "Turn off per-user MFA for Anna",
                "turn_off_per_user_mfa",
                Some("Anna"),
            ),
            (
                "Delete the app registration Payroll",
                "delete_app_registration",
                Some("Payroll"),
            ),
            (
                "Delete the enterprise app Zoom",
                "delete_enterprise_app",
                Some("Zoom"),
            ),
            (
                "Remove Closeout's own access to the organization (last)",
                "remove_own_access",
                None,
            ),
        ];
        for (sentence, code, name) in cases {
            let what = what_from_sentence(sentence);
            assert_eq!(what["code"], code, "{sentence}");
            assert_eq!(what["params"]["name"].as_str(), name, "{sentence}");
        }
    }

    #[test]
    fn a_sentence_no_pattern_knows_is_kept_word_for_word() {
        let what = what_from_sentence("Archive the team site");
        assert_eq!(
            what,
            json!({ "code": "text", "params": { "text": "Archive the team site" } })
        );
    }

    #[test]
    fn v1_notes_split_into_a_marker_or_an_error_code() {
        for (note, field, value) in [
            ("already_gone", "note", "already_gone"),
            ("already_done", "note", "done_before_restart"),
            ("done_before_restart", "note", "done_before_restart"),
            ("access_denied", "error", "access_denied"),
        ] {
            let mut outcome = json!({ "note": note });
            split_note(outcome.as_object_mut().unwrap());
            assert_eq!(outcome[field], value, "{note}");
        }
    }
}
