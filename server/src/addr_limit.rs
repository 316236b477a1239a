//! Connections per client address: counted while they are open, refused
//! beyond the limit.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AddrLimit {
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    max: usize,
}

/// One counted connection; dropping it frees its place.
pub struct AddrSlot {
    limit: AddrLimit,
    ip: IpAddr,
}

impl AddrLimit {
    pub fn new(max: usize) -> Self {
        AddrLimit {
            open: Arc::new(Mutex::new(HashMap::new())),
            max,
        }
    }

    /// A place for one more connection from `ip`, or `None` at the limit.
    pub fn take(&self, ip: IpAddr) -> Option<AddrSlot> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let n = open.entry(ip).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(AddrSlot {
            limit: self.clone(),
            ip,
        })
    }
}

impl Drop for AddrSlot {
    fn drop(&mut self) {
        let mut open = self.limit.open.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_are_counted_per_address_and_freed_on_drop() {
        let limit = AddrLimit::new(2);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let first = limit.take(a).expect("first");
        let _second = limit.take(a).expect("second");
        assert!(limit.take(a).is_none());
        assert!(limit.take(b).is_some());
        drop(first);
        assert!(limit.take(a).is_some());
    }
}
