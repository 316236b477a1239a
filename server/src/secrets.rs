//! Capability secrets: random, at least 128 bits, stored only as hashes and
//! compared in constant time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::storage::store::MapAccess;

/// A new random secret: 16 bytes (128 bits), base64url.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A new random map id: 12 bytes, base64url (16 characters).
pub fn new_map_id() -> String {
    let mut bytes = [0u8; 12];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_secret(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

/// Constant-time comparison of a presented secret with a stored hash.
pub fn matches(secret: &str, stored_hash: &[u8]) -> bool {
    hash_secret(secret).ct_eq(stored_hash).into()
}

/// What a presented secret may do with a map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    pub can_edit: bool,
    pub facilitator: bool,
}

/// Checks a secret against a map's stored hashes. An unknown map and a
/// wrong secret take the same path (every hash is compared, in constant
/// time) and both give `None`.
pub fn grant(access: Option<&MapAccess>, secret: &str) -> Option<Grant> {
    let none = [0u8; 32];
    let (fac_hash, edit_hash, view_hash) = match access {
        Some(a) => (
            a.facilitator_hash.as_deref().unwrap_or(&none),
            a.edit_hash.as_slice(),
            a.view_hash.as_slice(),
        ),
        None => (&none[..], &none[..], &none[..]),
    };
    let is_facilitator = matches(secret, fac_hash);
    let is_edit = matches(secret, edit_hash);
    let is_view = matches(secret, view_hash);
    let access = access?;
    let is_facilitator = is_facilitator && access.facilitator_hash.is_some();
    (is_facilitator || is_edit || is_view).then_some(Grant {
        can_edit: is_edit || is_facilitator,
        facilitator: is_facilitator,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_distinct_and_match_only_their_hash() {
        let a = new_secret();
        let b = new_secret();
        assert_ne!(a, b);
        assert_eq!(a.len(), 22);
        let h = hash_secret(&a);
        assert!(matches(&a, &h));
        assert!(!matches(&b, &h));
        assert!(comap_shared::protocol::valid_map_id(&new_map_id()));
    }
}
