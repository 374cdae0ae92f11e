//! Delegated permissions that allow each kind of call (any one of a list suffices),
//! from Microsoft's per-API permission tables.

pub const ME: &[&str] = &["User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const ORG_READ: &[&str] = &["User.Read", "Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const ORG_WRITE: &[&str] = &["Organization.ReadWrite.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const USERS_READ: &[&str] = &["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const USERS_WRITE: &[&str] = &["User.ReadWrite.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const USERS_DELETE: &[&str] = &["User.DeleteRestore.All", "User.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const DELETED_READ: &[&str] = &["Group.Read.All", "Group.ReadWrite.All", "User.Read.All", "User.ReadWrite.All", "User.DeleteRestore.All", "Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const DELETED_WRITE: &[&str] = &["Group.ReadWrite.All", "User.ReadWrite.All", "User.DeleteRestore.All", "Application.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const DOMAIN_READ: &[&str] = &["Domain.Read.All", "Domain.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const DOMAIN_WRITE: &[&str] = &["Domain.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const SKUS_READ: &[&str] = &["LicenseAssignment.Read.All", "LicenseAssignment.ReadWrite.All", "Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const SUBSCRIPTIONS_READ: &[&str] = &["LicenseAssignment.Read.All", "Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const POLICY_READ: &[&str] = &["Policy.Read.All", "Policy.ReadWrite.SecurityDefaults", "Policy.ReadWrite.ConditionalAccess", "Policy.ReadWrite.AuthenticationMethod"];
pub const SECURITY_DEFAULTS_WRITE: &[&str] = &["Policy.ReadWrite.SecurityDefaults"];
pub const CA_WRITE: &[&str] = &["Policy.ReadWrite.ConditionalAccess"];
pub const MFA_READ: &[&str] = &["Policy.Read.All", "Policy.ReadWrite.AuthenticationMethod", "UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"];
pub const MFA_WRITE: &[&str] = &["Policy.ReadWrite.AuthenticationMethod"];
pub const APPS_READ: &[&str] = &["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const APPS_WRITE: &[&str] = &["Application.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const REPORTS_READ: &[&str] = &["Reports.Read.All"];
pub const REPORT_SETTINGS_READ: &[&str] =
    &["ReportSettings.Read.All", "ReportSettings.ReadWrite.All"];
pub const REPORT_SETTINGS_WRITE: &[&str] = &["ReportSettings.ReadWrite.All"];
pub const ROLES_READ: &[&str] = &["RoleManagement.Read.Directory", "RoleManagement.ReadWrite.Directory", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
// Backup (mail and files): own mailbox and drive, then other people's once access is granted.
pub const MAIL_READ: &[&str] = &["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite", "Mail.Read.Shared", "Mail.ReadWrite.Shared"];
pub const MAIL_READ_SHARED: &[&str] = &["Mail.Read.Shared", "Mail.ReadWrite.Shared"];
pub const FILES_READ: &[&str] = &["Files.Read", "Files.ReadWrite", "Files.Read.All", "Files.ReadWrite.All", "Sites.Read.All", "Sites.ReadWrite.All"];
pub const FILES_READ_ALL: &[&str] = &["Files.Read.All", "Files.ReadWrite.All", "Sites.Read.All", "Sites.ReadWrite.All"];
pub const SITES_READ: &[&str] = &["Sites.Read.All", "Sites.ReadWrite.All", "Sites.Manage.All", "Sites.FullControl.All"];
pub const MEMBER_OF_READ: &[&str] = &["User.Read.All", "User.ReadWrite.All", "GroupMember.Read.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const GROUPS_READ: &[&str] = &["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const GROUPS_DELETE: &[&str] = &["Group.ReadWrite.All", "Directory.AccessAsUser.All"];
pub const MAILBOX_SETTINGS_READ: &[&str] = &["MailboxSettings.Read", "MailboxSettings.ReadWrite"];
