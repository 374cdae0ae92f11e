//! Each finding code produced by a practice scenario that triggers it, and the inventory's
//! request budget (the 300-person company in at most 15 HTTP requests, groups included, and
//! the tangled one in at most 20, counted by the sim).

mod closure_common;

use closeout_core::closure::{FindingCode, Severity, StepId};
use closeout_core::ErrorCode;
use closure_common::start;
use std::collections::HashSet;

async fn codes(scenario: &str) -> HashSet<FindingCode> {
    let practice = start(scenario).await;
    let mut session = practice.session().await;
    let findings = session.checks().await.unwrap();
    for pair in findings.windows(2) {
        assert!(
            !(pair[0].severity == Severity::Warning && pair[1].severity == Severity::Blocker),
            "blockers come first"
        );
    }
    findings.iter().map(|f| f.code).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_scenario_raises_the_findings_it_is_built_for() {
    use FindingCode::*;
    let expected: &[(&str, &[FindingCode])] = &[
        ("bakery", &[CustomDomainInUse]),
        (
            "agency",
            &[
                TrialSubscription,
                TooManyLicenses,
                AppRegistrations,
                ThirdPartyEnterpriseApps,
                UndeletableEnterpriseApps,
            ],
        ),
        ("synced", &[DirectorySyncOn]),
        ("partner", &[PartnerSubscription]),
        ("not-admin", &[NotGlobalAdmin, CouldNotRead]),
    ];
    for (scenario, wanted) in expected {
        let found = codes(scenario).await;
        for code in *wanted {
            assert!(
                found.contains(code),
                "{scenario}: {code:?} missing from {found:?}"
            );
        }
        if *scenario == "bakery" {
            assert!(!found.contains(&NotGlobalAdmin) && !found.contains(&PartnerSubscription));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn other_global_administrators_are_found() {
    assert!(codes("agency")
        .await
        .contains(&FindingCode::OtherGlobalAdmins));
}

#[tokio::test(flavor = "multi_thread")]
async fn apps_left_before_deleting_the_directory_are_prerequisite_findings() {
    let practice = start("agency").await;
    let mut session = practice.session().await;
    let inventory = session.inventory().await.unwrap();
    let found: Vec<FindingCode> = closeout_core::closure::checks::directory_prerequisites(
        &inventory,
        practice.sim.client_id(),
    )
    .iter()
    .map(|f| f.code)
    .collect();
    assert!(
        found.contains(&FindingCode::ApplicationsRemain),
        "{found:?}"
    );
    assert!(
        found.contains(&FindingCode::EnterpriseAppsRemain),
        "{found:?}"
    );
    let deletable =
        closeout_core::closure::checks::third_party_apps(&inventory, practice.sim.client_id());
    assert!(deletable.contains(&"Zoom".to_string()), "{deletable:?}");
    assert!(
        !deletable.contains(&"Closeout".to_string()),
        "kept to the end"
    );
    let microsoft = inventory
        .service_principals
        .iter()
        .filter(|sp| sp.is_microsoft());
    for sp in microsoft {
        assert!(
            !deletable.contains(&sp.display_name),
            "{} cannot be deleted",
            sp.display_name
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_directory_prerequisites_and_the_recycle_bin_are_reported() {
    let practice = start("bakery").await;
    let mut session = practice.session().await;
    let before = session.verify(StepId::Directory).await.unwrap();
    let codes: Vec<FindingCode> = before.blockers.iter().map(|f| f.code).collect();
    assert!(codes.contains(&FindingCode::UsersRemain), "{codes:?}");
    assert!(
        codes.contains(&FindingCode::SubscriptionsRemain),
        "{codes:?}"
    );
    assert!(codes.contains(&FindingCode::DomainsRemain), "{codes:?}");

    closure_common::settle_backup(&mut session);
    let org = session.org_name().to_string();
    let options = Default::default();
    let cancel = Default::default();
    session
        .apply(StepId::Users, &options, Some(&org), |_| {}, &cancel)
        .await
        .unwrap();
    let after: Vec<FindingCode> = session
        .checks()
        .await
        .unwrap()
        .iter()
        .map(|f| f.code)
        .collect();
    assert!(
        after.contains(&FindingCode::DeletedUsersInRecycleBin),
        "{after:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_large_inventory_takes_at_most_15_http_requests() {
    let practice = start("large").await;
    let mut session = practice.session().await;
    let before = practice.sim.stats();
    let inventory = session.inventory().await.unwrap();
    let after = practice.sim.stats();
    assert_eq!(inventory.users.len(), 301, "300 people and info@");
    // HTTP requests on the wire, as the sim counted them (a `$batch` is one).
    let on_the_wire = after.total_http_requests - before.total_http_requests;
    let items = after.total_requests - before.total_requests;
    assert!(
        on_the_wire <= 15,
        "{on_the_wire} HTTP requests to Graph for the inventory ({items} Graph requests counting each $batch item)"
    );
    assert!(after.http_count("POST /v1.0/$batch") > before.http_count("POST /v1.0/$batch"));
    assert_eq!(
        after.count("GET /v1.0/groups") - before.count("GET /v1.0/groups"),
        1,
        "groups are read, in the batch"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tangled_organization_shows_every_blocker_before_step_1_cheaply() {
    use FindingCode::*;
    let practice = start("tangled").await;
    let mut session = practice.session().await;
    let before = practice.sim.stats();
    let findings = session.checks().await.unwrap();
    let after = practice.sim.stats();
    let on_the_wire = after.total_http_requests - before.total_http_requests;
    assert!(
        on_the_wire <= 20,
        "{on_the_wire} HTTP requests for the tangled inventory"
    );
    assert_eq!(
        after.count("GET /v1.0/users/{id}/mailboxSettings/userPurpose")
            - before.count("GET /v1.0/users/{id}/mailboxSettings/userPurpose"),
        2,
        "the purpose is read only for the two accounts that cannot sign in"
    );
    let by_code = |code: FindingCode| {
        findings
            .iter()
            .find(|f| f.code == code)
            .unwrap_or_else(|| panic!("{code:?} missing"))
    };
    let groups = by_code(GroupsOnCustomDomain);
    assert!(groups
        .subjects
        .contains(&"All Company (allcompany@adventureworks.example) (Team)".to_string()));
    assert_eq!(groups.subjects.len(), 2, "{:?}", groups.subjects);
    let lists = by_code(DistributionListsOnCustomDomain);
    assert_eq!(lists.severity, Severity::Blocker);
    assert_eq!(lists.step, Some(StepId::Domains));
    let mut subjects = lists.subjects.clone();
    subjects.sort();
    assert_eq!(
        subjects,
        [
            "Finance alerts (financealerts@adventureworks.example)",
            "Orders (orders@adventureworks.example)"
        ]
    );
    let mut mailboxes = by_code(SharedMailboxes).subjects.clone();
    mailboxes.sort();
    assert_eq!(
        mailboxes,
        [
            "Info (info@adventureworks.example) (shared)",
            "Meeting Room 1 (room1@adventureworks.example) (room)"
        ]
    );
    assert_eq!(by_code(Guests).subjects.len(), 3);
    assert_eq!(by_code(FederatedDomain).subjects, ["awcycles.example"]);
    assert_eq!(by_code(FederatedDomain).severity, Severity::Blocker);
    assert!(by_code(MicrosoftPurchasedDomain)
        .subjects
        .contains(&"adventureworks.example".to_string()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_for_another_tenant_is_refused() {
    let bakery = start("bakery").await;
    let agency = start("agency").await;
    // A token for the agency, while the bakery's tenant is pinned.
    let client = closure_common::sign_in(&agency.sim).await;
    let config = closure_common::config(&bakery.sim, bakery.dir.path());
    let err = closeout_core::closure::safety::check_tenant(&client, bakery.sim.tenant_id())
        .await
        .unwrap_err();
    assert_eq!(
        err.code,
        ErrorCode::TenantMismatch,
        "the check made before every batch"
    );
    let err = closeout_core::closure::Session::open(client, config, Some(bakery.sim.tenant_id()))
        .await
        .err()
        .expect("refused");
    assert_eq!(err.code, ErrorCode::TenantMismatch);
}
