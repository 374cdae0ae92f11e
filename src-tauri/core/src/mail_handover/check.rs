//! One check of one domain: every record Microsoft 365 uses, looked up live (in parallel, each
//! with its own timeout), judged, and summed up as done / waiting / could not check.

use futures_util::future::join_all;
use hickory_resolver::proto::rr::RecordType;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::expected::DomainRecords;
use super::lookup::{Answer, Dns};
use super::microsoft::is_microsoft_host;
use super::verdict::{
    mx_row, ns_row, pointer_row, txt_rows, Action, RecordKind, RecordRow, Verdict,
};

/// The CNAMEs Microsoft 365 asks for (Autodiscover, Skype/Teams, device management) and the
/// two DKIM selectors, looked up even when Graph's list was not saved.
pub const CNAME_LABELS: &[&str] = &[
    "autodiscover",
    "lyncdiscover",
    "sip",
    "enterpriseregistration",
    "enterpriseenrollment",
    "selector1._domainkey",
    "selector2._domainkey",
];

/// The SRV records of Skype for Business / Teams federation.
pub const SRV_LABELS: &[&str] = &["_sip._tls", "_sipfederationtls._tcp"];

/// How far a CNAME chain is followed before it counts as a loop.
const MAX_CHAIN: usize = 8;

/// Where the domain stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandoverState {
    /// Nothing points at Microsoft and mail goes to a host that is not Microsoft's.
    Done,
    /// Records still to change (or no new provider yet).
    Waiting,
    /// Some lookups got no answer; nothing else to change.
    CouldNotCheck,
}

impl HandoverState {
    pub fn as_str(self) -> &'static str {
        match self {
            HandoverState::Done => "done",
            HandoverState::Waiting => "waiting",
            HandoverState::CouldNotCheck => "could_not_check",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    /// NS at `bdm.microsoftonline.com`: move the zone before the domain step.
    MicrosoftHostsDns,
    /// Bought through Microsoft 365 (finding `microsoft_purchased_domain`): transfer it first.
    MicrosoftPurchasedDomain,
    TwoSpf,
    SpfNamesMicrosoft,
}

impl WarningCode {
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::MicrosoftHostsDns => "microsoft_hosts_dns",
            WarningCode::MicrosoftPurchasedDomain => "microsoft_purchased_domain",
            WarningCode::TwoSpf => "two_spf",
            WarningCode::SpfNamesMicrosoft => "spf_names_microsoft",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Warning {
    pub code: WarningCode,
    /// For a Microsoft-hosted zone: the records found that are not Microsoft's (the website's),
    /// to recreate at the new DNS host.
    #[serde(default)]
    pub records: Vec<String>,
}

/// The table of one domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainCheck {
    pub domain: String,
    #[serde(with = "time::serde::rfc3339")]
    pub checked_at: OffsetDateTime,
    pub state: HandoverState,
    pub rows: Vec<RecordRow>,
    pub warnings: Vec<Warning>,
    /// The longest TTL among the rows to change: a change shows everywhere within this.
    pub longest_ttl: Option<u32>,
}

impl DomainCheck {
    pub fn changes(&self) -> usize {
        self.rows.iter().filter(|r| r.action.is_change()).count()
    }
}

/// What the check knows beyond live DNS.
#[derive(Debug, Clone, Default)]
pub struct Known<'a> {
    /// Graph's list for the domain, when saved.
    pub expected: Option<&'a DomainRecords>,
    /// The domain was bought through Microsoft 365.
    pub microsoft_purchased: bool,
}

fn expected_value(known: &Known, kind: &str, name: &str) -> Option<String> {
    known.expected.and_then(|d| {
        d.records
            .iter()
            .find(|r| r.record_type.eq_ignore_ascii_case(kind) && r.name.eq_ignore_ascii_case(name))
            .map(|r| r.value.clone())
    })
}

/// The usual value Microsoft 365 puts in a record, when Graph's list was not saved.
fn usual_value(domain: &str, label: &str) -> Option<String> {
    Some(
        match label {
            "autodiscover" => "autodiscover.outlook.com",
            "lyncdiscover" => "webdir.online.lync.com",
            "sip" | "_sip._tls" => "sipdir.online.lync.com",
            "enterpriseregistration" => "enterpriseregistration.windows.net",
            "enterpriseenrollment" => "enterpriseenrollment.manage.microsoft.com",
            "_sipfederationtls._tcp" => "sipfed.online.lync.com",
            "@mx" => {
                return Some(format!(
                    "{}.mail.protection.outlook.com",
                    domain.replace('.', "-")
                ))
            }
            "@spf" => "v=spf1 include:spf.protection.outlook.com -all",
            _ => return None,
        }
        .to_string(),
    )
}

/// Follows a CNAME chain from `name`: the first answer, and whether it loops.
async fn chase(dns: &Dns, name: &str) -> (Answer, bool) {
    let first = dns.lookup(name, RecordType::CNAME).await;
    let mut seen = vec![name.to_ascii_lowercase()];
    let mut answer = first.clone();
    while let Answer::Found { values, .. } = &answer {
        let Some(target) = values.first().map(|t| t.to_ascii_lowercase()) else {
            break;
        };
        if seen.contains(&target) {
            return (first, true);
        }
        // Microsoft's own chains are Microsoft's business, and a long chain is not a loop.
        if is_microsoft_host(&target) || seen.len() >= MAX_CHAIN {
            break;
        }
        seen.push(target.clone());
        answer = dns.lookup(&target, RecordType::CNAME).await;
    }
    (first, false)
}

