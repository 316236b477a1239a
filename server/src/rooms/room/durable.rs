//! A room's changes on their way to the disk. Accepted changes wait in
//! `pending` while one batch of them is being written (`in_flight`); when
//! that write is committed, its authors are acknowledged and the next batch
//! goes. So a busy room writes many changes per commit, and never more than
//! one batch at a time (chunks keep their order).

use crate::storage::writer::Written;
use automerge::ChangeHash;
use std::time::Instant;
use tokio::sync::oneshot;

/// An author to acknowledge once its changes are stored.
pub(super) struct AckDue {
    pub peer: u64,
    /// The heads its changes made (what the `ack` frame names).
    pub heads: Vec<ChangeHash>,
    /// When the room accepted them.
    pub accepted: Instant,
}

/// Changes to write together.
#[derive(Default)]
pub(super) struct Batch {
    pub bytes: Vec<u8>,
    /// The document's heads once these changes are stored.
    pub heads: Vec<ChangeHash>,
    pub acks: Vec<AckDue>,
    /// How many accepted messages (or changes of the room's own) it holds.
    pub writes: u64,
}

/// The batch being written.
pub(super) struct InFlight {
    /// Its chunk's number in the map's stored chunks.
    pub seq: i64,
    pub len: usize,
    pub heads: Vec<ChangeHash>,
    pub acks: Vec<AckDue>,
    pub writes: u64,
    pub started: Instant,
    done: oneshot::Receiver<Written>,
}

pub(super) struct Durable {
    pending: Batch,
    in_flight: Option<InFlight>,
    /// The heads of everything stored, being stored or waiting: what the
    /// next accepted change is stored after.
    pub queued_heads: Vec<ChangeHash>,
}

impl Durable {
    /// Nothing waiting; `heads` are stored.
    pub fn new(heads: Vec<ChangeHash>) -> Durable {
        Durable {
            pending: Batch::default(),
            in_flight: None,
            queued_heads: heads,
        }
    }

    /// Adds accepted changes (`bytes`, making the document's heads `heads`)
    /// to the next batch.
    pub fn queue(&mut self, bytes: &[u8], heads: Vec<ChangeHash>, ack: Option<AckDue>) {
        self.pending.bytes.extend_from_slice(bytes);
        self.pending.heads.clone_from(&heads);
        self.pending.acks.extend(ack);
        self.pending.writes += 1;
        self.queued_heads = heads;
    }

    /// Bytes accepted but not yet stored.
    pub fn bytes_waiting(&self) -> usize {
        self.pending.bytes.len() + self.in_flight.as_ref().map_or(0, |f| f.len)
    }

    /// Nothing waits and nothing is being written.
    pub fn is_idle(&self) -> bool {
        self.in_flight.is_none() && self.pending.writes == 0
    }

    pub fn writing(&self) -> bool {
        self.in_flight.is_some()
    }

    /// The batch to write next, when one waits and none is being written.
    pub fn next_batch(&mut self) -> Option<Batch> {
        if self.in_flight.is_some() || self.pending.writes == 0 {
            return None;
        }
        Some(std::mem::take(&mut self.pending))
    }

    /// Records `batch` as being written as chunk `seq`; `done` answers.
    pub fn started(
        &mut self,
        seq: i64,
        len: usize,
        batch: Batch,
        done: oneshot::Receiver<Written>,
    ) {
        self.in_flight = Some(InFlight {
            seq,
            len,
            heads: batch.heads,
            acks: batch.acks,
            writes: batch.writes,
            started: Instant::now(),
            done,
        });
    }

    /// Waits for the batch being written (never returns when there is none).
    pub async fn finished(&mut self) -> (InFlight, Written) {
        let Some(flight) = self.in_flight.as_mut() else {
            return std::future::pending().await;
        };
        let written = match (&mut flight.done).await {
            Ok(written) => written,
            Err(_) => Err("the store writer dropped the write".into()),
        };
        match self.in_flight.take() {
            Some(flight) => (flight, written),
            None => std::future::pending().await,
        }
    }

    /// Forgets what waits (the room is reloading from the store, which has
    /// none of it): its authors are not acknowledged.
    pub fn forget(&mut self, heads: Vec<ChangeHash>) {
        self.pending = Batch::default();
        self.in_flight = None;
        self.queued_heads = heads;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(n: u8) -> ChangeHash {
        ChangeHash([n; 32])
    }

    fn ack(peer: u64, n: u8) -> Option<AckDue> {
        Some(AckDue {
            peer,
            heads: vec![hash(n)],
            accepted: Instant::now(),
        })
    }

    #[tokio::test]
    async fn changes_queued_while_one_batch_is_written_go_together_next() {
        let mut d = Durable::new(vec![hash(0)]);
        assert!(d.is_idle());
        d.queue(b"one", vec![hash(1)], ack(1, 1));
        let first = d.next_batch().expect("a batch waits");
        assert_eq!((first.bytes.as_slice(), first.writes), (&b"one"[..], 1));
        let (tx, rx) = oneshot::channel();
        d.started(1, first.bytes.len(), first, rx);
        // While it is written, two more arrive: they wait, together.
        d.queue(b"two", vec![hash(2)], ack(2, 2));
        d.queue(b"three", vec![hash(3)], ack(1, 3));
        assert!(d.next_batch().is_none(), "one write at a time");
        assert_eq!(d.bytes_waiting(), 3 + 3 + 5);
        assert_eq!(d.queued_heads, vec![hash(3)]);
        tx.send(Ok(())).expect("sends");
        let (done, written) = d.finished().await;
        assert!(written.is_ok());
        assert_eq!((done.seq, done.heads.clone()), (1, vec![hash(1)]));
        assert_eq!(done.acks.len(), 1);
        let second = d.next_batch().expect("the two wait");
        assert_eq!(second.bytes, b"twothree");
        assert_eq!((second.writes, second.acks.len()), (2, 2));
        assert_eq!(second.heads, vec![hash(3)]);
        assert!(d.is_idle());
    }

    #[tokio::test]
    async fn a_failed_write_is_reported_and_forgetting_drops_what_waits() {
        let mut d = Durable::new(vec![hash(0)]);
        d.queue(b"one", vec![hash(1)], ack(1, 1));
        let batch = d.next_batch().expect("waits");
        let (tx, rx) = oneshot::channel();
        d.started(1, 3, batch, rx);
        d.queue(b"two", vec![hash(2)], ack(1, 2));
        drop(tx);
        let (_, written) = d.finished().await;
        assert!(written.is_err(), "a dropped answer is a failure");
        d.forget(vec![hash(0)]);
        assert!(d.is_idle());
        assert_eq!(d.bytes_waiting(), 0);
        assert_eq!(d.queued_heads, vec![hash(0)]);
    }
}
