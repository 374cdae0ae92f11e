//! The backup checklist settles from facts: after a Closeout backup of the practice bakery, the
//! owner's mailbox and OneDrive items and the SharePoint sites' items mark themselves "Saved"
//! with the manifest line as evidence; people whose data could not be reached stay open for
//! the owner to answer; a damaged file keeps its OneDrive's or its site's item open.

mod closure_common;

use closeout_core::backup::{gather, Checklist, Choice, ItemKind};
use closeout_core::closure::inventory;
use closeout_core::export::{self, BackupOptions, Kind};
use closeout_sim::{Sim, SimOptions};
use std::sync::Arc;
use time::OffsetDateTime;

#[tokio::test]
async fn a_verified_backup_marks_its_items_saved_and_leaves_the_rest_open() {
    let sim = Sim::start(SimOptions {
        auto_consent: true,
        ..SimOptions::scenario("bakery")
    })
    .await
    .unwrap();
    let session = closure_common::signed_in(&sim).await;
    let graph = session.graph().unwrap();
    let directory = inventory::gather(&graph).await.unwrap();
    let data = gather(sim.base_url(), &session, &directory, Some(sim.client_id()))
        .await
        .unwrap();
    let now = OffsetDateTime::now_utc();
    let mut checklist = Checklist::build(&data, now);
    let open_before = checklist.open_items().count();

    let dir = tempfile::tempdir().unwrap();
    let options = BackupOptions {
        reserve_bytes: 0,
        ..BackupOptions::new(dir.path().to_path_buf())
    };
    let done = export::run(&graph, options, Arc::new(|_| {}))
        .await
        .unwrap();
    let owner = done.manifest.people[0].person.to_lowercase();
    // The bakery's sites in the usage report: All Company (the root site), Shared Documents, and
    // the Kitchen group's site (reached through the group's drive, settled by its address).
    let sites: Vec<String> = checklist
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::SharedSite)
        .map(|i| i.id.clone())
        .collect();
    assert_eq!(
        sites,
        [
            "site:https://crumbandco.sharepoint.com/",
            "site:https://crumbandco.sharepoint.com/sites/SharedDocuments",
            "site:https://crumbandco.sharepoint.com/sites/Kitchen"
        ]
    );

    // A damaged copy of one of the owner's files, and of one of All Company's, does not count
    // as saved.
    let mut damaged = checklist.clone();
    let owners = done
        .manifest
        .items
        .iter()
        .find(|i| i.kind == Kind::File && i.person.to_lowercase() == owner)
        .unwrap();
    let all_company = done
        .manifest
        .items
        .iter()
        .find(|i| i.person == "https://crumbandco.sharepoint.com/Shared%20Documents")
        .expect("All Company's library is saved");
    for file in [owners, all_company] {
        std::fs::write(dir.path().join(&file.path), b"x").unwrap();
    }
    let report = export::verify(dir.path()).unwrap();
    let settled = damaged.settle_from_backup(&done.manifest, &report.bad, now);
    assert_eq!(
        settled,
        vec![
            format!("mailbox:{owner}"),
            sites[1].clone(),
            sites[2].clone()
        ]
    );

    let settled = checklist.settle_from_backup(&done.manifest, &[], now);
    assert_eq!(
        settled,
        vec![
            format!("mailbox:{owner}"),
            format!("onedrive:{owner}"),
            sites[0].clone(),
            sites[1].clone(),
            sites[2].clone()
        ]
    );
    let site = checklist.item(&sites[0]).unwrap().answer.as_ref().unwrap();
    assert_eq!(
        site.evidence.as_deref(),
        Some("manifest.json: All Company, 8 of 8 files saved and verified")
    );
    let item = checklist.item(&format!("mailbox:{owner}")).unwrap();
    let answer = item.answer.as_ref().unwrap();
    assert_eq!(answer.choice, Choice::Saved);
    assert!(answer
        .evidence
        .as_deref()
        .unwrap()
        .starts_with("manifest.json: "));
    assert_eq!(checklist.open_items().count(), open_before - 5);
    assert!(
        !checklist.is_settled(),
        "the others' data and the rest stay for the owner"
    );
    // Settling twice changes nothing.
    assert!(checklist
        .settle_from_backup(&done.manifest, &[], now)
        .is_empty());
}
