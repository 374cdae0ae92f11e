//! Groups, mailboxes that are not people, guests and federated domains in the `tangled`
//! practice organization: Microsoft's shapes, what Graph refuses, and what blocks a domain.

mod common;

use common::*;
use serde_json::Value;

const DOMAIN: &str = "adventureworks.example";

fn names(list: &Value) -> Vec<String> {
    let mut names: Vec<String> = list["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["displayName"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

fn id_of(list: &Value, name: &str) -> String {
    list["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["displayName"] == name)
        .unwrap_or_else(|| panic!("{name} listed"))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn groups_list_with_microsofts_kinds_select_filter_and_paging() {
    let s = session("tangled").await;
    let all = s.get_json("/v1.0/groups").await;
    let sales = all["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["displayName"] == "All Company")
        .unwrap();
    assert_eq!(sales["groupTypes"], serde_json::json!(["Unified"]));
    assert_eq!(
        sales["resourceProvisioningOptions"],
        serde_json::json!(["Team"])
    );
    assert_eq!(sales["mailEnabled"], true);
    assert_eq!(sales["securityEnabled"], false);
    assert_eq!(sales["mail"], format!("allcompany@{DOMAIN}"));
    assert_eq!(
        sales["proxyAddresses"],
        serde_json::json!([format!("SMTP:allcompany@{DOMAIN}")])
    );
    let security = all["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["displayName"] == "Laptop users")
        .unwrap();
    assert!(
        security["mail"].is_null(),
        "a security group has no address"
    );
    assert_eq!(security["groupTypes"], serde_json::json!([]));

    let unified = s
        .get_json("/v1.0/groups?$filter=groupTypes/any(c:c+eq+'Unified')&$select=id,displayName")
        .await;
    assert_eq!(names(&unified), ["All Company", "Sales"]);
    assert!(unified["value"][0].get("mail").is_none(), "$select applies");
    let teams = s
        .get_json("/v1.0/groups?$filter=resourceProvisioningOptions/Any(x:x+eq+'Team')")
        .await;
    assert_eq!(names(&teams), ["All Company"]);
    let mail_only = s
        .get_json("/v1.0/groups?$filter=mailEnabled+eq+true+and+securityEnabled+eq+true")
        .await;
    assert_eq!(names(&mail_only), ["Finance alerts"]);

    let mut page = s.get_json("/v1.0/groups?$top=2&$select=id").await;
    let mut seen = Vec::new();
    loop {
        let items = page["value"].as_array().unwrap();
        assert!(items.len() <= 2, "$top applies to every page");
        seen.extend(items.iter().map(|g| g["id"].as_str().unwrap().to_string()));
        let Some(next) = page["@odata.nextLink"].as_str() else {
            break;
        };
        page = s.get_json(next.trim_start_matches(s.sim.base_url())).await;
    }
    seen.dedup();
    assert_eq!(seen.len(), 5, "every group once across the pages");
}

#[tokio::test]
async fn microsoft_365_groups_wait_in_the_recycle_bin_security_groups_go_at_once() {
    let s = session("tangled").await;
    let all = s.get_json("/v1.0/groups?$select=id,displayName").await;
    let sales = id_of(&all, "Sales");
    let laptops = id_of(&all, "Laptop users");
    assert_eq!(
        s.delete(&format!("/v1.0/groups/{sales}")).await.status(),
        204
    );
    assert_eq!(
        s.delete(&format!("/v1.0/groups/{laptops}")).await.status(),
        204
    );
    assert_eq!(
        error_code(s.get(&format!("/v1.0/groups/{sales}")).await, 404).await,
        "Request_ResourceNotFound"
    );
    let bin = s
        .get_json("/v1.0/directory/deletedItems/microsoft.graph.group")
        .await;
    assert_eq!(
        names(&bin),
        ["Sales"],
        "only the Microsoft 365 group is restorable"
    );
    assert!(bin["value"][0]["deletedDateTime"].is_string());

    let restored = s
        .post(
            &format!("/v1.0/directory/deletedItems/{sales}/restore"),
            Value::Null,
        )
        .await;
    assert_eq!(restored.status(), 200);
    let restored: Value = restored.json().await.unwrap();
    assert_eq!(restored["@odata.type"], "#microsoft.graph.group");
    assert_eq!(s.get(&format!("/v1.0/groups/{sales}")).await.status(), 200);

    assert_eq!(
        s.delete(&format!("/v1.0/groups/{sales}")).await.status(),
        204
    );
    let purge = s
        .delete(&format!("/v1.0/directory/deletedItems/{sales}"))
        .await;
    assert_eq!(purge.status(), 204);
    let bin = s
        .get_json("/v1.0/directory/deletedItems/microsoft.graph.group")
        .await;
    assert!(
        bin["value"].as_array().unwrap().is_empty(),
        "purged for good"
    );
}

#[tokio::test]
async fn distribution_lists_and_mail_enabled_security_groups_are_refused() {
    let s = session("tangled").await;
    let all = s.get_json("/v1.0/groups?$select=id,displayName").await;
    for name in ["Orders", "Finance alerts"] {
        let id = id_of(&all, name);
        assert_eq!(
            error_code(s.delete(&format!("/v1.0/groups/{id}")).await, 400).await,
            "Request_BadRequest",
            "{name}"
        );
        assert_eq!(
            s.get(&format!("/v1.0/groups/{id}")).await.status(),
            200,
            "{name} stays"
        );
    }
}

#[tokio::test]
async fn the_domain_is_refused_while_groups_still_use_it() {
    let s = session("tangled").await;
    let refs = s
        .get_json(&format!("/v1.0/domains/{DOMAIN}/domainNameReferences"))
        .await;
    let groups: Vec<&Value> = refs["value"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["@odata.type"] == "#microsoft.graph.group")
        .collect();
    let mut group_names: Vec<&str> = groups
        .iter()
        .map(|g| g["displayName"].as_str().unwrap())
        .collect();
    group_names.sort();
    assert_eq!(
        group_names,
        ["All Company", "Finance alerts", "Orders", "Sales"]
    );
    assert!(groups
        .iter()
        .all(|g| g["mail"].is_string() && g["groupTypes"].is_array()));

    // Everyone but the owner leaves, and the owner's sign-in name moves: only groups remain.
    let me = s.get_json("/v1.0/me").await;
    let users = s.all_users("?$select=id,userPrincipalName").await;
    for u in users.iter().filter(|u| u["id"] != me["id"]) {
        let res = s
            .delete(&format!("/v1.0/users/{}", u["id"].as_str().unwrap()))
            .await;
        assert_eq!(res.status(), 204, "{}", u["userPrincipalName"]);
    }
    let moved = s
        .patch(
            &format!("/v1.0/users/{}", me["id"].as_str().unwrap()),
            serde_json::json!({"userPrincipalName": "kim@adventureworkscycles.onmicrosoft.com"}),
        )
        .await;
    assert_eq!(moved.status(), 204);
    assert_eq!(
        error_code(s.delete(&format!("/v1.0/domains/{DOMAIN}")).await, 400).await,
        "Request_BadRequest",
        "four groups still use it"
    );
}

#[tokio::test]
async fn mailbox_settings_tell_people_from_shared_and_room_mailboxes() {
    let s = session("tangled").await;
    let info = s
        .get_json(&format!(
            "/v1.0/users/info@{DOMAIN}?$select=id,accountEnabled"
        ))
        .await;
    assert_eq!(
        info["accountEnabled"], false,
        "a shared mailbox cannot sign in"
    );
    let settings = s
        .get_json(&format!("/v1.0/users/info@{DOMAIN}/mailboxSettings"))
        .await;
    assert_eq!(settings["userPurpose"]["value"], "shared");
    let room = s
        .get_json(&format!(
            "/v1.0/users/room1@{DOMAIN}/mailboxSettings/userPurpose"
        ))
        .await;
    assert_eq!(room["value"], "room");
    assert!(room["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("/mailboxSettings/userPurpose"));
    let kim = s
        .get_json(&format!(
            "/v1.0/users/kim@{DOMAIN}/mailboxSettings/userPurpose"
        ))
        .await;
    assert_eq!(kim["value"], "user");
}

#[tokio::test]
async fn guests_carry_ext_sign_in_names_and_their_invitation_state() {
    let s = session("tangled").await;
    let guests = s
        .get_json("/v1.0/users?$filter=userType+eq+'Guest'&$select=id,userPrincipalName,mail,userType,externalUserState")
        .await;
    let guests = guests["value"].as_array().unwrap();
    assert_eq!(guests.len(), 3);
    for g in guests {
        let upn = g["userPrincipalName"].as_str().unwrap();
        assert!(
            upn.contains("#EXT#@adventureworkscycles.onmicrosoft.com"),
            "{upn}"
        );
        assert!(g["mail"].as_str().unwrap().ends_with("@fabrikam.example"));
    }
    assert!(guests
        .iter()
        .any(|g| g["externalUserState"] == "PendingAcceptance"));
    let id = guests[0]["id"].as_str().unwrap();
    assert_eq!(
        error_code(
            s.get(&format!("/v1.0/users/{id}/mailboxSettings")).await,
            404
        )
        .await,
        "MailboxNotEnabledForRESTAPI",
        "a guest has no mailbox here"
    );
}

#[tokio::test]
async fn a_federated_domain_says_so() {
    let s = session("tangled").await;
    let d = s.get_json("/v1.0/domains/awcycles.example").await;
    assert_eq!(d["authenticationType"], "Federated");
    let main = s.get_json(&format!("/v1.0/domains/{DOMAIN}")).await;
    assert_eq!(main["authenticationType"], "Managed");
}

#[tokio::test]
async fn an_unpaid_invoice_shows_on_bills_and_payments_and_blocks_the_tenant_deletion() {
    let s = session("tangled").await;
    let review = format!(
        "/portal/entra/tenants/delete?tenant_id={}",
        s.sim.tenant_id()
    );
    s.approve_entra().await;
    let checks = s.page(&review).await;
    assert!(
        checks.contains("<strong>Required action</strong>: No unpaid invoices"),
        "{checks}"
    );
    let bills = s.page("/portal/admin/billing").await;
    assert!(
        bills.contains("Unpaid") && bills.contains("G012345678"),
        "{bills}"
    );
    let (status, page) = s.portal("/portal/admin/billing/G012345678/pay", &[]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Paid"));
    let checks = s.page(&review).await;
    assert!(
        checks.contains("<strong>Passed</strong>: No unpaid invoices"),
        "{checks}"
    );
}

/// The row of the site usage report whose address ends with `/sites/{name}`, as cells.
fn site_row(csv: &str, name: &str) -> Option<Vec<String>> {
    csv.lines()
        .find(|l| l.contains(&format!("/sites/{name},")))
        .map(|l| l.split(',').map(str::to_string).collect())
}

#[tokio::test]
async fn every_microsoft_365_group_has_a_site_in_search_and_in_the_usage_report() {
    let scope = format!("{ALL} https://graph.microsoft.com/Sites.Read.All");
    let s = session_scoped(closeout_sim::SimOptions::scenario("tangled"), &scope).await;
    let all = s.get_json("/v1.0/groups?$select=id,displayName").await;
    let sales = id_of(&all, "Sales");
    let sites = s.get_json("/v1.0/sites?search=*").await;
    let site = sites["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|site| site["displayName"] == "Sales")
        .expect("the Sales group's site is found by search")
        .clone();
    assert_eq!(
        site["webUrl"],
        "https://adventureworkscycles.sharepoint.com/sites/Sales"
    );
    let id = site["id"].as_str().unwrap();
    assert_eq!(
        id.split(',').count(),
        3,
        "{{host}},{{site id}},{{web id}}: {id}"
    );

    // One library, whichever way the owner reaches it.
    let by_group = s.get_json(&format!("/v1.0/groups/{sales}/drive")).await;
    let by_site = s.get_json(&format!("/v1.0/sites/{id}/drives")).await;
    assert_eq!(by_group["id"], by_site["value"][0]["id"]);
    assert_eq!(
        by_group["webUrl"],
        "https://adventureworkscycles.sharepoint.com/sites/Sales/Shared%20Documents"
    );

    let row = site_row(&report(&s, "getSharePointSiteUsageDetail").await, "Sales")
        .expect("the group's site in the site usage report");
    assert_eq!(row[1], id.split(',').nth(1).unwrap(), "Site Id");
    assert_eq!(row[4], "False", "Is Deleted");
    assert_eq!(row[12], "Group", "Root Web Template");

    // Deleting the group deletes its site: out of search, flagged in the report.
    assert_eq!(
        s.delete(&format!("/v1.0/groups/{sales}")).await.status(),
        204
    );
    let sites = s.get_json("/v1.0/sites?search=Sales").await;
    assert!(sites["value"].as_array().unwrap().is_empty(), "{sites}");
    let row = site_row(&report(&s, "getSharePointSiteUsageDetail").await, "Sales").unwrap();
    assert_eq!(row[4], "True", "Is Deleted");
}
