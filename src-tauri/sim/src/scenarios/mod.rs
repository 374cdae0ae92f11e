//! Named practice companies (and a generator of any size) that the sim starts from.
//!
//! | scenario | tenant id | organization | people | what it exercises |
//! |---|---|---|---|---|
//! | `bakery` | 6a0f3b2c-1d4e-4f5a-8b6c-7d8e9f0a1b2c | Crumb & Co. Bakery | 8 | custom domain, 2 subscriptions, security defaults on |
//! | `agency` | 2b7c9d1e-3f4a-4b5c-9d6e-8f0a1b2c3d4e | Northwind Creative | 45 | per-user MFA, 2 CA policies, app registration, third-party app, a trial, >25 licenses |
//! | `large` | 4c8d0e2f-5a6b-4c7d-8e9f-0a1b2c3d4e5f | Contoso Manufacturing | 300 | 300 seats |
//! | `synced` | 5d9e1f3a-6b7c-4d8e-9f0a-1b2c3d4e5f60 | Fabrikam Legal | 20 | directory sync on |
//! | `partner` | 7e0f2a4b-8c9d-4e0f-a1b2-c3d4e5f60718 | Tailspin Dental | 12 | a subscription bought through a partner |
//! | `not-admin` | 8f1a3b5c-9d0e-4f1a-b2c3-d4e5f6071829 | Wide World Importers | 10 | signed-in user is not an admin |
//! | `tangled` | 1b3d5f70-2a4c-4e6a-8c0e-2f4a6c8e0a1b | Adventure Works Cycles | 11 (+5 mailboxes and guests) | every blocker at once: Team, distribution list and mail-enabled security group on the domain, shared and room mailboxes, 3 guests, a federated second domain, a Microsoft Fabric (Free) sign-up and a self-service Power BI Pro purchase |
//! | `users-N` | 9a2b4c6d-0e1f-4a2b-c3d4-e5f607182930 | Benchmark Company | N | any size |
//!
//! Every named scenario also has the groups a business has ([`Builder::usual_groups`]): the
//! "All Company" Microsoft 365 group with a Team, a team's group and a security group, a
//! distribution list and the shared mailbox `info@`, all on its custom domain. The people
//! counts above are people; `info@` is one more user object (a shared mailbox is a disabled
//! user). `users-N` stays minimal for the benchmarks.

mod builder;
mod people;
mod self_service;

use crate::clock::SimClock;
use crate::state::ids::Ids;
use crate::state::subscriptions::{
    Owner, BUSINESS_BASIC, BUSINESS_PREMIUM, BUSINESS_STANDARD, EXCHANGE_PLAN1, POWER_BI_PRO,
};
use crate::state::users::{GLOBAL_ADMIN, USER_ADMIN};
use crate::state::Tenant;
use builder::Builder;

/// Who publishes Closeout (the practice app's home tenant).
pub const PUBLISHER_TENANT: &str = "3c2f5b6e-8a1d-4e7f-9b0c-1d2e3f4a5b6c";
/// Closeout's client id in the practice tenant (a public client).
pub const CLIENT_ID: &str = "5e3ce6c0-2b1f-4285-8d4b-75ee78787346";
/// A third-party publisher's tenant (the agency's Zoom enterprise app).
pub const THIRD_PARTY_TENANT: &str = "aa1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
/// The partner that sold Tailspin Dental its subscription.
pub const PARTNER_TENANT: &str = "bb2c3d4e-5f6a-4b7c-9d8e-0f1a2b3c4d5e";

/// The named scenarios (`users-N` aside), in the order people are told about them.
pub const NAMES: &[&str] = &[
    "bakery",
    "agency",
    "large",
    "synced",
    "partner",
    "not-admin",
    "tangled",
];
/// A partner whose people are guests in the tangled organization.
pub const GUEST_PARTNER_DOMAIN: &str = "fabrikam.example";

