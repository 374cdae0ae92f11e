//! Organization, domains, subscriptions, MFA settings, applications and reports: shapes,
//! refusals and the consistency between the two subscription views.

mod common;

use closeout_sim::SimOptions;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn organization_and_domains_match() {
    let s = session("bakery").await;
    let narrow = s
        .get_json("/v1.0/organization?$select=id,displayName")
        .await;
    assert!(
        narrow["value"][0].get("verifiedDomains").is_none(),
        "$select applies"
    );
    assert!(narrow["@odata.context"]
        .as_str()
        .unwrap()
        .ends_with("#organization(id,displayName)"));
    let org = s.get_json("/v1.0/organization").await;
    let o = &org["value"][0];
    assert_eq!(o["id"], s.sim.tenant_id());
    assert_eq!(o["displayName"], "Crumb & Co. Bakery");
    assert!(o["onPremisesSyncEnabled"].is_null());
    let names: Vec<&str> = o["verifiedDomains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["crumbandco.onmicrosoft.com", "crumbandco.com"]);
    let domains = s.get_json("/v1.0/domains").await;
    let custom = domains["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "crumbandco.com")
        .unwrap()
        .clone();
    assert_eq!(custom["isDefault"], true);
    assert_eq!(custom["isVerified"], true);
}

#[tokio::test]
async fn a_domain_can_be_deleted_only_when_nothing_references_it() {
    let s = session("bakery").await;
    let refs = s
        .get_json("/v1.0/domains/crumbandco.com/domainNameReferences")
        .await;
    let kinds: Vec<&str> = refs["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["@odata.type"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.len(),
        12,
        "8 people, info@ and 3 groups (the Team, Kitchen, the Orders list): {kinds:?}"
    );
    assert_eq!(kinds[0], "#microsoft.graph.user");
    assert_eq!(kinds[11], "#microsoft.graph.group");
    assert_eq!(
        error_code(s.delete("/v1.0/domains/crumbandco.com").await, 400).await,
        "Request_BadRequest"
    );
    assert_eq!(
        error_code(
            s.delete("/v1.0/domains/crumbandco.onmicrosoft.com").await,
            400
        )
        .await,
        "Request_BadRequest"
    );

    for u in s.all_users("?$select=id,userPrincipalName").await {
        let id = u["id"].as_str().unwrap();
        if u["userPrincipalName"] == s.sim.admin_upn() {
            let res = s
                .patch(
                    &format!("/v1.0/users/{id}"),
                    json!({"userPrincipalName": "maria@crumbandco.onmicrosoft.com"}),
                )
                .await;
            assert_eq!(res.status(), 204);
        } else {
            assert_eq!(s.delete(&format!("/v1.0/users/{id}")).await.status(), 204);
        }
    }
    assert_eq!(
        error_code(s.delete("/v1.0/domains/crumbandco.com").await, 400).await,
        "Request_BadRequest",
        "the groups still use it"
    );
    s.remove_groups_with_an_address().await;
    assert_eq!(s.delete("/v1.0/domains/crumbandco.com").await.status(), 204);
    assert_eq!(s.delete("/v1.0/domains/crumbandco.com").await.status(), 404);
    let domains = s.get_json("/v1.0/domains").await;
    assert_eq!(
        domains["value"][0]["isDefault"], true,
        "the initial domain becomes the default"
    );
}

#[tokio::test]
async fn subscribed_skus_and_directory_subscriptions_agree() {
    let s = session("partner").await;
    let skus = s.get_json("/v1.0/subscribedSkus").await;
    let subs = s.get_json("/v1.0/directory/subscriptions").await;
    let subs = subs["value"].as_array().unwrap();
    assert_eq!(subs.len(), 2);
    for sub in subs {
        let sku = skus["value"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["skuId"] == sub["skuId"])
            .unwrap();
        assert_eq!(sku["prepaidUnits"]["enabled"], sub["totalLicenses"]);
        assert_eq!(sku["capabilityStatus"], sub["status"]);
        assert!(sku["subscriptionIds"]
            .as_array()
            .unwrap()
            .contains(&sub["commerceSubscriptionId"]));
        assert!(sub["nextLifecycleDateTime"].is_string());
        assert_eq!(sub["isTrial"], false);
    }
    // Only documented fields tell a partner purchase: `ownerTenantId` names the partner's
    // tenant, and `ownerType` is the type of `ownerId` ("User"), as for any other.
    let partner = subs
        .iter()
        .find(|x| x["ownerTenantId"] != s.sim.tenant_id())
        .expect("a partner-bought subscription");
    assert_eq!(partner["ownerType"], "User");
    let res = s.post("/v1.0/directory/subscriptions", json!({})).await;
    assert_eq!(
        error_code(res, 405).await,
        "Request_BadRequest",
        "read-only, as at Microsoft"
    );
}

#[tokio::test]
async fn security_defaults_conditional_access_and_per_user_mfa() {
    let s = session("agency").await;
    let sd = s
        .get_json("/v1.0/policies/identitySecurityDefaultsEnforcementPolicy")
        .await;
    assert_eq!(sd["isEnabled"], false);
    assert_eq!(sd["id"], "00000000-0000-0000-0000-000000000005");
    let ca = s
        .get_json("/v1.0/identity/conditionalAccess/policies")
        .await;
    let policies = ca["value"].as_array().unwrap();
    assert_eq!(policies.len(), 2);
    assert_eq!(policies[0]["state"], "enabled");
    let me = s.get_json("/v1.0/me").await;
    let id = me["id"].as_str().unwrap();
    let res = s
        .get(&format!("/v1.0/users/{id}/authentication/requirements"))
        .await;
    assert_eq!(
        error_code(res, 400).await,
        "BadRequest",
        "per-user MFA is beta only"
    );
    let mfa = s
        .get_json(&format!("/beta/users/{id}/authentication/requirements"))
        .await;
    assert_eq!(mfa["perUserMfaState"], "enforced");
    let path = format!("/beta/users/{id}/authentication/requirements");
    let res = s.patch(&path, json!({"perUserMfaState": "enabled"})).await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        s.get_json(&path).await["perUserMfaState"],
        "enforced",
        "already registered"
    );
    let res = s.patch(&path, json!({"perUserMfaState": "disabled"})).await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        s.get_json(&format!("/beta/users/{id}/authentication/requirements"))
            .await["perUserMfaState"],
        "disabled"
    );
}

