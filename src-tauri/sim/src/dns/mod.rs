//! The practice company's DNS: what Microsoft expects its domains to carry ([`microsoft`]),
//! the zones its registrar holds ([`zones`]), and a DNS server on loopback that answers for
//! them ([`server`]), so the mail handover works in the demo without any network.

pub mod microsoft;
pub mod server;
pub mod zones;
