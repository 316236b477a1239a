//! How a room stores what it accepted: forwarded first, written in the next
//! group commit, its author acknowledged when that commit is done. A failed
//! write never leaves a room holding changes the store lacks: the room
//! closes (its authors are not acknowledged) and the next person to come
//! opens the map again from the store. Pages keep what the server has not
//! acknowledged, reconnect after a growing delay, and send it again.

use super::Room;
use super::durable::{AckDue, InFlight};
use crate::storage::writer::Written;
use automerge::ChangeHash;
use comap_shared::protocol::{self, ErrorCode, ServerFrame};
use std::collections::BTreeSet;
use std::sync::atomic::Ordering::Relaxed;

/// A write failed and the room has closed.
#[derive(Debug)]
pub(super) struct NotStored;

impl Room {
    /// Puts accepted changes (`chunk`, making the heads `heads`) in the next
    /// write; `ack` is sent when they are stored.
    pub(super) fn queue_write(
        &mut self,
        chunk: &[u8],
        heads: Vec<ChangeHash>,
        ack: Option<AckDue>,
    ) {
        self.durable.queue(chunk, heads, ack);
        self.start_write();
    }

    /// Hands the waiting batch to the store writer, unless one is being written.
    fn start_write(&mut self) {
        let Some(mut batch) = self.durable.next_batch() else {
            return;
        };
        let seq = self.last_seq + 1;
        let bytes = std::mem::take(&mut batch.bytes);
        let len = bytes.len();
        let done = self.store.append_soon(self.id.clone(), seq, bytes);
        self.durable.started(seq, len, batch, done);
    }

    /// A write is done: on success its authors hear that their changes are
    /// stored (an `ack`, then a sync round that tells their page the server
    /// holds everything it sent) and the next batch goes. On failure the
    /// room closes; returns false then.
    pub(super) fn write_finished(&mut self, flight: InFlight, written: Written) -> bool {
        self.metrics.store_latency.observe(flight.started.elapsed());
        if let Err(e) = written {
            tracing::error!(map = %self.id, error = %e, "could not store changes; closing the map");
            self.metrics.refused("store_failed");
            self.durable.forget(self.saved_heads.clone());
            self.say_goodbye(
                ErrorCode::Internal,
                "The server could not save the latest changes. This page keeps them and sends them again when it reconnects.",
            );
            self.closed = true;
            return false;
        }
        self.last_seq = flight.seq;
        self.stored_bytes += flight.len;
        self.saved_heads = flight.heads;
        self.chunks_since_snapshot += 1;
        self.last_change_ms = Some(crate::clock::now_ms());
        self.metrics
            .changes_stored
            .fetch_add(flight.writes, Relaxed);
        let mut told = BTreeSet::new();
        for AckDue {
            peer,
            heads,
            accepted,
        } in flight.acks
        {
            let heads = heads.iter().map(ToString::to_string).collect();
            self.send(peer, &ServerFrame::Ack(protocol::Ack { heads }));
            self.metrics.ack_latency.observe(accepted.elapsed());
            told.insert(peer);
        }
        for peer in told {
            self.sync_peer(peer);
        }
        self.start_write();
        if self.compaction_due() {
            self.start_compaction();
        }
        true
    }

    /// Waits until everything accepted so far is stored.
    pub(super) async fn flush_writes(&mut self) -> Result<(), NotStored> {
        self.start_write();
        while self.durable.writing() {
            let (flight, written) = self.durable.finished().await;
            let failed = written.is_err();
            self.write_finished(flight, written);
            if failed {
                return Err(NotStored);
            }
        }
        Ok(())
    }

    /// Waits for the write under way, whatever it comes to, and drops what
    /// waits behind it (before the room reloads from the store).
    pub(super) async fn settle_writes(&mut self) {
        if self.durable.writing() {
            let (flight, _) = self.durable.finished().await;
            self.metrics.store_latency.observe(flight.started.elapsed());
        }
        self.durable.forget(self.saved_heads.clone());
    }
}
