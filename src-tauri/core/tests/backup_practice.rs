//! The backup assistant against the practice tenant on 127.0.0.1: sign in, read the closure
//! inventory and the usage reports (302 to a download address), build the checklist; with
//! concealed names, no hash is ever shown and switching the report setting brings names back.
//! Then the checklist as the closure's lock, and the report of a practice closure's actions.

mod closure_common;

use closeout_core::auth::Session;
use closeout_core::backup::{
    gather, names_concealed, render, show_real_names, Checklist, Choice, ClosureReport,
    DataInventory, ItemKind, Lang, Owner, ReportKind,
};
use closeout_core::closure::{self, inventory, CancelToken, Inventory, StepId, StepOptions};
use closeout_core::graph::GraphClient;
use closeout_core::ErrorCode;
use closeout_sim::{Sim, SimOptions};

async fn practice(scenario: &str, concealed: bool) -> (Sim, Session) {
    let sim = Sim::start(SimOptions {
        auto_consent: true,
        throttling: false,
        concealed_report_names: concealed,
        ..SimOptions::scenario(scenario)
    })
    .await
    .expect("the practice tenant starts");
    let session = closure_common::signed_in(&sim).await;
    (sim, session)
}

/// A signed-in practice tenant, its closure inventory and what the backup assistant read.
struct Gathered {
    sim: Sim,
    session: Session,
    graph: GraphClient,
    directory: Inventory,
    data: DataInventory,
}

async fn gathered(scenario: &str, concealed: bool) -> Gathered {
    let (sim, session) = practice(scenario, concealed).await;
    let graph = session.graph().unwrap();
    let directory = inventory::gather(&graph).await.unwrap();
    let data = gather(sim.base_url(), &session, &directory, Some(sim.client_id()))
        .await
        .unwrap();
    Gathered {
        sim,
        session,
        graph,
        directory,
        data,
    }
}

/// The people who are members, not guests.
fn members(directory: &Inventory) -> usize {
    directory
        .users
        .iter()
        .filter(|u| u.user_type.as_deref() != Some("Guest"))
        .count()
}

#[tokio::test]
async fn the_bakerys_checklist_has_every_person_with_real_sizes() {
    let Gathered {
        sim,
        graph,
        directory,
        data,
        ..
    } = gathered("bakery", false).await;
    assert!(!data.names_concealed);
    assert!(!names_concealed(&graph).await.unwrap());
    let unavailable: Vec<ReportKind> = data.unavailable_reports.iter().map(|(k, _)| *k).collect();
    assert!(
        !unavailable.contains(&ReportKind::Mailbox),
        "{unavailable:?}"
    );
    assert!(
        !unavailable.contains(&ReportKind::OneDrive),
        "{unavailable:?}"
    );
    let members = members(&directory);
    assert_eq!(data.people.len(), members, "{:?}", data.people);
    for person in &data.people {
        assert!(matches!(person.owner, Owner::Named { .. }));
        assert!(
            person.mailbox.as_ref().is_some_and(|m| m.bytes.is_some()),
            "{person:?}"
        );
    }

    let list = Checklist::build(&data, time::OffsetDateTime::now_utc());
    let mailboxes = list
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Mailbox)
        .count();
    assert_eq!(mailboxes, members);
    for user in directory
        .users
        .iter()
        .filter(|u| u.user_type.as_deref() != Some("Guest"))
    {
        let id = format!("mailbox:{}", user.user_principal_name.to_lowercase());
        let item = list.item(&id).unwrap_or_else(|| panic!("{id} missing"));
        let (title, _) = render(item, Lang::En);
        let name = user.display_name.clone().unwrap_or_default();
        assert!(title.contains(&name), "{title} should name {name}");
    }
    assert!(list.unsaved_bytes() > 0);
    assert!(list.item("invoices").is_some());
    assert!(
        !data.custom_domains.is_empty(),
        "the bakery has its own domain"
    );
    for domain in &data.custom_domains {
        assert!(list.item(&format!("dns:{domain}")).is_some());
    }
    sim.shutdown().await;
}

