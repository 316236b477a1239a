//! TCP connections: the process may hold as many as its open-file limit
//! allows (raised to the hard limit at start), less a reserve for its
//! database and files; one client address (an IPv6 /64 counts as one) may
//! hold a share of them. A connection over either limit is closed as soon
//! as it is accepted, so trickling connections from one address cannot make
//! the server unreachable for everyone else.

use crate::ops::addr_limit::{AddrLimit, AddrSlot};
use crate::ops::sockets::Sockets;
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// File descriptors kept for the database, its journal, exports and logs.
pub const RESERVED_FILES: u64 = 128;

/// Raises the process's open-file limit to its hard limit; the limit in
/// force afterwards (what it was, if it cannot be raised).
pub fn raise_open_files() -> u64 {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!(error = %e, "could not raise the open-file limit");
            rlimit::getrlimit(rlimit::Resource::NOFILE).map_or(1024, |(soft, _)| soft)
        }
    }
}

#[derive(Clone)]
pub struct ConnLimits {
    per_addr: AddrLimit,
    /// Plain HTTP connections open now (upgraded ones are in `sockets`).
    open: Arc<AtomicUsize>,
    max_total: usize,
    sockets: Sockets,
}

/// One admitted connection; dropping it frees its place.
pub struct ConnSlot {
    /// `None` for a trusted proxy's: its clients are counted apart.
    _addr: Option<AddrSlot>,
    open: Arc<AtomicUsize>,
}

/// Why a connection was closed on arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooMany {
    FromThisAddress,
    InAll,
}

impl ConnLimits {
    /// `per_addr` connections from one address, at most `max_total` in
    /// all, WebSockets (counted by `sockets` once upgraded) included.
    pub fn new(per_addr: usize, max_total: usize, sockets: Sockets) -> ConnLimits {
        ConnLimits {
            per_addr: AddrLimit::new(per_addr),
            open: Arc::new(AtomicUsize::new(0)),
            max_total,
            sockets,
        }
    }

    /// A place for a new connection from `ip`; from a trusted `proxy`,
    /// only the limit on all connections applies (its clients' own
    /// connections are many, and counted by their address once upgraded).
    pub fn admit(&self, ip: IpAddr, proxy: bool) -> Result<ConnSlot, TooMany> {
        if self.open.load(Ordering::Relaxed) + self.sockets.alive() >= self.max_total {
            return Err(TooMany::InAll);
        }
        let addr = if proxy {
            None
        } else {
            Some(self.per_addr.take(ip).ok_or(TooMany::FromThisAddress)?)
        };
        self.open.fetch_add(1, Ordering::Relaxed);
        Ok(ConnSlot {
            _addr: addr,
            open: self.open.clone(),
        })
    }

    /// Plain HTTP connections open now.
    pub fn open(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }
}

impl Drop for ConnSlot {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_limited_per_address_and_in_all() {
        let sockets = Sockets::default();
        let limits = ConnLimits::new(2, 3, sockets.clone());
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let a1 = limits.admit(a, false).expect("first");
        let _a2 = limits.admit(a, false).expect("second");
        assert_eq!(limits.admit(a, false).err(), Some(TooMany::FromThisAddress));
        let b1 = limits.admit(b, false).expect("another address");
        assert_eq!(limits.admit(b, false).err(), Some(TooMany::InAll));
        drop(a1);
        assert_eq!(limits.open(), 2);
        let _b2 = limits.admit(b, false).expect("a place came free");
        drop(b1);
        // WebSockets count in all too.
        let _ws = sockets.enter();
        assert_eq!(limits.admit(b, false).err(), Some(TooMany::InAll));
        assert!(raise_open_files() >= 256);
    }

    #[test]
    fn a_trusted_proxy_is_limited_only_in_all() {
        let limits = ConnLimits::new(1, 3, Sockets::default());
        let proxy: IpAddr = [127, 0, 0, 1].into();
        let _p1 = limits.admit(proxy, true).expect("first");
        let _p2 = limits
            .admit(proxy, true)
            .expect("more than one address's share");
        let _p3 = limits.admit(proxy, true).expect("third");
        assert_eq!(limits.admit(proxy, true).err(), Some(TooMany::InAll));
    }
}
