//! What every HTTP handler shares: the registry of open maps, the
//! configuration, metrics and the limits on clients. Built once by `serve`.

use crate::ops::addr_limit::AddrLimit;
use crate::ops::config::Config;
use crate::ops::join_codes::GuessLimit;
use crate::ops::metrics::Metrics;
use crate::ops::sockets::Sockets;
use crate::rooms::registry::Registry;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub registry: Registry,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub addr_limit: AddrLimit,
    pub sockets: Sockets,
    /// Wrong join codes, counted to slow down guessing.
    pub guesses: GuessLimit,
    /// Bytes handed to sockets and not yet flushed, for all connections.
    pub send_budget: crate::rooms::outbound::SendBudget,
    /// Stored maps being sent to newcomers, one copy each.
    pub document_frames: crate::rooms::outbound::DocumentFrames,
    /// Maps made per client address.
    pub creations: crate::ops::rate_limit::RateLimit,
    /// Reflection answers per client address.
    pub answers: crate::ops::rate_limit::RateLimit,
    /// The memory budget: joins wait for it, idle maps make room for it.
    pub memory: crate::rooms::memory::MemoryBudget,
    /// Origins whose pages may open WebSockets (the public URL's and the
    /// listed ones); empty: the server's own, reached by address.
    pub allowed_origins: Arc<Vec<String>>,
}
