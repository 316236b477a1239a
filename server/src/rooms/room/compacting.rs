//! When a room's map has gathered `COMPACT_AFTER_CHUNKS` chunks, it is
//! compacted in the background (`crate::storage::compaction`): the room goes on
//! with its edits meanwhile and hears the outcome in its loop. Before it
//! compacts its own document (unloading, shutting down) or reloads from
//! the store, it waits for a background compaction under way.

use super::Room;
use crate::error::StoreError;
use crate::storage::compaction::{Compacted, compact_stored};
use tokio::task::JoinHandle;

/// At most one background compaction per this many stored chunks.
const CHUNKS_BETWEEN_TRIES: i64 = 50;

/// A background compaction under way.
pub(super) type Compaction = JoinHandle<Result<Option<Compacted>, StoreError>>;

/// Waits for the compaction under way (never returns when there is none).
pub(super) async fn compaction_done(
    under_way: &mut Option<Compaction>,
) -> Result<Option<Compacted>, StoreError> {
    let Some(task) = under_way.as_mut() else {
        return std::future::pending().await;
    };
    let done = task.await;
    *under_way = None;
    done.map_err(|e| StoreError::Task(e.to_string()))?
}

impl Room {
    /// Starts a background compaction unless one is under way.
    pub(super) fn start_compaction(&mut self) {
        if self.compacting.is_some() || self.last_seq < self.next_compaction_seq {
            return;
        }
        self.next_compaction_seq = self.last_seq + CHUNKS_BETWEEN_TRIES;
        let (store, id) = (self.store.clone(), self.id.clone());
        self.compacting = Some(tokio::spawn(
            async move { compact_stored(&store, id).await },
        ));
    }

    /// Takes in what a background compaction replaced.
    pub(super) fn compaction_finished(&mut self, done: Result<Option<Compacted>, StoreError>) {
        match done {
            Ok(Some(c)) => {
                self.chunks_since_snapshot = self.chunks_since_snapshot.saturating_sub(c.chunks);
                self.stored_bytes =
                    (self.stored_bytes + c.bytes_after).saturating_sub(c.bytes_before);
                self.metrics
                    .compactions
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                tracing::debug!(map = %self.id, through = c.through_seq, chunks = c.chunks, "compacted");
            }
            Ok(None) => {}
            Err(e) => tracing::error!(map = %self.id, error = %e, "compaction failed"),
        }
    }

    /// Waits for a background compaction under way, if any.
    pub(super) async fn finish_compaction(&mut self) {
        if self.compacting.is_some() {
            let done = compaction_done(&mut self.compacting).await;
            self.compaction_finished(done);
        }
    }
}