/// `Ok` for a scenario name the sim builds; else the sentence naming the ones that exist.
pub fn check_name(name: &str) -> Result<(), String> {
    let sized = name
        .strip_prefix("users-")
        .and_then(|n| n.parse::<usize>().ok())
        .is_some_and(|n| n >= 1);
    if NAMES.contains(&name) || sized {
        Ok(())
    } else {
        Err(format!(
            "unknown scenario '{name}': use {} or users-N",
            NAMES.join(", ")
        ))
    }
}

/// Builds the named scenario, or explains which names exist.
pub fn build(name: &str, ids: &mut Ids, clock: &SimClock) -> Result<Tenant, String> {
    let tenant = match name {
        "bakery" => bakery(ids, clock),
        "agency" => agency(ids, clock),
        "large" => large(ids, clock),
        "synced" => synced(ids, clock),
        "partner" => partner(ids, clock),
        "not-admin" => not_admin(ids, clock),
        "tangled" => tangled(ids, clock),
        other => match other
            .strip_prefix("users-")
            .and_then(|n| n.parse::<usize>().ok())
        {
            Some(n) if n >= 1 => generated(ids, clock, n),
            _ => {
                return Err(format!(
                    "unknown scenario '{other}': use {} or users-N",
                    NAMES.join(", ")
                ))
            }
        },
    };
    Ok(tenant)
}

/// A company with one custom domain, an admin who signs in, and `others` generated people,
/// everyone licensed on `sku` (seats = people + `spare`).
fn company(
    b: &mut Builder,
    domain: &str,
    admin: (&str, &str, &str),
    others: usize,
    sku: &crate::state::subscriptions::Sku,
    spare: u32,
) -> Vec<String> {
    if !domain.is_empty() {
        b.custom_domain(domain);
    }
    let d = b.default_domain();
    let admin_id = b.person(admin.0, admin.1, admin.2, &d, &[GLOBAL_ADMIN]);
    b.sign_in_as(&admin_id);
    let mut everyone = vec![admin_id];
    everyone.extend(b.people(others, &d));
    b.subscription(
        sku,
        everyone.len() as u32 + spare,
        false,
        false,
        12,
        Owner::Direct,
    );
    b.license(sku, &everyone);
    b.standard_apps(CLIENT_ID, PUBLISHER_TENANT);
    b.sites(&["All Company", "Shared Documents"]);
    everyone
}

fn bakery(ids: &mut Ids, clock: &SimClock) -> Tenant {
    let mut b = Builder::new(
        ids,
        clock,
        "6a0f3b2c-1d4e-4f5a-8b6c-7d8e9f0a1b2c",
        "Crumb & Co. Bakery",
        "crumbandco",
    );
    company(
        &mut b,
        "crumbandco.com",
        ("Maria", "Rossi", "maria"),
        7,
        &BUSINESS_STANDARD,
        0,
    );
    b.subscription(&EXCHANGE_PLAN1, 2, false, false, 20, Owner::Direct);
    b.usual_groups("crumbandco.com", "Kitchen", "Orders");
    b.tenant
}

