//! "Access management for Azure resources": the Global Administrator's elevated access.
//! `POST /providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01` grants User
//! Access Administrator at root scope `/`; removing it means deleting that role assignment:
//! list the person's assignments (`roleAssignments?$filter=principalId eq '{id}'`), keep the
//! one at scope `/` whose role definition is User Access Administrator, delete it (azure-docs
//! `role-based-access-control/elevate-access-global-admin.md`, REST tab).

use super::client::{ArmClient, ArmReply};
use crate::{ErrorCode, Result};
use serde_json::Value;

/// The built-in User Access Administrator role definition (the same id everywhere).
pub const USER_ACCESS_ADMINISTRATOR: &str = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
const ELEVATE: &str = "/providers/Microsoft.Authorization/elevateAccess?api-version=2016-07-01";
const ASSIGNMENTS_API: &str = "2022-04-01";

pub async fn elevate(arm: &ArmClient) -> Result<ArmReply> {
    arm.post(ELEVATE).await
}

/// The names of `principal`'s User Access Administrator assignments at `/`. Without elevated
/// access Microsoft refuses to list them (403): that means none.
pub async fn root_assignments(arm: &ArmClient, principal: &str) -> Result<Vec<String>> {
    let path = format!(
        "/providers/Microsoft.Authorization/roleAssignments?api-version={ASSIGNMENTS_API}&$filter={}",
        url::form_urlencoded::byte_serialize(format!("principalId eq '{principal}'").as_bytes())
            .collect::<String>()
    );
    let items = match arm.get_all(&path).await {
        Ok(items) => items,
        Err(e) if e.code == ErrorCode::AccessDenied => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(items
        .iter()
        .filter_map(|a| elevated_name(a, principal))
        .collect())
}

fn elevated_name(assignment: &Value, principal: &str) -> Option<String> {
    let p = &assignment["properties"];
    let at_root = p["scope"].as_str() == Some("/");
    let role = p["roleDefinitionId"]
        .as_str()
        .is_some_and(|r| r.to_ascii_lowercase().ends_with(USER_ACCESS_ADMINISTRATOR));
    let mine = p["principalId"]
        .as_str()
        .is_some_and(|id| id.eq_ignore_ascii_case(principal));
    (at_root && role && mine)
        .then(|| assignment["name"].as_str().map(str::to_owned))
        .flatten()
        .filter(|n| crate::auth::is_guid(n))
}

/// Deletes `principal`'s elevated access; the replies (for their request ids).
pub async fn remove(arm: &ArmClient, principal: &str) -> Result<Vec<ArmReply>> {
    let mut replies = Vec::new();
    for name in root_assignments(arm, principal).await? {
        let path = format!(
            "/providers/Microsoft.Authorization/roleAssignments/{name}?api-version={ASSIGNMENTS_API}"
        );
        replies.push(arm.delete(&path).await?);
    }
    Ok(replies)
}
