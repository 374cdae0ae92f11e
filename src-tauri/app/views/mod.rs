//! What the UI reads, in one casing: every key camelCase.
//!
//! The core's engine types keep their Rust (snake_case) names because the journal and the
//! report JSON are persisted and versioned in them; the UI gets these views instead, made with
//! `From`. Graph's models (users, domains...) are already camelCase and pass through, as do
//! core types whose keys are all one word (`Timeline`, `Progress`, `PortalGuide`): the test
//! `tests/view_samples.rs` fails on any snake_case key in what a command answers. Values
//! (step ids, states, codes) stay the core's strings, so a new state reaches the UI as it is.

use closeout_core::closure::inventory::Unreadable;
use closeout_core::closure::model::{
    Application, CompanySubscription, ConditionalAccessPolicy, DeletedUser, DirectoryObject,
    Domain, Group, MailboxPurpose, Organization, SecurityDefaults, ServicePrincipal, SubscribedSku,
    User,
};
use closeout_core::closure::plan::{ActionMethod, StepOptions, TargetKind};
use closeout_core::closure::{
    Action, Applied, ApplyReport, FailedAction, Finding, FindingCode, Inventory, PortalGuide,
    Severity, StepId, StepPlan, StepState, Verification,
};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

mod backup;
pub use backup::{checklist_view, BackupView, ItemView, SummaryView};

/// The organization as the checks saw it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InventoryView {
    pub organization: Organization,
    pub me: User,
    pub my_roles: Vec<DirectoryObject>,
    pub global_admins: Vec<User>,
    pub users: Vec<User>,
    pub deleted_users: Vec<DeletedUser>,
    pub domains: Vec<Domain>,
    pub skus: Vec<SubscribedSku>,
    pub subscriptions: Vec<SubscriptionView>,
    pub security_defaults: Option<SecurityDefaults>,
    pub conditional_access: Vec<ConditionalAccessPolicy>,
    pub applications: Vec<Application>,
    pub service_principals: Vec<ServicePrincipal>,
    pub unreadable: Vec<Unreadable>,
    pub groups: Vec<Group>,
    pub mailbox_purposes: Vec<MailboxPurpose>,
}

impl From<Inventory> for InventoryView {
    fn from(inv: Inventory) -> Self {
        InventoryView {
            organization: inv.organization,
            me: inv.me,
            my_roles: inv.my_roles,
            global_admins: inv.global_admins,
            users: inv.users,
            deleted_users: inv.deleted_users,
            domains: inv.domains,
            skus: inv.skus,
            subscriptions: inv.subscriptions.into_iter().map(Into::into).collect(),
            security_defaults: inv.security_defaults,
            conditional_access: inv.conditional_access,
            applications: inv.applications,
            service_principals: inv.service_principals,
            unreadable: inv.unreadable,
            groups: inv.groups,
            mailbox_purposes: inv.mailbox_purposes,
        }
    }
}

/// A subscription as Graph gave it, plus the name the admin center shows.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    #[serde(flatten)]
    pub subscription: CompanySubscription,
    pub product_name: String,
}

