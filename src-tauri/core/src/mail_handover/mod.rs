//! The mail handover (issue 12): proof that nothing in the domain's DNS still points at
//! Microsoft 365 once the owner moves their email elsewhere.
//!
//! - [`expected`]: what Microsoft expects each domain to carry, read from Graph before the
//!   domain step removes the domain, and saved beside the journal.
//! - [`lookup`]: live lookups through a real resolver (the system's, or given servers).
//! - [`verdict`]: each record judged (still Microsoft, moved, missing, two SPF, broken...).
//! - [`check`]: one domain's table and state (done / waiting / could not check).
//! - [`providers`]: the common providers' documented MX and SPF values.
//! - [`follow_up`]: the "check your email records" day the reminders carry.
//!
//! The last check of each domain is saved too, so the closure report can show the final DNS
//! state with the time it was checked.

pub mod check;
pub mod expected;
pub mod follow_up;
pub mod lookup;
pub mod microsoft;
pub mod providers;
pub mod verdict;

pub use check::{check_domain, DomainCheck, HandoverState, Known, Warning, WarningCode};
pub use expected::{DomainRecords, ExpectedRecord, ExpectedSet};
pub use follow_up::MailFollowUp;
pub use lookup::{Answer, Dns, DnsConfig, DEFAULT_TIMEOUT};
pub use providers::{providers, Provider};
pub use verdict::{Action, RecordKind, RecordRow, Verdict};

use std::path::Path;

use crate::error::{Error, ErrorCode, Result};
use crate::fsio;
use crate::journal::JournalStore;

const CHECKS_FILE: &str = "mail-check.json";

/// The finding the organization checks raise for a domain bought through Microsoft 365 (its
/// subjects are the domains), matched by its wire name so this module does not depend on
/// where the checks define it.
pub const MICROSOFT_PURCHASED_DOMAIN: &str = "microsoft_purchased_domain";

/// The domains the findings say were bought through Microsoft 365.
pub fn purchased_domains(findings: &[crate::closure::Finding]) -> Vec<String> {
    findings
        .iter()
        .filter(|f| {
            serde_json::to_value(f.code)
                .ok()
                .as_ref()
                .and_then(|v| v.as_str())
                == Some(MICROSOFT_PURCHASED_DOMAIN)
        })
        .flat_map(|f| f.subjects.iter().cloned())
        .collect()
}

/// Checks each domain (one resolver for the whole run, nothing cached from an earlier run).
pub async fn check_domains(
    config: &DnsConfig,
    domains: &[String],
    saved: Option<&ExpectedSet>,
    purchased: &[String],
) -> Result<Vec<DomainCheck>> {
    let dns = Dns::new(config)?;
    let mut out = Vec::new();
    for domain in domains {
        let known = Known {
            expected: saved.and_then(|s| s.for_domain(domain)),
            microsoft_purchased: purchased.iter().any(|p| p.eq_ignore_ascii_case(domain)),
        };
        out.push(check_domain(&dns, domain, &known).await);
    }
    Ok(out)
}

/// Saves the latest checks of a tenant (for the closure report).
pub fn save_checks(data_dir: &Path, tenant_id: &str, checks: &[DomainCheck]) -> Result<()> {
    let dir = JournalStore::new(data_dir).tenant_dir(tenant_id)?;
    let io = |e: std::io::Error| Error::new(ErrorCode::Io, e.to_string());
    fsio::private_dirs(data_dir, &dir).map_err(io)?;
    let bytes = serde_json::to_vec_pretty(checks)
        .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    fsio::write_atomically(&dir.join(CHECKS_FILE), &bytes).map_err(io)
}

/// The latest saved checks of a tenant (empty when never checked or unreadable).
pub fn load_checks(data_dir: &Path, tenant_id: &str) -> Vec<DomainCheck> {
    JournalStore::new(data_dir)
        .tenant_dir(tenant_id)
        .ok()
        .and_then(|dir| std::fs::read(dir.join(CHECKS_FILE)).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}
