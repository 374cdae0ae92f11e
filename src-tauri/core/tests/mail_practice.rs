//! The mail handover on the practice company: the checks save what Microsoft expects (from
//! Graph), the practice DNS server serves the bakery's zone, and "Move email to another
//! provider" on the practice registrar page turns the table from waiting to done.

mod closure_common;

use closeout_core::backup::texts::Lang;
use closeout_core::backup::ClosureReport;
use closeout_core::mail_handover::{
    self, check_domains, expected, Action, DnsConfig, HandoverState, RecordKind, Verdict,
};
use closure_common::start;

#[tokio::test(flavor = "multi_thread")]
async fn the_bakery_waits_until_email_moves_then_is_done() {
    let practice = start("bakery").await;
    let mut session = practice.session().await;
    session.checks().await.expect("checks");

    let saved = expected::load(practice.dir.path(), practice.sim.tenant_id())
        .unwrap()
        .expect("the checks saved Microsoft's records");
    let records = saved.for_domain("crumbandco.com").expect("bakery domain");
    let mx = records
        .records
        .iter()
        .find(|r| r.record_type == "Mx")
        .expect("MX from Graph");
    assert_eq!(mx.value, "crumbandco-com.mail.protection.outlook.com");
    assert!(records
        .records
        .iter()
        .any(|r| r.name == "_sip._tls.crumbandco.com"));

    let dns = DnsConfig::servers(vec![practice.sim.dns_addr()]);
    let domains = vec!["crumbandco.com".to_string()];
    let before = check_domains(&dns, &domains, Some(&saved), &[])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(before.state, HandoverState::Waiting);
    let mx_row = before
        .rows
        .iter()
        .find(|r| r.kind == RecordKind::Mx)
        .unwrap();
    assert_eq!(mx_row.verdict, Verdict::StillMicrosoft);
    assert_eq!(
        mx_row.microsoft_value.as_deref(),
        Some("crumbandco-com.mail.protection.outlook.com")
    );
    assert!(before.changes() >= 8, "{:#?}", before.rows);

    let page = reqwest::Client::new()
        .post(format!("{}/move", practice.sim.registrar_url()))
        .form(&[("domain", "crumbandco.com")])
        .send()
        .await
        .unwrap();
    assert!(page.status().is_success());
    assert!(page.text().await.unwrap().contains("now goes to Fastmail"));

    let after = check_domains(&dns, &domains, Some(&saved), &[])
        .await
        .unwrap()
        .remove(0);
    assert_eq!(after.state, HandoverState::Done, "{:#?}", after.rows);
    assert!(after.rows.iter().all(|r| r.action == Action::Nothing));

    // The closure report carries the final DNS state with the time it was checked.
    let tenant = practice.sim.tenant_id();
    mail_handover::save_checks(practice.dir.path(), tenant, std::slice::from_ref(&after)).unwrap();
    let report = ClosureReport::from_journal(session.journal(), time::OffsetDateTime::now_utc())
        .with_mail_dns(mail_handover::load_checks(session.data_dir(), tenant));
    assert_eq!(report.mail_dns, [after]);
    let html = report.to_html(Lang::En);
    assert!(html.contains("<h2>Your email and domain</h2>"), "{html}");
    assert!(html.contains(
        "<h3>crumbandco.com</h3>\n<p>Done: nothing points at Microsoft and your email goes to \
         your new provider. Checked on "
    ));
    assert!(html.contains("10 in1-smtp.messagingengine.com"));
    // In Italian the section is Italian too: no English verdict is left in it.
    let italian = report.to_html(Lang::It);
    let verdict = "Points somewhere that is not Microsoft";
    assert!(
        html.contains(verdict) && !italian.contains(verdict),
        "{italian}"
    );
    let json: serde_json::Value =
        serde_json::from_str(ClosureReport::embedded_json(&html).unwrap()).unwrap();
    assert_eq!(json["mail_dns"][0]["state"], "done");
}
