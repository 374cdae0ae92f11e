//! The practice company's zones as its registrar holds them: before the move, every record
//! Microsoft 365 asked for (from [`super::microsoft`]) beside the website's; after "Move email
//! to another provider" on the practice registrar page, the new provider's MX and SPF and
//! nothing of Microsoft's. One domain can be set on Microsoft-hosted name servers, and one as
//! bought through Microsoft 365 (Microsoft is then its registrar and hosts its DNS).

use super::microsoft::{expected, Kind};

/// The provider the practice registrar moves email to (Fastmail's published values).
pub const NEW_PROVIDER: &str = "Fastmail";
const NEW_MX: &[(u16, &str)] = &[
    (10, "in1-smtp.messagingengine.com"),
    (20, "in2-smtp.messagingengine.com"),
];
const NEW_SPF: &str = "v=spf1 include:spf.messagingengine.com ?all";

/// The practice registrar's name servers, and Microsoft's for hosted DNS.
const REGISTRAR_NS: &[&str] = &[
    "ns1.practice-registrar.example",
    "ns2.practice-registrar.example",
];
const MICROSOFT_NS: &[&str] = &[
    "ns1.bdm.microsoftonline.com",
    "ns2.bdm.microsoftonline.com",
    "ns3.bdm.microsoftonline.com",
    "ns4.bdm.microsoftonline.com",
];
/// The practice website (TEST-NET-3, never routed).
const WEBSITE: &str = "203.0.113.80";

/// One record of a zone, in master-file terms.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneRecord {
    pub name: String,
    pub ttl: u32,
    pub kind: ZoneKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ZoneKind {
    Ns(String),
    A(String),
    Mx(u16, String),
    Txt(String),
    Cname(String),
    Srv(u16, u16, u16, String),
}

/// One custom domain's zone.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub domain: String,
    /// The tenant's `*.onmicrosoft.com` name (the DKIM CNAMEs point into it).
    pub initial: String,
    pub microsoft_hosted: bool,
    /// `Some(provider)` once email was moved on the practice registrar page.
    pub moved_to: Option<&'static str>,
    /// The day it was bought through Microsoft 365, if it was. Graph does not say (INFERENCE:
    /// neither `domain` nor `domainNameReferences` carries it); the admin center's domain page
    /// does, which the practice registrar page stands for.
    pub bought_through_microsoft: Option<time::Date>,
}

impl Zone {
    pub fn new(domain: &str, initial: &str, microsoft_hosted: bool) -> Zone {
        Zone {
            domain: domain.to_ascii_lowercase(),
            initial: initial.to_ascii_lowercase(),
            microsoft_hosted,
            moved_to: None,
            bought_through_microsoft: None,
        }
    }

    /// Moves email to [`NEW_PROVIDER`] and the zone to the registrar's name servers.
    pub fn move_email(&mut self) {
        self.moved_to = Some(NEW_PROVIDER);
        self.microsoft_hosted = false;
    }

    pub fn name_servers(&self) -> &'static [&'static str] {
        if self.microsoft_hosted {
            MICROSOFT_NS
        } else {
            REGISTRAR_NS
        }
    }

    /// Every record but the SOA.
    pub fn records(&self) -> Vec<ZoneRecord> {
        let d = &self.domain;
        let rec = |name: &str, ttl: u32, kind: ZoneKind| ZoneRecord {
            name: name.to_string(),
            ttl,
            kind,
        };
        let mut out: Vec<ZoneRecord> = self
            .name_servers()
            .iter()
            .map(|ns| rec(d, 3600, ZoneKind::Ns(ns.to_string())))
            .collect();
        out.push(rec(d, 3600, ZoneKind::A(WEBSITE.into())));
        out.push(rec(&format!("www.{d}"), 3600, ZoneKind::A(WEBSITE.into())));
        if self.moved_to.is_some() {
            for (pref, host) in NEW_MX {
                out.push(rec(d, 3600, ZoneKind::Mx(*pref, host.to_string())));
            }
            out.push(rec(d, 3600, ZoneKind::Txt(NEW_SPF.into())));
            return out;
        }
        for r in expected(d) {
            let kind = match r.kind {
                Kind::Mx => ZoneKind::Mx(r.priority, r.value),
                Kind::Txt => ZoneKind::Txt(r.value),
                Kind::CName => ZoneKind::Cname(r.value),
                Kind::Srv => ZoneKind::Srv(r.priority, r.weight, r.port, r.value),
            };
            out.push(rec(&r.name, r.ttl, kind));
        }
        out.push(rec(d, 3600, ZoneKind::Txt("MS=ms47110815".into())));
        let dashed = d.replace('.', "-");
        for selector in ["selector1", "selector2"] {
            out.push(rec(
                &format!("{selector}._domainkey.{d}"),
                3600,
                ZoneKind::Cname(format!("{selector}-{dashed}._domainkey.{}", self.initial)),
            ));
        }
        out
    }
}

/// Practice domains served on Microsoft-hosted name servers (the agency's), so the warning
/// about moving the zone before the domain step can be rehearsed.
const MICROSOFT_HOSTED: &[&str] = &["northwindcreative.com"];

/// Whether Microsoft 365 manages the domain's DNS in the practice company: Graph's
/// `isAdminManaged` is `false` then ("DNS record management ... delegated to Microsoft 365"),
/// which is all Graph shows of a domain bought through Microsoft 365 (no purchase flag, no date).
pub fn microsoft_manages_dns(domain: &str) -> bool {
    MICROSOFT_HOSTED
        .iter()
        .any(|h| h.eq_ignore_ascii_case(domain))
}

/// Practice domains bought through Microsoft 365, with how many days before the practice
/// starts: the agency's, 40 days ago, so Microsoft's 60-day rule still stops a transfer.
const MICROSOFT_PURCHASED: &[(&str, i64)] = &[("northwindcreative.com", 40)];

/// Microsoft allows no transfer to another registrar in the 60 days after the purchase.
pub const NO_TRANSFER_DAYS: i64 = 60;

/// One zone per custom domain of the scenario, as its registrar holds it before the move;
/// `now` is the practice clock's start (purchase dates are set from it).
pub fn practice_zones(tenant: &crate::state::Tenant, now: time::OffsetDateTime) -> Vec<Zone> {
    let initial = tenant.initial_domain().to_string();
    tenant
        .domains
        .iter()
        .filter(|d| !d.is_initial)
        .map(|d| {
            let hosted = microsoft_manages_dns(&d.name);
            let mut zone = Zone::new(&d.name, &initial, hosted);
            zone.bought_through_microsoft = MICROSOFT_PURCHASED
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&d.name))
                .map(|(_, days)| (now - time::Duration::days(*days)).date());
            zone
        })
        .collect()
}
