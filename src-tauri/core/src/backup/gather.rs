//! Gathering the data inventory of the signed-in organization: the closure's directory snapshot
//! (people, domains, apps) plus the three usage reports (mailboxes, OneDrives, SharePoint sites).
//!
//! A report Microsoft refuses (no `Reports.Read.All` consent, no reports role, report not ready)
//! does not stop the checklist: people are then listed from the directory with sizes unknown,
//! and the refusal is kept in [`DataInventory::unavailable_reports`] so the page can say why.

use super::fetch::fetch_report;
use super::inventory::{DataInventory, DirectoryUser, SharedSite};
use super::usage::{parse_mailbox_usage, parse_onedrive_usage, parse_site_usage, ReportKind};
use crate::closure::Inventory;
use crate::error::{ErrorCode, Result};
use crate::graph::{Done, GraphClient, TokenSource};

/// Microsoft's report privacy setting ("Display concealed user, group, and site names").
pub const REPORT_SETTINGS: &str = "/v1.0/admin/reportSettings";

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ReportSettings {
    display_concealed_names: bool,
}

/// Whether the organization's reports conceal names (needs `ReportSettings.Read.All`).
pub async fn names_concealed(graph: &GraphClient) -> Result<bool> {
    let settings: ReportSettings = graph.get(REPORT_SETTINGS).await?;
    Ok(settings.display_concealed_names)
}

/// Turns the concealment off, as the admin center's Reports setting does, so the checklist
/// can show real names (needs `ReportSettings.ReadWrite.All`; offer it, never do it silently:
/// it changes a privacy setting for every report in the organization).
pub async fn show_real_names(graph: &GraphClient) -> Result<Done> {
    graph
        .patch(
            REPORT_SETTINGS,
            serde_json::json!({"displayConcealedNames": false}),
        )
        .await
}

/// Reads the reports and joins them with the directory. `own_app_id` is this app's client id,
/// left out of the third-party apps (it goes last, with the directory).
pub async fn gather(
    graph_base: &str,
    tokens: &dyn TokenSource,
    directory: &Inventory,
    own_app_id: Option<&str>,
) -> Result<DataInventory> {
    let mut unavailable = Vec::new();
    let mut read = |kind: ReportKind, answer: Result<Vec<u8>>| -> Result<Option<Vec<u8>>> {
        match answer {
            Ok(bytes) => Ok(Some(bytes)),
            Err(err) if err.code.is_transient() || err.code == ErrorCode::Unauthorized => Err(err),
            Err(err) => {
                unavailable.push((kind, err.code));
                Ok(None)
            }
        }
    };
    let mailbox = read(
        ReportKind::Mailbox,
        fetch_report(graph_base, tokens, ReportKind::Mailbox).await,
    )?;
    let onedrive = read(
        ReportKind::OneDrive,
        fetch_report(graph_base, tokens, ReportKind::OneDrive).await,
    )?;
    let sites = read(
        ReportKind::SharePointSites,
        fetch_report(graph_base, tokens, ReportKind::SharePointSites).await,
    )?;
    let mailbox = mailbox
        .map(|b| parse_mailbox_usage(&b))
        .transpose()?
        .unwrap_or_default();
    let onedrive = onedrive
        .map(|b| parse_onedrive_usage(&b))
        .transpose()?
        .unwrap_or_default();
    let sites = sites
        .map(|b| parse_site_usage(&b))
        .transpose()?
        .unwrap_or_default();

    let users = directory_users(directory);
    let mut inventory = DataInventory::from_reports(&users, &mailbox, &onedrive);
    inventory.sites = SharedSite::from_report(&sites);
    inventory.names_concealed |= inventory.sites.iter().any(|s| s.hidden_number.is_some());
    inventory.custom_domains = custom_domains(directory);
    inventory.third_party_apps = third_party_apps(directory, own_app_id);
    inventory.unavailable_reports = unavailable;
    Ok(inventory)
}

/// Members of the organization (guests have no mailbox or OneDrive here).
pub fn directory_users(directory: &Inventory) -> Vec<DirectoryUser> {
    directory
        .users
        .iter()
        .filter(|u| {
            !u.user_type
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("guest"))
        })
        .map(|u| DirectoryUser {
            id: u.id.clone(),
            user_principal_name: u.user_principal_name.clone(),
            display_name: u.display_name.clone().unwrap_or_default(),
        })
        .collect()
}

/// Verified domains of the organization's own (not `*.onmicrosoft.com`).
pub fn custom_domains(directory: &Inventory) -> Vec<String> {
    let mut domains: Vec<String> = directory
        .domains
        .iter()
        .filter(|d| d.is_verified && !d.is_initial)
        .filter(|d| !d.id.to_ascii_lowercase().ends_with(".onmicrosoft.com"))
        .map(|d| d.id.clone())
        .collect();
    domains.sort();
    domains
}

/// Apps from other publishers that people sign in to with their work accounts: service
/// principals not owned by Microsoft nor by this organization, other than this app.
pub fn third_party_apps(directory: &Inventory, own_app_id: Option<&str>) -> Vec<String> {
    let tenant = directory.organization.id.as_str();
    let mut names: Vec<String> = directory
        .service_principals
        .iter()
        .filter(|sp| !sp.is_microsoft())
        .filter(|sp| sp.app_owner_organization_id.as_deref() != Some(tenant))
        .filter(|sp| Some(sp.app_id.as_str()) != own_app_id)
        .filter(|sp| {
            matches!(
                sp.service_principal_type.as_deref(),
                None | Some("Application")
            )
        })
        .map(|sp| sp.display_name.clone())
        .filter(|name| !name.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}
