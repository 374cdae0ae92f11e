//! Helpers that assemble a tenant for a scenario: people, licenses, subscriptions, apps.

use crate::clock::SimClock;
use crate::state::content::{hash_str, mix};
use crate::state::directory::{
    Application, CaPolicy, Domain, ServicePrincipal, Site, FIRST_PARTY_APPS, MICROSOFT_TENANT,
};
use crate::state::groups::{Group, GroupKind};
use crate::state::ids::{derived_guid, Ids};
use crate::state::subscriptions::{LifeState, Owner, Sku, Subscription};
use crate::state::users::{User, ROLES};
use crate::state::Tenant;
use rand::Rng;
use std::collections::{BTreeMap, HashSet};
use time::{Duration, OffsetDateTime};

use super::people::{self, JOBS};

pub struct Builder<'a> {
    pub ids: &'a mut Ids,
    pub now: OffsetDateTime,
    pub tenant: Tenant,
    upns: HashSet<String>,
    generated: usize,
}

impl<'a> Builder<'a> {
    pub fn new(
        ids: &'a mut Ids,
        clock: &SimClock,
        tenant_id: &str,
        name: &str,
        initial: &str,
    ) -> Self {
        let now = clock.now();
        let role_ids: BTreeMap<&'static str, String> =
            ROLES.iter().map(|(t, _, _)| (*t, ids.guid())).collect();
        let tenant = Tenant {
            id: tenant_id.to_string(),
            display_name: name.to_string(),
            created: now - Duration::days(3 * 365),
            domains: vec![Domain {
                name: format!("{initial}.onmicrosoft.com"),
                is_default: true,
                is_initial: true,
                authentication: "Managed",
            }],
            users: BTreeMap::new(),
            deleted_users: BTreeMap::new(),
            role_ids,
            subscriptions: Vec::new(),
            security_defaults: true,
            ca_policies: Vec::new(),
            applications: BTreeMap::new(),
            deleted_applications: BTreeMap::new(),
            service_principals: BTreeMap::new(),
            sites: Vec::new(),
            sync_enabled: false,
            concealed_names: false,
            signed_in_user: String::new(),
            deleted_at: None,
            groups: BTreeMap::new(),
            deleted_groups: BTreeMap::new(),
            invoices: Vec::new(),
        };
        Builder {
            ids,
            now,
            tenant,
            upns: HashSet::new(),
            generated: 0,
        }
    }

    /// Adds a custom, verified domain and makes it the default.
    pub fn custom_domain(&mut self, name: &str) {
        for d in &mut self.tenant.domains {
            d.is_default = false;
        }
        self.tenant.domains.push(Domain {
            name: name.into(),
            is_default: true,
            is_initial: false,
            authentication: "Managed",
        });
    }

    pub fn default_domain(&self) -> String {
        self.tenant
            .domains
            .iter()
            .find(|d| d.is_default)
            .map(|d| d.name.clone())
            .unwrap_or_default()
    }

