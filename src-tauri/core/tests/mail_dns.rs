//! The mail handover against a real DNS server (BIND's named on loopback, see mail_common):
//! each practice zone gives the verdicts a person would read in the table, and broken zones
//! (SERVFAIL, NXDOMAIN, no answers, a CNAME loop, an absurd TXT, a server that never answers)
//! each give a clear line, never a crash or a hang.

mod mail_common;

use closeout_core::mail_handover::{
    check_domains, Action, DnsConfig, DomainCheck, HandoverState, RecordKind, Verdict, WarningCode,
};
use mail_common::{zone_head, Named};
use std::time::Duration;

/// Everything Microsoft 365 asks a domain to carry, as in the admin center's list.
fn microsoft_records(domain: &str) -> String {
    let dashed = domain.replace('.', "-");
    format!(
        "@ IN MX 0 {dashed}.mail.protection.outlook.com.
@ IN TXT \"v=spf1 include:spf.protection.outlook.com -all\"
@ IN TXT \"MS=ms12345678\"
autodiscover IN CNAME autodiscover.outlook.com.
lyncdiscover IN CNAME webdir.online.lync.com.
sip IN CNAME sipdir.online.lync.com.
enterpriseregistration IN CNAME enterpriseregistration.windows.net.
enterpriseenrollment IN CNAME enterpriseenrollment.manage.microsoft.com.
selector1._domainkey IN CNAME selector1-{dashed}._domainkey.practice.onmicrosoft.com.
selector2._domainkey IN CNAME selector2-{dashed}._domainkey.practice.onmicrosoft.com.
_sip._tls IN SRV 100 1 443 sipdir.online.lync.com.
_sipfederationtls._tcp IN SRV 100 1 5061 sipfed.online.lync.com.
"
    )
}

fn zones() -> Vec<(&'static str, String)> {
    let long_txt: String = (0..24)
        .map(|i| format!("\"{}\" ", format!("{i:02}").repeat(120)))
        .collect();
    vec![
        ("still.test", zone_head() + &microsoft_records("still.test")),
        (
            "half.test",
            zone_head()
                + "@ 300 IN MX 1 smtp.google.com.
@ IN TXT \"v=spf1 include:spf.protection.outlook.com -all\"
autodiscover 7200 IN CNAME autodiscover.outlook.com.
www IN A 203.0.113.10
",
        ),
        (
            "moved.test",
            zone_head()
                + "@ IN MX 10 in1-smtp.messagingengine.com.
@ IN MX 20 in2-smtp.messagingengine.com.
@ IN TXT \"v=spf1 include:spf.messagingengine.com ?all\"
@ IN TXT \"google-site-verification=abc\"
autodiscover IN CNAME autodiscover.messagingengine.com.
",
        ),
        (
            "hosted.test",
            "$TTL 3600
@ IN SOA ns1.bdm.microsoftonline.com. azuredns-hostmaster.microsoft.com. 1 3600 600 86400 300
@ IN NS ns1.bdm.microsoftonline.com.
@ IN NS ns2.bdm.microsoftonline.com.
@ IN A 203.0.113.20
www IN CNAME shop.webhost.example.
"
            .to_string()
                + &microsoft_records("hosted.test"),
        ),
        (
            "twospf.test",
            zone_head()
                + "@ IN MX 1 smtp.google.com.
@ IN TXT \"v=spf1 include:spf.protection.outlook.com -all\"
@ IN TXT \"v=spf1 include:_spf.google.com ~all\"
",
        ),
        ("empty.test", zone_head()),
        ("broken.test", zone_head() + "@ IN BOGUS nonsense\n"),
        ("test", zone_head()),
        (
            "loop.test",
            zone_head()
                + "@ IN MX 1 smtp.google.com.
autodiscover IN CNAME a.loop.test.
a IN CNAME b.loop.test.
b IN CNAME autodiscover.loop.test.
",
        ),
        (
            "longtxt.test",
            zone_head() + &format!("@ IN MX 1 smtp.google.com.\n@ IN TXT {long_txt}\n"),
        ),
    ]
}