fn agency(ids: &mut Ids, clock: &SimClock) -> Tenant {
    let mut b = Builder::new(
        ids,
        clock,
        "2b7c9d1e-3f4a-4b5c-9d6e-8f0a1b2c3d4e",
        "Northwind Creative",
        "northwindcreative",
    );
    let everyone = company(
        &mut b,
        "northwindcreative.com",
        ("Alex", "Morgan", "alex"),
        42,
        &BUSINESS_PREMIUM,
        0,
    );
    let d = b.default_domain();
    let second_admin = b.person("Jordan", "Lee", "jordan", &d, &[GLOBAL_ADMIN]);
    let user_admin = b.person("Sam", "Rivera", "sam", &d, &[USER_ADMIN]);
    let staff = [second_admin.clone(), user_admin.clone()];
    b.license(&BUSINESS_PREMIUM, &staff);
    b.tenant.subscriptions[0].total_licenses += 2;
    b.set_mfa(&[everyone[0].clone(), second_admin, user_admin], "enforced");
    b.set_mfa(&everyone[1..11], "enabled");
    b.set_mfa(&everyone[11..16], "enforced");
    b.tenant.security_defaults = false;
    b.ca_policy(
        "Require multifactor authentication for all users",
        &["mfa"],
        &["all"],
    );
    b.ca_policy(
        "Block legacy authentication",
        &["block"],
        &["exchangeActiveSync", "other"],
    );
    b.app_registration("Northwind Timesheets");
    b.service_principal(
        "4cb5a8e2-59c6-4f1e-8f4e-2f6a4f4f0d1a",
        "Zoom",
        THIRD_PARTY_TENANT,
    );
    b.subscription(&POWER_BI_PRO, 25, true, false, 9, Owner::Direct);
    b.license(&POWER_BI_PRO, &everyone[1..4]);
    b.usual_groups("northwindcreative.com", "Design", "Studio");
    b.tenant
}

fn large(ids: &mut Ids, clock: &SimClock) -> Tenant {
    let mut b = Builder::new(
        ids,
        clock,
        "4c8d0e2f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        "Contoso Manufacturing",
        "contosomfg",
    );
    company(
        &mut b,
        "contosomfg.com",
        ("Dana", "Whitfield", "dana"),
        299,
        &BUSINESS_STANDARD,
        0,
    );
    b.tenant.subscriptions[0].annual = true;
    b.usual_groups("contosomfg.com", "Production", "Shift leads");
    b.tenant
}

fn synced(ids: &mut Ids, clock: &SimClock) -> Tenant {
    let mut b = Builder::new(
        ids,
        clock,
        "5d9e1f3a-6b7c-4d8e-9f0a-1b2c3d4e5f60",
        "Fabrikam Legal",
        "fabrikamlegal",
    );
    b.custom_domain("fabrikamlegal.com");
    let admin = b.person(
        "IT",
        "Admin",
        "it-admin",
        "fabrikamlegal.onmicrosoft.com",
        &[GLOBAL_ADMIN],
    );
    b.sign_in_as(&admin);
    let staff = b.people(19, "fabrikamlegal.com");
    for id in &staff {
        if let Some(u) = b.tenant.users.get_mut(id) {
            u.synced = true;
        }
    }
    b.tenant.sync_enabled = true;
    let mut everyone = staff;
    everyone.push(admin);
    b.subscription(&BUSINESS_STANDARD, 20, false, false, 15, Owner::Direct);
    b.license(&BUSINESS_STANDARD, &everyone);
    b.standard_apps(CLIENT_ID, PUBLISHER_TENANT);
    b.sites(&["All Company", "Case Files"]);
    b.usual_groups("fabrikamlegal.com", "Case Files", "Partners");
    b.tenant
}

fn partner(ids: &mut Ids, clock: &SimClock) -> Tenant {
    let mut b = Builder::new(
        ids,
        clock,
        "7e0f2a4b-8c9d-4e0f-a1b2-c3d4e5f60718",
        "Tailspin Dental",
        "tailspindental",
    );
    let everyone = company(
        &mut b,
        "tailspindental.com",
        ("Robin", "Hale", "robin"),
        11,
        &BUSINESS_STANDARD,
        0,
    );
    b.tenant.subscriptions[0].owner = Owner::Partner {
        tenant_id: PARTNER_TENANT.into(),
        name: "Adatum IT Partners".into(),
        admin_id: "7c1e2d3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f".into(),
    };
    b.subscription(&EXCHANGE_PLAN1, 2, false, false, 25, Owner::Direct);
    b.license(&EXCHANGE_PLAN1, &everyone[1..3]);
    b.usual_groups("tailspindental.com", "Front Desk", "Reception");
    b.tenant
}