    /// Adds a person with the given sign-in name (local part) and roles; returns the id.
    pub fn person(
        &mut self,
        given: &str,
        surname: &str,
        local: &str,
        domain: &str,
        roles: &[&'static str],
    ) -> String {
        let mut upn = format!("{local}@{domain}").to_ascii_lowercase();
        let mut n = 2;
        while self.upns.contains(&upn) {
            upn = format!("{local}{n}@{domain}").to_ascii_lowercase();
            n += 1;
        }
        self.upns.insert(upn.clone());
        let id = self.ids.guid();
        let rng = self.ids.rng();
        let job = JOBS[rng.gen_range(0..JOBS.len())];
        let user = User {
            id: id.clone(),
            display_name: format!("{given} {surname}"),
            given_name: given.into(),
            surname: surname.into(),
            mail: Some(upn.clone()),
            upn,
            job_title: Some(job.into()),
            user_type: "Member",
            account_enabled: true,
            synced: false,
            created: self.now - Duration::days(rng.gen_range(30..900)),
            licenses: Vec::new(),
            roles: roles.to_vec(),
            mfa: "disabled",
            mfa_registered: false,
            mailbox_bytes: rng.gen_range(50_000_000..20_000_000_000),
            mailbox_items: rng.gen_range(100..60_000),
            onedrive_bytes: rng.gen_range(0..40_000_000_000),
            onedrive_files: rng.gen_range(0..25_000),
            last_activity: self.now - Duration::days(rng.gen_range(0..14)),
            deleted_at: None,
            purpose: "user",
            external_state: None,
        };
        self.tenant.users.insert(id.clone(), user);
        id
    }

    /// Adds `count` generated people on `domain`; returns their ids.
    pub fn people(&mut self, count: usize, domain: &str) -> Vec<String> {
        (0..count)
            .map(|_| {
                let (given, surname) = people::person(self.generated);
                self.generated += 1;
                let local = format!("{}.{}", given, surname);
                self.person(given, surname, &local, domain, &[])
            })
            .collect()
    }

    pub fn sign_in_as(&mut self, id: &str) {
        self.tenant.signed_in_user = id.to_string();
    }

    /// Adds a subscription; `renews_in_days` places its next lifecycle date.
    pub fn subscription(
        &mut self,
        sku: &Sku,
        licenses: u32,
        trial: bool,
        annual: bool,
        renews_in_days: i64,
        owner: Owner,
    ) -> usize {
        let sub = Subscription {
            id: self.ids.guid(),
            commerce_id: self.ids.guid(),
            sku_id: sku.id,
            sku_part: sku.part,
            product_name: sku.name,
            service_plans: sku.plans,
            total_licenses: licenses,
            is_trial: trial,
            annual,
            recurring_billing: !trial,
            created: self.now - Duration::days(if trial { 30 - renews_in_days } else { 400 }),
            state: LifeState::Active,
            next_lifecycle: Some(self.now + Duration::days(renews_in_days)),
            cancelled_by_customer: false,
            marked_for_deletion: false,
            owner,
        };
        self.tenant.subscriptions.push(sub);
        self.tenant.subscriptions.len() - 1
    }

    /// Assigns the SKU to the given users.
    pub fn license(&mut self, sku: &Sku, users: &[String]) {
        for id in users {
            if let Some(u) = self.tenant.users.get_mut(id) {
                u.licenses.push(sku.id.to_string());
            }
        }
    }

    pub fn set_mfa(&mut self, users: &[String], state: &'static str) {
        for id in users {
            if let Some(u) = self.tenant.users.get_mut(id) {
                u.mfa = state;
                u.mfa_registered = state == "enforced";
            }
        }
    }

    /// Microsoft's first-party service principals plus Closeout's own enterprise app.
    pub fn standard_apps(&mut self, client_id: &str, publisher: &str) {
        for (app_id, name) in FIRST_PARTY_APPS {
            self.service_principal(app_id, name, MICROSOFT_TENANT);
        }
        self.service_principal(client_id, "Closeout", publisher);
    }

    pub fn service_principal(&mut self, app_id: &str, name: &str, owner: &str) -> String {
        let id = self.ids.guid();
        let sp = ServicePrincipal {
            id: id.clone(),
            app_id: app_id.into(),
            display_name: name.into(),
            owner_org: owner.into(),
            account_enabled: true,
        };
        self.tenant.service_principals.insert(id.clone(), sp);
        id
    }

    /// An app registration owned by this tenant, with its service principal.
    pub fn app_registration(&mut self, name: &str) {
        let app = Application {
            id: self.ids.guid(),
            app_id: self.ids.guid(),
            display_name: name.into(),
            sign_in_audience: "AzureADMyOrg",
            created: self.now - Duration::days(200),
            deleted_at: None,
        };
        let tenant_id = self.tenant.id.clone();
        self.service_principal(&app.app_id, name, &tenant_id);
        self.tenant.applications.insert(app.id.clone(), app);
    }

    /// SharePoint team sites owned by the signed-in admin, with seeded sizes.
    pub fn sites(&mut self, names: &[&str]) {
        let owner = self.tenant.signed_in_user.clone();
        for name in names {
            let id = self.ids.guid();
            let rng = self.ids.rng();
            let site = Site {
                id,
                name: name.to_string(),
                template: if *name == "All Company" {
                    "Communication Site"
                } else {
                    "Team Site"
                },
                owner: owner.clone(),
                storage_bytes: rng.gen_range(1_000_000..30_000_000_000),
                files: rng.gen_range(10..40_000),
                page_views: rng.gen_range(0..5_000),
                group: None,
            };
            self.tenant.sites.push(site);
        }
    }

    pub fn ca_policy(
        &mut self,
        name: &str,
        grant: &'static [&'static str],
        clients: &'static [&'static str],
    ) {
        let policy = CaPolicy {
            id: self.ids.guid(),
            display_name: name.into(),
            state: "enabled".into(),
            created: self.now - Duration::days(120),
            modified: None,
            grant_controls: grant,
            client_app_types: clients,
            include_applications: &["All"],
        };
        self.tenant.ca_policies.push(policy);
    }
}

