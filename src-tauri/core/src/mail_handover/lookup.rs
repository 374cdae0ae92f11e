//! Live DNS lookups through `hickory-resolver`: the system's resolver configuration by default,
//! or given servers (the tests' DNS server, the practice company's). Every lookup has its own
//! timeout (5 s unless configured), and every outcome, failures included, is an [`Answer`]:
//! a bad zone gives a line in the table, never an error that stops the check.

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{RData, RecordType};
use hickory_resolver::Resolver;
use std::net::SocketAddr;
use std::time::Duration;

use crate::error::{Error, ErrorCode, Result};

/// The timeout of one lookup unless configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// Where lookups go and how long each may take.
#[derive(Debug, Clone)]
pub struct DnsConfig {
    /// `None`: the system's resolvers (`/etc/resolv.conf`, the Windows or macOS settings).
    pub servers: Option<Vec<SocketAddr>>,
    pub timeout: Duration,
}

impl Default for DnsConfig {
    fn default() -> Self {
        DnsConfig {
            servers: None,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

impl DnsConfig {
    /// Lookups sent to these servers only (UDP, and TCP for long answers).
    pub fn servers(servers: Vec<SocketAddr>) -> Self {
        DnsConfig {
            servers: Some(servers),
            ..DnsConfig::default()
        }
    }

    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }
}

/// What one lookup found.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The record data as text (MX as `preference host`, TXT strings joined) and the lowest TTL.
    Found {
        values: Vec<String>,
        ttl: u32,
    },
    /// The name exists but has no record of this type (`ttl`: how long that answer is cached).
    NoRecords {
        ttl: Option<u32>,
    },
    NxDomain,
    ServFail,
    Refused,
    Timeout,
    /// Anything else (a malformed answer, no route to the server), in English.
    Failed(String),
}

/// A resolver built once per check, so nothing cached by an earlier check hides a change.
pub struct Dns {
    resolver: Resolver<TokioRuntimeProvider>,
    timeout: Duration,
}

impl Dns {
    pub fn new(config: &DnsConfig) -> Result<Dns> {
        let failed = |e: NetError| {
            Error::new(
                ErrorCode::Config,
                format!("the DNS resolver could not be set up: {e}"),
            )
        };
        let mut builder = match &config.servers {
            Some(servers) => {
                let name_servers = servers
                    .iter()
                    .map(|addr| {
                        let mut udp = ConnectionConfig::udp();
                        udp.port = addr.port();
                        let mut tcp = ConnectionConfig::tcp();
                        tcp.port = addr.port();
                        NameServerConfig::new(addr.ip(), true, vec![udp, tcp])
                    })
                    .collect();
                Resolver::builder_with_config(
                    ResolverConfig::from_name_servers(name_servers),
                    TokioRuntimeProvider::default(),
                )
            }
            None => Resolver::builder_tokio().map_err(failed)?,
        };
        let opts: &mut ResolverOpts = builder.options_mut();
        opts.timeout = config.timeout;
        opts.attempts = 1;
        opts.cache_size = 0;
        Ok(Dns {
            resolver: builder.build().map_err(failed)?,
            timeout: config.timeout,
        })
    }

    /// Looks up one name (absolute; a trailing dot is added) and type.
    pub async fn lookup(&self, name: &str, kind: RecordType) -> Answer {
        let fqdn = format!("{}.", name.trim_end_matches('.'));
        // The resolver's own timeout counts per attempt; this bounds the whole lookup.
        match tokio::time::timeout(self.timeout, self.resolver.lookup(fqdn.as_str(), kind)).await {
            Err(_) => Answer::Timeout,
            Ok(Ok(lookup)) => {
                let mut records: Vec<_> = lookup
                    .answers()
                    .iter()
                    .filter(|r| r.record_type() == kind)
                    .collect();
                // Servers rotate the order of a record set; the owner reads MX (and SRV) in
                // the order mail uses them, and the same answer always reads the same.
                records.sort_by_key(|r| order_of(&r.data));
                if records.is_empty() {
                    return Answer::NoRecords { ttl: None };
                }
                Answer::Found {
                    ttl: records.iter().map(|r| r.ttl).min().unwrap_or(0),
                    values: records.iter().map(|r| text_of(&r.data)).collect(),
                }
            }
            Ok(Err(e)) => from_error(e),
        }
    }
}

fn from_error(e: NetError) -> Answer {
    match e {
        NetError::Timeout => Answer::Timeout,
        NetError::Dns(DnsError::NoRecordsFound(nr)) => match nr.response_code {
            ResponseCode::NXDomain => Answer::NxDomain,
            ResponseCode::ServFail => Answer::ServFail,
            ResponseCode::Refused => Answer::Refused,
            _ => Answer::NoRecords {
                ttl: nr.negative_ttl,
            },
        },
        NetError::Dns(DnsError::ResponseCode(ResponseCode::ServFail)) => Answer::ServFail,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::Refused)) => Answer::Refused,
        NetError::Dns(DnsError::ResponseCode(ResponseCode::NXDomain)) => Answer::NxDomain,
        other => Answer::Failed(other.to_string()),
    }
}

/// Where a record sorts: MX by preference, SRV by priority then weight, then by its text.
fn order_of(data: &RData) -> (u32, String) {
    let rank = match data {
        RData::MX(mx) => u32::from(mx.preference),
        RData::SRV(srv) => (u32::from(srv.priority) << 16) | u32::from(srv.weight),
        _ => 0,
    };
    (rank, text_of(data))
}

/// The record data as the owner would type it at their DNS host (no trailing dots).
fn text_of(data: &RData) -> String {
    let host =
        |n: &hickory_resolver::proto::rr::Name| n.to_ascii().trim_end_matches('.').to_string();
    match data {
        RData::MX(mx) => format!("{} {}", mx.preference, host(&mx.exchange)),
        RData::CNAME(c) => host(&c.0),
        RData::NS(ns) => host(&ns.0),
        RData::TXT(txt) => txt
            .txt_data
            .iter()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect(),
        RData::SRV(srv) => format!(
            "{} {} {} {}",
            srv.priority,
            srv.weight,
            srv.port,
            host(&srv.target)
        ),
        other => other.to_string(),
    }
}
