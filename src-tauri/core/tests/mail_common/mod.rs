//! A real DNS server for the mail handover tests: BIND's `named` (Debian package `bind9`,
//! installed by scripts/setup.sh) on 127.0.0.1 at a free port, serving the zones a test
//! writes, started by the test and killed when the handle drops.
#![allow(dead_code)]

use closeout_core::mail_handover::{Answer, Dns, DnsConfig};
use hickory_resolver::proto::rr::RecordType;
use std::net::{SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Named {
    child: Child,
    pub addr: SocketAddr,
    _dir: tempfile::TempDir,
}

fn named_binary() -> PathBuf {
    for candidate in ["/usr/sbin/named", "/usr/local/sbin/named"] {
        if std::path::Path::new(candidate).exists() {
            return candidate.into();
        }
    }
    panic!("BIND's named is not installed: run scripts/setup.sh (Debian package bind9)");
}

/// A UDP port free right now on 127.0.0.1 (TCP is taken on the same number by named).
fn free_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .and_then(|s| s.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// The start of a zone file: SOA, one name server inside the zone, negative TTL 300 s.
pub fn zone_head() -> String {
    "$TTL 3600\n@ IN SOA ns1 hostmaster 1 3600 600 86400 300\n@ IN NS ns1\nns1 IN A 127.0.0.1\n"
        .to_string()
}

impl Named {
    /// Serves `zones` (origin, zone file text) and waits until the first one answers.
    pub async fn start(zones: &[(&str, String)]) -> Named {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = free_port();
        let mut conf = format!(
            "options {{\n directory \"{d}\";\n listen-on port {port} {{ 127.0.0.1; }};\n listen-on-v6 {{ none; }};\n recursion no;\n dnssec-validation no;\n pid-file none;\n session-keyfile none;\n managed-keys-directory \"{d}\";\n notify no;\n}};\ncontrols {{ }};\n",
            d = dir.path().display()
        );
        for (i, (origin, text)) in zones.iter().enumerate() {
            let file = format!("zone{i}.db");
            std::fs::write(dir.path().join(&file), text).expect("zone file");
            conf.push_str(&format!(
                "zone \"{origin}\" {{ type primary; file \"{file}\"; }};\n"
            ));
        }
        let conf_path = dir.path().join("named.conf");
        std::fs::write(&conf_path, conf).expect("named.conf");
        let log = std::fs::File::create(dir.path().join("named.log")).expect("log");
        let child = Command::new(named_binary())
            .args(["-g", "-4", "-n", "1", "-c"])
            .arg(&conf_path)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("named starts");
        let named = Named {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            _dir: dir,
        };
        named.wait_ready(zones[0].0).await;
        named
    }

    pub fn config(&self) -> DnsConfig {
        DnsConfig::servers(vec![self.addr]).with_timeout(Duration::from_secs(3))
    }

    async fn wait_ready(&self, origin: &str) {
        let dns =
            Dns::new(&DnsConfig::servers(vec![self.addr]).with_timeout(Duration::from_millis(300)))
                .expect("resolver");
        for _ in 0..100 {
            if let Answer::Found { .. } = dns.lookup(origin, RecordType::SOA).await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let log = std::fs::read_to_string(self._dir.path().join("named.log")).unwrap_or_default();
        panic!("named did not start serving {origin}:\n{log}");
    }
}

impl Drop for Named {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