#[tokio::test]
async fn conditional_access_policies_change_only_while_entra_id_p1_is_licensed() {
    // Conditional access answers one request a second (throttling.rs): not the point here.
    let unthrottled = |name| SimOptions {
        throttling: false,
        ..SimOptions::scenario(name)
    };
    // The agency has Business Premium (Entra ID P1): its policies can be turned off.
    let agency = session_with(unthrottled("agency")).await;
    let skus = agency.get_json("/v1.0/subscribedSkus").await;
    assert!(skus["value"][0]["servicePlans"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["servicePlanName"] == "AAD_PREMIUM" && p["provisioningStatus"] == "Success"));
    let ca = agency
        .get_json("/v1.0/identity/conditionalAccess/policies")
        .await;
    let path = format!(
        "/v1.0/identity/conditionalAccess/policies/{}",
        ca["value"][0]["id"].as_str().unwrap()
    );
    let res = agency.patch(&path, json!({"state": "disabled"})).await;
    assert_eq!(res.status(), 204);

    // The tangled organization's policies outlived their license (Business Standard has no
    // P1): Microsoft keeps them, shows them, lets them be deleted, refuses to change them.
    let tangled = session_with(unthrottled("tangled")).await;
    let ca = tangled
        .get_json("/v1.0/identity/conditionalAccess/policies")
        .await;
    let policy = ca["value"][0].clone();
    assert_eq!(policy["state"], "enabled");
    let path = format!(
        "/v1.0/identity/conditionalAccess/policies/{}",
        policy["id"].as_str().unwrap()
    );
    let res = tangled.patch(&path, json!({"state": "disabled"})).await;
    assert_eq!(error_code(res, 403).await, "AccessDenied");
    assert_eq!(tangled.get_json(&path).await["state"], "enabled");
    assert_eq!(tangled.delete(&path).await.status(), 204);
    assert_eq!(tangled.get(&path).await.status(), 404);
}