/// Checks one domain against live DNS.
pub async fn check_domain(dns: &Dns, domain: &str, known: &Known<'_>) -> DomainCheck {
    let domain = domain.trim_end_matches('.').to_ascii_lowercase();
    let mut pointers: Vec<(RecordKind, String, Option<String>)> = Vec::new();
    for label in CNAME_LABELS {
        let name = format!("{label}.{domain}");
        let value = expected_value(known, "CName", &name).or_else(|| usual_value(&domain, label));
        pointers.push((RecordKind::Cname, name, value));
    }
    for label in SRV_LABELS {
        let name = format!("{label}.{domain}");
        let value = expected_value(known, "Srv", &name).or_else(|| usual_value(&domain, label));
        pointers.push((RecordKind::Srv, name, value));
    }
    // CNAMEs and SRVs Graph listed that the usual list lacks.
    for r in known
        .expected
        .map(|d| d.records.as_slice())
        .unwrap_or_default()
    {
        let kind = match r.record_type.to_ascii_lowercase().as_str() {
            "cname" => RecordKind::Cname,
            "srv" => RecordKind::Srv,
            _ => continue,
        };
        if !pointers.iter().any(|(_, n, _)| n == &r.name) {
            pointers.push((kind, r.name.clone(), Some(r.value.clone())));
        }
    }

    let mx_value = expected_value(known, "Mx", &domain).or_else(|| usual_value(&domain, "@mx"));
    let spf_value = expected_value(known, "Txt", &domain).or_else(|| usual_value(&domain, "@spf"));
    let pointer_rows = pointers.iter().map(|(kind, name, value)| async move {
        match kind {
            RecordKind::Srv => {
                let answer = dns.lookup(name, RecordType::SRV).await;
                pointer_row(*kind, name, &answer, false, value.clone())
            }
            _ => {
                let (answer, looped) = chase(dns, name).await;
                pointer_row(*kind, name, &answer, looped, value.clone())
            }
        }
    });
    let (ns, mx, txt, pointer_rows) = tokio::join!(
        dns.lookup(&domain, RecordType::NS),
        dns.lookup(&domain, RecordType::MX),
        dns.lookup(&domain, RecordType::TXT),
        join_all(pointer_rows),
    );

    let mut rows = vec![ns_row(&domain, &ns), mx_row(&domain, &mx, mx_value)];
    rows.extend(txt_rows(&domain, &txt, spf_value));
    rows.extend(pointer_rows);

    let mut warnings = Vec::new();
    if rows
        .iter()
        .any(|r| r.verdict == Verdict::MicrosoftNameServers)
    {
        warnings.push(Warning {
            code: WarningCode::MicrosoftHostsDns,
            records: website_records(dns, &domain).await,
        });
    }
    if known.microsoft_purchased {
        warnings.push(Warning {
            code: WarningCode::MicrosoftPurchasedDomain,
            records: Vec::new(),
        });
    }
    for (verdict, code) in [
        (Verdict::TwoSpf, WarningCode::TwoSpf),
        (Verdict::SpfNamesMicrosoft, WarningCode::SpfNamesMicrosoft),
    ] {
        if rows.iter().any(|r| r.verdict == verdict) {
            warnings.push(Warning {
                code,
                records: Vec::new(),
            });
        }
    }
    let state = state_of(&rows);
    let longest_ttl = rows
        .iter()
        .filter(|r| r.action.is_change())
        .filter_map(|r| r.ttl)
        .max();
    DomainCheck {
        domain,
        checked_at: OffsetDateTime::now_utc(),
        state,
        rows,
        warnings,
        longest_ttl,
    }
}

/// Done needs every row clean and an MX record that is not Microsoft's.
fn state_of(rows: &[RecordRow]) -> HandoverState {
    if rows.iter().any(|r| r.action.is_change()) {
        HandoverState::Waiting
    } else if rows.iter().any(|r| r.action == Action::CheckAgain) {
        HandoverState::CouldNotCheck
    } else if rows
        .iter()
        .any(|r| r.kind == RecordKind::Mx && r.verdict == Verdict::Moved)
    {
        HandoverState::Done
    } else {
        HandoverState::Waiting
    }
}

/// The website's records (A and AAAA of the domain and of `www`, `www`'s CNAME) that are not
/// Microsoft's: what a Microsoft-hosted zone holds that must be recreated elsewhere. DNS
/// cannot list a zone, so these are the usual ones (INFERENCE: other names may exist).
async fn website_records(dns: &Dns, domain: &str) -> Vec<String> {
    let www = format!("www.{domain}");
    let probes = [
        (domain.to_string(), RecordType::A, "A"),
        (domain.to_string(), RecordType::AAAA, "AAAA"),
        (www.clone(), RecordType::CNAME, "CNAME"),
        (www.clone(), RecordType::A, "A"),
        (www, RecordType::AAAA, "AAAA"),
    ];
    let answers = join_all(
        probes
            .iter()
            .map(|(name, kind, _)| async move { dns.lookup(name, *kind).await }),
    )
    .await;
    let mut out = Vec::new();
    for ((name, _, label), answer) in probes.iter().zip(answers) {
        if let Answer::Found { values, .. } = answer {
            for v in values.iter().filter(|v| !is_microsoft_host(v)) {
                let line = format!("{name} {label} {v}");
                if !out.contains(&line) {
                    out.push(line);
                }
            }
        }
    }
    out
}
