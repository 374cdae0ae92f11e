//! Checks on applications: Microsoft's own (they stay), app registrations and third-party
//! enterprise apps (the last step deletes them).

use super::{finding, when_any, Finding, FindingCode::*, Severity::*};
use crate::closure::ids::same_id;
use crate::closure::inventory::Inventory;
use crate::closure::model::ServicePrincipal;
use crate::closure::StepId;

pub fn app_names(inv: &Inventory) -> Vec<String> {
    inv.applications
        .iter()
        .map(|a| a.display_name.clone())
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

pub fn undeletable_enterprise_apps(inv: &Inventory, _: &str) -> Option<Finding> {
    let subjects = inv
        .service_principals
        .iter()
        .filter(|sp| sp.is_microsoft())
        .map(|sp| sp.name().to_owned())
        .collect();
    when_any(subjects, |s| {
        finding(
            UndeletableEnterpriseApps,
            Warning,
            Some(StepId::Directory),
            s,
            "Microsoft's own enterprise apps cannot be deleted.",
            "Nothing to do: Microsoft says they do not prevent deleting the directory.",
        )
    })
}

pub fn app_registrations(inv: &Inventory, _: &str) -> Option<Finding> {
    when_any(app_names(inv), |s| {
        finding(
            AppRegistrations,
            Warning,
            Some(StepId::Directory),
            s,
            "App registrations exist in the organization.",
            "The last step deletes them; anything that signs in with them stops working.",
        )
    })
}

pub fn third_party_enterprise_apps(inv: &Inventory, own_app_id: &str) -> Option<Finding> {
    when_any(third_party_apps(inv, own_app_id), |s| {
        finding(
            ThirdPartyEnterpriseApps,
            Warning,
            Some(StepId::Directory),
            s,
            "Third-party enterprise apps are connected to the organization.",
            "The last step deletes them; export anything you keep in them first.",
        )
    })
}
