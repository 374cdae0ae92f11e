//! Checks: the inventory turned into findings with stable codes (the UI translates them by
//! code), each a blocker or a warning, with the step it concerns and what to do about it.
//!
//! [`checks`] runs before anything starts; [`directory_prerequisites`] re-runs Microsoft's
//! list for deleting the directory ("Delete a tenant in Microsoft Entra ID",
//! <https://learn.microsoft.com/entra/identity/users/directory-delete-howto>).
//! One small function per finding, grouped by concern in the submodules, so a new blocker is
//! one function and its test.

mod apps;
mod codes;
mod directory;
mod domains;
mod people;
mod self_service;
mod subscriptions;
#[cfg(test)]
pub(crate) mod tests;

pub use apps::{deletable_service_principals, third_party_apps};
pub use directory::NO_UNPAID_INVOICES;
pub use directory::{directory_prerequisites, unreadable_blocker};
pub use domains::{federated_domain, NOT_BOUGHT_FROM_MICROSOFT};
pub use self_service::{directory_blockers as self_service_blockers, SIGN_UPS_DELETED};

use serde::{Deserialize, Serialize};

use super::inventory::Inventory;
use super::StepId;

/// Stable finding codes. Serialized in `snake_case`; never rename one, only add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingCode {
    /// You are not a Global Administrator: only one can close the organization.
    NotGlobalAdmin,
    /// Users are synchronized from an on-premises directory: turn sync off first.
    DirectorySyncOn,
    /// A subscription was bought through a partner: only the partner can cancel it.
    PartnerSubscription,
    /// A subscription has more than 25 licenses: reduce them before cancelling online.
    TooManyLicenses,
    /// A custom domain is still attached: it is removed before cancelling; its email stops.
    CustomDomainInUse,
    /// Other people are Global Administrators: they are deleted with everyone else.
    OtherGlobalAdmins,
    /// A trial subscription: cancelling just stops it, nothing is charged.
    TrialSubscription,
    /// Microsoft's own enterprise apps cannot be deleted (they do not block the deletion).
    UndeletableEnterpriseApps,
    /// App registrations exist: the directory step deletes them.
    AppRegistrations,
    /// Third-party enterprise apps exist: the directory step deletes them.
    ThirdPartyEnterpriseApps,
    /// Deleted users wait in the recycle bin for 30 days: the directory step purges them.
    DeletedUsersInRecycleBin,
    /// Part of the organization could not be read (permission, license): checked by hand.
    CouldNotRead,
    /// Directory prerequisite: people other than you still exist.
    UsersRemain,
    /// Directory prerequisite: subscriptions still exist (or are not yet deprovisioned).
    SubscriptionsRemain,
    /// Directory prerequisite: app registrations still exist.
    ApplicationsRemain,
    /// Directory prerequisite: deletable enterprise apps still exist.
    EnterpriseAppsRemain,
    /// Directory prerequisite: custom domains still exist.
    DomainsRemain,
    // ---- issue 11 (tenant): what a real small business has ----
    /// Microsoft 365 or security groups have an address on a custom domain: the Domains step
    /// deletes them (a Microsoft 365 group takes its mailbox, Team and site with it).
    GroupsOnCustomDomain,
    /// Distribution lists or mail-enabled security groups use a custom domain: only the
    /// Exchange admin center can remove them.
    DistributionListsOnCustomDomain,
    /// Shared, room or equipment mailboxes: accounts that are not people, deleted in step 1.
    SharedMailboxes,
    /// Guests from other organizations: they are users too, deleted in step 1.
    Guests,
    /// A domain whose sign-in another provider handles (federated): defederate first.
    FederatedDomain,
    /// Graph cannot tell whether a domain was bought through Microsoft 365: the owner answers.
    MicrosoftPurchasedDomain,
    /// Graph shows no invoices: the owner checks Bills & payments (an unpaid one blocks the
    /// tenant's deletion) and says so.
    UnpaidInvoiceCheck,
    // ---- issue 11 (azure): what Graph cannot see ----
    /// Azure subscriptions, active or cancelled but not deleted, block deleting the directory.
    AzureSubscriptions,
    /// Access to Azure resources is not elevated: some subscriptions may be hidden.
    AzureAccessNotElevated,
    /// Azure was not checked (no consent yet): a warning, a blocker of step 5 until checked.
    AzureNotChecked,
    // ---- issue 11 (selfservice): what people signed up for or bought by themselves ----
    /// Free self-service sign-up products (Microsoft Fabric (Free)...): deleted in Entra, they block
    /// the last step while Graph lists them (or until the owner says they are deleted).
    SelfServiceProducts,
    /// Products a person bought with their own card: the admin takes control of each in
    /// Your products to cancel it (step 2), or asks the buyer to.
    SelfServicePurchases,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Must be resolved before the step (or the whole closure, when `step` is `None`) runs.
    Blocker,
    /// Worth knowing; nothing stops.
    Warning,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub code: FindingCode,
    pub severity: Severity,
    /// The step it concerns; `None` for the whole closure.
    pub step: Option<StepId>,
    /// The objects concerned ("Microsoft 365 Business Standard", "bakery.example").
    pub subjects: Vec<String>,
    /// English: what is the matter.
    pub message: String,
    /// English: what to do.
    pub what_to_do: String,
}