impl From<CompanySubscription> for SubscriptionView {
    fn from(subscription: CompanySubscription) -> Self {
        SubscriptionView {
            product_name: subscription.product_name().to_owned(),
            subscription,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingView {
    pub code: FindingCode,
    pub severity: Severity,
    pub step: Option<StepId>,
    pub subjects: Vec<String>,
    pub message: String,
    pub what_to_do: String,
}

impl From<Finding> for FindingView {
    fn from(f: Finding) -> Self {
        FindingView {
            code: f.code,
            severity: f.severity,
            step: f.step,
            subjects: f.subjects,
            message: f.message,
            what_to_do: f.what_to_do,
        }
    }
}

fn findings(list: Vec<Finding>) -> Vec<FindingView> {
    list.into_iter().map(Into::into).collect()
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepPlanView {
    pub step: StepId,
    pub summary: String,
    pub undo: String,
    pub actions: Vec<ActionView>,
    pub portal: Option<PortalGuide>,
    pub blockers: Vec<FindingView>,
    pub notes: Vec<String>,
    /// Offered, done only on the owner's explicit choice (step 4's blocking policies).
    pub choices: Vec<ActionView>,
}

impl From<StepPlan> for StepPlanView {
    fn from(plan: StepPlan) -> Self {
        StepPlanView {
            step: plan.step,
            summary: plan.summary,
            undo: plan.undo,
            actions: plan.actions.into_iter().map(Into::into).collect(),
            portal: plan.portal,
            blockers: findings(plan.blockers),
            notes: plan.notes,
            choices: plan.choices.into_iter().map(Into::into).collect(),
        }
    }
}

/// One change the step will make (the Graph body stays in Rust: the page names the change).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    pub key: String,
    pub description: String,
    pub phase: u8,
    pub target: TargetKind,
    pub target_id: String,
    pub method: ActionMethod,
    pub after: Option<String>,
    /// A sign-in name change (the Domains step's move onto `.onmicrosoft.com`): the new name.
    pub new_sign_in_name: Option<String>,
}

impl From<Action> for ActionView {
    fn from(a: Action) -> Self {
        let new_sign_in_name = match (a.target, a.method, &a.body) {
            (TargetKind::User, ActionMethod::Patch, Some(body)) => {
                body["userPrincipalName"].as_str().map(str::to_owned)
            }
            _ => None,
        };
        ActionView {
            key: a.key,
            description: a.description,
            phase: a.phase,
            target: a.target,
            target_id: a.target_id,
            method: a.method,
            after: a.after,
            new_sign_in_name,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationView {
    pub step: StepId,
    /// The core's state as it is (`to_do`, `waiting`, ...), whatever states it grows.
    pub state: StepState,
    #[serde(with = "time::serde::rfc3339::option")]
    pub until: Option<OffsetDateTime>,
    pub message: String,
    pub remaining: Vec<String>,
    pub blockers: Vec<FindingView>,
    /// With the `unknown` state: the parts that could not be read (`part`, `code`, `objects`).
    pub unreadable: Vec<Unreadable>,
}

impl From<Verification> for VerificationView {
    fn from(v: Verification) -> Self {
        // Destructured without `..`: a field the core adds fails to compile here, not in the UI.
        let Verification {
            step,
            state,
            until,
            message,
            remaining,
            blockers,
            unreadable,
        } = v;
        VerificationView {
            step,
            state,
            until,
            message,
            remaining,
            blockers: findings(blockers),
            unreadable,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppliedView {
    pub report: ApplyReportView,
    pub verification: VerificationView,
}

impl From<Applied> for AppliedView {
    fn from(a: Applied) -> Self {
        AppliedView {
            report: a.report.into(),
            verification: a.verification.into(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplyReportView {
    pub succeeded: usize,
    pub already_done: usize,
    pub failed: Vec<FailedAction>,
    pub skipped: usize,
    pub cancelled: bool,
}

impl From<ApplyReport> for ApplyReportView {
    fn from(r: ApplyReport) -> Self {
        ApplyReportView {
            succeeded: r.succeeded,
            already_done: r.already_done,
            failed: r.failed,
            skipped: r.skipped,
            cancelled: r.cancelled,
        }
    }
}

/// What the page sends for a step's options (the one input with more than one word).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StepOptionsView {
    #[serde(default)]
    pub purge_deleted_users: bool,
    #[serde(default)]
    pub bought_directly: bool,
    #[serde(default)]
    pub purge_deleted_groups: bool,
    #[serde(default)]
    pub domains_not_bought_from_microsoft: bool,
    #[serde(default)]
    pub no_unpaid_invoices: bool,
    #[serde(default)]
    pub turn_off_policies_stopping_me: bool,
    #[serde(default)]
    pub self_service_products_deleted: bool,
}

impl From<StepOptionsView> for StepOptions {
    fn from(o: StepOptionsView) -> Self {
        StepOptions {
            purge_deleted_users: o.purge_deleted_users,
            bought_directly: o.bought_directly,
            purge_deleted_groups: o.purge_deleted_groups,
            domains_not_bought_from_microsoft: o.domains_not_bought_from_microsoft,
            no_unpaid_invoices: o.no_unpaid_invoices,
            turn_off_policies_stopping_me: o.turn_off_policies_stopping_me,
            self_service_products_deleted: o.self_service_products_deleted,
        }
    }
}
