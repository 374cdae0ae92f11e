//! Microsoft's own pages the backup assistant points to, in one place so that each address is
//! checked once (each was read in Microsoft's documentation repositories) and never mistyped.

/// "Get access to and back up a former user's data": OneDrive files and Outlook (.pst) export.
pub const BACK_UP_USER_DATA: &str =
    "https://learn.microsoft.com/microsoft-365/admin/add-users/get-access-to-and-back-up-a-former-user-s-data";
/// The same article, at the Outlook export section (mail, calendar, contacts to a .pst file).
pub const BACK_UP_MAILBOX: &str = "https://learn.microsoft.com/microsoft-365/admin/add-users/get-access-to-and-back-up-a-former-user-s-data#access-the-outlook-data-of-a-former-user";
/// The same article, at the OneDrive section.
pub const BACK_UP_ONEDRIVE: &str = "https://learn.microsoft.com/microsoft-365/admin/add-users/get-access-to-and-back-up-a-former-user-s-data#access-a-former-users-onedrive-documents";
/// "Transfer data manually between two accounts", at the team site section.
pub const BACK_UP_SITES: &str = "https://learn.microsoft.com/microsoft-365/admin/get-help-with-domains/transfer-data-manually#transfer-team-site-structure-and-data";
/// "View your invoice in the Microsoft 365 admin center".
pub const VIEW_INVOICES: &str =
    "https://learn.microsoft.com/microsoft-365/commerce/billing-and-payments/view-your-bill-or-invoice";
/// The admin center's Billing > Bills & payments page (Microsoft's own short link).
pub const ADMIN_BILLS: &str = "https://go.microsoft.com/fwlink/p/?linkid=2102895";
/// The admin center's Users > Active users page (Microsoft's own short link).
pub const ADMIN_ACTIVE_USERS: &str = "https://go.microsoft.com/fwlink/p/?linkid=834822";
/// "DNS records for Microsoft 365": what each record is for, to recreate them elsewhere.
pub const DNS_RECORDS: &str =
    "https://learn.microsoft.com/microsoft-365/admin/get-help-with-domains/information-for-dns-records";
/// "View enterprise applications": the apps people sign in to with their work account.
pub const ENTERPRISE_APPS: &str =
    "https://learn.microsoft.com/entra/identity/enterprise-apps/view-applications-portal";
/// "Microsoft 365 Reports in the admin center": the section on showing or hiding user names.
pub const REPORTS_PRIVACY: &str =
    "https://learn.microsoft.com/microsoft-365/admin/activity-reports/activity-reports";
/// The admin center's Settings > Org settings > Services page, where "Reports" lives.
pub const ADMIN_ORG_SETTINGS: &str = "https://go.microsoft.com/fwlink/p/?linkid=2053743";
/// "Close your Microsoft business account": Microsoft's own order of the steps.
pub const CLOSE_ACCOUNT: &str =
    "https://learn.microsoft.com/microsoft-365/commerce/close-your-account";
