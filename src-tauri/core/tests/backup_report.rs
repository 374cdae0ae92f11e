//! The closure report, checked against the journal it is made from: every action with its time
//! and Microsoft request id, the backup answers and override, the subscriptions, the deletion
//! date; self-contained HTML (no script, nothing loaded from elsewhere) with everything escaped.

use closeout_core::backup::{
    Checklist, ChecklistItem, Choice, ClosureReport, DataInventory, Lang, ReportStage,
};
use closeout_core::closure::{ActionCode, ActionText, StepId};
use closeout_core::journal::{JournalRecord, JournalStore, Outcome, SubscriptionDates};
use closeout_core::ErrorCode;
use time::macros::datetime;
use time::OffsetDateTime;

const TENANT: &str = "11111111-2222-3333-4444-555555555555";
const ORG: &str = "Bakery <script>alert(1)</script> & Co";

/// A journal shaped like a practice closure: people deleted (one failure, one interrupted),
/// domains removed, a typed confirmation, subscriptions, an answered checklist.
fn closure_journal() -> JournalRecord {
    let mut j = JournalRecord::new(TENANT, ORG, "admin-id", "owner@bakery.example");
    let people: Vec<(String, ActionText)> = (1..=8)
        .map(|n| {
            (
                format!("users:delete:u{n}"),
                ActionText::named(
                    ActionCode::DeleteUser,
                    format!("Person {n} (p{n}@bakery.example)"),
                ),
            )
        })
        .collect();
    j.confirm(StepId::Users, ORG);
    j.intend(StepId::Users, &people);
    for (n, (key, _)) in people.iter().enumerate() {
        let outcome = Outcome {
            at: datetime!(2026-11-28 10:00 UTC) + time::Duration::seconds(n as i64),
            ok: n != 3,
            status: Some(if n == 3 { 403 } else { 204 }),
            request_id: Some(format!("req-{n}-0d3c")),
            note: None,
            error: (n == 3).then_some(ErrorCode::AccessDenied),
        };
        if n != 7 {
            j.record(key, outcome);
        }
    }
    j.intend(
        StepId::Domains,
        &[(
            "domains:delete:bakery.example".into(),
            ActionText::named(ActionCode::RemoveDomain, "bakery.example"),
        )],
    );
    j.record(
        "domains:delete:bakery.example",
        Outcome {
            at: datetime!(2026-11-28 10:05 UTC),
            ok: true,
            status: Some(204),
            request_id: Some("req-domain-77".into()),
            note: None,
            error: None,
        },
    );
    j.dates.subscriptions.insert(
        "sub-1".into(),
        SubscriptionDates {
            // As journals before product names stored it.
            name: "O365_BUSINESS_PREMIUM".into(),
            status: "Suspended".into(),
            next_lifecycle: Some(datetime!(2027-02-26 00:00 UTC)),
            deleted_by_owner_at: Some(datetime!(2026-11-28 11:00 UTC)),
        },
    );
    let mut backup = Checklist::build(&DataInventory::default(), datetime!(2026-11-28 09:00 UTC));
    backup
        .answer(
            "invoices",
            Choice::Saved,
            "owner@bakery.example",
            datetime!(2026-11-28 09:10 UTC),
        )
        .unwrap();
    backup
        .override_lock(
            ORG,
            ORG,
            "owner@bakery.example",
            datetime!(2026-11-28 09:20 UTC),
        )
        .unwrap();
    j.backup = backup;
    j
}

/// The journal as the app would read it back from disk.
fn saved_and_loaded(mut journal: JournalRecord) -> JournalRecord {
    let dir = tempfile::tempdir().unwrap();
    let store = JournalStore::new(dir.path());
    store.save(&mut journal).unwrap();
    store.load(TENANT).unwrap().unwrap()
}

