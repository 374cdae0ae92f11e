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

// ---- self-service products and purchases (issue 11) ----

fn sub(
    part: &str,
    status: &str,
    trial: bool,
    seats: u32,
    owner: Option<&str>,
) -> CompanySubscription {
    CompanySubscription {
        id: format!("sub-{part}"),
        commerce_subscription_id: None,
        sku_id: format!("sku-{part}"),
        sku_part_number: part.into(),
        status: status.into(),
        is_trial: trial,
        total_licenses: seats,
        created_date_time: None,
        next_lifecycle_date_time: None,
        owner_tenant_id: None,
        owner_type: Some("User".into()),
        owner_id: owner.map(str::to_string),
    }
}

fn sku(part: &str, status: &str) -> SubscribedSku {
    SubscribedSku {
        id: format!("t_{part}"),
        sku_id: format!("sku-{part}"),
        sku_part_number: part.into(),
        capability_status: status.into(),
        consumed_units: 1,
        service_plans: Vec::new(),
    }
}

#[test]
fn a_sign_up_product_blocks_the_last_step_by_name_and_not_the_subscription_steps() {
    let mut inv = inventory();
    inv.subscriptions = vec![
        sub("O365_BUSINESS_PREMIUM", "Enabled", false, 10, Some("me")),
        sub(
            "POWER_BI_STANDARD",
            "Enabled",
            true,
            1_000_000,
            Some("anna"),
        ),
    ];
    let found = self_service::self_service_products(&inv, OWN_APP).expect("found");
    assert_eq!(
        (found.severity, found.step),
        (Severity::Blocker, Some(StepId::Directory))
    );
    assert_eq!(
        found.subjects,
        ["Microsoft Fabric (Free) (ANNA (anna@bakery.example))"]
    );
    // A million free seats is not a subscription with too many licenses, nor a trial to stop.
    let all = codes(&inv);
    assert!(!all.contains(&FindingCode::TooManyLicenses), "{all:?}");
    assert!(!all.contains(&FindingCode::TrialSubscription), "{all:?}");
    let prerequisites = directory_prerequisites(&inv, OWN_APP);
    let remain = prerequisites
        .iter()
        .find(|f| f.code == FindingCode::SubscriptionsRemain)
        .expect("Business Standard remains");
    assert_eq!(remain.subjects, ["Microsoft 365 Business Standard"]);
}

#[test]
fn a_sign_up_product_only_subscribed_skus_lists_is_found_and_a_deleted_one_is_not() {
    let mut inv = inventory();
    inv.skus = vec![
        sku("FLOW_FREE", "Enabled"),
        sku("POWER_BI_STANDARD", "Deleted"),
    ];
    let found = self_service::self_service_products(&inv, OWN_APP).expect("found");
    assert_eq!(found.subjects, ["Microsoft Power Automate Free"]);
    inv.skus[0].capability_status = "Deleted".into();
    assert!(self_service::self_service_products(&inv, OWN_APP).is_none());
    // Deleted in /directory/subscriptions while /subscribedSkus is silent: gone too.
    inv.subscriptions = vec![sub("FLOW_FREE", "Deleted", true, 10_000, None)];
    assert!(self_service::self_service_products(&inv, OWN_APP).is_none());
}

#[test]
fn the_owners_word_settles_a_sign_up_product_graph_still_lists() {
    let mut inv = inventory();
    inv.subscriptions = vec![sub("POWER_BI_STANDARD", "Enabled", true, 1_000_000, None)];
    let mut record = journal(&inv);
    let before = with_answers(checks(&inv, OWN_APP), &record);
    assert_eq!(self_service_blockers(&before).len(), 1);
    record.acknowledge(SIGN_UPS_DELETED);
    let after = with_answers(checks(&inv, OWN_APP), &record);
    assert!(self_service_blockers(&after).is_empty());
    let kept = after
        .iter()
        .find(|f| f.code == FindingCode::SelfServiceProducts)
        .expect("still reported");
    assert_eq!(kept.severity, Severity::Warning);
}

#[test]
fn a_purchase_owned_by_a_person_who_is_not_an_admin_names_the_buyer() {
    let mut inv = inventory();
    inv.subscriptions = vec![
        sub("O365_BUSINESS_PREMIUM", "Enabled", false, 10, Some("me")),
        sub("POWER_BI_PRO", "Enabled", false, 2, Some("ANNA")),
    ];
    let found = self_service::self_service_purchases(&inv, OWN_APP).expect("found");
    assert_eq!(
        (found.severity, found.step),
        (Severity::Warning, Some(StepId::CancelSubscriptions))
    );
    assert_eq!(
        found.subjects,
        ["Power BI Pro (ANNA (anna@bakery.example))"]
    );
    assert!(found
        .what_to_do
        .contains("Take control of this subscription"));
    // Cancelled (Graph shows it Deleted): nothing left to say.
    inv.subscriptions[1].status = "Deleted".into();
    assert!(self_service::self_service_purchases(&inv, OWN_APP).is_none());
}

#[test]
fn without_a_buyer_graph_names_nothing_is_called_a_self_service_purchase() {
    let mut inv = inventory();
    inv.subscriptions = vec![
        sub("POWER_BI_PRO", "Enabled", false, 2, Some("me")),
        sub("VISIOCLIENT", "Enabled", false, 1, None),
        sub(
            "PROJECTPROFESSIONAL",
            "Enabled",
            false,
            1,
            Some("someone-not-here"),
        ),
    ];
    assert!(self_service::self_service_purchases(&inv, OWN_APP).is_none());
}