/// Groups, mailboxes that are not people, and guests (issue 11's real small business).
impl Builder<'_> {
    /// Adds a group; `local` is its mail nickname and, for the mail-enabled kinds, the address
    /// on `domain`. Returns the id.
    pub fn group(&mut self, name: &str, local: &str, domain: &str, kind: GroupKind) -> String {
        let id = self.ids.guid();
        let rng = self.ids.rng();
        let group = Group {
            id: id.clone(),
            display_name: name.into(),
            description: Some(format!("{name} at {}", self.tenant.display_name)),
            mail_nickname: local.into(),
            mail: kind
                .mail_enabled()
                .then(|| format!("{local}@{domain}").to_ascii_lowercase()),
            kind,
            created: self.now - Duration::days(rng.gen_range(60..900)),
            deleted_at: None,
        };
        if matches!(group.kind, GroupKind::Microsoft365 { .. }) {
            self.group_site(&id, name);
        }
        self.tenant.groups.insert(id.clone(), group);
        id
    }

    /// A Microsoft 365 group's SharePoint site: Microsoft creates one for every such group
    /// (Teams included). A site of the same name made before (All Company) becomes the
    /// group's; otherwise a new one, with the template the site usage report gives
    /// group-connected sites (INFERENCE: "Group"). Its id and sizes derive from the group's
    /// id, so adding it leaves the scenario's other seeded values as they were.
    fn group_site(&mut self, group_id: &str, name: &str) {
        let owner = self.tenant.signed_in_user.clone();
        if let Some(site) = self.tenant.sites.iter_mut().find(|s| s.name == name) {
            site.group = Some(group_id.to_string());
            return;
        }
        let id = derived_guid(group_id, 0x5173);
        let (a, b) = (hash_str(&id), mix(hash_str(&id)));
        self.tenant.sites.push(Site {
            id,
            name: name.to_string(),
            template: "Group",
            owner,
            storage_bytes: 1_000_000 + a % 5_000_000_000,
            files: 10 + b % 4_000,
            page_views: a % 2_000,
            group: Some(group_id.to_string()),
        });
    }

    /// A shared, room or equipment mailbox: a user object whose account cannot sign in.
    pub fn mailbox(
        &mut self,
        name: &str,
        local: &str,
        domain: &str,
        purpose: &'static str,
    ) -> String {
        let id = self.person(name, "", local, domain, &[]);
        if let Some(u) = self.tenant.users.get_mut(&id) {
            u.display_name = name.into();
            u.surname.clear();
            u.job_title = None;
            u.account_enabled = false;
            u.purpose = purpose;
        }
        id
    }

    /// A guest from a partner: `#EXT#` sign-in name on the initial domain, mail at home.
    pub fn guest(&mut self, given: &str, surname: &str, home: &str, state: &'static str) -> String {
        let home_mail = format!("{}.{}@{home}", given, surname).to_ascii_lowercase();
        let initial = self.tenant.initial_domain().to_string();
        let local = format!("{}#EXT#", home_mail.replace('@', "_"));
        let id = self.person(given, surname, &local, &initial, &[]);
        if let Some(u) = self.tenant.users.get_mut(&id) {
            // Microsoft keeps the `#EXT#` marker in capitals.
            u.upn = format!("{}#EXT#@{initial}", home_mail.replace('@', "_"));
            u.user_type = "Guest";
            u.mail = Some(home_mail);
            u.job_title = None;
            u.external_state = Some(state);
            u.mailbox_bytes = 0;
            u.mailbox_items = 0;
            u.onedrive_bytes = 0;
            u.onedrive_files = 0;
        }
        id
    }

    /// What every business of some size has: the "All Company" Microsoft 365 group with a Team,
    /// a team's Microsoft 365 group and a security group for devices.
    /// The groups and mailbox a small business has on its domain: the "All Company" Team, a
    /// team's Microsoft 365 group, a security group, the distribution list `list` and the
    /// shared `info@` mailbox (the survey behind issue 11: nearly every small business has
    /// an info@ address and a list that reaches a few people).
    pub fn usual_groups(&mut self, domain: &str, team: &str, list: &str) {
        self.group(
            "All Company",
            "allcompany",
            domain,
            GroupKind::Microsoft365 { team: true },
        );
        let nick: String = team.chars().filter(char::is_ascii_alphanumeric).collect();
        self.group(team, &nick, domain, GroupKind::Microsoft365 { team: false });
        self.group("Laptop users", "laptopusers", domain, GroupKind::Security);
        let nick: String = list.chars().filter(char::is_ascii_alphanumeric).collect();
        self.group(
            list,
            &nick.to_ascii_lowercase(),
            domain,
            GroupKind::Distribution,
        );
        self.mailbox("Info", "info", domain, "shared");
    }
}
