//! [`Session`]: the façade the faces call (the desktop app's thin Tauri commands, the CLI).
//! One session = one organization being closed, pinned to its tenant id, with its journal.
//! Every method returns `Serialize` types that go straight to the UI.
//!
//! ```text
//! let mut s = Session::open(client, config, Some(tenant_from_sign_in)).await?;
//! s.checks().await?;                      // findings before anything starts
//! s.plan(StepId::Users, &opts).await?;    // what will change
//! s.apply(StepId::Users, &opts, Some("Contoso Bakery"), |p| .., &cancel).await?;
//! s.verify(StepId::Users).await?;         // done / waiting until / blocked
//! s.timeline(now);                        // what is next and when
//! ```

use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::PathBuf;
use time::OffsetDateTime;

use super::apply::{ApplyReport, CancelToken, Chunking, Executor, Progress};
use super::checks::{
    checks, with_answers, Finding, BOUGHT_DIRECTLY, NOT_BOUGHT_FROM_MICROSOFT, NO_UNPAID_INVOICES,
};
use super::checks::{self_service_blockers, SIGN_UPS_DELETED};
use super::inventory::{gather, gather_for, Inventory};
use super::plan::{PortalLinks, StepOptions, StepPlan};
use super::safety::{check_actions, check_consent};
use super::steps::{self, mfa, StepState, Verification};
use super::StepId;
use crate::backup::Checklist;
use crate::clock::Clock;
use crate::error::{Error, ErrorCode, Result};
use crate::graph::GraphClient;
use crate::journal::{timeline, JournalRecord, JournalStore, Timeline};

/// How a session is set up by its face.
#[derive(Debug, Clone)]
pub struct SessionConfig {
    /// The OS app-data folder (the app) or `--data-dir` (the CLI).
    pub data_dir: PathBuf,
    /// This app's client id: its own enterprise app is removed last, never before.
    pub own_app_id: String,
    pub portal: PortalLinks,
    pub chunking: Chunking,
    /// The sign-in authority, asked at the end whether the organization still exists
    /// (`https://login.microsoftonline.com/organizations`, or the practice tenant's).
    pub authority: String,
    /// "Now" for every date the closure writes: the system's for a real organization, the
    /// practice company's clock while practising (see `crate::clock`).
    pub clock: Clock,
}

/// What `apply` returns: what ran, and the step verified afterwards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Applied {
    pub report: ApplyReport,
    pub verification: Verification,
}

/// The closure of one organization.
pub struct Session {
    client: GraphClient,
    store: JournalStore,
    record: JournalRecord,
    config: SessionConfig,
    /// The inventory `open` read, kept for the next read when the face asks
    /// ([`Session::reuse_opening_read`]).
    opened_with: Option<(std::time::Instant, Inventory)>,
    reuse_opening: bool,
}

/// How long the inventory read by `open` stands in for a fresh one.
const OPENED_FRESH_FOR: std::time::Duration = std::time::Duration::from_secs(10);

impl Session {
    /// Opens (or resumes) the closure of the organization the client's token reaches.
    /// `pinned_tenant` is the tenant id sign-in returned: anything else is refused. If the
    /// organization is already deleted, the journal alone is opened.
    pub async fn open(
        client: GraphClient,
        config: SessionConfig,
        pinned_tenant: Option<&str>,
    ) -> Result<Session> {
        let store = JournalStore::new(config.data_dir.clone());
        let known = match pinned_tenant {
            Some(tenant) => store.load(tenant)?,
            None => None,
        };
        let inv = match (gather(&client).await, known) {
            (Ok(inv), _) => inv,
            (Err(e), Some(record)) => {
                let mut session = Session {
                    client,
                    store,
                    record,
                    config,
                    opened_with: None,
                    reuse_opening: false,
                };
                session.unreachable(e).await?;
                return Ok(session);
            }
            (Err(e), _) => return Err(e),
        };
        if let Some(pinned) = pinned_tenant {
            ensure_same_tenant(pinned, inv.tenant_id())?;
        }
        let mut record = match store.load(inv.tenant_id())? {
            Some(record) => record,
            None => JournalRecord::new_at(
                inv.tenant_id(),
                inv.org_name(),
                &inv.me.id,
                &inv.me.user_principal_name,
                config.clock.now(),
            ),
        };
        steps::delete_subscriptions::note_dates(&mut record, &inv, config.clock.now());
        store.save(&mut record)?;
        Ok(Session {
            client,
            store,
            record,
            config,
            opened_with: Some((std::time::Instant::now(), inv)),
            reuse_opening: false,
        })
    }

