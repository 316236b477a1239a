//! What waits to be sent to a peer, and how much may wait.
//!
//! The room queues frames for each peer (`PeerQueue`); a connection's
//! writer sends them. Frames are shared bytes, so a frame for everyone is
//! encoded once. A peer's queue is bounded in frames and in bytes: one that
//! lets either fill is a slow reader and is dropped. Writing is bounded
//! too: the bytes handed to sockets and not yet flushed come from one
//! server-wide budget (`SendBudget`), and a frame that cannot be handed
//! over, or flushed, within `SEND_DEADLINE` drops its peer. So peers that
//! never read hold a bounded amount of the server's memory, for a bounded
//! time.

use axum::body::Bytes;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, mpsc};

/// Most frames waiting for one peer.
pub const MAX_QUEUED_FRAMES: usize = 1024;
/// Most bytes of a peer's own frames waiting for it (see `PeerQueue::push`).
pub const MAX_QUEUED_BYTES: usize = 4 << 20;
/// How long one frame may take to be handed to the socket and flushed.
pub const SEND_DEADLINE: Duration = Duration::from_secs(10);

/// What the room sends to a connection's writer.
#[derive(Debug)]
pub enum Outbound {
    /// A frame, and how many of its bytes count against its peer's queue.
    Frame(Bytes, usize),
    /// Close the connection after the frames before it.
    Close,
}

/// Why a frame could not be queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueError {
    /// The peer is not reading what it is sent.
    SlowReader,
    /// The connection is gone.
    Closed,
}

/// The room's end of a peer's queue.
#[derive(Debug, Clone)]
pub struct PeerQueue {
    tx: mpsc::Sender<Outbound>,
    queued: Arc<AtomicUsize>,
}

/// The writer's end.
pub struct PeerQueueRx {
    rx: mpsc::Receiver<Outbound>,
    queued: Arc<AtomicUsize>,
}

pub fn peer_queue() -> (PeerQueue, PeerQueueRx) {
    let (tx, rx) = mpsc::channel(MAX_QUEUED_FRAMES);
    let queued = Arc::new(AtomicUsize::new(0));
    (
        PeerQueue {
            tx,
            queued: queued.clone(),
        },
        PeerQueueRx { rx, queued },
    )
}

impl PeerQueue {
    /// Queues a frame of this peer's own (a sync answer, an ack), unless
    /// the peer already has too much waiting: every byte counts, and one
    /// frame larger than the whole budget may wait only alone.
    pub fn push(&self, frame: Bytes) -> Result<(), QueueError> {
        self.queue(frame, true)
    }

    /// Queues a frame shared with other peers (a newcomer's copy of the
    /// map, a change forwarded to everyone, who is here): one buffer for
    /// all, bounded by the queue's length and the send budget, so it does
    /// not count against this peer's bytes (a newcomer whose copy of a
    /// large map waits still gets its welcome).
    pub fn push_shared(&self, frame: Bytes) -> Result<(), QueueError> {
        self.queue(frame, false)
    }

    fn queue(&self, frame: Bytes, own: bool) -> Result<(), QueueError> {
        let len = if own { frame.len() } else { 0 };
        let waiting = self.queued.load(Ordering::Relaxed);
        if waiting > 0 && waiting + len > MAX_QUEUED_BYTES {
            return Err(QueueError::SlowReader);
        }
        match self.tx.try_send(Outbound::Frame(frame, len)) {
            Ok(()) => {
                self.queued.fetch_add(len, Ordering::Relaxed);
                Ok(())
            }
            Err(mpsc::error::TrySendError::Full(_)) => Err(QueueError::SlowReader),
            Err(mpsc::error::TrySendError::Closed(_)) => Err(QueueError::Closed),
        }
    }

    /// Asks the writer to close the connection after what is queued.
    pub fn close(&self) {
        let _ = self.tx.try_send(Outbound::Close);
    }

    /// Bytes waiting for this peer.
    pub fn queued_bytes(&self) -> usize {
        self.queued.load(Ordering::Relaxed)
    }
}

impl PeerQueueRx {
    /// The next thing to send, waiting for it.
    pub async fn recv(&mut self) -> Option<Outbound> {
        let out = self.rx.recv().await;
        self.taken(out.as_ref());
        out
    }

    /// The next thing to send if one is already waiting.
    pub fn try_recv(&mut self) -> Result<Outbound, mpsc::error::TryRecvError> {
        let out = self.rx.try_recv();
        self.taken(out.as_ref().ok());
        out
    }

    fn taken(&self, out: Option<&Outbound>) {
        if let Some(Outbound::Frame(_, counted)) = out {
            self.queued.fetch_sub(*counted, Ordering::Relaxed);
        }
    }
}

/// Frames this large take their bytes from the send budget; smaller ones
/// are bounded by each peer's queue and never wait for the budget, so
/// large frames sent to peers that do not read cannot hold up everyone's
/// edits.
pub const LARGE_FRAME: usize = 64 * 1024;

