//! Connections per client address: counted while they are open, refused
//! beyond the limit. Addresses are grouped as one network hands them out
//! (`group`): an IPv6 client can use any address of its /64, so that is
//! one address here.

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
        let ip = group(ip);
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

/// The address that stands for `ip` in per-address limits: an IPv4
/// address as it is (also when written as IPv6), an IPv6 address as its
/// /64 network.
pub fn group(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_addresses_count_by_their_64_network() {
        let a: IpAddr = "2001:db8:1:2::1".parse().expect("v6");
        let b: IpAddr = "2001:db8:1:2:ffff::9".parse().expect("v6");
        let c: IpAddr = "2001:db8:1:3::1".parse().expect("v6");
        assert_eq!(group(a), group(b));
        assert_ne!(group(a), group(c));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().expect("mapped");
        assert_eq!(group(mapped), IpAddr::from([10, 0, 0, 1]));
        let limit = AddrLimit::new(1);
        let _one = limit.take(a).expect("first");
        assert!(limit.take(b).is_none(), "the same /64");
        assert!(limit.take(c).is_some(), "another /64");
    }

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
