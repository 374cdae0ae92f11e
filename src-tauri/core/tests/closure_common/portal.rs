//! The owner's part of the portal-only steps, done over HTTP on the practice portal pages the
//! way a person would: read the page, press the buttons it shows (its forms), read the answer.
// Several test crates include this file (core and CLI) and each uses a part of it.
#![allow(dead_code)]

use closeout_sim::Sim;

async fn page(sim: &Sim, path: &str) -> String {
    reqwest::get(format!("{}{path}", sim.base_url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn press(sim: &Sim, action: &str, form: &[(&str, &str)]) -> (u16, String) {
    let answer = reqwest::Client::new()
        .post(format!("{}{action}", sim.base_url()))
        .form(form)
        .send()
        .await
        .unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

/// The form actions on a page that end with `suffix` (`/cancel`, `/delete`).
fn actions(html: &str, suffix: &str) -> Vec<String> {
    html.split("action=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|action| action.ends_with(suffix))
        .map(str::to_string)
        .collect()
}

/// Billing > Your products > Cancel, for every active subscription; a subscription above
/// 25 licenses is first reduced to 1 license (everyone else is deleted by then).
pub async fn cancel_all(sim: &Sim) {
    let products = page(sim, "/portal/admin/products").await;
    for action in actions(&products, "/cancel") {
        let (status, body) = press(sim, &action, &[]).await;
        if status == 409 && body.contains("reduce it to") {
            let licenses = action.replace("/cancel", "/licenses");
            let (status, body) = press(sim, &licenses, &[("quantity", "1")]).await;
            assert_eq!(status, 200, "{body}");
            let (status, body) = press(sim, &action, &[]).await;
            assert_eq!(status, 200, "{body}");
        } else {
            assert_eq!(status, 200, "{action}: {body}");
        }
    }
    assert!(actions(&page(sim, "/portal/admin/products").await, "/cancel").is_empty());
}

/// Billing > Your products > Delete (with the confirmation box ticked), for every disabled one.
pub async fn delete_all(sim: &Sim) {
    let products = page(sim, "/portal/admin/products").await;
    let deletes = actions(&products, "/delete");
    assert!(!deletes.is_empty(), "nothing to delete on {products}");
    for action in deletes {
        let (status, body) = press(sim, &action, &[("confirm", "yes")]).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
}

/// The practice Entra admin center's second factor, answered as the owner does: read the
/// number the page shows and type it into the (practice) Authenticator app. Returns the page
/// it leads back to; a page that did not ask is returned as it is.
pub async fn answer_second_factor(sim: &Sim, html: String) -> String {
    let Some(number) = html
        .split("<strong id=\"number\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
    else {
        return html;
    };
    let next = html
        .split("name=\"next\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .replace("&amp;", "&");
    let (status, body) = press(
        sim,
        "/portal/entra/approve",
        &[("number", number), ("next", &next)],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

/// Entra > Manage tenants > Delete (after the second factor Microsoft asks for there), then
/// Delete again once the checks pass.
pub async fn delete_tenant(sim: &Sim) {
    let asked = page(
        sim,
        &format!("/portal/entra/tenants/delete?tenant_id={}", sim.tenant_id()),
    )
    .await;
    let review = answer_second_factor(sim, asked).await;
    assert!(review.contains("<h2>Checks</h2>"), "{review}");
    assert!(!review.contains("Required action"), "{review}");
    let (status, body) = press(
        sim,
        "/portal/entra/tenants/delete",
        &[("tenant_id", sim.tenant_id())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

/// The practice Azure portal's Subscriptions page: presses every button ending with `suffix`
/// (`/cancel`, `/delete`) and returns the answers.
pub async fn azure_press_all(sim: &Sim, suffix: &str) -> Vec<(u16, String)> {
    let list = page(sim, "/portal/azure/subscriptions").await;
    let mut answers = Vec::new();
    for action in actions(&list, suffix) {
        answers.push(press(sim, &action, &[]).await);
    }
    answers
}

/// Exchange admin center > Recipients > Groups > Delete group, for every group listed, and the
/// provider's defederation of every federated domain. (Some CLI tests include this file
/// without using it.)
pub async fn remove_exchange_groups(sim: &Sim) {
    let groups = page(sim, "/portal/exchange/groups").await;
    for action in actions(&groups, "/delete")
        .into_iter()
        .chain(actions(&groups, "/defederate"))
    {
        let (status, body) = press(sim, &action, &[]).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
    let after = page(sim, "/portal/exchange/groups").await;
    assert!(actions(&after, "/delete").is_empty(), "{after}");
}

/// Billing > Bills & payments > Pay, for every unpaid invoice listed.
pub async fn pay_all(sim: &Sim) {
    let bills = page(sim, "/portal/admin/billing").await;
    let pays = actions(&bills, "/pay");
    assert!(!pays.is_empty(), "nothing to pay on {bills}");
    for action in pays {
        let (status, body) = press(sim, &action, &[]).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
}

/// Entra > Licenses > Self-service sign-up products: Delete, then Yes, for every product.
pub async fn delete_sign_up_products(sim: &Sim) {
    let list = page(sim, "/portal/entra/licenses/self-service").await;
    let list = answer_second_factor(sim, list).await;
    let deletes = actions(&list, "/delete");
    assert!(!deletes.is_empty(), "nothing to delete on {list}");
    for action in deletes {
        let (status, body) = press(sim, &action, &[("confirm", "yes")]).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
}

/// Your products: "Take control of this subscription", then Cancel subscription, for every
/// self-service purchase (the admin cannot cancel one as it is).
pub async fn take_control_and_cancel(sim: &Sim) {
    let products = page(sim, "/portal/admin/products").await;
    // Each purchase has two such forms (cancel, move users): one answer ends it.
    let mut actions = actions(&products, "/take-control");
    actions.dedup();
    for action in actions {
        let form = [("option", "cancel"), ("reason", "Other"), ("sure", "yes")];
        let (status, body) = press(sim, &action, &form).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
}

/// Entra > Manage tenants > Delete: the names of the checks that still ask for an action, as
/// the page lists them ("Required action: NAME. what to do").
pub async fn entra_refusals(sim: &Sim) -> Vec<String> {
    let asked = page(
        sim,
        &format!("/portal/entra/tenants/delete?tenant_id={}", sim.tenant_id()),
    )
    .await;
    let review = answer_second_factor(sim, asked).await;
    review
        .split("<strong>Required action</strong>: ")
        .skip(1)
        .filter_map(|rest| rest.split(". ").next())
        .map(str::to_string)
        .collect()
}
