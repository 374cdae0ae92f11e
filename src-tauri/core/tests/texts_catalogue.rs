//! The texts Rust writes come from the one catalogue per language (`ui/i18n/<lang>.json`, the
//! UI's own files) and every key Rust asks for exists in every language: the report, the
//! reminders, the backup items, the actions and the sign-in page are rendered in each language
//! and must hold no unresolved key. (`tests/ui/i18n.test.mjs` checks the catalogues agree with
//! each other, key for key and placeholder for placeholder.)

use closeout_core::backup::report::ANSWER_KEYS;
use closeout_core::backup::{
    reminders, render, Checklist, ClosureReport, DataInventory, Lang, Lifecycle, ReminderDates,
    SubscriptionChange,
};
use closeout_core::closure::{ActionCode, ActionText, FindingCode, StepId};
use closeout_core::journal::{FindingRecord, JournalRecord, Outcome, OutcomeNote};
use closeout_core::ErrorCode;
use time::macros::{date, datetime};

/// Anything that looks like a catalogue key left in a text: `report.title.final`...
fn unresolved(text: &str) -> Vec<String> {
    const NAMESPACES: [&str; 8] = [
        "action.",
        "backup.",
        "browser_page.",
        "error.",
        "reminder.",
        "report.",
        "step.",
        "subscription.",
    ];
    text.split(|c: char| !(c.is_ascii_lowercase() || c == '.' || c == '_'))
        .filter(|word| NAMESPACES.iter().any(|ns| word.starts_with(ns)) && word.len() > 8)
        .map(str::to_owned)
        .collect()
}

#[test]
fn every_language_rust_knows_has_its_catalogue_file() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/i18n");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".json").map(str::to_owned))
        .filter(|n| n != "sources")
        .collect();
    files.sort();
    let mut langs: Vec<String> = Lang::ALL.iter().map(|l| l.as_str().to_owned()).collect();
    langs.sort();
    assert_eq!(files, langs, "Lang::ALL and ui/i18n/<lang>.json");
}

#[test]
fn every_action_code_has_words_in_every_language() {
    for lang in Lang::ALL {
        for code in ActionCode::ALL
            .into_iter()
            .filter(|c| *c != ActionCode::Text)
        {
            let said = ActionText::named(code, "Anna").render(lang);
            assert!(lang.has(&code.key()), "{lang:?}: {}", code.key());
            assert!(unresolved(&said).is_empty(), "{lang:?}: {said}");
        }
    }
}

/// A journal that touches every text of the report: each result, note and error, a
/// confirmation, an override, a subscription, every step.
fn full_journal() -> JournalRecord {
    let mut j = JournalRecord::new("t-1", "Bakery", "admin", "owner@bakery.example");
    let intents: Vec<(String, ActionText)> = ActionCode::ALL
        .iter()
        .enumerate()
        .map(|(i, code)| (format!("k{i}"), ActionText::named(*code, "x")))
        .collect();
    for step in StepId::ALL {
        j.confirm(step, "Bakery");
    }
    j.intend(StepId::Users, &intents);
    let outcomes = [
        (true, Some(OutcomeNote::AlreadyGone), None),
        (true, Some(OutcomeNote::DoneBeforeRestart), None),
        (false, None, Some(ErrorCode::AccessDenied)),
        (true, None, None),
    ];
    for (i, (ok, note, error)) in outcomes.into_iter().enumerate() {
        let outcome = Outcome {
            at: datetime!(2026-11-28 10:00 UTC),
            ok,
            status: Some(204),
            request_id: None,
            note,
            error,
        };
        j.record(&format!("k{i}"), outcome);
    }
    let mut backup = Checklist::build(&DataInventory::default(), datetime!(2026-11-28 09:00 UTC));
    backup
        .override_lock("Bakery", "Bakery", "owner", datetime!(2026-11-28 09:20 UTC))
        .unwrap();
    j.backup = backup;
    // Every finding the report can list, one of them settled, and every answer it can name.
    for (i, code) in FindingCode::ALL.iter().enumerate() {
        j.findings.push(FindingRecord {
            code: *code,
            first_seen: datetime!(2026-11-27 09:00 UTC),
            subjects: vec!["Orders".into()],
            gone_at: (i == 0).then_some(datetime!(2026-11-28 09:00 UTC)),
        });
    }
    for key in ANSWER_KEYS {
        j.acknowledge_at(key, datetime!(2026-11-28 09:30 UTC));
    }
    j
}

#[test]
fn the_report_in_every_language_has_no_unresolved_key() {
    let journal = full_journal();
    let report = ClosureReport::from_journal(&journal, datetime!(2026-11-29 10:00 UTC));
    for lang in Lang::ALL {
        let page = report.to_html(lang);
        let data = ClosureReport::embedded_json(&page).unwrap();
        let html = page.replacen(data, "", 1);
        assert_eq!(unresolved(&html), Vec::<String>::new(), "{lang:?}");
        for key in [
            "report.findings.title",
            "report.findings.settled",
            "report.answers.title",
        ] {
            assert!(html.contains(lang.text(key)), "{lang:?}: {key} shown");
        }
        for item in &journal.backup.items {
            let (title, steps) = render(item, lang);
            assert!(!steps.is_empty(), "{lang:?}: {} has steps", item.id);
            for text in std::iter::once(&title).chain(&steps) {
                assert!(unresolved(text).is_empty(), "{lang:?}: {text}");
            }
        }
    }
}

#[test]
fn every_reminder_in_every_language_has_no_unresolved_key() {
    let subscriptions = [Lifecycle::Expired, Lifecycle::Disabled, Lifecycle::Deleted]
        .into_iter()
        .enumerate()
        .map(|(i, becomes)| SubscriptionChange {
            id: format!("sub-{i}"),
            name: "Microsoft 365 Business Standard".into(),
            becomes,
            at: datetime!(2026-12-10 08:30 UTC),
        })
        .collect();
    let dates = ReminderDates {
        tenant_id: "t-1".into(),
        org_name: "Bakery".into(),
        backup_deadline: Some(date!(2026 - 12 - 05)),
        subscriptions,
        deprovisioned_at: Some(datetime!(2026-12-20 14:00 UTC)),
        directory_deletable_from: Some(datetime!(2026-12-20 14:00 UTC)),
        local_offset: None,
        mail_check_on: Some(date!(2026 - 12 - 04)),
    };
    for lang in Lang::ALL {
        let all = reminders(&dates, lang);
        assert_eq!(all.len(), 7, "every kind of reminder");
        for r in all {
            for text in [&r.title, &r.description] {
                assert!(unresolved(text).is_empty(), "{lang:?}: {text}");
                assert!(!text.contains('{'), "{lang:?}: a placeholder left: {text}");
            }
        }
    }
}

#[test]
fn the_sign_in_page_in_every_language_has_no_unresolved_key() {
    for lang in Lang::ALL {
        for success in [true, false] {
            let page = closeout_core::auth::browser_page(lang, success);
            assert!(unresolved(&page).is_empty(), "{lang:?} {success}: {page}");
            assert!(page.contains(&format!("lang=\"{}\"", lang.code())));
        }
    }
}
