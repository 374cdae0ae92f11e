//! The mail handover on the practice agency, whose domain is on Microsoft-hosted name servers
//! and was bought through Microsoft 365 (issue 12's two warnings that must act before the
//! Domains step). Graph tells neither fact: the name servers come from live DNS, and the
//! purchase from the owner's answer to the checks' plain question; the practice registrar
//! page, standing for the admin center's domain page, shows the purchase date.

mod closure_common;

use closeout_core::backup::texts::Lang;
use closeout_core::mail_handover::{
    self, check_domains, expected, DnsConfig, Verdict, WarningCode,
};
use closure_common::start;

const DOMAIN: &str = "northwindcreative.com";

#[tokio::test(flavor = "multi_thread")]
async fn the_agency_is_told_to_move_its_zone_and_asked_about_a_purchase_with_the_60_day_rule() {
    let practice = start("agency").await;
    let mut session = practice.session().await;
    let findings = session.checks().await.expect("checks");
    let purchased = mail_handover::purchased_domains(&findings);
    assert_eq!(
        purchased,
        [DOMAIN],
        "the checks ask about the agency's domain"
    );
    // All Graph shows of it: Microsoft 365 manages its DNS. No purchase flag, no date.
    let domain: serde_json::Value = session
        .client()
        .get(&format!("/v1.0/domains/{DOMAIN}"))
        .await
        .expect("the domain");
    assert_eq!(domain["isAdminManaged"], false, "{domain}");
    assert!(
        domain
            .as_object()
            .unwrap()
            .keys()
            .all(|k| !k.to_ascii_lowercase().contains("purchase")),
        "{domain}"
    );

    let saved = expected::load(practice.dir.path(), practice.sim.tenant_id())
        .unwrap()
        .expect("saved records");
    let dns = DnsConfig::servers(vec![practice.sim.dns_addr()]);
    let check = check_domains(&dns, &[DOMAIN.to_string()], Some(&saved), &purchased)
        .await
        .unwrap()
        .remove(0);
    let ns = check
        .rows
        .iter()
        .find(|r| r.name == DOMAIN && r.verdict == Verdict::MicrosoftNameServers);
    assert!(ns.is_some(), "{:#?}", check.rows);

    let codes: Vec<WarningCode> = check.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        [
            WarningCode::MicrosoftHostsDns,
            WarningCode::MicrosoftPurchasedDomain,
            WarningCode::SpfNamesMicrosoft
        ]
    );
    // The website's records, the ones to recreate at the new DNS host; none of Microsoft's.
    assert_eq!(
        check.warnings[0].records,
        [
            "northwindcreative.com A 203.0.113.80",
            "www.northwindcreative.com A 203.0.113.80"
        ]
    );

    // The question states the 60-day rule and where the purchase date is, in both languages.
    let en = Lang::En.fill(
        "mail.warning.microsoft_purchased_domain",
        &[("domain", DOMAIN)],
    );
    assert!(
        en.starts_with("Was northwindcreative.com bought through Microsoft 365?"),
        "{en}"
    );
    assert!(
        en.contains("60 days after the purchase")
            && en.contains("Settings > Domains > northwindcreative.com"),
        "{en}"
    );
    let it = Lang::It.fill(
        "mail.warning.microsoft_purchased_domain",
        &[("domain", DOMAIN)],
    );
    assert!(it.contains("60 giorni dopo l'acquisto"), "{it}");

    // Where the owner finds the purchase date: the practice registrar page (the admin
    // center's domain page in a real organization), 40 days ago, transferable 60 days on.
    let page = reqwest::get(practice.sim.registrar_url())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let on = today - time::Duration::days(40);
    let from = on + time::Duration::days(60);
    assert!(
        page.contains(&format!(
            "Bought through Microsoft 365 on {on}: Microsoft is its registrar. It can be \
             transferred to another registrar from {from}"
        )),
        "{page}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_owners_purchase_day_is_kept_in_the_journal_and_a_day_ahead_is_refused() {
    let practice = start("agency").await;
    let mut session = practice.session().await;
    let today = time::OffsetDateTime::now_utc().date();
    let bought = today - time::Duration::days(40);
    session
        .set_domain_bought_on("NorthwindCreative.com", Some(bought))
        .unwrap();
    let tomorrow = today + time::Duration::days(1);
    let refused = session
        .set_domain_bought_on(DOMAIN, Some(tomorrow))
        .unwrap_err();
    assert_eq!(refused.code, closeout_core::ErrorCode::InvalidInput);
    drop(session);

    // Another day, another session: the answer is still there, under the domain's lowercase name.
    let mut session = practice.session().await;
    let kept = &session.journal().dates.domains_bought_on;
    assert_eq!(kept.get(DOMAIN).map(|p| p.on), Some(bought), "{kept:?}");
    session.set_domain_bought_on(DOMAIN, None).unwrap();
    assert!(session.journal().dates.domains_bought_on.is_empty());
}