async fn check(config: &DnsConfig, domain: &str) -> DomainCheck {
    check_domains(config, &[domain.to_string()], None, &[])
        .await
        .expect("check runs")
        .remove(0)
}

fn row<'a>(
    c: &'a DomainCheck,
    kind: RecordKind,
    name: &str,
) -> &'a closeout_core::mail_handover::RecordRow {
    c.rows
        .iter()
        .find(|r| r.kind == kind && r.name == name)
        .unwrap_or_else(|| panic!("no {kind:?} row for {name} in {:#?}", c.rows))
}

fn warnings(c: &DomainCheck) -> Vec<WarningCode> {
    c.warnings.iter().map(|w| w.code).collect()
}

#[tokio::test]
async fn each_practice_zone_gets_the_verdicts_a_person_would_read() {
    let named = Named::start(&zones()).await;
    let cfg = named.config();

    let still = check(&cfg, "still.test").await;
    assert_eq!(still.state, HandoverState::Waiting);
    let mx = row(&still, RecordKind::Mx, "still.test");
    assert_eq!(mx.verdict, Verdict::StillMicrosoft);
    assert_eq!(mx.action, Action::Replace);
    assert_eq!(mx.now, ["0 still-test.mail.protection.outlook.com"]);
    assert_eq!(
        row(&still, RecordKind::Spf, "still.test").verdict,
        Verdict::SpfNamesMicrosoft
    );
    assert_eq!(
        row(&still, RecordKind::Verification, "still.test").action,
        Action::Remove
    );
    for name in [
        "autodiscover.still.test",
        "lyncdiscover.still.test",
        "sip.still.test",
        "enterpriseregistration.still.test",
        "enterpriseenrollment.still.test",
        "selector1._domainkey.still.test",
        "selector2._domainkey.still.test",
    ] {
        let r = row(&still, RecordKind::Cname, name);
        assert_eq!(
            (r.verdict, r.action),
            (Verdict::StillMicrosoft, Action::Remove),
            "{name}"
        );
    }
    assert_eq!(
        row(&still, RecordKind::Srv, "_sip._tls.still.test").verdict,
        Verdict::StillMicrosoft
    );
    assert_eq!(
        row(&still, RecordKind::Ns, "still.test").verdict,
        Verdict::Moved
    );
    assert_eq!(warnings(&still), [WarningCode::SpfNamesMicrosoft]);
    assert_eq!(still.longest_ttl, Some(3600));

    let half = check(&cfg, "half.test").await;
    assert_eq!(half.state, HandoverState::Waiting);
    assert_eq!(
        row(&half, RecordKind::Mx, "half.test").verdict,
        Verdict::Moved
    );
    assert_eq!(row(&half, RecordKind::Mx, "half.test").ttl, Some(300));
    assert_eq!(
        row(&half, RecordKind::Spf, "half.test").action,
        Action::EditSpf
    );
    let auto = row(&half, RecordKind::Cname, "autodiscover.half.test");
    assert_eq!(
        (auto.verdict, auto.ttl),
        (Verdict::StillMicrosoft, Some(7200))
    );
    let sip = row(&half, RecordKind::Cname, "sip.half.test");
    assert_eq!(
        (sip.verdict, sip.action),
        (Verdict::Missing, Action::Nothing)
    );
    assert_eq!(half.changes(), 2);
    assert_eq!(
        half.longest_ttl,
        Some(7200),
        "the slowest change sets the wait"
    );

    let moved = check(&cfg, "moved.test").await;
    assert_eq!(moved.state, HandoverState::Done, "{:#?}", moved.rows);
    assert_eq!(moved.changes(), 0);
    assert_eq!(
        row(&moved, RecordKind::Mx, "moved.test").now,
        [
            "10 in1-smtp.messagingengine.com",
            "20 in2-smtp.messagingengine.com"
        ]
    );
    assert_eq!(
        row(&moved, RecordKind::Spf, "moved.test").verdict,
        Verdict::Moved
    );
    assert_eq!(
        row(&moved, RecordKind::Cname, "autodiscover.moved.test").verdict,
        Verdict::Moved
    );
    assert!(moved.warnings.is_empty());

    let hosted = check(&cfg, "hosted.test").await;
    let ns = row(&hosted, RecordKind::Ns, "hosted.test");
    assert_eq!(
        (ns.verdict, ns.action),
        (Verdict::MicrosoftNameServers, Action::MoveZone)
    );
    let warning = hosted
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::MicrosoftHostsDns)
        .expect("Microsoft-hosted DNS is warned about");
    assert_eq!(
        warning.records,
        [
            "hosted.test A 203.0.113.20",
            "www.hosted.test CNAME shop.webhost.example"
        ],
        "the website's records are listed to recreate"
    );

    let two = check(&cfg, "twospf.test").await;
    let spf = row(&two, RecordKind::Spf, "twospf.test");
    assert_eq!(
        (spf.verdict, spf.action),
        (Verdict::TwoSpf, Action::KeepOneSpf)
    );
    assert_eq!(spf.now.len(), 2);
    assert!(warnings(&two).contains(&WarningCode::TwoSpf));
    assert_eq!(two.state, HandoverState::Waiting);
}