    /// Lets the next read use the inventory `open` just read (within a few seconds), instead
    /// of reading the whole organization twice: for a face that opens a session for one
    /// command (the CLI). Faces that keep a session open while the owner works in Microsoft's
    /// portals do not call it, so a check after a portal action always reads anew.
    pub fn reuse_opening_read(mut self) -> Self {
        self.reuse_opening = true;
        self
    }

    /// The journal as it stands (for the report and the UI's resume screen).
    pub fn journal(&self) -> &JournalRecord {
        &self.record
    }

    pub fn tenant_id(&self) -> &str {
        &self.record.tenant_id
    }

    pub fn org_name(&self) -> &str {
        &self.record.org_name
    }

    /// A fresh snapshot of the organization (one `$batch` for most organizations).
    pub async fn inventory(&mut self) -> Result<Inventory> {
        self.inventory_for(None).await
    }

    /// What `step` needs (everything for `None`), checked against the pinned tenant.
    async fn inventory_for(&mut self, step: Option<StepId>) -> Result<Inventory> {
        let opened = self
            .opened_with
            .take()
            .filter(|(at, _)| self.reuse_opening && at.elapsed() < OPENED_FRESH_FOR);
        let inv = match opened {
            // Everything was read: it serves any step.
            Some((_, inv)) => inv,
            None => gather_for(&self.client, step).await?,
        };
        ensure_same_tenant(&self.record.tenant_id, inv.tenant_id())?;
        let now = self.config.clock.now();
        steps::delete_subscriptions::note_dates(&mut self.record, &inv, now);
        Ok(inv)
    }

    /// The findings before starting (blockers first).
    pub async fn checks(&mut self) -> Result<Vec<Finding>> {
        let inv = self.inventory().await?;
        // The mail handover needs Microsoft's records before the domain step removes them.
        crate::mail_handover::expected::remember(&self.client, &self.config.data_dir, &inv).await;
        let findings = self.findings(&inv);
        self.note_findings(&findings)?;
        Ok(findings)
    }

    /// Keeps what a check found in the journal, for the closure report (`journal::findings`).
    fn note_findings(&mut self, findings: &[Finding]) -> Result<()> {
        let now = self.config.clock.now();
        crate::journal::observe_findings(&mut self.record.findings, findings, now);
        self.store.save(&mut self.record)
    }

    /// The checks of `inv`, with the owner's recorded answers applied (blockers first).
    pub fn findings(&self, inv: &Inventory) -> Vec<Finding> {
        let mut all = checks(inv, &self.config.own_app_id);
        all.extend(crate::azure::findings::findings(
            self.record.azure.as_ref(),
            &self.record,
        ));
        with_answers(all, &self.record)
    }

    /// Checks Azure with `arm` (the ARM audience's client) as the signed-in admin: elevates
    /// access first when the owner agreed (`elevate`), removes Closeout's elevation once no
    /// subscription blocks, and journals both. Returns every finding, the Azure ones included.
    pub async fn check_azure(
        &mut self,
        arm: &crate::azure::ArmClient,
        elevate: bool,
    ) -> Result<Vec<Finding>> {
        let me = self.record.admin_id.clone();
        let tenant = self.record.tenant_id.clone();
        let checked = crate::azure::check(arm, &tenant, &me, elevate, &mut self.record).await;
        if let Ok(report) = &checked {
            self.record.azure = Some(report.clone());
        }
        self.store.save(&mut self.record)?;
        checked?;
        self.checks().await
    }

