//! The DNS records Microsoft 365 asks a custom domain to carry: one list, read by Graph's
//! `serviceConfigurationRecords` and written into the practice company's zone before the move.
//!
//! Values follow Microsoft's "create DNS records at any DNS hosting provider" page: MX to
//! `<domain-dashed>.mail.protection.outlook.com`, SPF including `spf.protection.outlook.com`,
//! the Autodiscover, Skype/Teams and device-management CNAMEs and the two SIP SRV records.

/// The kind of record, as Graph's `recordType` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Mx,
    Txt,
    CName,
    Srv,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Mx => "Mx",
            Kind::Txt => "Txt",
            Kind::CName => "CName",
            Kind::Srv => "Srv",
        }
    }
}

/// One record Microsoft expects. `name` is the full owner name (Graph's `label`).
#[derive(Debug, Clone, PartialEq)]
pub struct MsRecord {
    pub kind: Kind,
    pub name: String,
    /// MX exchange, CNAME target, TXT text or SRV target.
    pub value: String,
    pub service: &'static str,
    pub optional: bool,
    pub ttl: u32,
    /// MX preference or SRV priority.
    pub priority: u16,
    /// SRV weight and port.
    pub weight: u16,
    pub port: u16,
}

fn record(kind: Kind, name: String, value: &str, service: &'static str) -> MsRecord {
    MsRecord {
        kind,
        name,
        value: value.to_string(),
        service,
        optional: false,
        ttl: 3600,
        priority: 0,
        weight: 0,
        port: 0,
    }
}

/// What Microsoft expects `domain` to carry. The initial `*.onmicrosoft.com` domain carries
/// nothing: Microsoft runs that zone itself (INFERENCE: Graph's answer for it is not documented).
pub fn expected(domain: &str) -> Vec<MsRecord> {
    let d = domain.to_ascii_lowercase();
    if d.ends_with(".onmicrosoft.com") {
        return Vec::new();
    }
    let at = |label: &str| format!("{label}.{d}");
    let mut out = vec![
        record(
            Kind::Mx,
            d.clone(),
            &format!("{}.mail.protection.outlook.com", d.replace('.', "-")),
            "Email",
        ),
        record(
            Kind::Txt,
            d.clone(),
            "v=spf1 include:spf.protection.outlook.com -all",
            "Email",
        ),
        record(
            Kind::CName,
            at("autodiscover"),
            "autodiscover.outlook.com",
            "Email",
        ),
        record(
            Kind::CName,
            at("sip"),
            "sipdir.online.lync.com",
            "OfficeCommunicationsOnline",
        ),
        record(
            Kind::CName,
            at("lyncdiscover"),
            "webdir.online.lync.com",
            "OfficeCommunicationsOnline",
        ),
        record(
            Kind::CName,
            at("enterpriseregistration"),
            "enterpriseregistration.windows.net",
            "Intune",
        ),
        record(
            Kind::CName,
            at("enterpriseenrollment"),
            "enterpriseenrollment.manage.microsoft.com",
            "Intune",
        ),
    ];
    for (label, target, port) in [
        ("_sip._tls", "sipdir.online.lync.com", 443),
        ("_sipfederationtls._tcp", "sipfed.online.lync.com", 5061),
    ] {
        let mut r = record(Kind::Srv, at(label), target, "OfficeCommunicationsOnline");
        (r.priority, r.weight, r.port) = (100, 1, port);
        out.push(r);
    }
    for r in &mut out {
        r.optional = r.service != "Email";
    }
    out
}
