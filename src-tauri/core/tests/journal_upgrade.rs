//! A journal written by an earlier version still opens, keeps every action, and its closure
//! report reads in Italian with no English sentence in it.
//!
//! `fixtures/journal_v1_bakery.json` is the journal of a whole practice closure (the bakery,
//! recycle bin purged) written by the version-1 code of commit 15c2d97, unedited: English
//! action sentences, free-string notes and step states.

use closeout_core::backup::{ClosureReport, Lang};
use closeout_core::closure::{ActionCode, StepId, StepState};
use closeout_core::journal::{JournalRecord, JournalStore, SCHEMA_VERSION};
use time::OffsetDateTime;

const V1: &str = include_str!("fixtures/journal_v1_bakery.json");
const TENANT: &str = "6a0f3b2c-1d4e-4f5a-8b6c-7d8e9f0a1b2c";

/// The fixture as the app finds it in its data folder after an update.
fn open_v1() -> (tempfile::TempDir, JournalStore, JournalRecord) {
    let dir = tempfile::tempdir().unwrap();
    let store = JournalStore::new(dir.path());
    let path = store.path(TENANT).unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, V1).unwrap();
    let record = store.load(TENANT).unwrap().expect("the v1 journal opens");
    (dir, store, record)
}

#[test]
fn a_v1_journal_opens_with_every_action_as_a_code() {
    let (_dir, _store, record) = open_v1();
    let v1: serde_json::Value = serde_json::from_str(V1).unwrap();
    assert_eq!(v1["schema_version"], 1, "the fixture is a v1 journal");
    assert_eq!(record.schema_version, SCHEMA_VERSION);
    assert_eq!(record.org_name, "Crumb & Co. Bakery");
    let v1_actions = v1["actions"].as_array().unwrap();
    assert_eq!(record.actions.len(), v1_actions.len());
    for (action, old) in record.actions.iter().zip(v1_actions) {
        assert_eq!(action.key, old["key"].as_str().unwrap());
        assert_ne!(action.what.code, ActionCode::Text, "{}", action.key);
        // Said in English from its code, it is the sentence v1 wrote: nothing was lost.
        assert_eq!(action.what.english(), old["description"].as_str().unwrap());
        assert_eq!(
            action.outcome.as_ref().unwrap().request_id.as_deref(),
            old["outcome"]["request_id"].as_str()
        );
    }
    let first = &record.actions[0];
    assert_eq!(first.what.code, ActionCode::DeleteUser);
    assert_eq!(
        first.what.params["name"],
        "Sofia Romano (sofia.romano@crumbandco.com)"
    );
    assert_eq!(
        record.steps[&StepId::Directory].last_state,
        Some(StepState::Done)
    );
    assert!(record.dates.tenant_deleted_at.is_some());
}

#[test]
fn the_upgraded_journal_is_saved_in_todays_format_and_reads_back_the_same() {
    let (_dir, store, mut record) = open_v1();
    store.save(&mut record).unwrap();
    let text = std::fs::read_to_string(store.path(TENANT).unwrap()).unwrap();
    assert!(text.contains(&format!("\"schema_version\": {SCHEMA_VERSION}")));
    assert!(!text.contains("\"description\""), "no sentence is stored");
    assert_eq!(store.load(TENANT).unwrap().unwrap(), record);
}

#[test]
fn the_italian_report_of_a_v1_journal_has_no_english_sentence() {
    let (_dir, _store, record) = open_v1();
    let report = ClosureReport::from_journal(&record, OffsetDateTime::now_utc());
    let page = report.to_html(Lang::It);
    let data = ClosureReport::embedded_json(&page).unwrap();
    let html = page.replacen(data, "", 1);
    for italian in [
        "Resoconto della chiusura",
        "Elimina Sofia Romano (sofia.romano@crumbandco.com)",
        "Elimina definitivamente dal cestino: Tom Baker (tom.baker@crumbandco.com)",
        "Cambia il tuo nome utente in maria@crumbandco.onmicrosoft.com",
        "Rimuovi il dominio crumbandco.com",
        "Disattiva le impostazioni predefinite per la sicurezza",
        "Rimuovi l&#39;accesso di Closeout all&#39;organizzazione (per ultimo)",
        ">fatto<",
        "1 Utenti",
        "eliminato",
    ] {
        assert!(html.contains(italian), "{italian} missing");
    }
    for english in [
        "Delete ",
        "Remove ",
        "recycle bin",
        "Turn off",
        "sign-in name",
        ">done<",
        "Closure report",
        "Deleted",
        "Actions",
        "Step",
        "When",
    ] {
        assert!(
            !html.contains(english),
            "English in the Italian report: {english}"
        );
    }
}
