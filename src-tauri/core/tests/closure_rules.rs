//! The safety rules and the pure planners, on a hand-made inventory: what would be sent to
//! Microsoft, and what is refused before anything is sent.

use closeout_core::backup::Checklist;
use closeout_core::closure::inventory::Inventory;
use closeout_core::closure::model::*;
use closeout_core::closure::plan::TargetKind;
use closeout_core::closure::safety::{check_actions, check_consent, FINAL_PHASE};
use closeout_core::closure::steps::{delete_subscriptions, directory, domains, users};
use closeout_core::closure::{PortalLinks, StepId, StepOptions, StepState};
use closeout_core::journal::{timeline, JournalRecord};
use closeout_core::ErrorCode;
use time::macros::datetime;

const TENANT: &str = "0f0e0d0c-0000-4000-8000-000000000001";
const OWN_APP: &str = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";

fn user(id: &str, upn: &str) -> User {
    User {
        id: id.into(),
        user_principal_name: upn.into(),
        display_name: Some(id.to_uppercase()),
        user_type: Some("Member".into()),
        account_enabled: Some(true),
        on_premises_sync_enabled: None,
    }
}

fn inventory() -> Inventory {
    let me = user("me", "owner@bakery.example");
    Inventory {
        organization: Organization {
            id: TENANT.into(),
            display_name: "Contoso Bakery".into(),
            verified_domains: vec![],
            on_premises_sync_enabled: None,
        },
        me: me.clone(),
        my_roles: vec![DirectoryObject {
            id: "role".into(),
            odata_type: Some("#microsoft.graph.directoryRole".into()),
            role_template_id: Some(GLOBAL_ADMIN_ROLE.into()),
            display_name: Some("Global Administrator".into()),
        }],
        global_admins: vec![me.clone(), user("anna", "anna@bakery.example")],
        users: vec![
            me,
            user("anna", "anna@bakery.example"),
            user("bob", "bob@bakery.example"),
        ],
        deleted_users: vec![],
        domains: vec![
            Domain {
                id: "bakery.example".into(),
                is_default: true,
                is_initial: false,
                is_verified: true,
                authentication_type: None,
            },
            Domain {
                id: "contosobakery.onmicrosoft.com".into(),
                is_default: false,
                is_initial: true,
                is_verified: true,
                authentication_type: None,
            },
        ],
        skus: vec![],
        subscriptions: vec![],
        security_defaults: Some(SecurityDefaults { is_enabled: true }),
        conditional_access: vec![],
        applications: vec![],
        service_principals: vec![ServicePrincipal {
            id: "own-sp".into(),
            app_id: OWN_APP.into(),
            display_name: "Closeout".into(),
            app_owner_organization_id: Some("3c2f5b6e-8a1d-4e7f-9b0c-1d2e3f4a5b6c".into()),
            service_principal_type: Some("Application".into()),
            account_enabled: Some(true),
        }],
        unreadable: vec![],
        groups: vec![],
        mailbox_purposes: vec![],
        domain_references: vec![],
    }
}

fn journal() -> JournalRecord {
    JournalRecord::new(TENANT, "Contoso Bakery", "me", "owner@bakery.example")
}

fn settled(record: &mut JournalRecord) {
    let mut checklist = Checklist::default();
    checklist
        .override_lock(
            "Contoso Bakery",
            "Contoso Bakery",
            "owner",
            time::OffsetDateTime::now_utc(),
        )
        .unwrap();
    record.backup = checklist;
}