/// Bytes of the send budget held until a frame is flushed (none for a
/// small frame).
pub struct Held(#[allow(dead_code)] Option<OwnedSemaphorePermit>);

/// The server-wide budget of bytes in large frames handed to sockets and
/// not yet flushed.
#[derive(Clone)]
pub struct SendBudget {
    kib: Arc<Semaphore>,
    total_kib: u32,
}

impl SendBudget {
    pub fn new(total_bytes: usize) -> SendBudget {
        let total_kib = u32::try_from(total_bytes / 1024).unwrap_or(u32::MAX).max(1);
        SendBudget {
            kib: Arc::new(Semaphore::new(total_kib as usize)),
            total_kib,
        }
    }

    /// Waits (up to `deadline`) until a frame of `len` bytes may be handed
    /// to a socket; `None` when it may not in time. A frame larger than the
    /// whole budget takes all of it.
    pub async fn take(&self, len: usize, deadline: Duration) -> Option<Held> {
        if len < LARGE_FRAME {
            return Some(Held(None));
        }
        let kib = u32::try_from(len.div_ceil(1024))
            .unwrap_or(u32::MAX)
            .clamp(1, self.total_kib);
        tokio::time::timeout(deadline, self.kib.clone().acquire_many_owned(kib))
            .await
            .ok()?
            .ok()
            .map(|p| Held(Some(p)))
    }

    /// KiB of the budget not in use now.
    pub fn available_kib(&self) -> usize {
        self.kib.available_permits()
    }
}

/// The budget's size: what all sockets may hold unflushed at once.
pub const SEND_BUDGET_BYTES: usize = 64 << 20;

/// What a newcomer to a map that is not open is sent first: the map as it
/// reads (when stored beside its snapshot) and the stored document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFrames {
    pub view: Option<Bytes>,
    pub document: Bytes,
}

impl StoredFrames {
    /// Their bytes together (what they take of the send budget).
    pub fn byte_len(&self) -> usize {
        self.document.len() + self.view.as_ref().map_or(0, Bytes::len)
    }
}

/// Each map's stored frames, shared by the newcomers being sent them at the
/// same time (one copy, not one each).
#[derive(Clone, Default)]
pub struct DocumentFrames {
    frames: Arc<std::sync::Mutex<std::collections::HashMap<String, std::sync::Weak<StoredFrames>>>>,
}

impl DocumentFrames {
    /// The frames for `map` while someone still sends them, or the ones
    /// `make` makes (kept only as long as a send holds them).
    pub async fn get_or_make<F, Fut>(&self, map: &str, make: F) -> Option<Arc<StoredFrames>>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Option<StoredFrames>>,
    {
        if let Some(frame) = self.live(map) {
            return Some(frame);
        }
        let frame = Arc::new(make().await?);
        if let Ok(mut frames) = self.frames.lock() {
            frames.retain(|_, w| w.strong_count() > 0);
            frames.insert(map.to_string(), Arc::downgrade(&frame));
        }
        Some(frame)
    }

    fn live(&self, map: &str) -> Option<Arc<StoredFrames>> {
        self.frames.lock().ok()?.get(map)?.upgrade()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_queue_is_bounded_in_the_bytes_of_its_own_frames() {
        let (q, mut rx) = peer_queue();
        // A newcomer's copy of a large map (shared) waits, its welcome behind it.
        let map = Bytes::from(vec![0u8; MAX_QUEUED_BYTES * 2]);
        assert_eq!(q.push_shared(map), Ok(()));
        assert_eq!(q.push(Bytes::from_static(b"welcome")), Ok(()));
        assert!(matches!(rx.try_recv(), Ok(Outbound::Frame(..))));
        assert!(matches!(rx.try_recv(), Ok(Outbound::Frame(..))));
        assert_eq!(q.queued_bytes(), 0);
        // Frames of its own count, large ones too: one may wait alone.
        let big = Bytes::from(vec![0u8; MAX_QUEUED_BYTES + 1]);
        assert_eq!(q.push(big.clone()), Ok(()));
        assert_eq!(
            q.push(Bytes::from_static(b"x")),
            Err(QueueError::SlowReader)
        );
        assert!(matches!(rx.try_recv(), Ok(Outbound::Frame(..))));
        let half = Bytes::from(vec![0u8; MAX_QUEUED_BYTES / 2]);
        assert_eq!(q.push(half.clone()), Ok(()));
        assert_eq!(q.push(half.clone()), Ok(()));
        assert_eq!(q.push(half), Err(QueueError::SlowReader));
        drop(rx);
        assert_eq!(q.push(Bytes::new()), Err(QueueError::Closed));
    }

    #[test]
    fn a_queue_is_bounded_in_frames() {
        let (q, _rx) = peer_queue();
        for _ in 0..MAX_QUEUED_FRAMES {
            assert_eq!(q.push_shared(Bytes::from_static(b"x")), Ok(()));
        }
        assert_eq!(
            q.push(Bytes::from_static(b"x")),
            Err(QueueError::SlowReader)
        );
    }

    fn stored(document: &'static [u8]) -> StoredFrames {
        StoredFrames {
            view: None,
            document: Bytes::from_static(document),
        }
    }

    #[tokio::test]
    async fn a_document_frame_is_shared_while_it_is_being_sent() {
        let frames = DocumentFrames::default();
        let first = frames
            .get_or_make("m", || async { Some(stored(b"doc")) })
            .await
            .expect("made");
        let second = frames
            .get_or_make("m", || async { panic!("made twice") })
            .await
            .expect("shared");
        assert!(Arc::ptr_eq(&first, &second));
        drop((first, second));
        let again = frames
            .get_or_make("m", || async { Some(stored(b"new")) })
            .await
            .expect("made again");
        assert_eq!(&again.document[..], b"new", "not kept once nobody sends it");
    }

    #[tokio::test]
    async fn the_send_budget_is_shared_and_times_out() {
        let soon = Duration::from_millis(50);
        let budget = SendBudget::new(2048 * 1024);
        let held = budget.take(1536 * 1024, soon).await;
        assert!(held.is_some());
        assert_eq!(budget.available_kib(), 512);
        // More than is left waits, then gives up after the deadline.
        assert!(budget.take(1024 * 1024, soon).await.is_none());
        drop(held);
        assert!(
            budget.take(usize::MAX, soon).await.is_some(),
            "capped at the whole"
        );
    }
}
