//! Microsoft 365 usage reports: the per-person mailbox and OneDrive figures, parsed from the CSV
//! files Graph hands out (`getMailboxUsageDetail`, `getOneDriveUsageAccountDetail`, and
//! `getSharePointSiteUsageDetail` for the shared sites).
//!
//! Columns are found by the header names Microsoft publishes, never by position: Microsoft's own
//! example omits two of the documented mailbox columns, and files start with a UTF-8 byte order
//! mark. Fields may be quoted (display names with commas) and numbers or dates may be empty.
//!
//! Many organizations have "Display concealed user, group, and site names in all reports" on
//! (the default since September 2021): names then arrive as hashes. Such rows are kept (their
//! sizes still count) but their names are never shown; see [`is_concealed`].

use serde::{Deserialize, Serialize};
use time::Date;

use super::csv_table::Table;
use crate::error::Result;

time::serde::format_description!(pub(crate) iso_day, Date, "[year]-[month]-[day]");

/// Which usage report, with its Graph path (period D7: the latest figures, smallest file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportKind {
    Mailbox,
    OneDrive,
    SharePointSites,
}

impl ReportKind {
    /// The Graph path, relative to the Graph base URL.
    pub fn path(self) -> &'static str {
        match self {
            ReportKind::Mailbox => "/v1.0/reports/getMailboxUsageDetail(period='D7')",
            ReportKind::OneDrive => "/v1.0/reports/getOneDriveUsageAccountDetail(period='D7')",
            ReportKind::SharePointSites => {
                "/v1.0/reports/getSharePointSiteUsageDetail(period='D7')"
            }
        }
    }
}

/// One row of the mailbox usage report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailboxUsage {
    /// The sign-in name, or Microsoft's hash of it when names are concealed.
    pub user_principal_name: String,
    pub display_name: String,
    pub is_deleted: bool,
    #[serde(with = "iso_day::option")]
    pub last_activity: Option<Date>,
    pub item_count: Option<u64>,
    pub storage_used_bytes: Option<u64>,
    #[serde(with = "iso_day::option")]
    pub report_refresh: Option<Date>,
}

/// One row of the OneDrive account usage report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OneDriveUsage {
    pub owner_principal_name: String,
    pub owner_display_name: String,
    pub site_url: String,
    pub is_deleted: bool,
    #[serde(with = "iso_day::option")]
    pub last_activity: Option<Date>,
    pub file_count: Option<u64>,
    pub storage_used_bytes: Option<u64>,
    #[serde(with = "iso_day::option")]
    pub report_refresh: Option<Date>,
}

/// One row of the SharePoint site usage report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteUsage {
    pub site_id: String,
    /// Empty or a hash when names are concealed.
    pub site_url: String,
    pub owner_display_name: String,
    pub is_deleted: bool,
    #[serde(with = "iso_day::option")]
    pub last_activity: Option<Date>,
    pub file_count: Option<u64>,
    pub storage_used_bytes: Option<u64>,
    pub root_web_template: String,
}

impl SiteUsage {
    /// Whether the address is hidden (Microsoft conceals site names with user names).
    pub fn is_concealed(&self) -> bool {
        !self.site_url.starts_with("https://") && !self.site_url.starts_with("http://")
    }
}

impl MailboxUsage {
    pub fn is_concealed(&self) -> bool {
        is_concealed(&self.user_principal_name)
    }
}

impl OneDriveUsage {
    pub fn is_concealed(&self) -> bool {
        is_concealed(&self.owner_principal_name)
    }
}

/// Whether a name from a report is Microsoft's concealed form (a hex hash) rather than a real
/// sign-in name. Real sign-in names always contain `@`; concealed ones are 32 hex digits (MD5).
pub fn is_concealed(name: &str) -> bool {
    let name = name.trim();
    !name.contains('@') && name.len() >= 16 && name.chars().all(|c| c.is_ascii_hexdigit())
}

/// Parses the mailbox usage CSV.
pub fn parse_mailbox_usage(csv: &[u8]) -> Result<Vec<MailboxUsage>> {
    Table::read(csv, "mailbox usage")?.rows(|r| {
        Ok(MailboxUsage {
            user_principal_name: r.text("User Principal Name")?,
            display_name: r.text("Display Name")?,
            is_deleted: r.flag("Is Deleted")?,
            last_activity: r.day("Last Activity Date")?,
            item_count: r.number("Item Count")?,
            storage_used_bytes: r.number("Storage Used (Byte)")?,
            report_refresh: r.day("Report Refresh Date")?,
        })
    })
}

/// Parses the OneDrive account usage CSV.
pub fn parse_onedrive_usage(csv: &[u8]) -> Result<Vec<OneDriveUsage>> {
    Table::read(csv, "OneDrive usage")?.rows(|r| {
        Ok(OneDriveUsage {
            owner_principal_name: r.text("Owner Principal Name")?,
            owner_display_name: r.text("Owner Display Name")?,
            site_url: r.text("Site URL")?,
            is_deleted: r.flag("Is Deleted")?,
            last_activity: r.day("Last Activity Date")?,
            file_count: r.number("File Count")?,
            storage_used_bytes: r.number("Storage Used (Byte)")?,
            report_refresh: r.day("Report Refresh Date")?,
        })
    })
}

/// Parses the SharePoint site usage CSV.
pub fn parse_site_usage(csv: &[u8]) -> Result<Vec<SiteUsage>> {
    Table::read(csv, "SharePoint site usage")?.rows(|r| {
        Ok(SiteUsage {
            site_id: r.text("Site Id")?,
            site_url: r.text("Site URL")?,
            owner_display_name: r.text("Owner Display Name")?,
            is_deleted: r.flag("Is Deleted")?,
            last_activity: r.day("Last Activity Date")?,
            file_count: r.number("File Count")?,
            storage_used_bytes: r.number("Storage Used (Byte)")?,
            root_web_template: r.text("Root Web Template")?,
        })
    })
}
