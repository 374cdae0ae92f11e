//! Groups as Microsoft Entra stores them: Microsoft 365 groups (some with a Team), security
//! groups, mail-enabled security groups and distribution lists, and their JSON as Graph shows it.
//!
//! The four kinds differ in what Graph may do to them (Microsoft's "Delete group" page):
//! Microsoft 365 groups go to the recycle bin for 30 days, security groups are deleted at once,
//! and the two mail-enabled kinds Exchange Online owns belong to the Exchange admin center.

use crate::clock::iso;
use serde_json::{json, Map, Value};
use time::OffsetDateTime;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// `groupTypes: ["Unified"]`; `team` adds `resourceProvisioningOptions: ["Team"]`.
    Microsoft365 {
        team: bool,
    },
    Security,
    MailEnabledSecurity,
    Distribution,
}

impl GroupKind {
    /// Exchange Online masters these: Graph cannot change or delete them.
    pub fn exchange_owned(self) -> bool {
        matches!(
            self,
            GroupKind::MailEnabledSecurity | GroupKind::Distribution
        )
    }

    pub fn mail_enabled(self) -> bool {
        !matches!(self, GroupKind::Security)
    }

    pub fn security_enabled(self) -> bool {
        matches!(self, GroupKind::Security | GroupKind::MailEnabledSecurity)
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub display_name: String,
    pub description: Option<String>,
    pub mail_nickname: String,
    /// The primary address (`None` for a security group).
    pub mail: Option<String>,
    pub kind: GroupKind,
    pub created: OffsetDateTime,
    pub deleted_at: Option<OffsetDateTime>,
}

/// Properties returned when no `$select` is given (INFERENCE: the v1.0 list example's set,
/// trimmed to what the practice tenant models).
pub const DEFAULT_GROUP_PROPS: &[&str] = &[
    "id",
    "createdDateTime",
    "deletedDateTime",
    "description",
    "displayName",
    "groupTypes",
    "mail",
    "mailEnabled",
    "mailNickname",
    "proxyAddresses",
    "resourceProvisioningOptions",
    "securityEnabled",
    "visibility",
];

impl Group {
    /// Every address of the group, `SMTP:` marking the primary one as Exchange writes it.
    pub fn proxy_addresses(&self) -> Vec<String> {
        self.mail
            .iter()
            .map(|m| format!("SMTP:{m}"))
            .collect::<Vec<_>>()
    }

    /// Whether an address of the group is on `domain` (what blocks deleting the domain).
    pub fn uses_domain(&self, domain: &str) -> bool {
        self.mail
            .as_deref()
            .and_then(|m| m.rsplit_once('@'))
            .is_some_and(|(_, d)| d.eq_ignore_ascii_case(domain))
    }

    pub fn to_json(&self) -> Map<String, Value> {
        let (group_types, provisioning): (Vec<&str>, Vec<&str>) = match self.kind {
            GroupKind::Microsoft365 { team } => {
                (vec!["Unified"], if team { vec!["Team"] } else { vec![] })
            }
            _ => (vec![], vec![]),
        };
        let visibility = match self.kind {
            GroupKind::Microsoft365 { .. } => json!("Private"),
            _ => Value::Null,
        };
        let value = json!({
            "id": self.id,
            "createdDateTime": iso(self.created),
            "deletedDateTime": self.deleted_at.map(iso),
            "description": self.description,
            "displayName": super::null_if_empty(&self.display_name),
            "groupTypes": group_types,
            "mail": self.mail,
            "mailEnabled": self.kind.mail_enabled(),
            "mailNickname": self.mail_nickname,
            "onPremisesSyncEnabled": null,
            "proxyAddresses": self.proxy_addresses(),
            "resourceProvisioningOptions": provisioning,
            "securityEnabled": self.kind.security_enabled(),
            "visibility": visibility,
        });
        match value {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}