pub(crate) fn finding(
    code: FindingCode,
    severity: Severity,
    step: Option<StepId>,
    subjects: Vec<String>,
    message: &str,
    what_to_do: &str,
) -> Option<Finding> {
    Some(Finding {
        code,
        severity,
        step,
        subjects,
        message: message.into(),
        what_to_do: what_to_do.into(),
    })
}

/// The finding if there is any subject, else nothing.
pub(crate) fn when_any(
    subjects: Vec<String>,
    build: impl FnOnce(Vec<String>) -> Option<Finding>,
) -> Option<Finding> {
    if subjects.is_empty() {
        None
    } else {
        build(subjects)
    }
}

/// The journal key of the owner's answer "I bought these subscriptions from Microsoft
/// directly" (step 2's option `bought_directly`).
pub const BOUGHT_DIRECTLY: &str = "subscriptions_bought_directly";

/// The owner's answers applied to the findings: a possible partner purchase the owner says
/// was bought directly no longer blocks (it stays as a warning so the report shows it); the
/// domain question, once answered "bought elsewhere", and the invoice check, once the owner
/// says every bill is paid, are settled.
pub fn with_answers(
    mut findings: Vec<Finding>,
    record: &crate::journal::JournalRecord,
) -> Vec<Finding> {
    if record.is_acknowledged(BOUGHT_DIRECTLY) {
        for finding in findings
            .iter_mut()
            .filter(|f| f.code == FindingCode::PartnerSubscription)
        {
            finding.severity = Severity::Warning;
        }
    }
    // The question is answered: nothing is left to say about it (the journal keeps the answer).
    if record.is_acknowledged(NOT_BOUGHT_FROM_MICROSOFT) {
        findings.retain(|f| f.code != FindingCode::MicrosoftPurchasedDomain);
    }
    if record.is_acknowledged(NO_UNPAID_INVOICES) {
        findings.retain(|f| f.code != FindingCode::UnpaidInvoiceCheck);
    }
    self_service::with_answer(&mut findings, record);
    findings.sort_by_key(|f| f.severity != Severity::Blocker);
    findings
}

/// One check: the inventory and this app's client id to a finding, if there is one.
type Check = fn(&Inventory, &str) -> Option<Finding>;

/// Every check that runs before the closure starts, in the order the owner reads them.
const CHECKS: &[Check] = &[
    people::not_global_admin,
    people::directory_sync_on,
    subscriptions::partner_subscription,
    subscriptions::too_many_licenses,
    domains::federated_domain,
    domains::distribution_lists_on_custom_domain,
    domains::microsoft_purchased_domain,
    domains::custom_domain_in_use,
    domains::groups_on_custom_domain,
    people::other_global_admins,
    people::shared_mailboxes,
    people::guests,
    subscriptions::trial_subscription,
    self_service::self_service_purchases,
    self_service::self_service_products,
    apps::undeletable_enterprise_apps,
    apps::app_registrations,
    apps::third_party_enterprise_apps,
    people::deleted_users_in_recycle_bin,
    directory::unpaid_invoice_check,
    directory::could_not_read,
];

/// The findings before the closure starts, blockers first.
pub fn checks(inv: &Inventory, own_app_id: &str) -> Vec<Finding> {
    let mut found: Vec<Finding> = CHECKS
        .iter()
        .filter_map(|check| check(inv, own_app_id))
        .collect();
    found.sort_by_key(|f| f.severity != Severity::Blocker);
    found
}
