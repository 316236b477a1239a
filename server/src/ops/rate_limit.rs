//! How fast one client address (an IPv6 /64 counts as one) may do a thing
//! that makes something: a bucket of tokens per address, filled at a steady
//! rate up to a burst. Making maps and answering reflections take tokens;
//! an empty bucket is a 429 that says when to try again.

use crate::ops::addr_limit::group;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Addresses remembered at once; beyond that, full buckets are forgotten.
const MAX_ADDRESSES: usize = 100_000;

#[derive(Clone)]
pub struct RateLimit {
    buckets: Arc<Mutex<HashMap<IpAddr, (f64, Instant)>>>,
    burst: f64,
    per_sec: f64,
}

impl RateLimit {
    /// `burst` at once, then `per_hour` an hour.
    pub fn new(burst: u32, per_hour: u32) -> RateLimit {
        RateLimit {
            buckets: Arc::new(Mutex::new(HashMap::new())),
            burst: f64::from(burst.max(1)),
            per_sec: f64::from(per_hour.max(1)) / 3600.0,
        }
    }

    /// Takes `n` tokens for `ip`, or says how long until there are enough.
    pub fn take(&self, ip: IpAddr, n: u32, now: Instant) -> Result<(), Duration> {
        let n = f64::from(n);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_ADDRESSES {
            let (burst, per_sec) = (self.burst, self.per_sec);
            buckets
                .retain(|_, (t, at)| *t + now.duration_since(*at).as_secs_f64() * per_sec < burst);
        }
        let (tokens, at) = buckets.entry(group(ip)).or_insert((self.burst, now));
        let filled =
            (*tokens + now.duration_since(*at).as_secs_f64() * self.per_sec).min(self.burst);
        if filled >= n {
            *tokens = filled - n;
            *at = now;
            return Ok(());
        }
        let wait = if n > self.burst {
            // Never enough at once: as long as a whole burst takes.
            self.burst / self.per_sec
        } else {
            (n - filled) / self.per_sec
        };
        Err(Duration::from_secs_f64(wait.max(1.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_a_steady_rate_per_address() {
        let limit = RateLimit::new(10, 3600);
        let t0 = Instant::now();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        assert!(limit.take(a, 8, t0).is_ok());
        let wait = limit.take(a, 3, t0).expect_err("only two left");
        assert_eq!(wait, Duration::from_secs(1));
        assert!(limit.take(a, 2, t0).is_ok());
        assert!(limit.take(b, 10, t0).is_ok(), "another address has its own");
        assert!(
            limit.take(a, 1, t0 + Duration::from_secs(1)).is_ok(),
            "one a second"
        );
        assert!(
            limit.take(a, 11, t0 + Duration::from_secs(3600)).is_err(),
            "never more than a burst"
        );
        let v6a: IpAddr = "2001:db8::1".parse().expect("v6");
        let v6b: IpAddr = "2001:db8::2".parse().expect("v6");
        assert!(limit.take(v6a, 10, t0).is_ok());
        assert!(limit.take(v6b, 1, t0).is_err(), "the same /64");
    }
}
