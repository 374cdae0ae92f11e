//! `GET /domains/{id}/serviceConfigurationRecords`: the DNS records Microsoft 365 needs the
//! domain to carry, as `domainDnsRecord` subtypes (MX, TXT, CNAME, SRV), from the one list in
//! [`crate::dns::microsoft`].

use super::reply::{not_found, Out};
use super::{Ctx, Route};
use crate::dns::microsoft::{expected, Kind, MsRecord};
use crate::throttle::Service::Directory;
use serde_json::{json, Value};

/// Delegated: `Directory.Read.All` per Microsoft's page; the broader directory permissions
/// include it (INFERENCE for `Directory.AccessAsUser.All`, which is what Closeout holds).
const RECORDS_READ: &[&str] = &[
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Directory.AccessAsUser.All",
];

#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    Route { method: "GET", template: "/domains/{id}/serviceConfigurationRecords", cost: 1, service: Directory, beta_only: false, scopes: RECORDS_READ, handler: records },
];

fn records(ctx: &mut Ctx) -> Out {
    let name = ctx
        .w
        .tenant
        .domains
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case(ctx.param(0)))
        .map(|d| d.name.clone())
        .ok_or_else(|| not_found(ctx.param(0)))?;
    let value: Vec<Value> = expected(&name)
        .iter()
        .enumerate()
        .map(|(i, r)| record_json(&name, i, r))
        .collect();
    let context = format!("domains('{name}')/serviceConfigurationRecords");
    super::odata::listed(ctx, &context, value)
}

/// One `domainDnsRecord`. The `id` format is not documented (INFERENCE: a stable string per
/// record); SRV records carry the domain as `label` and the `_service`/`_protocol` apart.
fn record_json(domain: &str, i: usize, r: &MsRecord) -> Value {
    let mut v = json!({
        "@odata.type": format!("#microsoft.graph.domainDns{}Record", odata_kind(r.kind)),
        "id": format!("{}{}", r.kind.as_str(), i),
        "isOptional": r.optional,
        "label": r.name,
        "recordType": r.kind.as_str(),
        "supportedService": r.service,
        "ttl": r.ttl,
    });
    match r.kind {
        Kind::Mx => {
            v["mailExchange"] = json!(r.value);
            v["preference"] = json!(r.priority);
        }
        Kind::Txt => v["text"] = json!(r.value),
        Kind::CName => v["canonicalName"] = json!(r.value),
        Kind::Srv => {
            let prefix = r.name.strip_suffix(&format!(".{domain}")).unwrap_or("");
            let (service, protocol) = prefix.split_once('.').unwrap_or((prefix, ""));
            v["label"] = json!(domain);
            v["service"] = json!(service);
            v["protocol"] = json!(protocol);
            v["nameTarget"] = json!(r.value);
            v["port"] = json!(r.port);
            v["priority"] = json!(r.priority);
            v["weight"] = json!(r.weight);
        }
    }
    v
}

fn odata_kind(kind: Kind) -> &'static str {
    match kind {
        Kind::Mx => "Mx",
        Kind::Txt => "Txt",
        Kind::CName => "Cname",
        Kind::Srv => "Srv",
    }
}
