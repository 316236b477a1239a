//! Running the server: its configuration, metrics and logging, and the
//! limits on what one client may do (connections, sockets, rates, join-code
//! guesses).

pub mod addr_limit;
pub mod backup;
pub mod config;
pub mod conn_limit;
pub mod join_codes;
pub mod logging;
pub mod metrics;
pub mod proxies;
pub mod rate_limit;
pub mod sockets;
