//! The practice company's DNS: what Microsoft expects its domains to carry, and (for the demo
//! and the tests) a DNS server on loopback that answers for those domains.

pub mod microsoft;