#[tokio::test]
async fn concealed_names_are_never_shown_and_can_be_revealed() {
    let Gathered {
        sim,
        session,
        graph,
        directory,
        data,
    } = gathered("bakery", true).await;
    assert!(data.names_concealed);
    assert!(names_concealed(&graph).await.unwrap());
    assert!(data
        .people
        .iter()
        .all(|p| matches!(p.owner, Owner::Hidden { .. })));
    let list = Checklist::build(&data, time::OffsetDateTime::now_utc());
    assert!(list.names_concealed);
    for item in &list.items {
        for lang in [Lang::En, Lang::It] {
            let (title, steps) = render(item, lang);
            let text = format!("{title} {}", steps.join(" "));
            let hashlike = text
                .split(|c: char| !c.is_ascii_hexdigit())
                .any(|w| w.len() >= 16);
            assert!(!hashlike, "a hash is shown: {text}");
        }
    }
    // Both reports hash the same person the same way: one entry per person, not two.
    let members = members(&directory);
    assert!(
        data.people.len() <= members + 2,
        "{} hidden people for {members}",
        data.people.len()
    );

    show_real_names(&graph).await.unwrap();
    let again = gather(sim.base_url(), &session, &directory, Some(sim.client_id()))
        .await
        .unwrap();
    assert!(!again.names_concealed);
    assert!(again
        .people
        .iter()
        .all(|p| matches!(p.owner, Owner::Named { .. })));
    sim.shutdown().await;
}

#[tokio::test]
async fn the_agencys_third_party_app_is_an_item_and_this_app_is_not() {
    let Gathered {
        sim,
        directory,
        data,
        ..
    } = gathered("agency", false).await;
    assert!(
        !data.third_party_apps.is_empty(),
        "{:?}",
        directory.service_principals
    );
    let own = directory
        .service_principals
        .iter()
        .find(|sp| sp.app_id == sim.client_id())
        .map(|sp| sp.display_name.clone());
    if let Some(own) = own {
        assert!(!data.third_party_apps.contains(&own), "{own} is this app");
    }
    let list = Checklist::build(&data, time::OffsetDateTime::now_utc());
    let apps = list.item("third_party_apps").unwrap();
    assert_eq!(
        apps.params["count"],
        data.third_party_apps.len().to_string()
    );
    assert!(
        list.items
            .iter()
            .filter(|i| i.kind == ItemKind::Mailbox)
            .count()
            >= 40
    );
    sim.shutdown().await;
}

async fn apply(
    closing: &mut closure::Session,
    step: StepId,
    org: &str,
) -> closeout_core::Result<closure::Applied> {
    let options = StepOptions::default();
    closing
        .apply(step, &options, Some(org), |_| {}, &CancelToken::default())
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_checklist_locks_the_closure_and_the_report_holds_every_action() {
    let (sim, auth) = practice("bakery", false).await;
    let data_dir = tempfile::tempdir().unwrap();
    let config = closure_common::config(&sim, data_dir.path());
    let mut closing = closure::Session::open(auth.graph().unwrap(), config, Some(sim.tenant_id()))
        .await
        .unwrap();
    let org = closing.org_name().to_string();
    let directory = closing.inventory().await.unwrap();
    let data = gather(sim.base_url(), &auth, &directory, Some(sim.client_id()))
        .await
        .unwrap();
    let mut checklist = Checklist::build(&data, time::OffsetDateTime::now_utc());
    closing.set_backup(checklist.clone()).unwrap();
    let locked = apply(&mut closing, StepId::Users, &org).await.unwrap_err();
    assert_eq!(locked.code, ErrorCode::BackupNotSettled, "{locked}");

    let ids: Vec<String> = checklist.items.iter().map(|i| i.id.clone()).collect();
    for id in &ids {
        let at = time::OffsetDateTime::now_utc();
        checklist
            .answer(id, Choice::Saved, &directory.me.user_principal_name, at)
            .unwrap();
    }
    closing.set_backup(checklist).unwrap();
    for step in [StepId::Users, StepId::Domains] {
        let applied = apply(&mut closing, step, &org).await.unwrap();
        assert!(
            applied.report.failed.is_empty(),
            "{step}: {:?}",
            applied.report.failed
        );
    }

    let journal = closing.journal();
    assert!(journal.actions.len() > 1, "{:?}", journal.actions);
    let report = ClosureReport::from_journal(journal, time::OffsetDateTime::now_utc());
    let html = report.to_html(Lang::En);
    for action in &journal.actions {
        let outcome = action
            .outcome
            .as_ref()
            .expect("every action has its outcome");
        let request_id = outcome
            .request_id
            .as_deref()
            .expect("Microsoft's request id");
        let said = action.what.render(Lang::En);
        assert!(html.contains(&said), "{said}");
        assert!(html.contains(request_id), "{request_id} of {}", action.key);
    }
    assert_eq!(report.actions.len(), journal.actions.len());
    assert_eq!(report.backup_summary.answered, report.backup_summary.total);
    assert!(report.backup.lock_override.is_none());
    assert!(html.contains(&journal.admin_upn));
    sim.shutdown().await;
}
