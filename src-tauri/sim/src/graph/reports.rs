//! Usage reports as Microsoft serves them: `302 Found` to a pre-authenticated download URL
//! that returns a CSV (UTF-8 with BOM). With "concealed names" on (the report setting),
//! user names and site URLs are replaced by hashes.

use super::perms::{REPORTS_READ, REPORT_SETTINGS_READ, REPORT_SETTINGS_WRITE};
use super::reply::{Out, Reply};
use super::{Ctx, Route};
use crate::clock::date;
use crate::state::users::User;
use crate::state::users::{GLOBAL_READER, REPORTS_READER, SECURITY_ADMIN};
use crate::throttle::Service::Unmetered;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use time::Duration;

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/reports/getMailboxUsageDetail(period='{period}')", cost: 1, service: Unmetered, beta_only: false, scopes: REPORTS_READ, handler: mailbox },
    Route { method: "GET", template: "/reports/getOneDriveUsageAccountDetail(period='{period}')", cost: 1, service: Unmetered, beta_only: false, scopes: REPORTS_READ, handler: onedrive },
    Route { method: "GET", template: "/reports/getSharePointSiteUsageDetail(period='{period}')", cost: 1, service: Unmetered, beta_only: false, scopes: REPORTS_READ, handler: sharepoint },
    Route { method: "GET", template: "/admin/reportSettings", cost: 1, service: Unmetered, beta_only: false, scopes: REPORT_SETTINGS_READ, handler: settings },
    Route { method: "PATCH", template: "/admin/reportSettings", cost: 1, service: Unmetered, beta_only: false, scopes: REPORT_SETTINGS_WRITE, handler: set_settings },
];

const REPORT_READERS: &[&str] = &[REPORTS_READER, GLOBAL_READER, SECURITY_ADMIN];

pub const MAILBOX_HEADER: &str = "Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Created Date,Last Activity Date,Item Count,Storage Used (Byte),Issue Warning Quota (Byte),Prohibit Send Quota (Byte),Prohibit Send/Receive Quota (Byte),Deleted Item Count,Deleted Item Size (Byte),Deleted Item Quota (Byte),Has Archive,Report Period";
pub const SHAREPOINT_HEADER: &str = "Report Refresh Date,Site Id,Site URL,Owner Display Name,Is Deleted,Last Activity Date,File Count,Active File Count,Page View Count,Visited Page Count,Storage Used (Byte),Storage Allocated (Byte),Root Web Template,Owner Principal Name,Report Period";
pub const ONEDRIVE_HEADER: &str = "Report Refresh Date,Site URL,Owner Display Name,Is Deleted,Last Activity Date,File Count,Active File Count,Storage Used (Byte),Storage Allocated (Byte),Owner Principal Name,Report Period";

fn period(ctx: &Ctx) -> Result<u32, Reply> {
    match ctx.param(0) {
        "D7" => Ok(7),
        "D30" => Ok(30),
        "D90" => Ok(90),
        "D180" => Ok(180),
        other => Err(Reply::error(400, "BadRequest", format!("Invalid value '{other}' for parameter 'period'. Supported values are D7, D30, D90, D180."))),
    }
}

fn conceal(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest[..16].iter().map(|b| format!("{b:02X}")).collect()
}

fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn title(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// Stores the CSV and answers with the redirect to its download URL.
fn serve(ctx: &mut Ctx, header: &str, rows: Vec<String>) -> Out {
    let mut csv = String::from("\u{feff}");
    csv.push_str(header);
    csv.push_str("\r\n");
    for row in rows {
        csv.push_str(&row);
        csv.push_str("\r\n");
    }
    let token = ctx.w.ids.opaque("", 24);
    ctx.w.downloads.insert(token.clone(), csv.into_bytes());
    let location = format!("{}/reports-download/{token}", ctx.base);
    let mut reply = Reply::no_content()
        .header("Location", location)
        .header("Content-Type", "text/plain");
    reply.status = 302;
    Ok(reply)
}

fn people(ctx: &Ctx) -> Vec<User> {
    let t = &ctx.w.tenant;
    t.users
        .values()
        .chain(t.deleted_users.values())
        .cloned()
        .collect()
}

/// What every report row starts from: the period in days, the refresh date (reports lag
/// about two days), whether names are concealed, and the tenant's SharePoint host name.
struct Frame {
    days: u32,
    refreshed: String,
    hide: bool,
    host: String,
}

impl Frame {
    fn of(ctx: &Ctx) -> Result<Frame, Reply> {
        ctx.require_role(REPORT_READERS)?;
        let host = ctx
            .w
            .tenant
            .initial_domain()
            .trim_end_matches(".onmicrosoft.com")
            .to_string();
        Ok(Frame {
            days: period(ctx)?,
            refreshed: date(ctx.now - Duration::days(2)),
            hide: ctx.w.tenant.concealed_names,
            host,
        })
    }

    /// The text itself, or its hash when names are concealed.
    fn shown(&self, text: &str) -> String {
        if self.hide {
            conceal(text)
        } else {
            text.to_string()
        }
    }
}

fn mailbox(ctx: &mut Ctx) -> Out {
    let frame = Frame::of(ctx)?;
    let (days, refreshed) = (frame.days, frame.refreshed.clone());
    let rows = people(ctx)
        .iter()
        .map(|u| {
            let (upn, name) = (frame.shown(&u.upn), frame.shown(&u.display_name));
            let deleted_date = u.deleted_at.map(date).unwrap_or_default();
            [
                refreshed.clone(),
                cell(&upn),
                cell(&name),
                title(u.deleted_at.is_some()).into(),
                deleted_date,
                date(u.created),
                date(u.last_activity),
                u.mailbox_items.to_string(),
                u.mailbox_bytes.to_string(),
                "105226698752".into(),
                "106300440576".into(),
                "107374182400".into(),
                (u.mailbox_items / 20).to_string(),
                (u.mailbox_bytes / 25).to_string(),
                "32212254720".into(),
                "False".into(),
                days.to_string(),
            ]
            .join(",")
        })
        .collect();
    serve(ctx, MAILBOX_HEADER, rows)
}

fn onedrive(ctx: &mut Ctx) -> Out {
    let frame = Frame::of(ctx)?;
    let (days, refreshed, host) = (frame.days, frame.refreshed.clone(), frame.host.clone());
    let rows = people(ctx)
        .iter()
        .map(|u| {
            let site = format!(
                "https://{host}-my.sharepoint.com/personal/{}",
                u.upn.replace(['@', '.'], "_")
            );
            let (site, name, upn) = (
                frame.shown(&site),
                frame.shown(&u.display_name),
                frame.shown(&u.upn),
            );
            [
                refreshed.clone(),
                cell(&site),
                cell(&name),
                title(u.deleted_at.is_some()).into(),
                date(u.last_activity),
                u.onedrive_files.to_string(),
                (u.onedrive_files / 10).to_string(),
                u.onedrive_bytes.to_string(),
                "1099511627776".into(),
                cell(&upn),
                days.to_string(),
            ]
            .join(",")
        })
        .collect();
    serve(ctx, ONEDRIVE_HEADER, rows)
}

fn sharepoint(ctx: &mut Ctx) -> Out {
    let frame = Frame::of(ctx)?;
    let t = &ctx.w.tenant;
    let rows = t
        .sites
        .iter()
        .map(|site| {
            let owner = t
                .users
                .get(&site.owner)
                .or_else(|| t.deleted_users.get(&site.owner));
            // The report writes the root site with its trailing slash (INFERENCE).
            let mut url = site.web_url(&format!("{}.sharepoint.com", frame.host));
            if site.template == "Communication Site" {
                url.push('/');
            }
            [
                frame.refreshed.clone(),
                site.id.clone(),
                cell(&frame.shown(&url)),
                cell(&frame.shown(owner.map(|u| u.display_name.as_str()).unwrap_or_default())),
                if t.site_deleted(site) {
                    "True"
                } else {
                    "False"
                }
                .into(),
                frame.refreshed.clone(),
                site.files.to_string(),
                (site.files / 8).to_string(),
                site.page_views.to_string(),
                (site.page_views / 3).to_string(),
                site.storage_bytes.to_string(),
                "27487790694400".into(),
                site.template.into(),
                cell(&frame.shown(owner.map(|u| u.upn.as_str()).unwrap_or_default())),
                frame.days.to_string(),
            ]
            .join(",")
        })
        .collect();
    serve(ctx, SHAREPOINT_HEADER, rows)
}

fn settings(ctx: &mut Ctx) -> Out {
    ctx.require_role(REPORT_READERS)?;
    Ok(Reply::ok(json!({
        "@odata.context": ctx.context("admin/reportSettings/$entity"),
        "displayConcealedNames": ctx.w.tenant.concealed_names,
    })))
}

fn set_settings(ctx: &mut Ctx) -> Out {
    ctx.require_role(&[])?;
    match ctx
        .body_field("displayConcealedNames")
        .and_then(Value::as_bool)
    {
        Some(on) => {
            ctx.w.tenant.concealed_names = on;
            Ok(Reply::no_content())
        }
        None => Err(Reply::error(
            400,
            "BadRequest",
            "Invalid value for property 'displayConcealedNames'.",
        )),
    }
}
