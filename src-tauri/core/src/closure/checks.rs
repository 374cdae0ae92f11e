//! Checks: the inventory turned into findings with stable codes (the UI translates them by
//! code), each a blocker or a warning, with the step it concerns and what to do about it.
//!
//! [`checks`] runs before anything starts; [`directory_prerequisites`] re-runs Microsoft's
//! list for deleting the directory ("Delete a tenant in Microsoft Entra ID", fact sheet A4).

use serde::{Deserialize, Serialize};

use super::ids::same_id;
use super::inventory::Inventory;
use super::model::ServicePrincipal;
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
    /// A subscription has more than 25 licences: reduce them before cancelling online.
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
    /// Part of the organization could not be read (permission, licence): checked by hand.
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
    /// Azure subscriptions, active or cancelled but not deleted, block deleting the directory.
    AzureSubscriptions,
    /// Access to Azure resources is not elevated: some subscriptions may be hidden.
    AzureAccessNotElevated,
    /// Azure was not checked (no consent yet): a warning, a blocker of step 5 until checked.
    AzureNotChecked,
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

fn finding(
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
fn when_any(
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
/// was bought directly no longer blocks; it stays as a warning so the report shows it.
pub fn with_answers(
    mut findings: Vec<Finding>,
    record: &crate::journal::JournalRecord,
) -> Vec<Finding> {
    if record.is_acknowledged(BOUGHT_DIRECTLY) {
        for finding in &mut findings {
            if finding.code == FindingCode::PartnerSubscription {
                finding.severity = Severity::Warning;
            }
        }
        findings.sort_by_key(|f| f.severity != Severity::Blocker);
    }
    findings
}

/// The findings before the closure starts, blockers first.
pub fn checks(inv: &Inventory, own_app_id: &str) -> Vec<Finding> {
    use FindingCode::*;
    use Severity::*;
    let tenant = inv.tenant_id().to_string();
    let not_admin = match inv.is_global_admin() {
        true => Vec::new(),
        false => vec![inv.me.user_principal_name.clone()],
    };
    let mut found =
        vec![
            when_any(not_admin, |s| {
                finding(NotGlobalAdmin, Blocker, None, s,
            "You are not a Global Administrator of this organization.",
            "Sign in with a Global Administrator account (the person who signed up is one).")
            }),
            when_any(synced_subjects(inv), |s| {
                finding(
                    DirectorySyncOn,
                    Blocker,
                    Some(StepId::Users),
                    s,
                    "People are synchronized from an on-premises directory.",
                    "Turn directory synchronization off first, then delete them in the cloud.",
                )
            }),
            when_any(
                subscription_names(inv, |s| s.may_be_from_partner(&tenant) && !s.is_deleted()),
                |s| {
                    finding(
                        PartnerSubscription,
                        Blocker,
                        Some(StepId::CancelSubscriptions),
                        s,
                        "This subscription may have been bought through a partner: another \
                         organization is named as its owner.",
                        "If a partner sold it, ask them to cancel it: only they can. If you \
                         bought it from Microsoft directly, say so and continue; the admin \
                         center check of step 2 settles it.",
                    )
                },
            ),
            when_any(
                subscription_names(inv, |s| s.is_active() && s.total_licenses > 25),
                |s| {
                    finding(TooManyLicenses, Blocker, Some(StepId::CancelSubscriptions), s,
            "A subscription has more than 25 licences, so it cannot be cancelled online.",
            "Reduce it to 25 licences or fewer in the admin center, then cancel it.")
                },
            ),
            when_any(inv.custom_domains().map(|d| d.id.clone()).collect(), |s| {
                finding(CustomDomainInUse, Warning, Some(StepId::Domains), s,
            "Your own domain is still attached; Microsoft requires removing it before cancelling.",
            "The Domains step removes it. Email to addresses at this domain stops working.")
            }),
            when_any(
                inv.global_admins
                    .iter()
                    .filter(|a| !same_id(&a.id, &inv.me.id))
                    .map(|a| a.label())
                    .collect(),
                |s| {
                    finding(
                        OtherGlobalAdmins,
                        Warning,
                        Some(StepId::Users),
                        s,
                        "Other people are Global Administrators.",
                        "They are deleted with everyone else; make sure they know.",
                    )
                },
            ),
            when_any(
                subscription_names(inv, |s| s.is_trial && !s.is_deleted()),
                |s| {
                    finding(
                        TrialSubscription,
                        Warning,
                        Some(StepId::CancelSubscriptions),
                        s,
                        "A trial subscription: nothing is charged.",
                        "Cancel it like the others, or let it expire.",
                    )
                },
            ),
            when_any(
                inv.service_principals
                    .iter()
                    .filter(|sp| sp.is_microsoft())
                    .map(|sp| sp.name().to_owned())
                    .collect(),
                |s| {
                    finding(
                        UndeletableEnterpriseApps,
                        Warning,
                        Some(StepId::Directory),
                        s,
                        "Microsoft's own enterprise apps cannot be deleted.",
                        "Nothing to do: Microsoft says they do not prevent deleting the directory.",
                    )
                },
            ),
            when_any(app_names(inv), |s| {
                finding(
                    AppRegistrations,
                    Warning,
                    Some(StepId::Directory),
                    s,
                    "App registrations exist in the organization.",
                    "The last step deletes them; anything that signs in with them stops working.",
                )
            }),
            when_any(third_party_apps(inv, own_app_id), |s| {
                finding(
                    ThirdPartyEnterpriseApps,
                    Warning,
                    Some(StepId::Directory),
                    s,
                    "Third-party enterprise apps are connected to the organization.",
                    "The last step deletes them; export anything you keep in them first.",
                )
            }),
            when_any(
                inv.deleted_users
                    .iter()
                    .map(|u| {
                        u.user_principal_name
                            .clone()
                            .unwrap_or_else(|| u.id.clone())
                    })
                    .collect(),
                |s| {
                    finding(
                        DeletedUsersInRecycleBin,
                        Warning,
                        Some(StepId::Directory),
                        s,
                        "Deleted people wait in the recycle bin for 30 days.",
                        "The last step removes them for good.",
                    )
                },
            ),
            when_any(
                inv.unreadable.iter().map(unreadable_subject).collect(),
                |s| {
                    finding(
                        CouldNotRead,
                        Warning,
                        None,
                        s,
                        "Microsoft did not let Closeout read part of the organization.",
                        "Check these parts in the admin center.",
                    )
                },
            ),
        ];
    found.sort_by_key(|f| f.as_ref().map(|f| f.severity != Blocker));
    found.into_iter().flatten().collect()
}

/// "users (malformed_response): id \"x\"", "securityDefaults (access_denied)".
fn unreadable_subject(part: &super::inventory::Unreadable) -> String {
    let mut subject = format!("{} ({})", part.part, part.code);
    if !part.objects.is_empty() {
        subject.push_str(": ");
        subject.push_str(&part.objects.join(", "));
    }
    subject
}

/// The last step acts on what it could read and then removes Closeout's own access, which
/// cannot be undone from here: a part it depends on that could not be read blocks it.
pub fn unreadable_blocker(inv: &Inventory, step: StepId) -> Option<Finding> {
    when_any(
        super::steps::unreadable_for(inv, step)
            .map(unreadable_subject)
            .collect(),
        |s| {
            finding(
                FindingCode::CouldNotRead,
                Severity::Blocker,
                Some(step),
                s,
                "Closeout could not read part of the organization this step depends on.",
                "Check again; if it stays so, check these parts in the admin center.",
            )
        },
    )
}

/// Microsoft's prerequisites for deleting the directory, as blockers of the last step.
/// `own_app_id` is this app's client id: its enterprise app is removed last, so it is not
/// counted here.
pub fn directory_prerequisites(inv: &Inventory, own_app_id: &str) -> Vec<Finding> {
    use FindingCode::*;
    use Severity::Blocker;
    let step = Some(StepId::Directory);
    [
        when_any(inv.other_users().map(|u| u.label()).collect(), |s| {
            finding(
                UsersRemain,
                Blocker,
                step,
                s,
                "People other than you still exist.",
                "Finish step 1 (delete users).",
            )
        }),
        when_any(subscription_names(inv, |s| !s.is_deleted()), |s| {
            finding(
                SubscriptionsRemain,
                Blocker,
                step,
                s,
                "Subscriptions are not deprovisioned yet.",
                "Finish steps 2 and 3, then wait 72 hours after deleting them.",
            )
        }),
        when_any(inv.custom_domains().map(|d| d.id.clone()).collect(), |s| {
            finding(
                DomainsRemain,
                Blocker,
                step,
                s,
                "Custom domains are still attached.",
                "Finish the Domains step.",
            )
        }),
        when_any(app_names(inv), |s| {
            finding(
                ApplicationsRemain,
                Blocker,
                step,
                s,
                "App registrations still exist.",
                "Run the clean-up of this step.",
            )
        }),
        when_any(third_party_apps(inv, own_app_id), |s| {
            finding(
                EnterpriseAppsRemain,
                Blocker,
                step,
                s,
                "Enterprise apps still exist.",
                "Run the clean-up of this step.",
            )
        }),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn app_names(inv: &Inventory) -> Vec<String> {
    inv.applications
        .iter()
        .map(|a| a.display_name.clone())
        .collect()
}

fn synced_subjects(inv: &Inventory) -> Vec<String> {
    let mut subjects: Vec<String> = inv
        .users
        .iter()
        .filter(|u| u.on_premises_sync_enabled == Some(true))
        .map(|u| u.label())
        .collect();
    if subjects.is_empty() && inv.sync_enabled() {
        subjects.push(inv.org_name().to_string());
    }
    subjects
}

fn subscription_names(
    inv: &Inventory,
    keep: impl Fn(&super::model::CompanySubscription) -> bool,
) -> Vec<String> {
    inv.subscriptions
        .iter()
        .filter(|s| keep(s))
        .map(|s| s.product_name().to_string())
        .collect()
}

/// Enterprise apps that can and must be deleted: not Microsoft's, and not this app's own.
pub fn deletable_service_principals<'a>(
    inv: &'a Inventory,
    own_app_id: &'a str,
) -> impl Iterator<Item = &'a ServicePrincipal> {
    inv.service_principals
        .iter()
        .filter(move |sp| !sp.is_microsoft() && !same_id(&sp.app_id, own_app_id))
}

/// The names of [`deletable_service_principals`].
pub fn third_party_apps(inv: &Inventory, own_app_id: &str) -> Vec<String> {
    deletable_service_principals(inv, own_app_id)
        .map(|sp| sp.name().to_owned())
        .collect()
}