    /// The last Azure check (kept in the journal), if there was one.
    pub fn azure(&self) -> Option<&crate::azure::AzureReport> {
        self.record.azure.as_ref()
    }

    fn azure_blockers(&self) -> Vec<Finding> {
        crate::azure::findings::directory_blockers(self.record.azure.as_ref(), &self.record)
    }

    /// What the step will do, from a fresh inventory.
    pub async fn plan(&mut self, step: StepId, options: &StepOptions) -> Result<StepPlan> {
        let inv = self.inventory_for(Some(step)).await?;
        self.plan_for(&inv, step, options).await
    }

    async fn plan_for(
        &self,
        inv: &Inventory,
        step: StepId,
        options: &StepOptions,
    ) -> Result<StepPlan> {
        let findings = self.findings(inv);
        let links = &self.config.portal;
        Ok(match step {
            StepId::Users => steps::users::plan(inv, options, &findings),
            StepId::Domains => steps::domains::plan(inv, options, links),
            StepId::CancelSubscriptions => steps::cancel_subscriptions::plan(inv, links, &findings),
            StepId::DeleteSubscriptions => {
                steps::delete_subscriptions::plan(inv, links, &self.record)
            }
            StepId::Mfa => {
                steps::mfa::plan(inv, &mfa::read_states(&self.client, inv).await?, options)
            }
            StepId::Directory => {
                let mut plan = steps::directory::plan(inv, &self.config.own_app_id, links);
                plan.blockers.extend(self.azure_blockers());
                plan.blockers.extend(self_service_blockers(&findings));
                plan
            }
        })
    }

    /// Runs the step's actions. Destructive steps need `confirmation` (the organization's
    /// name as the owner typed it) and a settled backup checklist; the safety rules are
    /// checked on the whole plan first and the tenant before every chunk.
    pub async fn apply(
        &mut self,
        step: StepId,
        options: &StepOptions,
        confirmation: Option<&str>,
        progress: impl FnMut(Progress) + Send,
        cancel: &CancelToken,
    ) -> Result<Applied> {
        check_consent(&self.record, step, confirmation)?;
        if options.bought_directly && step == StepId::CancelSubscriptions {
            self.record
                .acknowledge_at(BOUGHT_DIRECTLY, self.config.clock.now());
            self.store.save(&mut self.record)?;
        }
        if options.domains_not_bought_from_microsoft && step == StepId::Domains {
            self.record
                .acknowledge_at(NOT_BOUGHT_FROM_MICROSOFT, self.config.clock.now());
            self.store.save(&mut self.record)?;
        }
        if options.no_unpaid_invoices && step == StepId::Directory {
            self.record
                .acknowledge_at(NO_UNPAID_INVOICES, self.config.clock.now());
            self.store.save(&mut self.record)?;
        }
        if options.self_service_products_deleted && step == StepId::Directory {
            self.record.acknowledge(SIGN_UPS_DELETED);
            self.store.save(&mut self.record)?;
        }
        let inv = self.inventory_for(Some(step)).await?;
        let plan = self.plan_for(&inv, step, options).await?;
        if !plan.blockers.is_empty() {
            return Err(Error::new(
                ErrorCode::StepBlocked,
                format!("{} is blocked", step.title()),
            )
            .with_details(json!({ "blockers": plan.blockers })));
        }
        check_actions(&inv, &self.config.own_app_id, &plan.actions)?;
        if step == StepId::Domains {
            crate::mail_handover::expected::remember(&self.client, &self.config.data_dir, &inv)
                .await;
        }
        if let Some(typed) = confirmation.filter(|_| step.is_destructive()) {
            self.record
                .confirm_at(step, typed.trim(), self.config.clock.now());
        }
        if options.purge_deleted_users && step == StepId::Users {
            self.record
                .acknowledge_at("purge_deleted_users_no_restore", self.config.clock.now());
        }
        if options.purge_deleted_groups && step == StepId::Domains {
            self.record
                .acknowledge_at("purge_deleted_groups_no_restore", self.config.clock.now());
        }
        self.store.save(&mut self.record)?;
        let report = Executor {
            client: &self.client,
            store: &self.store,
            record: &mut self.record,
            chunking: self.config.chunking,
            clock: &self.config.clock,
        }
        .run(step, plan.actions, progress, cancel)
        .await?;
        let verification = self.verify(step).await?;
        Ok(Applied {
            report,
            verification,
        })
    }

