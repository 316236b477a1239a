//! The room's own changes to its map (bringing breakout rooms into a
//! plenary, the voting round, the structure setting): committed, stored
//! before anyone hears of them, and rolled back if they cannot be kept;
//! and the snapshot it writes of its own document when it unloads.

use super::{COMPACT_AFTER_CHUNKS, Room, RoomToBring, saved};
use comap_shared::plenary::Brought;

impl Room {
    /// Whether a new snapshot is due.
    pub(super) fn compaction_due(&self) -> bool {
        self.chunks_since_snapshot >= COMPACT_AFTER_CHUNKS
            || self.stored_bytes > self.limits.max_doc_bytes
    }

    /// Copies breakout rooms' maps into this map as one change of the
    /// server's own, stored before anyone hears of it.
    pub(super) async fn bring(
        &mut self,
        rooms: Vec<RoomToBring>,
    ) -> Result<Vec<Brought>, &'static str> {
        let before = self.doc.get_heads();
        let mut ids = comap_shared::ids::SeededIds::new(rand::random());
        let mut brought = Vec::with_capacity(rooms.len());
        for r in &rooms {
            match comap_shared::plenary::bring(&mut self.doc, &r.map_id, &r.name, &r.view, &mut ids)
            {
                Ok(b) => brought.push(b),
                Err(e) => {
                    tracing::warn!(map = %self.id, room = %r.map_id, error = %e, "could not bring a room");
                    self.roll_back(&before);
                    return Err("A room's map could not be copied into the plenary.");
                }
            }
        }
        self.store_own_change(&before, "plenary").await?;
        Ok(brought)
    }

    /// Commits, stores and sends everyone the room's own change made since
    /// `before` (of `what`, for the log); rolls it back if it cannot be kept.
    pub(crate) async fn store_own_change(
        &mut self,
        before: &[automerge::ChangeHash],
        what: &'static str,
    ) -> Result<(), &'static str> {
        self.doc.commit();
        let after = self.doc.get_heads();
        if after == before {
            return Ok(());
        }
        let chunk = self.doc.save_after(&self.durable.queued_heads);
        if self.stored_bytes + self.durable.bytes_waiting() + chunk.len()
            > self.limits.max_doc_bytes
            && saved(&mut self.doc).len() > self.limits.max_doc_bytes
        {
            self.roll_back(before);
            return Err("The map would be larger than the server keeps.");
        }
        self.queue_write(&chunk, after, None);
        if self.flush_writes().await.is_err() {
            tracing::error!(map = %self.id, what, "could not store the room's change");
            return Err("The server could not save that change.");
        }
        let ids: Vec<u64> = self.peers.keys().copied().collect();
        for id in ids {
            self.sync_peer(id);
        }
        Ok(())
    }

    /// Drops changes applied since `heads` (refused ones) from the document.
    pub(super) fn roll_back(&mut self, heads: &[automerge::ChangeHash]) {
        self.places.clear();
        match self.doc.fork_at(heads) {
            Ok(doc) => self.doc = doc,
            Err(e) => tracing::error!(map = %self.id, error = %e, "could not roll back"),
        }
    }

    /// Writes a snapshot of the room's own document and drops the chunks it
    /// covers (atomically): when the room unloads or the server shuts down,
    /// with everything accepted stored and no background compaction under way.
    pub(super) async fn compact(&mut self) {
        if self.chunks_since_snapshot == 0 {
            return;
        }
        let snapshot = saved(&mut self.doc);
        let len = snapshot.len();
        // Beside it, the map as it reads: what a newcomer draws first.
        let view = comap_shared::read_map(&self.doc)
            .ok()
            .and_then(|v| comap_shared::view_bytes::encode(&v).ok());
        match self
            .store
            .compact(self.id.clone(), snapshot, view, self.last_seq)
            .await
        {
            Ok(()) => {
                self.chunks_since_snapshot = 0;
                self.stored_bytes = len;
            }
            Err(e) => tracing::error!(map = %self.id, error = %e, "compaction failed"),
        }
    }
}
