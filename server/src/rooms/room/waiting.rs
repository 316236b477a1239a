//! Changes that wait in Automerge's queue for what they depend on: bounded
//! in number, bytes and time per peer.

use super::Room;
use super::recent::has_change;
use comap_shared::protocol::ErrorCode;
use std::time::{Duration, Instant};

impl Room {
    /// Whether `peer`'s changes that wait for what they depend on are still
    /// within bounds, now that it sent `hashes` (this message's changes,
    /// some perhaps waiting too). A change may wait: Automerge keeps it and
    /// asks the peer in its answer for what is missing (after a false
    /// positive of the sync protocol's Bloom filter, a busy page sends more
    /// changes before it reads that answer). But a peer's waiting changes
    /// may number at most `MAX_WAITING`, hold at most `MAX_WAITING_BYTES`
    /// and wait at most `WAIT_LIMIT`;
    /// beyond, or when the peer leaves, they are dropped, so nobody can fill
    /// the room's memory with changes that never apply.
    pub(super) fn dependencies_arrived(
        &mut self,
        peer: u64,
        hashes: &[(automerge::ChangeHash, usize)],
    ) -> bool {
        let Some(p) = self.peers.get(&peer) else {
            return true;
        };
        if p.waiting.is_empty() && hashes.is_empty() {
            return true;
        }
        let mut waiting: Vec<(automerge::ChangeHash, usize)> = p
            .waiting
            .iter()
            .chain(hashes)
            .copied()
            .filter(|(h, _)| !has_change(&mut self.doc, h))
            .collect();
        waiting.dedup_by_key(|(h, _)| *h);
        let now = Instant::now();
        let Some(p) = self.peers.get_mut(&peer) else {
            return true;
        };
        if waiting.is_empty() {
            p.waiting.clear();
            p.waiting_since = None;
            return true;
        }
        let since = *p.waiting_since.get_or_insert(now);
        let bytes: usize = waiting.iter().map(|(_, len)| len).sum();
        p.waiting = waiting;
        p.waiting.len() <= MAX_WAITING
            && bytes <= MAX_WAITING_BYTES
            && now.duration_since(since) <= WAIT_LIMIT
    }

    /// Refuses peers whose changes have waited longer than `WAIT_LIMIT` for
    /// dependencies that never came, though they sent nothing since.
    pub(super) fn refuse_long_waiting(&mut self) {
        let late: Vec<u64> = self
            .peers
            .iter()
            .filter(|(_, p)| p.waiting_since.is_some_and(|s| s.elapsed() > WAIT_LIMIT))
            .map(|(id, _)| *id)
            .collect();
        for peer in late {
            if !self.dependencies_arrived(peer, &[]) {
                self.refuse(
                    peer,
                    ErrorCode::BadSync,
                    "Changes from this page depend on changes it never sent.",
                );
            }
        }
    }

    /// Drops every change waiting for dependencies from the document.
    pub(super) fn drop_waiting(&mut self) {
        if !self.doc.get_missing_deps(&[]).is_empty() {
            tracing::warn!(map = %self.id, "dropped changes whose dependencies never came");
            let heads = self.doc.get_heads();
            self.roll_back(&heads);
        }
    }
}

/// Most changes of one peer that may wait for what they depend on.
pub(super) const MAX_WAITING: usize = 256;
/// How many bytes they may hold.
pub(super) const MAX_WAITING_BYTES: usize = 1 << 20;
/// How long they may wait.
pub(super) const WAIT_LIMIT: Duration = Duration::from_secs(5);