#[test]
fn the_report_holds_every_journal_action_with_time_and_request_id() {
    let journal = saved_and_loaded(closure_journal());
    let report = ClosureReport::from_journal(&journal, OffsetDateTime::now_utc());
    assert_eq!(report.stage, ReportStage::Progress);
    assert_eq!(report.actions.len(), journal.actions.len());
    let html = report.to_html(Lang::En);
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    for (action, in_json) in journal
        .actions
        .iter()
        .zip(json["actions"].as_array().unwrap())
    {
        assert_eq!(in_json["key"], action.key.as_str());
        assert_eq!(in_json["what"]["code"], action.what.code.as_str());
        let said = action.what.render(Lang::En);
        assert!(html.contains(&said), "{said} missing from HTML");
        match &action.outcome {
            Some(outcome) => {
                let id = outcome.request_id.as_deref().unwrap();
                assert_eq!(in_json["request_id"], id);
                assert!(html.contains(id), "{id} missing from HTML");
                assert_eq!(in_json["ok"], outcome.ok);
            }
            None => assert!(in_json["ok"].is_null()),
        }
    }
    assert!(html.contains("403, Your account is not allowed to do this."));
    assert!(
        html.contains("no result recorded"),
        "the interrupted action is visible"
    );
    assert!(html.contains("2026-11-28 10:05 UTC"));
    assert!(html.contains("owner@bakery.example"));
    assert!(html.contains("Microsoft 365 Business Standard") && html.contains("Suspended"));
    assert!(!html.contains("O365_BUSINESS_PREMIUM"), "no part number");
    assert!(html.contains("Invoices and billing history") && html.contains("saved"));
    assert!(html.contains("The owner went on without finishing the backup"));
    assert!(
        html.contains("Skipped by owner@bakery.example on 2026-11-28 09:20 UTC"),
        "the backup is skipped, never done"
    );
    assert!(report
        .to_html(Lang::It)
        .contains("Saltato da owner@bakery.example il 2026-11-28 09:20 UTC"));
    assert_eq!(json["backup"]["override"]["by"], "owner@bakery.example");
    assert_eq!(json["closed_by"], "owner@bakery.example");
    assert!(html.contains("Directory deleted</dt><dd>not yet"));
}

#[test]
fn the_html_is_self_contained_and_escapes_what_people_typed() {
    let report = ClosureReport::from_journal(&closure_journal(), OffsetDateTime::now_utc());
    for lang in [Lang::En, Lang::It] {
        let page = report.to_html(lang);
        // The one script element is the inert JSON data block; the rest of the page is checked.
        let data = ClosureReport::embedded_json(&page).expect("the data block");
        let html = page.replacen(data, "", 1).to_lowercase();
        assert_eq!(
            html.matches("<script").count(),
            1,
            "only the data block, and the typed name is escaped"
        );
        assert!(html.contains("<script type=\"application/json\" id=\"closeout-report-data\">"));
        assert!(html.starts_with("<!doctype html>"));
        for external in [
            "src=", "href=", "<link", "@import", "url(", "<iframe", "<img", "http://", "https://",
        ] {
            assert!(!html.contains(external), "{external} found");
        }
        assert!(html.contains("bakery &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        assert!(html.contains("@media print"));
    }
    assert!(report
        .to_html(Lang::It)
        .contains("Resoconto intermedio della chiusura"));
}

/// The JSON travels inside the HTML (one file written, the one the owner chose), reads back
/// as the same report, and a typed name cannot close its block.
#[test]
fn the_html_carries_the_report_data_and_nothing_typed_closes_it() {
    let mut journal = closure_journal();
    journal.org_name = "Evil </script><script>alert(1)</script><!-- co".into();
    let report = ClosureReport::from_journal(&journal, OffsetDateTime::now_utc());
    let html = report.to_html(Lang::En);
    let data = ClosureReport::embedded_json(&html).expect("the data block");
    assert!(!data.contains('<'), "every < is escaped: {data}");
    let back: ClosureReport = serde_json::from_str(data).unwrap();
    assert_eq!(back, report);
    assert_eq!(back.organization, journal.org_name);
    assert_eq!(html.matches("</script>").count(), 1, "{html}");
    assert_eq!(ClosureReport::embedded_json("<html></html>"), None);
}

#[test]
fn once_the_directory_is_deleted_the_report_is_final_and_says_when() {
    let mut journal = closure_journal();
    journal.dates.tenant_deleted_at = Some(datetime!(2026-12-21 09:30 UTC));
    let report = ClosureReport::from_journal(&journal, datetime!(2026-12-21 10:00 UTC));
    assert_eq!(report.stage, ReportStage::Final);
    let html = report.to_html(Lang::En);
    assert!(html.contains("<title>Closure report - "));
    assert!(html.contains("Directory deleted</dt><dd>2026-12-21 09:30 UTC"));
    let back: ClosureReport = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(back, report);
    let item: &ChecklistItem = back.backup.item("invoices").unwrap();
    assert_eq!(item.answer.as_ref().unwrap().choice, Choice::Saved);
}