fn not_admin(ids: &mut Ids, clock: &SimClock) -> Tenant {
    let mut b = Builder::new(
        ids,
        clock,
        "8f1a3b5c-9d0e-4f1a-b2c3-d4e5f6071829",
        "Wide World Importers",
        "wideworldimporters",
    );
    let everyone = company(
        &mut b,
        "wideworldimporters.com",
        ("Pat", "Kim", "pat"),
        8,
        &BUSINESS_BASIC,
        0,
    );
    let d = b.default_domain();
    let chris = b.person("Chris", "Doe", "chris", &d, &[]);
    b.license(&BUSINESS_BASIC, std::slice::from_ref(&chris));
    b.tenant.subscriptions[0].total_licenses += 1;
    b.sign_in_as(&chris);
    b.usual_groups("wideworldimporters.com", "Shipping", "Customs");
    debug_assert_eq!(
        everyone.len() + 2,
        b.tenant.users.len(),
        "+ chris and info@"
    );
    b.tenant
}

/// Every blocker of issue 11 at once (minus Azure: the azure helper adds the subscription
/// behind elevation in its own block below the marked line).
fn tangled(ids: &mut Ids, clock: &SimClock) -> Tenant {
    use crate::state::groups::GroupKind::*;
    let mut b = Builder::new(
        ids,
        clock,
        "1b3d5f70-2a4c-4e6a-8c0e-2f4a6c8e0a1b",
        "Adventure Works Cycles",
        "adventureworkscycles",
    );
    let d = "adventureworks.example";
    company(
        &mut b,
        d,
        ("Kim", "Abercrombie", "kim"),
        10,
        &BUSINESS_STANDARD,
        2,
    );
    b.usual_groups(d, "Sales", "Orders");
    b.group("Finance alerts", "financealerts", d, MailEnabledSecurity);
    b.mailbox("Meeting Room 1", "room1", d, "room");
    for (given, surname, state) in [
        ("Ravi", "Shah", "Accepted"),
        ("Lena", "Okafor", "Accepted"),
        ("Tom", "Nielsen", "PendingAcceptance"),
    ] {
        b.guest(given, surname, GUEST_PARTNER_DOMAIN, state);
    }
    // A second domain whose sign-in another provider handles (the GoDaddy case).
    b.tenant.domains.push(crate::state::directory::Domain {
        name: "awcycles.example".into(),
        is_default: false,
        is_initial: false,
        authentication: "Federated",
    });
    // Last month's bill, not paid: it blocks deleting the tenant until it is.
    let now = clock.now();
    b.tenant.invoices.push(crate::state::Invoice {
        id: "G012345678".into(),
        date: now - time::Duration::days(20),
        due: now + time::Duration::days(10),
        amount: "USD 157.50".into(),
        paid: false,
    });
    // ---- Azure (the azure helper's block) ----
    // ---- Step 4 (the mfa helper's block): conditional access instead of security defaults
    // (Microsoft allows one or the other); one policy the owner can meet (a second factor)
    // and one that would keep the owner out of the admin portals on a personal computer.
    b.tenant.security_defaults = false;
    b.ca_policy(
        "Require multifactor authentication for all users",
        &["mfa"],
        &["all"],
    );
    b.tenant
        .ca_policies
        .push(crate::state::directory::CaPolicy {
            id: b.ids.guid(),
            display_name: "Admin portals only on company devices".into(),
            state: "enabled".into(),
            created: now - time::Duration::days(90),
            modified: None,
            grant_controls: &["compliantDevice"],
            client_app_types: &["browser"],
            include_applications: &["MicrosoftAdminPortals"],
        });
    // ---- Self-service products (the selfservice helper's block) ----
    self_service::add(&mut b);
    b.tenant
}

fn generated(ids: &mut Ids, clock: &SimClock, n: usize) -> Tenant {
    let initial = format!("bench{n}");
    let mut b = Builder::new(
        ids,
        clock,
        "9a2b4c6d-0e1f-4a2b-c3d4-e5f607182930",
        "Benchmark Company",
        &initial,
    );
    company(
        &mut b,
        "",
        ("Bench", "Admin", "admin"),
        n - 1,
        &BUSINESS_BASIC,
        0,
    );
    b.tenant
}

