//! Checks on the custom domains and what uses them: groups and distribution lists with
//! addresses there, a federated domain, a domain bought through Microsoft 365.

use super::{finding, when_any, Finding, FindingCode::*, Severity::*};
use crate::closure::inventory::Inventory;
use crate::closure::StepId;

/// The journal key of the owner's answer "none of my domains was bought through Microsoft 365".
pub const NOT_BOUGHT_FROM_MICROSOFT: &str = "domains_not_bought_from_microsoft";

pub fn custom_domain_in_use(inv: &Inventory, _: &str) -> Option<Finding> {
    when_any(inv.custom_domains().map(|d| d.id.clone()).collect(), |s| {
        finding(
            CustomDomainInUse,
            Warning,
            Some(StepId::Domains),
            s,
            "Your own domain is still attached; Microsoft requires removing it before cancelling.",
            "The Domains step removes it. Email to addresses at this domain stops working.",
        )
    })
}

/// Microsoft 365 and security groups on a custom domain: Graph deletes them in the Domains step.
pub fn groups_on_custom_domain(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = inv
        .groups_on_custom_domains()
        .filter(|g| g.kind().graph_deletes())
        .map(|g| match g.is_team() {
            true => format!("{} (Team)", g.label()),
            false => g.label(),
        })
        .collect();
    when_any(subjects, |s| {
        finding(
            GroupsOnCustomDomain,
            Warning,
            Some(StepId::Domains),
            s,
            "Groups use an address at your domain, so Microsoft will not remove the domain while \
             they exist.",
            "The Domains step deletes them after the backup. Deleting a Microsoft 365 group also \
             deletes its mailbox, its Team and its SharePoint site: save their files first.",
        )
    })
}

/// Distribution lists and mail-enabled security groups: only Exchange can remove them.
pub fn distribution_lists_on_custom_domain(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = inv
        .groups_on_custom_domains()
        .filter(|g| !g.kind().graph_deletes())
        .map(|g| g.label())
        .collect();
    when_any(subjects, |s| {
        finding(
            DistributionListsOnCustomDomain,
            Blocker,
            Some(StepId::Domains),
            s,
            "Distribution lists or mail-enabled security groups use an address at your domain; \
             only the Exchange admin center can remove them.",
            "In the Exchange admin center open Recipients > Groups, select each one, choose \
             Delete group and confirm. The Domains step checks that they are gone.",
        )
    })
}

pub fn federated_domain(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = inv
        .custom_domains()
        .filter(|d| d.is_federated())
        .map(|d| d.id.clone())
        .collect();
    when_any(subjects, |s| {
        finding(
            FederatedDomain,
            Blocker,
            Some(StepId::Domains),
            s,
            "Sign-in for this domain is handled by another provider (it is federated), so \
             Microsoft will not remove it as it is.",
            "Ask the provider that set it up (for example GoDaddy) to defederate it, following \
             their guide; Closeout checks again afterwards.",
        )
    })
}

/// Graph does not say whether a domain was bought through Microsoft 365 (INFERENCE: neither
/// `domain` nor `domainNameReferences` carries it; the admin center and WHOIS do), so the
/// owner is asked once; the answer is journaled under [`NOT_BOUGHT_FROM_MICROSOFT`]. A
/// warning, not a blocker: Microsoft removes such a domain all the same, what is at stake is
/// the owner keeping it.
pub fn microsoft_purchased_domain(inv: &Inventory, _: &str) -> Option<Finding> {
    when_any(inv.custom_domains().map(|d| d.id.clone()).collect(), |s| {
        finding(
            MicrosoftPurchasedDomain,
            Warning,
            Some(StepId::Domains),
            s,
            "Did you buy this domain through Microsoft 365? Microsoft cannot tell Closeout.",
            "If you did, transfer it to another registrar first (Microsoft allows it 60 days \
             after purchase), or it is lost with the account. If you bought it elsewhere, say \
             so and continue.",
        )
    })
}
