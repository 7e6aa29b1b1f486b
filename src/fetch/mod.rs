//! Everything that goes over the network: the HTTP client, per-host politeness, polling
//! sources, fetching story pages, finding feeds, and the one refresh that the reader and the
//! command line both run.

pub mod discovery;
pub mod host_gate;
pub mod http;
pub mod poll;
pub mod refresh;