/// `SimOptions::odd_shapes`: the same organization with shapes Microsoft's schema allows and the
/// named scenarios do not otherwise have (a person and a third-party enterprise app without a
/// display name, a conditional access state from a later version of Graph).
pub fn make_odd(tenant: &mut Tenant, ids: &mut Ids, now: time::OffsetDateTime) {
    use crate::state::directory::{CaPolicy, ServicePrincipal};
    let signed_in = tenant.signed_in_user.clone();
    if let Some(person) = tenant.users.values_mut().rev().find(|u| u.id != signed_in) {
        person.display_name.clear();
    }
    let id = ids.guid();
    let app_id = ids.guid();
    tenant.service_principals.insert(
        id.clone(),
        ServicePrincipal {
            id,
            app_id,
            display_name: String::new(),
            owner_org: THIRD_PARTY_TENANT.into(),
            account_enabled: true,
        },
    );
    tenant.ca_policies.push(CaPolicy {
        id: ids.guid(),
        display_name: "Require a compliant device (preview)".into(),
        // INFERENCE: what a state added after `enabledForReportingButNotEnforced` would look
        // like to a client that does not ask for the newest enum members.
        state: "unknownFutureValue".into(),
        created: now,
        modified: None,
        grant_controls: &["compliantDevice"],
        client_app_types: &["all"],
        include_applications: &["All"],
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tenant(name: &str) -> Tenant {
        build(name, &mut Ids::new(1), &SimClock::new(1.0)).expect("scenario builds")
    }

    #[test]
    fn scenarios_have_the_documented_people_and_admins() {
        for (name, people, signed_in_is_admin) in [
            ("bakery", 9, true),
            ("agency", 46, true),
            ("large", 301, true),
            ("synced", 21, true),
            ("partner", 13, true),
            ("not-admin", 11, false),
            ("tangled", 16, true),
            ("users-5", 5, true),
        ] {
            let t = tenant(name);
            assert_eq!(t.users.len(), people, "{name}");
            let me = &t.users[&t.signed_in_user];
            assert_eq!(me.is_global_admin(), signed_in_is_admin, "{name}");
            let seats: u32 = t
                .subscriptions
                .iter()
                .map(|s| s.total_licenses)
                .max()
                .unwrap_or(0);
            assert!(
                seats as usize >= t.consumed_units(t.subscriptions[0].sku_id) as usize,
                "{name}: licenses fit"
            );
        }
        assert!(build("nope", &mut Ids::new(1), &SimClock::new(1.0)).is_err());
    }

    #[test]
    fn named_scenarios_have_a_business_s_groups_and_benchmarks_none() {
        for name in NAMES {
            let t = tenant(name);
            let team = t.groups.values().find(|g| g.display_name == "All Company");
            assert!(
                team.is_some_and(
                    |g| g.kind == crate::state::groups::GroupKind::Microsoft365 { team: true }
                ),
                "{name}: the All Company Team"
            );
            assert!(t.groups.len() >= 4, "{name}");
            assert!(
                t.groups
                    .values()
                    .any(|g| g.kind == crate::state::groups::GroupKind::Distribution),
                "{name}: a distribution list"
            );
            assert!(
                t.users
                    .values()
                    .any(|u| u.purpose == "shared" && u.upn.starts_with("info@")),
                "{name}: the shared info@ mailbox"
            );
        }
        assert!(tenant("users-5").groups.is_empty());
    }

    #[test]
    fn the_same_seed_builds_the_same_tenant() {
        let (a, b) = (tenant("agency"), tenant("agency"));
        let ids = |t: &Tenant| t.users.keys().cloned().collect::<Vec<_>>();
        assert_eq!(ids(&a), ids(&b));
    }
}
