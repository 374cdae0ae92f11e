//! The backup checklist: built from the organization's data, answered item by item by someone
//! at a time, the unsaved total, the lock and its typed override, and hidden names never shown.

use closeout_core::backup::{
    render, Checklist, Choice, DataInventory, Figures, ItemKind, Lang, Owner, PersonData,
    SharedSite,
};
use closeout_core::ErrorCode;
use time::macros::{date, datetime};

const HASH: &str = "3B1C0E5A9D6F4B7E8A2C1D0F9E8B7A61";

fn figures(bytes: u64, count: u64) -> Option<Figures> {
    Some(Figures {
        bytes: Some(bytes),
        count: Some(count),
        last_activity: Some(date!(2026 - 11 - 20)),
    })
}

fn named(upn: &str, name: &str) -> Owner {
    Owner::Named {
        user_principal_name: upn.into(),
        display_name: name.into(),
    }
}

fn agency() -> DataInventory {
    DataInventory {
        people: vec![
            PersonData {
                owner: named("anna@agency.example", "Anna Rossi"),
                mailbox: figures(2_000_000_000, 1200),
                onedrive: figures(500_000_000, 80),
            },
            PersonData {
                owner: named("new@agency.example", "New Person"),
                mailbox: None,
                onedrive: None,
            },
            PersonData {
                owner: Owner::Hidden {
                    number: 1,
                    key: HASH.to_lowercase(),
                },
                mailbox: figures(7_000_000, 9),
                onedrive: None,
            },
        ],
        sites: vec![
            SharedSite {
                name: "projects".into(),
                url: "https://agency.sharepoint.com/sites/projects".into(),
                hidden_number: None,
                site_id: "s-1".into(),
                storage_used_bytes: Some(300_000_000),
                last_activity: None,
            },
            SharedSite {
                name: String::new(),
                url: String::new(),
                hidden_number: Some(1),
                site_id: "s-2".into(),
                storage_used_bytes: Some(1_000),
                last_activity: None,
            },
        ],
        custom_domains: vec!["agency.example".into()],
        third_party_apps: vec!["Acme CRM".into(), "Zoom".into()],
        names_concealed: true,
        report_date: Some(date!(2026 - 11 - 26)),
        unavailable_reports: Vec::new(),
    }
}

