//! What Microsoft expects each custom domain to carry, from Graph's
//! `GET /domains/{id}/serviceConfigurationRecords`, saved beside the journal: once the domain
//! step has removed a domain Graph can no longer say, and `mail-check` must work without a
//! sign-in.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;

use crate::error::{Error, ErrorCode, Result};
use crate::fsio;
use crate::graph::GraphClient;
use crate::journal::JournalStore;

const FILE_NAME: &str = "mail-records.json";

/// One `domainDnsRecord`, flattened: `value` is the MX exchange, CNAME target, TXT text or
/// SRV target; `name` is the full owner name (SRV records rebuilt as `_service._protocol.label`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpectedRecord {
    /// Graph's `recordType`: `Mx`, `Txt`, `CName`, `Srv`.
    pub record_type: String,
    pub name: String,
    pub value: String,
    pub supported_service: Option<String>,
    pub is_optional: bool,
    pub ttl: Option<u32>,
}

/// The records of one domain as Graph gave them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainRecords {
    pub domain: String,
    pub records: Vec<ExpectedRecord>,
}

/// Everything read for one organization, with when it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpectedSet {
    pub tenant_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub read_at: OffsetDateTime,
    pub domains: Vec<DomainRecords>,
}

impl ExpectedSet {
    pub fn for_domain(&self, domain: &str) -> Option<&DomainRecords> {
        self.domains
            .iter()
            .find(|d| d.domain.eq_ignore_ascii_case(domain))
    }
}

/// Parses one record; `None` for a shape this code does not know (a future record type).
pub fn parse_record(v: &Value) -> Option<ExpectedRecord> {
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let record_type = text("recordType")?;
    let label = text("label").unwrap_or_default();
    let (name, value) = match record_type.to_ascii_lowercase().as_str() {
        "mx" => (label, text("mailExchange")?),
        "txt" => (label, text("text")?),
        "cname" => (label, text("canonicalName")?),
        "srv" => {
            let service = text("service").unwrap_or_default();
            let protocol = text("protocol").unwrap_or_default();
            (format!("{service}.{protocol}.{label}"), text("nameTarget")?)
        }
        _ => return None,
    };
    Some(ExpectedRecord {
        record_type,
        name: name.trim_end_matches('.').to_ascii_lowercase(),
        value,
        supported_service: text("supportedService"),
        is_optional: v
            .get("isOptional")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        ttl: v.get("ttl").and_then(Value::as_u64).map(|t| t as u32),
    })
}

/// Reads the records of each domain (one request each, paging followed).
pub async fn read(client: &GraphClient, domains: &[String]) -> Result<Vec<DomainRecords>> {
    let mut out = Vec::new();
    for domain in domains {
        let path = format!("/v1.0/domains/{domain}/serviceConfigurationRecords");
        let values: Vec<Value> = client.get_all(&path).await?;
        out.push(DomainRecords {
            domain: domain.clone(),
            records: values.iter().filter_map(parse_record).collect(),
        });
    }
    Ok(out)
}

fn path_for(data_dir: &Path, tenant_id: &str) -> Result<PathBuf> {
    Ok(JournalStore::new(data_dir)
        .tenant_dir(tenant_id)?
        .join(FILE_NAME))
}

/// Saves the set beside the tenant's journal (private, atomic). A domain already saved and
/// no longer in `set` (removed by the domain step) is kept: its records are still the ones to
/// take away.
pub fn save(data_dir: &Path, set: &ExpectedSet) -> Result<()> {
    let mut merged = set.clone();
    if let Some(old) = load(data_dir, &set.tenant_id)? {
        for d in old.domains {
            if merged.for_domain(&d.domain).is_none() {
                merged.domains.push(d);
            }
        }
    }
    let path = path_for(data_dir, &set.tenant_id)?;
    let dir = path.parent().unwrap_or(data_dir);
    fsio::private_dirs(data_dir, dir).map_err(io_error)?;
    let bytes = serde_json::to_vec_pretty(&merged)
        .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    fsio::write_atomically(&path, &bytes).map_err(io_error)
}

/// The saved set of one tenant, if any.
pub fn load(data_dir: &Path, tenant_id: &str) -> Result<Option<ExpectedSet>> {
    let path = path_for(data_dir, tenant_id)?;
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::new(
                ErrorCode::InvalidInput,
                format!("{} is not a saved record list: {e}", path.display()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error(e)),
    }
}

/// Every saved set under the data folder (one per organization checked here).
pub fn load_all(data_dir: &Path) -> Result<Vec<ExpectedSet>> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(data_dir.join("tenants")) else {
        return Ok(out);
    };
    for entry in entries.flatten() {
        if let Some(id) = entry.file_name().to_str() {
            if let Some(set) = load(data_dir, id)? {
                out.push(set);
            }
        }
    }
    out.sort_by(|a, b| a.tenant_id.cmp(&b.tenant_id));
    Ok(out)
}

fn io_error(e: std::io::Error) -> Error {
    Error::new(ErrorCode::Io, e.to_string())
}

/// Reads Graph's records for every custom domain of the inventory not saved yet and saves
/// them; called by the session before anything can remove a domain. A domain's records do not
/// change while it stays, so one read per domain is enough (the checks run often). A failure
/// is logged and never stops the caller (the check then falls back to Microsoft's usual
/// values).
pub async fn remember(client: &GraphClient, data_dir: &Path, inv: &crate::closure::Inventory) {
    let saved = load(data_dir, inv.tenant_id()).ok().flatten();
    let domains: Vec<String> = inv
        .custom_domains()
        .map(|d| d.id.clone())
        .filter(|d| saved.as_ref().is_none_or(|s| s.for_domain(d).is_none()))
        .collect();
    if domains.is_empty() {
        return;
    }
    let saved = match read(client, &domains).await {
        Ok(domains) => save(
            data_dir,
            &ExpectedSet {
                tenant_id: inv.tenant_id().to_string(),
                read_at: OffsetDateTime::now_utc(),
                domains,
            },
        ),
        Err(e) => Err(e),
    };
    if let Err(e) = saved {
        tracing::warn!(
            code = e.code.as_str(),
            "the DNS records Microsoft expects were not saved"
        );
    }
}
