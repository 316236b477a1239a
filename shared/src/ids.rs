//! Typed identifiers for stages, lanes and cards, made from an injected
//! source of randomness (this crate never draws its own).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where new ids come from. The server and the browser wrap their RNGs;
/// tests use [`SeededIds`] for repeatable runs.
pub trait IdSource {
    fn next_u64(&mut self) -> u64;
}

/// A deterministic id source (splitmix64), for tests and simulations.
#[derive(Debug, Clone)]
pub struct SeededIds(u64);

impl SeededIds {
    pub fn new(seed: u64) -> Self {
        SeededIds(seed)
    }
}

impl IdSource for SeededIds {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

macro_rules! id_type {
    ($name:ident, $prefix:literal) => {
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A fresh id drawn from `ids`.
            pub fn fresh(ids: &mut dyn IdSource) -> Self {
                $name(format!(concat!($prefix, "{:016x}"), ids.next_u64()))
            }
            /// Wraps a key read from a document or a command.
            pub fn from_key(key: impl Into<String>) -> Self {
                $name(key.into())
            }
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

id_type!(StageId, "s");
id_type!(LaneId, "l");
id_type!(CardId, "c");
id_type!(ConnectionId, "a");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_ids_are_repeatable_and_distinct() {
        let mut a = SeededIds::new(7);
        let mut b = SeededIds::new(7);
        let x = CardId::fresh(&mut a);
        assert_eq!(x, CardId::fresh(&mut b));
        assert_ne!(x, CardId::fresh(&mut a));
        assert!(x.as_str().starts_with('c'));
        assert_eq!(x.as_str().len(), 17);
    }
}