    /// Reads Graph and says where the step stands; stores the answer in the journal.
    pub async fn verify(&mut self, step: StepId) -> Result<Verification> {
        let inv = match self.inventory_for(Some(step)).await {
            Ok(inv) => inv,
            Err(e) if step == StepId::Directory => return self.unreachable(e).await,
            Err(e) => return Err(e),
        };
        let verification = self.verify_with(&inv, step, false).await?;
        self.remember(&verification)?;
        Ok(verification)
    }

    /// Every step at once, from one inventory.
    pub async fn status(&mut self) -> Result<Vec<Verification>> {
        if self.record.dates.tenant_deleted_at.is_some() {
            return Ok(StepId::ALL
                .iter()
                .map(|s| Verification::done(*s, "The organization is deleted."))
                .collect());
        }
        let inv = match self.inventory().await {
            Ok(inv) => inv,
            Err(e) => {
                let directory = self.unreachable(e).await?;
                return self.status_without_graph(directory);
            }
        };
        let mut all = Vec::new();
        for step in StepId::ALL {
            let verification = self.verify_with(&inv, step, true).await?;
            self.remember(&verification)?;
            all.push(verification);
        }
        Ok(all)
    }

    /// Without Graph (Closeout's access removed, or the organization gone): what the
    /// journal knows, and the directory step as the sign-in probe says.
    fn status_without_graph(&self, directory: Verification) -> Result<Vec<Verification>> {
        Ok(StepId::ALL
            .iter()
            .map(|s| match *s {
                StepId::Directory => directory.clone(),
                s if self.record.is_step_done(s) => Verification::done(s, "Done."),
                s => Verification::new(s, StepState::ToDo, "Not verified.", Vec::new()),
            })
            .collect())
    }

    /// Graph refused: ask sign-in whether the organization still exists, then decide.
    async fn unreachable(&mut self, error: Error) -> Result<Verification> {
        let exists = super::probe::tenant_exists(
            &self.config.authority,
            &self.config.own_app_id,
            &self.record.tenant_id,
        )
        .await;
        match exists {
            Ok(false) => self.directory_unreachable(Error::new(
                ErrorCode::TenantNotFound,
                "sign-in says the organization no longer exists",
            )),
            _ => self.directory_unreachable(error),
        }
    }

    /// `overview`: the all-steps status, which does not read per-user MFA person by person.
    async fn verify_with(
        &self,
        inv: &Inventory,
        step: StepId,
        overview: bool,
    ) -> Result<Verification> {
        let findings = self.findings(inv);
        let verification = match step {
            StepId::Users => steps::users::verify(inv, &findings),
            StepId::Domains => steps::domains::verify(inv),
            StepId::CancelSubscriptions => steps::cancel_subscriptions::verify(inv, &findings),
            StepId::DeleteSubscriptions => steps::delete_subscriptions::verify(inv, &self.record),
            StepId::Mfa if !overview => {
                steps::mfa::verify(inv, Some(&mfa::read_states(&self.client, inv).await?))
            }
            StepId::Mfa => steps::mfa::verify(inv, None),
            StepId::Directory => {
                let found = steps::directory::verify(inv, &self.config.own_app_id, &self.record);
                let mut blockers = found.blockers.clone();
                blockers.extend(self.azure_blockers());
                blockers.extend(self_service_blockers(&findings));
                found.unless_blocked(blockers)
            }
        };
        Ok(verification.unless_unknown(inv))
    }

