//! The practice Entra admin center asks for a second factor before Manage tenants, as
//! Microsoft's does whatever the tenant's settings (mandatory MFA for admin portals): number
//! matching, a wrong number refused, nothing shown or deleted before it is answered, and asked
//! again once the approval has run out on the practice clock.

mod common;

use common::session;
use std::time::Duration;

fn number(page: &str) -> String {
    page.split("<strong id=\"number\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the page shows a number")
        .to_string()
}

#[tokio::test]
async fn manage_tenants_asks_for_the_number_first_with_security_defaults_and_per_user_mfa_off() {
    // The agency has security defaults off and its owner has per-user MFA on; the bakery has
    // security defaults on. Both are asked: the settings change nothing here.
    for scenario in ["agency", "bakery"] {
        let s = session(scenario).await;
        let page = s.page("/portal/entra/tenants").await;
        assert!(
            page.contains("Approve sign in request"),
            "{scenario}: {page}"
        );
        assert!(
            !page.contains(s.sim.tenant_id()),
            "nothing of the tenant before it"
        );
        assert!(page.contains("<label for=\"answer\">Enter the number shown to sign in</label>"));

        let (status, wrong) = s
            .portal(
                "/portal/entra/approve",
                &[("number", "7"), ("next", "/portal/entra/tenants")],
            )
            .await;
        assert_eq!(status, 400);
        assert!(wrong.contains("doesn't match"), "{wrong}");

        let shown = number(&page);
        assert_eq!(
            number(&wrong),
            shown,
            "the same number until it is answered"
        );
        let (status, _) = s
            .portal(
                "/portal/entra/approve",
                &[("number", &shown), ("next", "/portal/entra/tenants")],
            )
            .await;
        assert_eq!(status, 303);
        let page = s.page("/portal/entra/tenants").await;
        assert!(page.contains(s.sim.tenant_id()), "{scenario}: {page}");
    }
}

#[tokio::test]
async fn delete_without_the_second_factor_deletes_nothing_and_the_approval_runs_out() {
    let s = session("bakery").await;
    let (status, page) = s.portal("/portal/entra/tenants/delete", &[]).await;
    assert_eq!(status, 200);
    assert!(page.contains("Approve sign in request") && !page.contains("has been deleted"));
    // Only Entra's own pages are returned to.
    let (status, answer) = s
        .portal(
            "/portal/entra/approve",
            &[("number", &number(&page)), ("next", "https://example.com/")],
        )
        .await;
    assert_eq!(status, 303, "{answer}");
    assert!(s.page("/portal/entra/tenants").await.contains("Tenant ID"));

    s.sim.advance_clock(Duration::from_secs(13 * 3600));
    assert!(s
        .page("/portal/entra/tenants")
        .await
        .contains("Approve sign in request"));
}
