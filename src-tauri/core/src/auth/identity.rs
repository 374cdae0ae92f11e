//! After sign-in: who is signed in, which organization (pinned for the whole closure), and
//! whether they are a Global Administrator.
//!
//! `GET /me`, `GET /organization` and `GET /me/memberOf` (Microsoft Graph's "List a user's
//! direct memberships", <https://learn.microsoft.com/graph/api/user-list-memberof>). `memberOf` lists
//! *active* role assignments only: a Global Administrator who is merely PIM-eligible shows as
//! "not a Global Administrator" until they activate the role, which is the right answer for
//! what the closure can do right now.

use super::session::Session;
use crate::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The Global Administrator role's template id (the same in every tenant).
pub const GLOBAL_ADMIN_TEMPLATE_ID: &str = "62e90394-69f5-4237-9190-012177145e10";

/// Who is signed in, where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    pub user_id: String,
    pub user_principal_name: String,
    pub display_name: Option<String>,
    pub tenant_id: String,
    pub organization_name: Option<String>,
    pub is_global_admin: bool,
}

impl Identity {
    /// `Ok` for a Global Administrator; otherwise the error the UI explains ("only a Global
    /// Administrator of this organization can close it; ask one to sign in").
    pub fn require_global_admin(&self) -> Result<()> {
        if self.is_global_admin {
            return Ok(());
        }
        Err(Error::new(
            ErrorCode::NotGlobalAdmin,
            "Only a Global Administrator of this organization can close it",
        )
        .with_details(json!({
            "userPrincipalName": self.user_principal_name,
            "organization": self.organization_name,
        })))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Me {
    id: String,
    user_principal_name: String,
    display_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Organization {
    id: String,
    display_name: Option<String>,
}

#[derive(Deserialize)]
struct List<T> {
    value: Vec<T>,
}

impl Session {
    /// Reads who and where from Graph, pins the tenant (and checks it against the ID token's
    /// `tid`), and, for a Global Administrator only, saves the refresh token in the keychain
    /// under that tenant.
    pub async fn identify(&self) -> Result<Identity> {
        let graph = self.graph()?;
        let me: Me = graph
            .get("/v1.0/me?$select=id,userPrincipalName,displayName")
            .await?;
        let orgs: List<Organization> = graph
            .get("/v1.0/organization?$select=id,displayName")
            .await?;
        let org = orgs.value.into_iter().next().ok_or_else(|| {
            Error::new(
                ErrorCode::TenantNotFound,
                "Microsoft returned no organization",
            )
        })?;
        if let Some(claimed) = self.claims().tenant_id {
            if claimed != org.id {
                return Err(Error::new(
                    ErrorCode::TenantMismatch,
                    "The sign-in and Microsoft Graph name different organizations",
                ));
            }
        }
        let roles: Vec<Value> = graph.get_all("/v1.0/me/memberOf").await?;
        let is_global_admin = roles.iter().any(|role| {
            role["@odata.type"] == "#microsoft.graph.directoryRole"
                && role["roleTemplateId"] == GLOBAL_ADMIN_TEMPLATE_ID
        });
        self.pin_tenant(&org.id, is_global_admin).await?;
        Ok(Identity {
            user_id: me.id,
            user_principal_name: me.user_principal_name,
            display_name: me.display_name,
            tenant_id: org.id,
            organization_name: org.display_name,
            is_global_admin,
        })
    }
}
