//! `/groups` (list with OData options, get, delete) and `/users/{id}/mailboxSettings`
//! (`userPurpose` tells a person's mailbox from a shared, room or equipment one).
//!
//! Deleting follows Microsoft's "Delete group" page: a Microsoft 365 group goes to
//! `deletedItems` for 30 days, a security group is gone at once; distribution lists and
//! mail-enabled security groups belong to Exchange Online and Graph refuses them.

use super::odata::{self, Filterable};
use super::perms::{GROUPS_DELETE, GROUPS_READ, MAILBOX_SETTINGS_READ};
use super::reply::{bad_request, not_found, Out, Reply};
use super::{Ctx, Route};
use crate::state::groups::{Group, GroupKind, DEFAULT_GROUP_PROPS};
use crate::state::users::USER_ADMIN;
use crate::throttle::Service::{Directory, Unmetered};
use serde_json::json;

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/groups", cost: 1, service: Directory, beta_only: false, scopes: GROUPS_READ, handler: list },
    Route { method: "GET", template: "/groups/{id}", cost: 1, service: Directory, beta_only: false, scopes: GROUPS_READ, handler: get },
    Route { method: "DELETE", template: "/groups/{id}", cost: 1, service: Directory, beta_only: false, scopes: GROUPS_DELETE, handler: delete },
    Route { method: "GET", template: "/users/{id}/mailboxSettings", cost: 1, service: Unmetered, beta_only: false, scopes: MAILBOX_SETTINGS_READ, handler: mailbox_settings },
    Route { method: "GET", template: "/users/{id}/mailboxSettings/userPurpose", cost: 1, service: Unmetered, beta_only: false, scopes: MAILBOX_SETTINGS_READ, handler: user_purpose },
];

pub const GROUP_FILTER: Filterable = Filterable {
    type_name: "microsoft.graph.group",
    props: &[
        "id",
        "displayName",
        "mail",
        "mailEnabled",
        "mailNickname",
        "securityEnabled",
        "groupTypes",
        "resourceProvisioningOptions",
        "proxyAddresses",
    ],
    advanced: &[],
};

fn list(ctx: &mut Ctx) -> Out {
    let items = &ctx.w.tenant.groups;
    odata::collection(
        ctx,
        &GROUP_FILTER,
        "groups",
        DEFAULT_GROUP_PROPS,
        items,
        Group::to_json,
    )
}

fn find(ctx: &Ctx) -> Result<Group, Reply> {
    let id = ctx.param(0);
    ctx.w
        .tenant
        .groups
        .get(&id.to_ascii_lowercase())
        .cloned()
        .ok_or_else(|| not_found(id))
}

fn get(ctx: &mut Ctx) -> Out {
    let group = find(ctx)?;
    let select: Option<Vec<String>> = ctx
        .req
        .option("$select")
        .map(|s| s.split(',').map(|p| p.trim().to_string()).collect());
    let mut obj = odata::project(&group.to_json(), select.as_deref(), DEFAULT_GROUP_PROPS);
    obj["@odata.context"] = json!(ctx.context("groups/$entity"));
    Ok(Reply::ok(obj))
}

fn delete(ctx: &mut Ctx) -> Out {
    let mut group = find(ctx)?;
    // Groups Administrator and User Administrator may delete groups; Global Administrator always.
    ctx.require_role(&[USER_ADMIN])?;
    if group.kind.exchange_owned() {
        // INFERENCE: Microsoft documents this answer for updating such a group through Graph;
        // the delete is refused the same way (Exchange Online masters the object).
        return Err(bad_request(
            "Cannot Update a mail-enabled security groups and or distribution list.",
        ));
    }
    ctx.w.tenant.groups.remove(&group.id);
    let kind = match group.kind {
        GroupKind::Microsoft365 { .. } => {
            group.deleted_at = Some(ctx.now);
            ctx.w
                .tenant
                .deleted_groups
                .insert(group.id.clone(), group.clone());
            "group"
        }
        _ => "group (permanent)",
    };
    ctx.deleted(kind, &group.id, &group.display_name);
    Ok(Reply::no_content())
}

/// The mailbox behind a user, or Exchange's answer when there is none (a guest, or a person
/// without an Exchange licence). INFERENCE: a Global Administrator may read any mailbox's
/// settings here; at Microsoft a delegated call for another person's mailbox may also need
/// mailbox access, which Closeout treats as "could not tell" (see core inventory).
fn mailbox_of(ctx: &Ctx) -> Result<(String, &'static str), Reply> {
    let key = ctx.param(0);
    let id = ctx
        .w
        .tenant
        .find_user_id(key)
        .ok_or_else(|| not_found(key))?;
    let user = &ctx.w.tenant.users[&id];
    let has_mailbox =
        user.user_type == "Member" && (user.purpose != "user" || !user.licenses.is_empty());
    if !has_mailbox {
        return Err(Reply::error(
            404,
            "MailboxNotEnabledForRESTAPI",
            "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
        ));
    }
    Ok((id, user.purpose))
}

fn mailbox_settings(ctx: &mut Ctx) -> Out {
    let (id, purpose) = mailbox_of(ctx)?;
    Ok(Reply::ok(json!({
        "@odata.context": ctx.context(&format!("users('{id}')/mailboxSettings")),
        "archiveFolder": null,
        "timeZone": "UTC",
        "dateFormat": "MM/dd/yyyy",
        "timeFormat": "hh:mm tt",
        "language": {"locale": "en-US", "displayName": "English (United States)"},
        "automaticRepliesSetting": {"status": "disabled", "externalAudience": "all"},
        "userPurpose": {"value": purpose},
        "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly",
    })))
}

fn user_purpose(ctx: &mut Ctx) -> Out {
    let (id, purpose) = mailbox_of(ctx)?;
    Ok(Reply::ok(json!({
        "@odata.context": ctx.context(&format!("users('{id}')/mailboxSettings/userPurpose")),
        "value": purpose,
    })))
}
