//! One test per check, on a hand-made inventory: each finding appears for the fact it names
//! and only for it.

use super::*;
use crate::closure::inventory::Inventory;
use crate::closure::model::*;

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

fn domain(id: &str, initial: bool) -> Domain {
    Domain {
        id: id.into(),
        is_default: !initial,
        is_initial: initial,
        is_verified: true,
        authentication_type: Some("Managed".into()),
    }
}

fn group(name: &str, mail: Option<&str>, unified: bool, security: bool) -> Group {
    Group {
        id: format!("00000000-0000-4000-8000-{:012x}", name.len()),
        display_name: Some(name.into()),
        mail: mail.map(str::to_string),
        mail_enabled: mail.is_some(),
        security_enabled: security,
        group_types: if unified {
            vec!["Unified".into()]
        } else {
            vec![]
        },
        resource_provisioning_options: vec![],
        proxy_addresses: mail.iter().map(|m| format!("SMTP:{m}")).collect(),
    }
}

pub(crate) fn inventory() -> Inventory {
    let me = user("me", "owner@bakery.example");
    Inventory {
        organization: Organization {
            id: "0f0e0d0c-0000-4000-8000-000000000001".into(),
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
        global_admins: vec![me.clone()],
        users: vec![me, user("anna", "anna@bakery.example")],
        deleted_users: vec![],
        domains: vec![
            domain("bakery.example", false),
            domain("contosobakery.onmicrosoft.com", true),
        ],
        skus: vec![],
        subscriptions: vec![],
        security_defaults: Some(SecurityDefaults { is_enabled: true }),
        conditional_access: vec![],
        applications: vec![],
        service_principals: vec![],
        unreadable: vec![],
        groups: vec![],
        mailbox_purposes: vec![],
        domain_references: vec![],
    }
}

fn journal(inv: &Inventory) -> crate::journal::JournalRecord {
    crate::journal::JournalRecord::new(
        inv.tenant_id(),
        inv.org_name(),
        "me",
        "owner@bakery.example",
    )
}

fn codes(inv: &Inventory) -> Vec<FindingCode> {
    checks(inv, OWN_APP).into_iter().map(|f| f.code).collect()
}

#[test]
fn a_plain_bakery_has_only_its_domain_and_invoice_questions() {
    assert_eq!(
        codes(&inventory()),
        [
            FindingCode::MicrosoftPurchasedDomain,
            FindingCode::CustomDomainInUse,
            FindingCode::UnpaidInvoiceCheck
        ]
    );
}

#[test]
fn microsoft_365_and_security_groups_on_the_domain_are_for_the_domains_step() {
    let mut inv = inventory();
    let mut team = group("Sales", Some("sales@bakery.example"), true, false);
    team.resource_provisioning_options = vec!["Team".into()];
    inv.groups = vec![
        team,
        group(
            "Elsewhere",
            Some("x@contosobakery.onmicrosoft.com"),
            true,
            false,
        ),
        group("Laptops", None, false, true),
    ];
    let found = groups_on_custom_domain_of(&inv).expect("found");
    assert_eq!(found.severity, Severity::Warning);
    assert_eq!(found.step, Some(StepId::Domains));
    assert_eq!(found.subjects, ["Sales (sales@bakery.example) (Team)"]);
    assert!(distribution_of(&inv).is_none());
}

#[test]
fn distribution_lists_and_mail_enabled_security_groups_block_the_domains_step() {
    let mut inv = inventory();
    inv.groups = vec![
        group("Orders", Some("orders@bakery.example"), false, false),
        group("Alerts", Some("alerts@BAKERY.example"), false, true),
    ];
    let found = distribution_of(&inv).expect("found");
    assert_eq!(found.severity, Severity::Blocker);
    assert_eq!(found.subjects.len(), 2);
    assert!(found.what_to_do.contains("Exchange admin center"));
    assert!(groups_on_custom_domain_of(&inv).is_none());
}

#[test]
fn shared_and_room_mailboxes_are_named_with_their_purpose() {
    let mut inv = inventory();
    let mut info = user("info", "info@bakery.example");
    info.account_enabled = Some(false);
    inv.users.push(info);
    inv.mailbox_purposes = vec![
        MailboxPurpose {
            user_id: "info".into(),
            purpose: "shared".into(),
        },
        MailboxPurpose {
            user_id: "anna".into(),
            purpose: "user".into(),
        },
    ];
    let found = people::shared_mailboxes(&inv, OWN_APP).expect("found");
    assert_eq!(found.subjects, ["INFO (info@bakery.example) (shared)"]);
}

#[test]
fn guests_are_named_and_members_are_not() {
    let mut inv = inventory();
    let mut guest = user(
        "ravi",
        "ravi_fabrikam.example#EXT#@contosobakery.onmicrosoft.com",
    );
    guest.user_type = Some("Guest".into());
    inv.users.push(guest);
    let found = people::guests(&inv, OWN_APP).expect("found");
    assert_eq!(found.subjects.len(), 1);
    assert!(found.subjects[0].contains("#EXT#"));
}

#[test]
fn a_federated_domain_blocks_the_domains_step() {
    let mut inv = inventory();
    inv.domains[0].authentication_type = Some("Federated".into());
    let found = domains::federated_domain(&inv, OWN_APP).expect("found");
    assert_eq!(
        (found.severity, found.subjects.clone()),
        (Severity::Blocker, vec!["bakery.example".to_string()])
    );
}

#[test]
fn the_domain_question_is_settled_by_the_owners_answer() {
    let inv = inventory();
    let mut record = journal(&inv);
    record.acknowledge(NOT_BOUGHT_FROM_MICROSOFT);
    let found = with_answers(checks(&inv, OWN_APP), &record);
    assert!(found
        .iter()
        .all(|f| f.code != FindingCode::MicrosoftPurchasedDomain));
    assert!(found
        .iter()
        .any(|f| f.code == FindingCode::CustomDomainInUse));
}

#[test]
fn the_invoice_check_stays_until_the_owner_says_every_bill_is_paid() {
    let inv = inventory();
    let mut record = journal(&inv);
    let before = with_answers(checks(&inv, OWN_APP), &record);
    let check = before
        .iter()
        .find(|f| f.code == FindingCode::UnpaidInvoiceCheck)
        .expect("asked");
    assert_eq!(
        (check.severity, check.step),
        (Severity::Warning, Some(StepId::Directory))
    );
    record.acknowledge(NO_UNPAID_INVOICES);
    let after = with_answers(checks(&inv, OWN_APP), &record);
    assert!(after
        .iter()
        .all(|f| f.code != FindingCode::UnpaidInvoiceCheck));
}

fn groups_on_custom_domain_of(inv: &Inventory) -> Option<Finding> {
    domains::groups_on_custom_domain(inv, OWN_APP)
}

fn distribution_of(inv: &Inventory) -> Option<Finding> {
    domains::distribution_lists_on_custom_domain(inv, OWN_APP)
}
