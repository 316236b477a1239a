//! What a room sends: forwarded changes, sync rounds, refusals, frames to
//! one peer or to all, and who is here.

use super::Room;
use crate::rooms::outbound::QueueError;
use automerge::sync::SyncDoc;
use axum::body::Bytes;
use comap_shared::protocol::{ErrorCode, PeerInfo, Peers, ServerFrame};
use std::sync::atomic::Ordering::Relaxed;

impl Room {
    /// Forwards accepted changes to a peer that takes them and has synced with
    /// us at least once, recording them as sent so the sync protocol never
    /// sends them again. Returns false when the peer needs a sync round instead.
    pub(super) fn forward_to(
        &mut self,
        peer: u64,
        changes: Option<&[(automerge::ChangeHash, Bytes)]>,
    ) -> bool {
        let Some(changes) = changes else { return false };
        let Some(p) = self.peers.get_mut(&peer) else {
            return true;
        };
        if !p.takes_changes || p.sync.their_heads.is_none() {
            return false;
        }
        p.sync
            .sent_hashes
            .extend(changes.iter().map(|(hash, _)| *hash));
        for (_, frame) in changes {
            self.send_bytes(peer, frame.clone(), true);
        }
        true
    }

    /// Sends `peer` the next sync message it needs, if any.
    pub(super) fn sync_peer(&mut self, peer: u64) {
        let Some(p) = self.peers.get_mut(&peer) else {
            return;
        };
        let msg = self.doc.sync().generate_sync_message(&mut p.sync);
        if let Some(mut msg) = msg {
            // Without flags the peer never learns that this side takes the
            // sync protocol's version 2, so it never sends a whole document
            // (see `sync_intake`).
            msg.flags = None;
            self.send(peer, &ServerFrame::Sync(msg.encode()));
        }
    }

    pub(super) fn refuse(&mut self, peer: u64, code: ErrorCode, message: &str) {
        // A connection keeps sending until it sees the close: refuse it once.
        if !self.peers.contains_key(&peer) {
            return;
        }
        tracing::warn!(map = %self.id, peer, ?code, "refused a peer");
        self.metrics.refused(code.as_str());
        self.send(peer, &ServerFrame::error(code, message));
        if let Some(p) = self.peers.remove(&peer) {
            self.metrics.peers.fetch_sub(1, Relaxed);
            p.out.close();
            if !p.waiting.is_empty() {
                self.drop_waiting();
            }
        }
        self.broadcast_peers();
    }

    /// Queues a frame for one peer; a peer whose queue is full is dropped.
    pub(super) fn send(&mut self, peer: u64, frame: &ServerFrame) {
        self.send_bytes(peer, Bytes::from(frame.encode()), false);
    }

    /// Queues an encoded frame for one peer: `shared` when the same bytes
    /// go to others too (they do not count against this peer's queue).
    pub(super) fn send_bytes(&mut self, peer: u64, frame: Bytes, shared: bool) {
        let Some(p) = self.peers.get(&peer) else {
            return;
        };
        let len = frame.len() as u64;
        let queued = if shared {
            p.out.push_shared(frame)
        } else {
            p.out.push(frame)
        };
        match queued {
            Ok(()) => {
                self.metrics.frames_out.fetch_add(1, Relaxed);
                self.metrics.bytes_out.fetch_add(len, Relaxed);
                return;
            }
            Err(QueueError::SlowReader) => {
                tracing::warn!(map = %self.id, peer, "peer too slow: its queue is full; dropped");
                self.metrics.refused("slow_reader");
                p.out.close();
            }
            Err(QueueError::Closed) => {
                tracing::debug!(map = %self.id, peer, "peer gone");
            }
        }
        if let Some(p) = self.peers.remove(&peer) {
            self.metrics.peers.fetch_sub(1, Relaxed);
            if !p.waiting.is_empty() {
                self.drop_waiting();
            }
        }
        self.broadcast_peers();
    }

    /// Queues one frame, encoded once, for each of `peers`.
    pub(super) fn send_to_all(&mut self, peers: Vec<u64>, frame: &ServerFrame) {
        let bytes = Bytes::from(frame.encode());
        for id in peers {
            self.send_bytes(id, bytes.clone(), true);
        }
    }

    pub(super) fn broadcast_peers(&mut self) {
        let peers: Vec<PeerInfo> = self
            .peers
            .iter()
            .map(|(id, p)| PeerInfo {
                peer: *id,
                name: p.name.clone(),
                role: p.role,
                color: p.color.to_string(),
                can_edit: p.can_edit,
            })
            .collect();
        let frame = ServerFrame::Peers(Peers { peers });
        let ids: Vec<u64> = self.peers.keys().copied().collect();
        self.send_to_all(ids, &frame);
    }
}
