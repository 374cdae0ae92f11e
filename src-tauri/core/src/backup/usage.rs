//! Microsoft 365 usage reports: the per-person mailbox and OneDrive figures, parsed from the CSV
//! files Graph hands out (`getMailboxUsageDetail`, `getOneDriveUsageAccountDetail`).
//!
//! Columns are found by the header names Microsoft publishes, never by position: Microsoft's own
//! example omits two of the documented mailbox columns, and files start with a UTF-8 byte order
//! mark. Fields may be quoted (display names with commas) and numbers or dates may be empty.
//!
//! Many organizations have "Display concealed user, group, and site names in all reports" on
//! (the default since September 2021): names then arrive as hashes. Such rows are kept (their
//! sizes still count) but their names are never shown; see [`is_concealed`].

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::Date;

use crate::error::{Error, ErrorCode, Result};

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
    let table = Table::read(csv, "mailbox usage")?;
    let upn = table.column("User Principal Name")?;
    let name = table.column("Display Name")?;
    let deleted = table.column("Is Deleted")?;
    let activity = table.column("Last Activity Date")?;
    let items = table.column("Item Count")?;
    let storage = table.column("Storage Used (Byte)")?;
    let refresh = table.column("Report Refresh Date")?;
    table
        .rows
        .iter()
        .map(|row| {
            Ok(MailboxUsage {
                user_principal_name: text(row, upn),
                display_name: text(row, name),
                is_deleted: flag(row, deleted)?,
                last_activity: day(row, activity)?,
                item_count: number(row, items)?,
                storage_used_bytes: number(row, storage)?,
                report_refresh: day(row, refresh)?,
            })
        })
        .collect()
}

/// Parses the OneDrive account usage CSV.
pub fn parse_onedrive_usage(csv: &[u8]) -> Result<Vec<OneDriveUsage>> {
    let table = Table::read(csv, "OneDrive usage")?;
    let upn = table.column("Owner Principal Name")?;
    let name = table.column("Owner Display Name")?;
    let url = table.column("Site URL")?;
    let deleted = table.column("Is Deleted")?;
    let activity = table.column("Last Activity Date")?;
    let files = table.column("File Count")?;
    let storage = table.column("Storage Used (Byte)")?;
    let refresh = table.column("Report Refresh Date")?;
    table
        .rows
        .iter()
        .map(|row| {
            Ok(OneDriveUsage {
                owner_principal_name: text(row, upn),
                owner_display_name: text(row, name),
                site_url: text(row, url),
                is_deleted: flag(row, deleted)?,
                last_activity: day(row, activity)?,
                file_count: number(row, files)?,
                storage_used_bytes: number(row, storage)?,
                report_refresh: day(row, refresh)?,
            })
        })
        .collect()
}

/// Parses the SharePoint site usage CSV.
pub fn parse_site_usage(csv: &[u8]) -> Result<Vec<SiteUsage>> {
    let table = Table::read(csv, "SharePoint site usage")?;
    let id = table.column("Site Id")?;
    let url = table.column("Site URL")?;
    let owner = table.column("Owner Display Name")?;
    let deleted = table.column("Is Deleted")?;
    let activity = table.column("Last Activity Date")?;
    let files = table.column("File Count")?;
    let storage = table.column("Storage Used (Byte)")?;
    let template = table.column("Root Web Template")?;
    table
        .rows
        .iter()
        .map(|row| {
            Ok(SiteUsage {
                site_id: text(row, id),
                site_url: text(row, url),
                owner_display_name: text(row, owner),
                is_deleted: flag(row, deleted)?,
                last_activity: day(row, activity)?,
                file_count: number(row, files)?,
                storage_used_bytes: number(row, storage)?,
                root_web_template: text(row, template),
            })
        })
        .collect()
}

/// A CSV file read whole: the header positions by name, and the records.
struct Table {
    columns: HashMap<String, usize>,
    rows: Vec<csv::StringRecord>,
    what: &'static str,
}

impl Table {
    fn read(bytes: &[u8], what: &'static str) -> Result<Table> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
        let headers = reader.headers().map_err(|e| malformed(what, &e))?;
        let columns = headers
            .iter()
            .enumerate()
            .map(|(i, h)| (h.trim().to_string(), i))
            .collect();
        let rows = reader
            .records()
            .collect::<std::result::Result<Vec<_>, _>>()
            .map_err(|e| malformed(what, &e))?;
        Ok(Table {
            columns,
            rows,
            what,
        })
    }

    fn column(&self, name: &str) -> Result<usize> {
        self.columns.get(name).copied().ok_or_else(|| {
            Error::new(
                ErrorCode::MalformedResponse,
                format!("the {} report has no '{name}' column", self.what),
            )
        })
    }
}

fn malformed(what: &str, err: &csv::Error) -> Error {
    Error::new(
        ErrorCode::MalformedResponse,
        format!("the {what} report is not a readable CSV file: {err}"),
    )
}

fn text(row: &csv::StringRecord, i: usize) -> String {
    row.get(i).unwrap_or("").trim().to_string()
}

fn bad_field(row: &csv::StringRecord, i: usize, kind: &str) -> Error {
    let line = row.position().map_or(0, |p| p.line());
    Error::new(
        ErrorCode::MalformedResponse,
        format!(
            "line {line} of a usage report: '{}' is not {kind}",
            text(row, i)
        ),
    )
}

fn number(row: &csv::StringRecord, i: usize) -> Result<Option<u64>> {
    match text(row, i).as_str() {
        "" => Ok(None),
        s => s
            .parse()
            .map(Some)
            .map_err(|_| bad_field(row, i, "a number")),
    }
}

fn flag(row: &csv::StringRecord, i: usize) -> Result<bool> {
    match text(row, i).to_ascii_lowercase().as_str() {
        "" | "false" => Ok(false),
        "true" => Ok(true),
        _ => Err(bad_field(row, i, "True or False")),
    }
}

fn day(row: &csv::StringRecord, i: usize) -> Result<Option<Date>> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match text(row, i).as_str() {
        "" => Ok(None),
        s => Date::parse(s, &format)
            .map(Some)
            .map_err(|_| bad_field(row, i, "a date")),
    }
}