#[test]
fn step_one_deletes_everyone_but_you_and_purges_only_after_each_delete() {
    let inv = inventory();
    let plan = users::plan(
        &inv,
        &StepOptions {
            purge_deleted_users: true,
            ..StepOptions::default()
        },
        &[],
    );
    let deletes: Vec<&str> = plan
        .actions
        .iter()
        .filter(|a| a.phase == 0)
        .map(|a| a.path.as_str())
        .collect();
    assert_eq!(deletes, ["/v1.0/users/anna", "/v1.0/users/bob"]);
    let purge = plan
        .actions
        .iter()
        .find(|a| a.target == TargetKind::DeletedItem)
        .unwrap();
    assert_eq!(purge.path, "/v1.0/directory/deletedItems/anna");
    assert_eq!(purge.after.as_deref(), Some("users:delete:anna"));
    assert!(plan.undo.contains("cannot be restored"));
    check_actions(&inv, OWN_APP, &plan.actions).unwrap();
}

#[test]
fn a_plan_that_deletes_you_is_refused() {
    let inv = inventory();
    let mut plan = users::plan(&inv, &StepOptions::default(), &[]);
    plan.actions[0].target_id = "me".into();
    plan.actions[0].path = "/v1.0/users/me".into();
    assert_eq!(
        check_actions(&inv, OWN_APP, &plan.actions)
            .unwrap_err()
            .code,
        ErrorCode::WouldDeleteSelf
    );
}

#[test]
fn a_plan_that_removes_the_last_global_administrator_is_refused() {
    // Signed in as someone who is not an administrator: deleting both admins leaves none.
    let mut inv = inventory();
    inv.me = user("helper", "helper@bakery.example");
    inv.users.push(inv.me.clone());
    inv.users.retain(|u| u.id != "me");
    inv.global_admins = vec![
        user("anna", "anna@bakery.example"),
        user("bob", "bob@bakery.example"),
    ];
    let plan = users::plan(&inv, &StepOptions::default(), &[]);
    assert_eq!(
        check_actions(&inv, OWN_APP, &plan.actions)
            .unwrap_err()
            .code,
        ErrorCode::LastGlobalAdmin
    );
}

#[test]
fn closeouts_own_enterprise_app_goes_only_in_the_final_phase() {
    let mut inv = inventory();
    inv.users.retain(|u| u.id == "me");
    inv.domains.retain(|d| d.is_initial);
    let plan = directory::plan(&inv, OWN_APP, &PortalLinks::microsoft());
    let own = plan
        .actions
        .iter()
        .find(|a| a.target_id == "own-sp")
        .unwrap();
    assert_eq!(own.phase, FINAL_PHASE);
    assert_eq!(plan.actions.last().unwrap().target_id, "own-sp");
    check_actions(&inv, OWN_APP, &plan.actions).unwrap();

    let mut early = plan.actions.clone();
    early.iter_mut().for_each(|a| a.phase = 0);
    assert_eq!(
        check_actions(&inv, OWN_APP, &early).unwrap_err().code,
        ErrorCode::StepBlocked
    );
}

#[test]
fn the_directory_step_keeps_closeouts_access_while_people_remain() {
    let inv = inventory();
    let plan = directory::plan(&inv, OWN_APP, &PortalLinks::microsoft());
    assert!(plan.actions.iter().all(|a| a.target_id != "own-sp"));
    assert!(!plan.blockers.is_empty());
}

#[test]
fn destructive_steps_need_the_typed_name_and_a_settled_backup() {
    let mut record = journal();
    let code = |r: &JournalRecord, typed: Option<&str>| {
        check_consent(r, StepId::Users, typed).unwrap_err().code
    };
    assert_eq!(code(&record, None), ErrorCode::ConfirmationRequired);
    assert_eq!(code(&record, Some("  ")), ErrorCode::ConfirmationRequired);
    assert_eq!(
        code(&record, Some("Contoso")),
        ErrorCode::ConfirmationMismatch
    );
    assert_eq!(
        code(&record, Some("Contoso Bakery")),
        ErrorCode::BackupNotSettled
    );
    settled(&mut record);
    check_consent(&record, StepId::Users, Some(" Contoso Bakery ")).unwrap();
    // Portal-only steps change nothing through Graph: no confirmation needed.
    check_consent(&journal(), StepId::CancelSubscriptions, None).unwrap();
}

