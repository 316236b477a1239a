//! A room's life: its task's loop (messages, finished writes and
//! compactions, timers), unloading when idle, recovering from a panic by
//! reloading from the store, and closing.

use super::recent::Recent;
use super::{OpenRooms, Room, RoomMsg, compacting};
use crate::error::StoreError;
use automerge::sync;
use axum::body::Bytes;
use comap_shared::protocol::{ErrorCode, ServerFrame};
use futures_util::FutureExt;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;
use tokio::sync::mpsc;

impl Room {
    /// The room's task: handles messages until the room is idle for `idle`
    /// and the registry agrees to unload it.
    pub async fn run(
        mut self,
        mut rx: mpsc::Receiver<RoomMsg>,
        registry: impl OpenRooms,
        idle: Duration,
    ) {
        self.settle_structure_setting().await;
        loop {
            // With nobody here and nothing left to store, the room unloads
            // after `idle`.
            let unload_after = (self.peers.is_empty() && self.durable.is_idle()).then_some(idle);
            let due = if self.peers.is_empty() {
                None
            } else {
                self.next_due()
            };
            let msg = tokio::select! {
                (flight, written) = self.durable.finished() => {
                    if !self.write_finished(flight, written) {
                        return self.leave(&registry, &mut rx).await;
                    }
                    continue;
                }
                done = compacting::compaction_done(&mut self.compacting) => {
                    self.compaction_finished(done);
                    continue;
                }
                m = rx.recv() => m,
                () = wake_at(due) => {
                    if self.presence_due.is_some_and(|d| d <= tokio::time::Instant::now()) {
                        self.send_presence();
                    }
                    self.refuse_long_waiting();
                    continue;
                }
                () = wake_at(unload_after.map(|idle| tokio::time::Instant::now() + idle)) => {
                    if self.unload(&registry, &mut rx).await {
                        return;
                    }
                    continue;
                }
            };
            let Some(msg) = msg else { return };
            if let RoomMsg::UnloadIfIdle = msg {
                if self.peers.is_empty() && self.unload(&registry, &mut rx).await {
                    return;
                }
                continue;
            }
            if let RoomMsg::Close {
                code,
                message,
                flush,
                done,
            } = msg
            {
                self.close(code, message, flush).await;
                let _ = done.send(());
                return;
            }
            let culprit = match &msg {
                RoomMsg::Sync { peer, .. } => Some(*peer),
                _ => None,
            };
            // A message that makes Automerge panic must not take the room down.
            if AssertUnwindSafe(self.handle(msg))
                .catch_unwind()
                .await
                .is_err()
                && !self.recover(culprit).await
            {
                return;
            }
            if self.closed {
                return self.leave(&registry, &mut rx).await;
            }
        }
    }

    /// After the room closed itself: takes no more messages and leaves the
    /// registry (joins that raced it see their reply dropped and retry).
    pub(super) async fn leave(
        &mut self,
        registry: &impl OpenRooms,
        rx: &mut mpsc::Receiver<RoomMsg>,
    ) {
        rx.close();
        while rx.try_recv().is_ok() {}
        registry.forget_closed(&self.id).await;
    }

    /// Writes a snapshot and leaves the registry, if no join came meanwhile;
    /// whether the room is done.
    pub(super) async fn unload(
        &mut self,
        registry: &impl OpenRooms,
        rx: &mut mpsc::Receiver<RoomMsg>,
    ) -> bool {
        if self.flush_writes().await.is_err() {
            return true;
        }
        self.finish_compaction().await;
        self.compact().await;
        if registry.unload_if_idle(&self.id, rx).await {
            tracing::info!(map = %self.id, "map unloaded");
            rx.close();
            // Joins that raced the unload see their reply dropped and retry.
            while rx.try_recv().is_ok() {}
            return true;
        }
        false
    }

    /// After a panic: refuses the peer whose message caused it and reloads
    /// the document from the store (what every ack promised). Every peer then
    /// syncs afresh. Returns false when the map cannot be reloaded; the room
    /// has then closed.
    pub(super) async fn recover(&mut self, culprit: Option<u64>) -> bool {
        tracing::error!(map = %self.id, ?culprit, "a message made the room fail; reloading the map");
        if let Some(peer) = culprit {
            self.refuse(
                peer,
                ErrorCode::BadSync,
                "That message could not be applied.",
            );
        }
        // What is being written is waited for (the store may then hold
        // it); what waits behind it is dropped with the document.
        self.settle_writes().await;
        self.finish_compaction().await;
        let reloaded = match self.store.load(self.id.clone()).await {
            Ok(Some(stored)) => stored.doc().map(|doc| (doc, stored)),
            Ok(None) => Err(StoreError::Corrupt("map vanished".into())),
            Err(e) => Err(e),
        };
        let (doc, stored) = match reloaded {
            Ok(r) => r,
            Err(e) => {
                tracing::error!(map = %self.id, error = %e, "could not reload the map");
                self.say_goodbye(ErrorCode::Internal, "The map could not be reloaded.");
                return false;
            }
        };
        self.doc = doc;
        self.places.clear();
        self.saved_heads = self.doc.get_heads();
        self.durable.forget(self.saved_heads.clone());
        self.last_seq = stored.last_seq;
        self.chunks_since_snapshot = stored.chunks.len();
        self.stored_bytes =
            stored.snapshot.len() + stored.chunks.iter().map(Vec::len).sum::<usize>();
        self.recent = Recent::default();
        let ids: Vec<u64> = self.peers.keys().copied().collect();
        for id in ids {
            if let Some(p) = self.peers.get_mut(&id) {
                p.sync = sync::State::new();
            }
            self.sync_peer(id);
        }
        true
    }

    /// Says goodbye to every peer with `code` and closes them.
    pub(super) async fn close(&mut self, code: ErrorCode, message: &str, flush: bool) {
        if flush && self.flush_writes().await.is_ok() {
            self.finish_compaction().await;
            self.compact().await;
        }
        self.say_goodbye(code, message);
    }

    /// Tells every peer why the room closes (`code`) and closes them.
    pub(super) fn say_goodbye(&mut self, code: ErrorCode, message: &str) {
        let frame = Bytes::from(ServerFrame::error(code, message).encode());
        for (_, p) in std::mem::take(&mut self.peers) {
            self.metrics.peers.fetch_sub(1, Relaxed);
            let _ = p.out.push_shared(frame.clone());
            p.out.close();
        }
        tracing::info!(map = %self.id, code = code.as_str(), "map closed");
    }
}

/// Sleeps until `due`; forever when there is none.
async fn wake_at(due: Option<tokio::time::Instant>) {
    match due {
        Some(due) => tokio::time::sleep_until(due).await,
        None => std::future::pending().await,
    }
}