fn ids(list: &Checklist) -> Vec<&str> {
    list.items.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn the_checklist_lists_every_person_site_and_owner_item_with_microsofts_instructions() {
    let list = Checklist::build(&agency(), datetime!(2026-11-28 10:00 UTC));
    assert_eq!(
        ids(&list),
        [
            "mailbox:anna@agency.example",
            "onedrive:anna@agency.example",
            "mailbox:new@agency.example",
            "mailbox:hidden:3b1c0e5a9d6f4b7e8a2c1d0f9e8b7a61",
            "site:https://agency.sharepoint.com/sites/projects",
            "site:hidden:s-2",
            "invoices",
            "dns:agency.example",
            "calendars_contacts",
            "third_party_apps",
        ]
    );
    for item in &list.items {
        assert!(
            item.help_url.starts_with("https://learn.microsoft.com/"),
            "{}: {}",
            item.id,
            item.help_url
        );
    }
    let invoices = list.item("invoices").unwrap();
    assert_eq!(invoices.kind, ItemKind::Invoices);
    assert_eq!(
        invoices.admin_url.as_deref(),
        Some("https://go.microsoft.com/fwlink/p/?linkid=2102895")
    );
    assert!(list.names_concealed);
    assert_eq!(
        list.unsaved_bytes(),
        2_000_000_000 + 500_000_000 + 7_000_000 + 300_000_000 + 1_000
    );
    let summary = list.summary();
    assert_eq!(
        (summary.total, summary.answered, summary.open_unknown_size),
        (10, 0, 1)
    );
}

#[test]
fn texts_read_plainly_in_both_languages_and_never_show_a_hash() {
    let list = Checklist::build(&agency(), datetime!(2026-11-28 10:00 UTC));
    let (title, steps) = render(list.item("mailbox:anna@agency.example").unwrap(), Lang::En);
    assert_eq!(
        title,
        "Email of Anna Rossi: 2.0 GB, 1200 items, last used 2026-11-20"
    );
    assert!(steps[1].contains("Outlook Data File (.pst)"));
    let (title, _) = render(list.item("mailbox:new@agency.example").unwrap(), Lang::It);
    assert_eq!(
        title,
        "Posta di New Person: dimensione non ancora nota, n.d. elementi, ultimo uso mai"
    );
    for lang in [Lang::En, Lang::It] {
        for item in &list.items {
            let (title, steps) = render(item, lang);
            let all = format!("{title} {}", steps.join(" "));
            assert!(!all.to_uppercase().contains(HASH), "{all}");
            assert!(!all.contains('{'), "unfilled placeholder: {all}");
        }
    }
    let (hidden, _) = render(
        list.items.iter().find(|i| i.id.contains("hidden")).unwrap(),
        Lang::En,
    );
    assert!(
        hidden.starts_with("Email of hidden person 1: 7.0 MB"),
        "{hidden}"
    );
    let (site, steps) = render(list.item("site:hidden:s-2").unwrap(), Lang::It);
    assert!(
        site.starts_with("Sito condiviso sito nascosto 1: 1,0 KB"),
        "{site}"
    );
    assert!(steps[0].contains("SharePoint"), "{steps:?}");
}

#[test]
fn settled_only_when_every_item_is_answered_and_answers_record_who_and_when() {
    let now = datetime!(2026-11-28 10:00 UTC);
    assert!(
        !Checklist::default().is_settled(),
        "an unbuilt checklist is not settled"
    );
    let mut list = Checklist::build(&agency(), now);
    assert_eq!(
        list.require_settled().unwrap_err().code,
        ErrorCode::BackupNotSettled
    );
    let all: Vec<String> = list.items.iter().map(|i| i.id.clone()).collect();
    for (n, id) in all.iter().enumerate() {
        assert!(!list.is_settled());
        let choice = if n % 2 == 0 {
            Choice::Saved
        } else {
            Choice::NotNeeded
        };
        list.answer(id, choice, "admin@agency.example", now)
            .unwrap();
    }
    assert!(list.is_settled());
    assert!(list.require_settled().is_ok());
    assert_eq!(list.unsaved_bytes(), 0);
    let anna = list
        .item("mailbox:anna@agency.example")
        .unwrap()
        .answer
        .clone()
        .unwrap();
    assert_eq!(
        (anna.choice, anna.by.as_str(), anna.at),
        (Choice::Saved, "admin@agency.example", now)
    );

    list.clear_answer("invoices");
    assert!(!list.is_settled());
    assert_eq!(
        list.answer("nope", Choice::Saved, "x", now)
            .unwrap_err()
            .code,
        ErrorCode::InvalidInput
    );
}

#[test]
fn the_override_needs_the_organizations_name_and_is_recorded() {
    let now = datetime!(2026-11-28 10:00 UTC);
    let mut list = Checklist::build(&agency(), now);
    list.answer("invoices", Choice::Saved, "admin", now)
        .unwrap();
    let err = list
        .override_lock("  ", "Agency Srl", "admin", now)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ConfirmationRequired);
    let err = list
        .override_lock("agency srl", "Agency Srl", "admin", now)
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::ConfirmationMismatch);
    assert!(!list.is_settled());
    list.override_lock(" Agency Srl ", "Agency Srl", "admin@agency.example", now)
        .unwrap();
    assert!(list.is_settled());
    let o = list.lock_override.clone().unwrap();
    assert_eq!(
        (o.typed.as_str(), o.by.as_str(), o.at),
        ("Agency Srl", "admin@agency.example", now)
    );
    assert_eq!(o.open_items, 9);
    assert_eq!(o.unsaved_bytes, list.unsaved_bytes());
}

#[test]
fn rebuilding_keeps_answers_and_the_journal_round_trips_it() {
    let now = datetime!(2026-11-28 10:00 UTC);
    let mut list = Checklist::build(&agency(), now);
    list.answer("mailbox:anna@agency.example", Choice::Saved, "admin", now)
        .unwrap();
    list.deadline = Some(date!(2026 - 12 - 05));
    let mut more = agency();
    more.people[0].mailbox = figures(2_100_000_000, 1300);
    let rebuilt = list.rebuild(&more, datetime!(2026-11-29 10:00 UTC));
    let anna = rebuilt.item("mailbox:anna@agency.example").unwrap();
    assert_eq!(anna.bytes, Some(2_100_000_000));
    assert_eq!(anna.answer.as_ref().unwrap().choice, Choice::Saved);
    assert_eq!(rebuilt.deadline, Some(date!(2026 - 12 - 05)));

    let json = serde_json::to_value(&rebuilt).unwrap();
    assert_eq!(json["items"][0]["answer"]["choice"], "saved");
    assert_eq!(json["items"][0]["kind"], "mailbox");
    assert_eq!(json["deadline"], "2026-12-05");
    let back: Checklist = serde_json::from_value(json).unwrap();
    assert_eq!(back, rebuilt);
    let old: Checklist = serde_json::from_str("{}").unwrap();
    assert_eq!(old, Checklist::default());
}