#[test]
fn the_domain_step_says_your_new_sign_in_name() {
    let mut inv = inventory();
    inv.users.retain(|u| u.id == "me");
    let plan = domains::plan(
        &inv,
        &StepOptions::default(),
        &PortalLinks::practice("http://127.0.0.1:1/portal"),
    );
    assert!(
        plan.notes[0].contains("owner@contosobakery.onmicrosoft.com"),
        "{:?}",
        plan.notes
    );
    assert_eq!(
        plan.actions[0].body.as_ref().unwrap()["userPrincipalName"],
        "owner@contosobakery.onmicrosoft.com"
    );
    assert_eq!(plan.actions[1].path, "/v1.0/domains/bakery.example");
    assert!(plan.blockers.is_empty());
    assert_eq!(domains::verify(&inv).state, StepState::ToDo);
}

#[test]
fn a_deleted_subscription_is_noticed_and_the_timeline_says_when_to_come_back() {
    let now = datetime!(2026-11-30 10:00 UTC);
    let mut inv = inventory();
    let mut sub = CompanySubscription {
        id: "sub-1".into(),
        commerce_subscription_id: None,
        sku_id: "sku".into(),
        sku_part_number: "O365_BUSINESS_PREMIUM".into(),
        status: "LockedOut".into(),
        is_trial: false,
        total_licenses: 10,
        created_date_time: None,
        next_lifecycle_date_time: Some(now + time::Duration::days(90)),
        owner_tenant_id: None,
        owner_type: None,
        owner_id: None,
    };
    inv.subscriptions = vec![sub.clone()];
    let shown = serde_json::to_value(&inv).unwrap();
    assert_eq!(
        shown["subscriptions"][0]["productName"],
        "Microsoft 365 Business Standard"
    );
    assert_eq!(
        shown["subscriptions"][0]["skuPartNumber"],
        "O365_BUSINESS_PREMIUM"
    );
    let mut record = journal();
    delete_subscriptions::note_dates(&mut record, &inv, now);
    let waiting = delete_subscriptions::verify(&inv, &record);
    assert_eq!(waiting.state, StepState::ToDo);
    // Named as the admin center names it, never by its part number, and with no English
    // words around it (the UI says the rest in the owner's language).
    assert_eq!(waiting.remaining, ["Microsoft 365 Business Standard"]);
    let plan = delete_subscriptions::plan(&inv, &PortalLinks::microsoft(), &record);
    let items = &plan.portal.unwrap().items;
    assert_eq!(
        items[0].id, inv.subscriptions[0].id,
        "the UI finds it by id"
    );
    assert_eq!(
        items[0].text,
        "Microsoft 365 Business Standard, 10 licenses, LockedOut"
    );
    assert_eq!(
        record.dates.subscriptions["sub-1"].name,
        "Microsoft 365 Business Standard"
    );
    record.dates.subscriptions.get_mut("sub-1").unwrap().name = "O365_BUSINESS_PREMIUM".into();
    let texts: Vec<String> = timeline(&record, now)
        .entries
        .into_iter()
        .map(|e| e.text)
        .collect();
    assert!(
        texts.contains(&"On 28 February 2027: Microsoft 365 Business Standard moves on from its 'LockedOut' state.".to_string()),
        "an older journal's part number is shown as the product: {texts:?}"
    );

    // The owner deletes it in the admin center: deprovisioning 72 hours later.
    sub.next_lifecycle_date_time = Some(datetime!(2026-12-03 10:00 UTC));
    inv.subscriptions = vec![sub];
    delete_subscriptions::note_dates(&mut record, &inv, now);
    let verification = delete_subscriptions::verify(&inv, &record);
    assert_eq!(verification.state, StepState::Waiting);
    assert_eq!(verification.until, Some(datetime!(2026-12-03 10:00 UTC)));
    record.current_step = Some(StepId::Directory);
    let line = timeline(&record, now).next.unwrap().text;
    assert!(line.starts_with("Come back on 3 December 2026"), "{line}");
}
