//! `closeout-cli mail-check [DOMAIN]`: the mail handover's table for each domain, from the
//! records Microsoft expects (saved by an earlier inventory, so no sign-in is needed) and
//! live DNS. Exit 0 when nothing points at Microsoft any more, 2 when records are still to
//! change, 1 when a check could not be made.

use closeout_core::mail_handover::{
    self, check_domains, expected, DnsConfig, DomainCheck, ExpectedSet, HandoverState,
};
use closeout_core::{Error, ErrorCode, Result};
use std::net::SocketAddr;

use crate::args::Options;
use crate::connect;

pub const CLEAN: u8 = 0;
pub const ERROR: u8 = 1;
pub const TO_CHANGE: u8 = 2;

/// The exit code of a set of checks: any record to change wins over a failed lookup.
pub fn exit_code(checks: &[DomainCheck]) -> u8 {
    if checks.iter().any(|c| c.state == HandoverState::Waiting) {
        TO_CHANGE
    } else if checks
        .iter()
        .any(|c| c.state == HandoverState::CouldNotCheck)
    {
        ERROR
    } else {
        CLEAN
    }
}

/// Runs the check; `dns`: `--dns ADDR:PORT` (else the system's resolvers, or in practice
/// mode the practice company's DNS server).
pub async fn run(
    options: &Options,
    domain: Option<String>,
    dns: Option<SocketAddr>,
) -> Result<(Vec<DomainCheck>, u8)> {
    let data_dir = connect::data_dir(options)?;
    let (sets, config, purchased, sim) = if options.practice.is_some() {
        let mut connected = connect::connect(options).await?;
        let findings = connected.session.checks().await?;
        let tenant = connected.session.tenant_id().to_string();
        let sim = connected.sim.take();
        let addr = sim.as_ref().map(|s| s.dns_addr());
        let saved = expected::load(&data_dir.join("practice"), &tenant)?;
        (
            saved.into_iter().collect::<Vec<ExpectedSet>>(),
            DnsConfig::servers(addr.into_iter().collect()),
            mail_handover::purchased_domains(&findings),
            sim,
        )
    } else {
        let config = match dns {
            Some(addr) => DnsConfig::servers(vec![addr]),
            None => DnsConfig::default(),
        };
        (expected::load_all(&data_dir)?, config, Vec::new(), None)
    };
    let mut checks = Vec::new();
    for set in &sets {
        let domains: Vec<String> = set
            .domains
            .iter()
            .map(|d| d.domain.clone())
            .filter(|d| {
                domain
                    .as_ref()
                    .is_none_or(|want| want.eq_ignore_ascii_case(d))
            })
            .collect();
        let found = check_domains(&config, &domains, Some(set), &purchased).await?;
        let dir = if options.practice.is_some() {
            data_dir.join("practice")
        } else {
            data_dir.clone()
        };
        mail_handover::save_checks(&dir, &set.tenant_id, &found)?;
        if domain.is_none() {
            // Every domain was checked: the "check your email records" day follows the page.
            let today = time::OffsetDateTime::now_utc().date();
            mail_handover::follow_up::remember(&dir, &set.tenant_id, &found, today)?;
        }
        checks.extend(found);
    }
    if checks.is_empty() {
        match &domain {
            // A domain never inventoried here: check it against Microsoft's usual records.
            Some(d) => checks = check_domains(&config, std::slice::from_ref(d), None, &purchased).await?,
            None => {
                return Err(Error::new(
                    ErrorCode::InvalidInput,
                    "no saved DNS records: run `closeout-cli checks` once while signed in, or name a domain",
                ))
            }
        }
    }
    if let Some(sim) = sim {
        sim.shutdown().await;
    }
    let code = exit_code(&checks);
    Ok((checks, code))
}

/// The table as text: one block per domain, one line per record.
pub fn render(checks: &[DomainCheck]) -> String {
    let mut out = String::new();
    for c in checks {
        out.push_str(&format!(
            "{}: {} (checked {}; {} to change)\n",
            c.domain,
            c.state.as_str(),
            c.checked_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            c.changes()
        ));
        for w in &c.warnings {
            out.push_str(&format!("  ! {}", w.code.as_str()));
            if !w.records.is_empty() {
                out.push_str(&format!(": recreate {}", w.records.join("; ")));
            }
            out.push('\n');
        }
        for r in &c.rows {
            let now = if r.now.is_empty() {
                "-".to_string()
            } else {
                r.now.join(", ")
            };
            let ttl = r.ttl.map(|t| format!(" ttl {t}s")).unwrap_or_default();
            out.push_str(&format!(
                "  {:<12} {:<40} {:<22} {:<14} {now}{ttl}\n",
                r.kind.as_str(),
                r.name,
                r.verdict.as_str(),
                r.action.as_str()
            ));
        }
    }
    out
}