#[test]
fn bulk_answers_fill_a_person_a_kind_or_the_rest_and_never_overwrite() {
    use closeout_core::backup::{Selection, Standing};
    let now = datetime!(2026-11-28 10:00 UTC);
    let later = datetime!(2026-11-29 09:00 UTC);
    let mut list = Checklist::build(&agency(), now);
    assert_eq!(
        list.item("onedrive:anna@agency.example").unwrap().person(),
        Some("anna@agency.example")
    );
    assert_eq!(list.item("invoices").unwrap().person(), None);
    list.answer(
        "mailbox:anna@agency.example",
        Choice::NotNeeded,
        "admin",
        now,
    )
    .unwrap();

    // A whole person: only what is still open, the earlier answer stays as it was.
    let person = Selection::Person("Anna@Agency.example".into());
    let n = list
        .answer_many(&person, Choice::Saved, "owner@agency.example", later)
        .unwrap();
    assert_eq!(n, 1);
    let mail = list.item("mailbox:anna@agency.example").unwrap();
    assert_eq!(mail.answer.as_ref().unwrap().choice, Choice::NotNeeded);
    let drive = list.item("onedrive:anna@agency.example").unwrap();
    let a = drive.answer.clone().unwrap();
    assert_eq!(
        (a.choice, a.by.as_str(), a.at),
        (Choice::Saved, "owner@agency.example", later)
    );

    // A whole kind: every mailbox, the hidden person's too.
    let n = list
        .answer_many(
            &Selection::Kind(ItemKind::Mailbox),
            Choice::Saved,
            "o",
            later,
        )
        .unwrap();
    assert_eq!(n, 2, "the new person's and the hidden person's mailbox");
    assert!(list
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Mailbox)
        .all(|i| i.answer.is_some()));

    // Bad input: a person not in the list is refused and changes nothing.
    let before = list.clone();
    for bad in [
        Selection::Person("nobody@agency.example".into()),
        Selection::Person("hidden:0000".into()),
        Selection::Person(String::new()),
    ] {
        let err = list
            .answer_many(&bad, Choice::Saved, "o", later)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidInput, "{bad:?}");
    }
    assert_eq!(list, before);
    assert_eq!(list.standing(), Standing::Open);

    // The rest: everything still open, then the checklist is settled and done.
    let open = list.open_items().count();
    assert_eq!(
        list.answer_many(&Selection::Open, Choice::NotNeeded, "o", later)
            .unwrap(),
        open
    );
    assert!(list.is_settled());
    assert_eq!(list.standing(), Standing::Done);
    assert_eq!(
        Checklist::default()
            .answer_many(&Selection::Open, Choice::Saved, "o", now)
            .unwrap_err()
            .code,
        ErrorCode::StepNotReady
    );
}

#[test]
fn unlocking_with_items_open_is_skipped_never_done() {
    use closeout_core::backup::Standing;
    let now = datetime!(2026-11-28 10:00 UTC);
    let mut list = Checklist::build(&agency(), now);
    list.override_lock("Agency Srl", "Agency Srl", "admin@agency.example", now)
        .unwrap();
    assert!(list.is_settled(), "step 1 unlocks");
    assert_eq!(
        list.standing(),
        Standing::Skipped {
            by: "admin@agency.example".into(),
            at: now
        }
    );
    let wire = serde_json::to_value(list.standing()).unwrap();
    assert_eq!(wire["state"], "skipped");
    assert_eq!(wire["by"], "admin@agency.example");
}

#[test]
fn selections_read_from_the_wire_as_the_page_sends_them() {
    use closeout_core::backup::Selection;
    let read = |s: &str| serde_json::from_str::<Selection>(s).unwrap();
    assert_eq!(
        read(r#"{"person":"anna@agency.example"}"#),
        Selection::Person("anna@agency.example".into())
    );
    assert_eq!(
        read(r#"{"kind":"one_drive"}"#),
        Selection::Kind(ItemKind::OneDrive)
    );
    assert_eq!(read(r#""open""#), Selection::Open);
    assert!(serde_json::from_str::<Selection>(r#"{"kind":"everything"}"#).is_err());
}
