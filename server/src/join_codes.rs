//! Join codes: drawn at random from the unambiguous alphabet, and guessing
//! them is slowed down. Each client address may get a few codes wrong in a
//! window of time, and all addresses together a few hundred, after which
//! lookups are refused until the window ends; right codes always count
//! nothing.

use comap_shared::workshop::{CODE_ALPHABET, CODE_LEN};
use rand::Rng;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A new random join code.
pub fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LEN)
        .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())]))
        .collect()
}

/// Wrong codes allowed per address per window.
pub const PER_ADDRESS: u32 = 10;
/// Wrong codes allowed from all addresses together per window.
pub const IN_ALL: u32 = 300;
pub const WINDOW: Duration = Duration::from_secs(10 * 60);

#[derive(Default)]
struct Counts {
    window_start: Option<Instant>,
    by_address: HashMap<IpAddr, u32>,
    all: u32,
}

/// Counts wrong codes; shared by every request.
#[derive(Clone, Default)]
pub struct GuessLimit {
    counts: Arc<Mutex<Counts>>,
}

impl GuessLimit {
    fn counts(&self, now: Instant) -> std::sync::MutexGuard<'_, Counts> {
        let mut c = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        if c.window_start
            .is_none_or(|s| now.duration_since(s) >= WINDOW)
        {
            *c = Counts {
                window_start: Some(now),
                ..Counts::default()
            };
        }
        c
    }

    /// `Some(seconds to wait)` when `ip` may not try a code now.
    pub fn refused(&self, ip: IpAddr, now: Instant) -> Option<u64> {
        let c = self.counts(now);
        let over = c.all >= IN_ALL || c.by_address.get(&ip).copied().unwrap_or(0) >= PER_ADDRESS;
        over.then(|| {
            let waited = c
                .window_start
                .map_or(Duration::ZERO, |s| now.duration_since(s));
            WINDOW.saturating_sub(waited).as_secs().max(1)
        })
    }

    /// Counts a wrong code from `ip`.
    pub fn wrong(&self, ip: IpAddr, now: Instant) {
        let mut c = self.counts(now);
        c.all += 1;
        *c.by_address.entry(ip).or_insert(0) += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comap_shared::workshop::normalise_code;

    #[test]
    fn codes_are_valid_and_varied() {
        let codes: std::collections::HashSet<String> = (0..200).map(|_| new_code()).collect();
        assert!(codes.len() > 190);
        for c in &codes {
            assert_eq!(normalise_code(c).as_deref(), Some(c.as_str()));
        }
    }

    #[test]
    fn wrong_guesses_are_limited_per_address_and_in_all_until_the_window_ends() {
        let limit = GuessLimit::default();
        let t0 = Instant::now();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..PER_ADDRESS {
            assert_eq!(limit.refused(a, t0), None);
            limit.wrong(a, t0);
        }
        let wait = limit.refused(a, t0).expect("refused");
        assert!(wait > 500 && wait <= 600, "{wait}");
        assert_eq!(limit.refused(b, t0), None, "another address may still try");
        assert_eq!(limit.refused(a, t0 + WINDOW), None, "a new window");
        let later = t0 + WINDOW * 2;
        for i in 0..IN_ALL {
            limit.wrong(
                IpAddr::from([10, 1, (i / 250) as u8, (i % 250) as u8]),
                later,
            );
        }
        assert!(limit.refused(b, later).is_some(), "too many in all");
    }
}
