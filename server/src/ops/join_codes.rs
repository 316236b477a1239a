//! Join codes: drawn at random from the unambiguous alphabet, and guessing
//! them is slowed down, never refused. Each client address (an IPv6 /64
//! counts as one) may get a few codes wrong in a window of time, and all
//! addresses together a few hundred; past that, every lookup from that
//! address (or from anyone) waits before it is made, twice as long for
//! each further wrong code, up to 16 s. Right codes count nothing and are
//! always answered: a whole hospital behind one address is slowed by one
//! person's typos, not locked out. How many lookups an address can have
//! waiting at once is bounded by its connection limit.

use crate::ops::addr_limit::group;
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

/// Wrong codes an address may make in a window before its lookups slow down.
pub const FREE_PER_ADDRESS: u32 = 5;
/// Wrong codes from all addresses together in a window before every lookup
/// slows down.
pub const FREE_IN_ALL: u32 = 300;
/// The first wait of an address past its free guesses; it doubles with
/// each further wrong code.
pub const FIRST_DELAY: Duration = Duration::from_millis(250);
/// The wait once every address together is past its free guesses; it
/// doubles with every further 50 wrong codes.
pub const FIRST_DELAY_IN_ALL: Duration = Duration::from_secs(1);
/// The longest any lookup waits.
pub const MAX_DELAY: Duration = Duration::from_secs(16);
pub const WINDOW: Duration = Duration::from_secs(10 * 60);
/// Addresses remembered per window; wrong codes from more count in all only.
const MAX_ADDRESSES: usize = 100_000;

#[derive(Default)]
struct Counts {
    window_start: Option<Instant>,
    by_address: HashMap<IpAddr, u32>,
    /// When a slowed address's latest lookup is (or was) made: its lookups
    /// take turns, each its wait after the one before.
    turns: HashMap<IpAddr, Instant>,
    all: u32,
}

/// Counts wrong codes; shared by every request.
#[derive(Clone, Default)]
pub struct GuessLimit {
    counts: Arc<Mutex<Counts>>,
}

/// `first`, doubled `times` times, at most `MAX_DELAY`.
fn doubled(first: Duration, times: u32) -> Duration {
    first
        .checked_mul(1u32.checked_shl(times.min(16)).unwrap_or(u32::MAX))
        .unwrap_or(MAX_DELAY)
        .min(MAX_DELAY)
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

    /// How long a lookup from `ip` waits before it is made. Never a
    /// refusal: a right code is always answered, only later when this
    /// address, or everyone together, has been getting codes wrong.
    pub fn delay(&self, ip: IpAddr, now: Instant) -> Duration {
        let c = self.counts(now);
        let mine = c.by_address.get(&group(ip)).copied().unwrap_or(0);
        let own = if mine >= FREE_PER_ADDRESS {
            doubled(FIRST_DELAY, mine - FREE_PER_ADDRESS)
        } else {
            Duration::ZERO
        };
        let everyone = if c.all >= FREE_IN_ALL {
            doubled(FIRST_DELAY_IN_ALL, (c.all - FREE_IN_ALL) / 50)
        } else {
            Duration::ZERO
        };
        own.max(everyone)
    }

    /// How long a lookup from `ip` arriving now waits, its turn taken: a
    /// slowed address's lookups are made one after the other, each its
    /// wait after the last, so holding many connections open guesses no
    /// faster than one. A right code waits its turn and is answered.
    pub fn take_turn(&self, ip: IpAddr, now: Instant) -> Duration {
        let wait = self.delay(ip, now);
        if wait.is_zero() {
            return wait;
        }
        let mut c = self.counts(now);
        let ip = group(ip);
        if !c.by_address.contains_key(&ip) {
            // Slowed with everyone (or an address not remembered): no turns.
            return wait;
        }
        let at = match c.turns.get(&ip) {
            Some(last) if *last > now => *last + wait,
            _ => now + wait,
        };
        c.turns.insert(ip, at);
        at.duration_since(now)
    }

    /// Counts a wrong code from `ip`.
    pub fn wrong(&self, ip: IpAddr, now: Instant) {
        let mut c = self.counts(now);
        c.all = c.all.saturating_add(1);
        let ip = group(ip);
        if c.by_address.len() < MAX_ADDRESSES || c.by_address.contains_key(&ip) {
            let n = c.by_address.entry(ip).or_insert(0);
            *n = n.saturating_add(1);
        }
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
    fn wrong_guesses_slow_an_address_then_everyone_until_the_window_ends() {
        let limit = GuessLimit::default();
        let t0 = Instant::now();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        for _ in 0..FREE_PER_ADDRESS {
            assert_eq!(limit.delay(a, t0), Duration::ZERO);
            limit.wrong(a, t0);
        }
        assert_eq!(limit.delay(a, t0), FIRST_DELAY);
        limit.wrong(a, t0);
        assert_eq!(limit.delay(a, t0), FIRST_DELAY * 2);
        for _ in 0..20 {
            limit.wrong(a, t0);
        }
        assert_eq!(limit.delay(a, t0), MAX_DELAY, "never more than the most");
        assert_eq!(
            limit.delay(b, t0),
            Duration::ZERO,
            "another address is not slowed"
        );
        assert_eq!(limit.delay(a, t0 + WINDOW), Duration::ZERO, "a new window");
        let later = t0 + WINDOW * 2;
        for i in 0..FREE_IN_ALL {
            limit.wrong(
                IpAddr::from([10, 1, (i / 250) as u8, (i % 250) as u8]),
                later,
            );
        }
        assert_eq!(
            limit.delay(b, later),
            FIRST_DELAY_IN_ALL,
            "many in all slow everyone"
        );
        for i in 0..100 {
            limit.wrong(IpAddr::from([10, 2, 0, i as u8]), later);
        }
        assert_eq!(limit.delay(b, later), FIRST_DELAY_IN_ALL * 4);
    }

    #[test]
    fn a_slowed_addresss_lookups_take_turns() {
        let limit = GuessLimit::default();
        let t0 = Instant::now();
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        assert_eq!(limit.take_turn(a, t0), Duration::ZERO);
        assert_eq!(
            limit.take_turn(a, t0),
            Duration::ZERO,
            "no turns before slowed"
        );
        for _ in 0..FREE_PER_ADDRESS {
            limit.wrong(a, t0);
        }
        // Ten lookups at once from one address: one every FIRST_DELAY.
        let waits: Vec<Duration> = (0..10).map(|_| limit.take_turn(a, t0)).collect();
        let expected: Vec<Duration> = (1..=10).map(|i| FIRST_DELAY * i).collect();
        assert_eq!(waits, expected);
        assert_eq!(limit.take_turn(b, t0), Duration::ZERO, "others do not wait");
        // Once the turns have passed, a lookup waits only its own wait.
        let later = t0 + FIRST_DELAY * 20;
        assert_eq!(limit.take_turn(a, later), FIRST_DELAY);
    }

    #[test]
    fn an_ipv6_network_guesses_as_one_address() {
        let limit = GuessLimit::default();
        let t0 = Instant::now();
        for i in 0..FREE_PER_ADDRESS + 1 {
            let ip: IpAddr = format!("2001:db8::{i}").parse().expect("v6");
            limit.wrong(ip, t0);
        }
        let other: IpAddr = "2001:db8::ffff".parse().expect("v6");
        assert!(limit.delay(other, t0) > Duration::ZERO);
    }
}