#[tokio::test]
async fn first_party_service_principals_refuse_deletion_but_others_can_go() {
    let s = session("agency").await;
    let sps = s.get_json("/v1.0/servicePrincipals?$select=id,appId,displayName,appOwnerOrganizationId,accountEnabled&$top=999").await;
    let sps = sps["value"].as_array().unwrap();
    let graph = sps
        .iter()
        .find(|sp| sp["appId"] == "00000003-0000-0000-c000-000000000000")
        .unwrap();
    assert_eq!(
        graph["appOwnerOrganizationId"],
        "f8cdef31-a31e-4b4a-93e4-5f571e91255a"
    );
    let res = s
        .delete(&format!(
            "/v1.0/servicePrincipals/{}",
            graph["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(error_code(res, 403).await, "Authorization_RequestDenied");
    let res = s
        .patch(
            &format!("/v1.0/servicePrincipals/{}", graph["id"].as_str().unwrap()),
            json!({"accountEnabled": false}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let zoom = sps.iter().find(|sp| sp["displayName"] == "Zoom").unwrap();
    assert_eq!(
        s.delete(&format!(
            "/v1.0/servicePrincipals/{}",
            zoom["id"].as_str().unwrap()
        ))
        .await
        .status(),
        204
    );
    let own = sps
        .iter()
        .find(|sp| sp["appId"] == s.sim.client_id())
        .expect("Closeout's own enterprise app");
    assert_ne!(own["appOwnerOrganizationId"], s.sim.tenant_id());

    let apps = s
        .get_json("/v1.0/applications?$select=id,appId,displayName,signInAudience")
        .await;
    let app = &apps["value"][0];
    assert_eq!(app["displayName"], "Northwind Timesheets");
    assert_eq!(
        s.delete(&format!(
            "/v1.0/applications/{}",
            app["id"].as_str().unwrap()
        ))
        .await
        .status(),
        204
    );
    let deleted = s
        .get_json("/v1.0/directory/deletedItems/microsoft.graph.application")
        .await;
    assert_eq!(deleted["value"][0]["id"], app["id"]);
}

#[tokio::test]
async fn usage_reports_are_csv_with_microsofts_columns_and_can_conceal_names() {
    let s = session("bakery").await;
    let csv = report(&s, "getMailboxUsageDetail").await;
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), "\u{feff}Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Created Date,Last Activity Date,Item Count,Storage Used (Byte),Issue Warning Quota (Byte),Prohibit Send Quota (Byte),Prohibit Send/Receive Quota (Byte),Deleted Item Count,Deleted Item Size (Byte),Deleted Item Quota (Byte),Has Archive,Report Period");
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 9, "8 people and the shared info@ mailbox");
    assert!(rows.iter().any(|r| r.contains("maria@crumbandco.com")));
    assert!(rows.iter().all(|r| r.ends_with(",7")));
    let od = report(&s, "getOneDriveUsageAccountDetail").await;
    assert!(od.starts_with("\u{feff}Report Refresh Date,Site URL,Owner Display Name,Is Deleted,Last Activity Date,File Count,Active File Count,Storage Used (Byte),Storage Allocated (Byte),Owner Principal Name,Report Period"));

    let sites = report(&s, "getSharePointSiteUsageDetail").await;
    let mut lines = sites.lines();
    assert_eq!(lines.next().unwrap(), "\u{feff}Report Refresh Date,Site Id,Site URL,Owner Display Name,Is Deleted,Last Activity Date,File Count,Active File Count,Page View Count,Visited Page Count,Storage Used (Byte),Storage Allocated (Byte),Root Web Template,Owner Principal Name,Report Period");
    assert!(lines.any(|l| l.contains("https://crumbandco.sharepoint.com/sites/SharedDocuments")));

    let hidden = session_with(SimOptions {
        concealed_report_names: true,
        ..SimOptions::scenario("bakery")
    })
    .await;
    let settings = hidden.get_json("/v1.0/admin/reportSettings").await;
    assert_eq!(settings["displayConcealedNames"], true);
    let csv = report(&hidden, "getMailboxUsageDetail").await;
    assert!(!csv.contains("@crumbandco.com"), "names are hashed");
    assert_eq!(
        hidden
            .patch(
                "/v1.0/admin/reportSettings",
                json!({"displayConcealedNames": false})
            )
            .await
            .status(),
        204
    );
    assert!(report(&hidden, "getMailboxUsageDetail")
        .await
        .contains("maria@crumbandco.com"));
    let not_admin = session("not-admin").await;
    let res = not_admin
        .get("/v1.0/reports/getMailboxUsageDetail(period='D7')")
        .await;
    assert_eq!(error_code(res, 403).await, "Authorization_RequestDenied");
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_like_graph() {
    let s = session("bakery").await;
    let res = s.get("/v1.0/nothingHere").await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "BadRequest");
    assert_eq!(
        body["error"]["message"],
        "Resource not found for the segment 'nothingHere'."
    );
    assert_eq!(
        error_code(s.send(reqwest::Method::PUT, "/v1.0/me", None).await, 405).await,
        "Request_BadRequest"
    );
}
