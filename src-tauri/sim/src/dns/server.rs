//! The practice company's DNS server: hickory-server answering on 127.0.0.1 (UDP and TCP on
//! one port) for the practice zones, so the demo and the tests need no network. A change on
//! the practice registrar page swaps in a freshly built catalog; a query in flight finishes
//! on the catalog it started with.

use super::zones::{Zone, ZoneKind};
use hickory_proto::rr::rdata::{A, CNAME, MX, NS, SOA, SRV, TXT};
use hickory_proto::rr::{LowerName, Name, RData, Record};
use hickory_server::net::runtime::Time;
use hickory_server::server::{Request, RequestHandler, ResponseHandler, ResponseInfo};
use hickory_server::store::in_memory::InMemoryZoneHandler;
use hickory_server::zone_handler::{AxfrPolicy, Catalog, ZoneType};
use hickory_server::Server;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// The zones and the catalog built from them.
pub struct PracticeDns {
    zones: Mutex<Vec<Zone>>,
    catalog: RwLock<Arc<Catalog>>,
    serial: Mutex<u32>,
}

fn name(text: &str) -> Name {
    Name::from_ascii(format!("{}.", text.trim_end_matches('.'))).unwrap_or_else(|_| Name::root())
}

fn build_catalog(zones: &[Zone], serial: u32) -> Catalog {
    let mut catalog = Catalog::new();
    for zone in zones {
        let origin = name(&zone.domain);
        let mut handler: InMemoryZoneHandler =
            InMemoryZoneHandler::empty(origin.clone(), ZoneType::Primary, AxfrPolicy::Deny);
        let soa = SOA::new(
            name(zone.name_servers()[0]),
            name(&format!("hostmaster.{}", zone.domain)),
            serial,
            3600,
            600,
            86400,
            300,
        );
        handler.upsert_mut(
            Record::from_rdata(origin.clone(), 3600, RData::SOA(soa)),
            serial,
        );
        for r in zone.records() {
            let data = match r.kind {
                ZoneKind::Ns(host) => RData::NS(NS(name(&host))),
                ZoneKind::A(ip) => match ip.parse() {
                    Ok(ip) => RData::A(A(ip)),
                    Err(_) => continue,
                },
                ZoneKind::Mx(pref, host) => RData::MX(MX::new(pref, name(&host))),
                ZoneKind::Txt(text) => RData::TXT(TXT::new(vec![text])),
                ZoneKind::Cname(host) => RData::CNAME(CNAME(name(&host))),
                ZoneKind::Srv(p, w, port, host) => RData::SRV(SRV::new(p, w, port, name(&host))),
            };
            handler.upsert_mut(Record::from_rdata(name(&r.name), r.ttl, data), serial);
        }
        catalog.upsert(LowerName::new(&origin), vec![Arc::new(handler)]);
    }
    catalog
}

impl PracticeDns {
    pub fn new(zones: Vec<Zone>) -> PracticeDns {
        let catalog = build_catalog(&zones, 1);
        PracticeDns {
            zones: Mutex::new(zones),
            catalog: RwLock::new(Arc::new(catalog)),
            serial: Mutex::new(1),
        }
    }

    pub fn zones(&self) -> Vec<Zone> {
        crate::app::lock(&self.zones).clone()
    }

    /// Changes one zone (by domain) and serves the result; `false` when there is no such zone.
    pub fn change(&self, domain: &str, edit: impl FnOnce(&mut Zone)) -> bool {
        let mut zones = crate::app::lock(&self.zones);
        let Some(zone) = zones
            .iter_mut()
            .find(|z| z.domain.eq_ignore_ascii_case(domain))
        else {
            return false;
        };
        edit(zone);
        let mut serial = crate::app::lock(&self.serial);
        *serial += 1;
        let catalog = Arc::new(build_catalog(&zones, *serial));
        *self.catalog.write().unwrap_or_else(|e| e.into_inner()) = catalog;
        true
    }

    fn current(&self) -> Arc<Catalog> {
        self.catalog
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

/// The request handler: the current catalog answers.
struct Handler(Arc<PracticeDns>);

#[async_trait::async_trait]
impl RequestHandler for Handler {
    async fn handle_request<R: ResponseHandler, T: Time>(
        &self,
        request: &Request,
        response_handle: R,
    ) -> ResponseInfo {
        let catalog = self.0.current();
        catalog
            .handle_request::<R, T>(request, response_handle)
            .await
    }
}

/// Serves `dns` on 127.0.0.1 (UDP and TCP on the same free port) until the task is dropped.
pub async fn serve(
    dns: Arc<PracticeDns>,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>), String> {
    let mut last = String::new();
    for _ in 0..20 {
        let udp = tokio::net::UdpSocket::bind("127.0.0.1:0")
            .await
            .map_err(|e| format!("DNS: cannot bind UDP: {e}"))?;
        let addr = udp.local_addr().map_err(|e| e.to_string())?;
        let tcp = match tokio::net::TcpListener::bind(addr).await {
            Ok(tcp) => tcp,
            Err(e) => {
                last = e.to_string();
                continue;
            }
        };
        let mut server = Server::new(Handler(dns.clone()));
        server.register_socket(udp);
        server.register_listener(tcp, Duration::from_secs(5), 64);
        let task = tokio::spawn(async move {
            if let Err(e) = server.block_until_done().await {
                tracing::warn!("practice DNS stopped: {e}");
            }
        });
        return Ok((addr, task));
    }
    Err(format!("DNS: no port free for both UDP and TCP: {last}"))
}