#[tokio::test]
async fn broken_zones_give_a_clear_line_each() {
    let named = Named::start(&zones()).await;
    let cfg = named.config();

    let empty = check(&cfg, "empty.test").await;
    let mx = row(&empty, RecordKind::Mx, "empty.test");
    assert_eq!((mx.verdict, mx.action), (Verdict::Missing, Action::Add));
    assert_eq!(mx.ttl, Some(300), "the negative answer's TTL from the SOA");
    assert_eq!(
        empty.state,
        HandoverState::Waiting,
        "no new provider yet: waiting"
    );

    let broken = check(&cfg, "broken.test").await;
    let mx = row(&broken, RecordKind::Mx, "broken.test");
    assert_eq!(
        (mx.verdict, mx.action),
        (Verdict::Servfail, Action::AskDnsHost)
    );

    let gone = check(&cfg, "nosuch.test").await;
    assert_eq!(
        row(&gone, RecordKind::Mx, "nosuch.test").verdict,
        Verdict::Nxdomain
    );
    assert_eq!(
        row(&gone, RecordKind::Ns, "nosuch.test").verdict,
        Verdict::Nxdomain
    );
    let auto = row(&gone, RecordKind::Cname, "autodiscover.nosuch.test");
    assert_eq!(
        auto.verdict,
        Verdict::Missing,
        "a name that does not exist is simply not there"
    );

    let looped = check(&cfg, "loop.test").await;
    let auto = row(&looped, RecordKind::Cname, "autodiscover.loop.test");
    assert_eq!(
        (auto.verdict, auto.action),
        (Verdict::CnameLoop, Action::AskDnsHost)
    );
    assert_eq!(auto.now, ["a.loop.test"]);

    let long = check(&cfg, "longtxt.test").await;
    let spf = row(&long, RecordKind::Spf, "longtxt.test");
    assert_eq!(spf.verdict, Verdict::AbsurdTxt);
    assert_eq!(
        spf.now,
        ["5760 characters"],
        "kilobytes of text are not carried into the table"
    );
    assert_eq!(
        row(&long, RecordKind::Mx, "longtxt.test").verdict,
        Verdict::Moved
    );
}

#[tokio::test]
async fn a_server_that_never_answers_gives_timeouts_not_a_hang() {
    // A DNS server that takes every question and answers none.
    let silent = std::net::UdpSocket::bind("127.0.0.1:0").expect("socket");
    let cfg = DnsConfig::servers(vec![silent.local_addr().unwrap()])
        .with_timeout(Duration::from_millis(200));
    let c = check(&cfg, "still.test").await;
    assert!(
        c.rows
            .iter()
            .all(|r| r.verdict == Verdict::Timeout && r.action == Action::CheckAgain),
        "{:#?}",
        c.rows
    );
    assert_eq!(c.state, HandoverState::CouldNotCheck);
}

#[test]
fn the_default_timeout_is_five_seconds_on_the_system_resolvers() {
    let cfg = DnsConfig::default();
    assert_eq!(cfg.timeout, Duration::from_secs(5));
    assert!(cfg.servers.is_none());
}