    /// After Closeout removed its own access, or after the deletion: sign-in answering that
    /// the organization no longer exists means done; losing access means the owner's turn.
    fn directory_unreachable(&mut self, error: Error) -> Result<Verification> {
        if self.record.dates.tenant_deleted_at.is_some() {
            return Ok(Verification::done(
                StepId::Directory,
                "The organization no longer exists.",
            ));
        }
        let verification = match error.code {
            ErrorCode::TenantNotFound => {
                let now = self.config.clock.now();
                self.record.dates.tenant_deleted_at.get_or_insert(now);
                Verification::done(StepId::Directory, "The organization no longer exists.")
            }
            ErrorCode::Unauthorized
            | ErrorCode::AccessDenied
            | ErrorCode::ConsentRequired
            | ErrorCode::SessionExpired
            | ErrorCode::SignInFailed
                if steps::directory::own_access_removed(&self.record) =>
            {
                Verification::new(
                StepId::Directory,
                StepState::ToDo,
                "Closeout's access is removed: delete the directory in the Microsoft Entra admin center.",
                vec![self.record.org_name.clone()],
                )
            }
            _ => return Err(error),
        };
        self.remember(&verification)?;
        Ok(verification)
    }

    fn remember(&mut self, verification: &Verification) -> Result<()> {
        let done = verification.state == StepState::Done;
        let now = self.config.clock.now();
        self.record
            .set_step_state_at(verification.step, verification.state, done, now);
        self.store.save(&mut self.record)
    }

    /// What is next and when, as of `now`.
    pub fn timeline(&self, now: OffsetDateTime) -> Timeline {
        timeline(&self.record, now)
    }

    /// Records that the owner understood something (`key` is the UI's text id).
    pub fn acknowledge(&mut self, key: &str) -> Result<()> {
        self.record.acknowledge_at(key, self.config.clock.now());
        self.store.save(&mut self.record)
    }

    /// Stores the backup checklist (its answers unlock the destructive steps).
    pub fn set_backup(&mut self, checklist: Checklist) -> Result<()> {
        self.record.backup = checklist;
        self.store.save(&mut self.record)
    }

    /// Stores the next "check your email records" day (none once the mail page is clean).
    pub fn set_mail_follow_up(
        &mut self,
        follow_up: Option<crate::mail_handover::MailFollowUp>,
    ) -> Result<()> {
        if self.record.dates.mail_follow_up == follow_up {
            return Ok(());
        }
        self.record.dates.mail_follow_up = follow_up;
        self.store.save(&mut self.record)
    }

    /// Keeps (or, with `None`, forgets) the day the owner says `domain` was bought through
    /// Microsoft 365. A day after today is refused: it is a purchase already made.
    pub fn set_domain_bought_on(&mut self, domain: &str, on: Option<time::Date>) -> Result<()> {
        let today = self.config.clock.now().date();
        let domain = domain.trim().to_lowercase();
        if domain.is_empty() || on.is_some_and(|d| d > today) {
            return Err(crate::Error::new(
                crate::ErrorCode::InvalidInput,
                "the purchase day must be a domain's, and not after today",
            ));
        }
        let bought = &mut self.record.dates.domains_bought_on;
        let answer = on.map(|on| crate::journal::DomainPurchase { on });
        if bought.get(&domain).copied() == answer {
            return Ok(());
        }
        match answer {
            Some(answer) => bought.insert(domain, answer),
            None => bought.remove(&domain),
        };
        self.store.save(&mut self.record)
    }

    /// The Graph client, for faces that need a read of their own (the backup inventory).
    /// The data folder the journal (and the mail handover's saved records) live in.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.config.data_dir
    }

    pub fn client(&self) -> &GraphClient {
        &self.client
    }
}

fn ensure_same_tenant(pinned: &str, actual: &str) -> Result<()> {
    if pinned.eq_ignore_ascii_case(actual) {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::TenantMismatch,
        "the signed-in account belongs to another organization than the one being closed",
    )
    .with_details(json!({ "pinned": pinned, "actual": actual })))
}
