//! A room: the one task that owns an open map's Automerge document, with one
//! sync state per connected peer. Only this task changes the document.

use crate::error::StoreError;
use crate::ops::metrics::Metrics;
use crate::rooms::outbound::PeerQueue;
use crate::storage::store::{Store, StoredDoc, snapshot_of as saved};
use crate::storage::workshops::RoomControls;
use automerge::AutoCommit;
use automerge::sync;
use axum::body::Bytes;
use comap_shared::Role;
use comap_shared::authorship;
use comap_shared::plenary::Brought;
use comap_shared::presence::{PRESENCE_INTERVAL_MS, Point, Presence};
use comap_shared::protocol::{ErrorCode, PROTOCOL_VERSION, RoomStatus, ServerFrame, Welcome};
use comap_shared::schema;
use futures_util::FutureExt;
use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};

/// A sync message whose changes hold more operations than this is applied
/// off the runtime's workers (`block_in_place`): an edit holds a few dozen.
const HEAVY_OPS: usize = 2_000;

/// How many chunks accumulate before the room writes a new snapshot.
const COMPACT_AFTER_CHUNKS: usize = 500;
const COLORS: [&str; 8] = [
    "#1f5f99", "#a23b00", "#2e7d32", "#7b1fa2", "#b0003a", "#00695c", "#5d4037", "#3949ab",
];

/// The limits a room enforces.
#[derive(Debug, Clone, Copy)]
pub struct RoomLimits {
    /// Most peers at once; more are refused with `room_full`.
    pub max_peers: usize,
    /// Largest stored document; changes beyond it are refused.
    pub max_doc_bytes: usize,
}

pub enum RoomMsg {
    Join {
        name: String,
        role: Role,
        can_edit: bool,
        facilitator: bool,
        /// The voter id its browser keeps (else the room gives it one).
        voter: Option<String>,
        expires_ms: i64,
        takes_changes: bool,
        takes_presence: bool,
        out: PeerQueue,
        /// Holds nothing of the map yet and takes a `document` frame (not
        /// already sent one by its connection).
        wants_document: bool,
        reply: oneshot::Sender<Result<u64, ErrorCode>>,
    },
    /// A peer's presence, already checked; relayed with the next update.
    Presence {
        peer: u64,
        presence: Presence,
    },
    /// An editor asks everyone to look at `view`.
    Summon {
        peer: u64,
        view: Point,
    },
    /// A page asks something of the voting round.
    Voting {
        peer: u64,
        request: comap_shared::voting::VotingRequest,
    },
    Sync {
        peer: u64,
        bytes: Vec<u8>,
    },
    /// The connection broke a rule (a malformed frame, too many messages):
    /// refuse it with `code` and close it.
    Refuse {
        peer: u64,
        code: ErrorCode,
        message: &'static str,
    },
    Leave {
        peer: u64,
    },
    /// A workshop facilitator's notice for everyone in the room.
    Notice(comap_shared::protocol::Notice),
    /// The facilitator locks (only they may change the map) or unlocks it.
    Lock(bool),
    /// The workshop's timer changed (`None`: taken away).
    Timer(Option<comap_shared::timer::Timer>),
    /// The workshop's reflection opened (`Some`) or closed.
    Reflection(Option<comap_shared::reflection::Reflection>),
    /// The workshop's actions changed (sent to its plenary).
    Actions(Vec<comap_shared::actions::Action>),
    /// Copy breakout rooms' maps into this one (a workshop's plenary).
    Bring {
        rooms: Vec<RoomToBring>,
        reply: oneshot::Sender<Result<Vec<Brought>, &'static str>>,
    },
    /// Unload now if nobody is here (the server is short of memory).
    UnloadIfIdle,
    /// The room at a glance for a workshop's dashboard, as of `now_ms`.
    Stats {
        now_ms: i64,
        reply: oneshot::Sender<comap_shared::workshop::RoomActivity>,
    },
    /// The map as it is now (for a workshop dashboard's thumbnail).
    View {
        reply: oneshot::Sender<comap_shared::MapView>,
    },
    /// Close the room: tell every peer why (`code`), close them, and stop.
    /// With `flush`, write a snapshot first (shutdown).
    Close {
        code: ErrorCode,
        message: &'static str,
        flush: bool,
        done: oneshot::Sender<()>,
    },
}

/// A breakout room's map as it is now, to copy into the plenary.
pub struct RoomToBring {
    pub map_id: String,
    pub name: String,
    pub view: comap_shared::MapView,
}

/// People who join this soon after a facilitator's notice still get it.
const NOTICE_FOR_LATECOMERS_MS: i64 = 15 * 60 * 1000;

#[derive(Clone)]
pub struct RoomHandle {
    pub tx: mpsc::Sender<RoomMsg>,
}

struct Peer {
    name: String,
    role: Role,
    can_edit: bool,
    /// Joined with the facilitator's secret (may edit a locked room).
    facilitator: bool,
    /// Whose ballot this connection's votes go on.
    voter: String,
    /// While the room is locked and this peer holds changes it does not
    /// take: its heads and ours when it was last answered.
    answered_while_locked: Option<(Vec<automerge::ChangeHash>, Vec<automerge::ChangeHash>)>,
    /// Takes forwarded `change` frames (named in its hello).
    takes_changes: bool,
    /// Its changes that wait for changes this room does not have
    /// (Automerge keeps them until those arrive), and since when.
    waiting: Vec<(automerge::ChangeHash, usize)>,
    waiting_since: Option<Instant>,
    /// Takes others' presence and summons (named in its hello).
    takes_presence: bool,
    /// What this peer last shared, and whether others have not heard it yet.
    presence: Presence,
    presence_dirty: bool,
    color: &'static str,
    out: PeerQueue,
    sync: sync::State,
    /// Other people's cards it deleted lately.
    deletions: authorship::DeletionBudget,
}

pub struct Room {
    id: String,
    doc: AutoCommit,
    peers: BTreeMap<u64, Peer>,
    limits: RoomLimits,
    /// Bytes stored for the map: the snapshot and the chunks since (an upper
    /// bound on the size of a fresh snapshot).
    stored_bytes: usize,
    metrics: Arc<Metrics>,
    next_peer: u64,
    store: Store,
    last_seq: i64,
    chunks_since_snapshot: usize,
    /// The heads as of the last durable write.
    saved_heads: Vec<automerge::ChangeHash>,
    /// Accepted changes on their way to the store.
    durable: Durable,
    /// A write failed: the room has said goodbye and its task ends.
    closed: bool,
    /// A background compaction under way.
    compacting: Option<compacting::Compaction>,
    /// The chunk before which no new background compaction starts (one that
    /// failed or did not shrink the map is not tried again at every write).
    next_compaction_seq: i64,
    /// Hashes of the changes accepted most recently, to tell cheaply that a
    /// new change's dependencies are here (see `forwardable`).
    recent: Recent,
    /// When the next presence update goes out (while one is waiting).
    presence_due: Option<tokio::time::Instant>,
    /// The latest facilitator's notice, for people who join soon after it.
    notice: Option<comap_shared::protocol::Notice>,
    /// What a workshop's facilitator set: locked, and the timer.
    controls: RoomControls,
    /// Where the document's objects are, for the schema check.
    places: schema::Places,
    /// When a change was last stored while the room was open (server clock).
    last_change_ms: Option<i64>,
    /// The map as a `document` frame for newcomers, and the heads it holds:
    /// made once and shared until the map changes.
    document: Option<(Vec<automerge::ChangeHash>, Bytes)>,
    /// The same for the `view` frame.
    view: Option<(Vec<automerge::ChangeHash>, Bytes)>,
    /// How cards deleted while the room is open were signed, so that undo
    /// may put them back as they were (at most `MAX_GONE_CARDS`).
    gone_cards: HashMap<String, authorship::Signed>,
    /// When the room was opened (its clock for rates).
    opened: Instant,
    /// The current voting round's secret ballots, once read from the store.
    ballots: Option<comap_shared::voting::BallotBox>,
}

/// What a room asks of whoever keeps the list of open rooms (the
/// registry) when it goes.
pub trait OpenRooms: Send + Sync + 'static {
    /// Forgets the room `id` if no message waits in its inbox `rx`
    /// (checked while no join can reach it); whether it was forgotten.
    fn unload_if_idle(
        &self,
        id: &str,
        rx: &mpsc::Receiver<RoomMsg>,
    ) -> impl std::future::Future<Output = bool> + Send;

    /// Forgets the room `id`, which closed itself.
    fn forget_closed(&self, id: &str) -> impl std::future::Future<Output = ()> + Send;
}

mod compacting;
mod durable;
mod presence;
mod receiving;
mod recent;
mod rights;
mod sending;
mod voting;
mod waiting;
mod writing;
use durable::Durable;
use recent::Recent;
use waiting::WAIT_LIMIT;

/// The most deleted cards a room remembers the authors of.
const MAX_GONE_CARDS: usize = 10_000;

impl Room {
    /// Rebuilds a room's document from its stored snapshot and chunks.
    pub fn load(
        id: String,
        stored: StoredDoc,
        store: Store,
        limits: RoomLimits,
        metrics: Arc<Metrics>,
        mut controls: RoomControls,
    ) -> Result<Room, StoreError> {
        let mut doc = stored.doc()?;
        let saved_heads = doc.get_heads();
        let stored_bytes = stored.byte_len();
        Ok(Room {
            metrics,
            limits,
            stored_bytes,
            recent: Recent::default(),
            presence_due: None,
            notice: controls.notice.take(),
            controls,
            places: schema::Places::default(),
            last_change_ms: None,
            document: None,
            view: None,
            gone_cards: HashMap::new(),
            opened: Instant::now(),
            ballots: None,
            durable: Durable::new(saved_heads.clone()),
            closed: false,
            compacting: None,
            next_compaction_seq: 0,
            saved_heads,
            id,
            doc,
            peers: BTreeMap::new(),
            next_peer: 1,
            store,
            last_seq: stored.last_seq,
            chunks_since_snapshot: stored.chunks.len(),
        })
    }

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
    async fn leave(&mut self, registry: &impl OpenRooms, rx: &mut mpsc::Receiver<RoomMsg>) {
        rx.close();
        while rx.try_recv().is_ok() {}
        registry.forget_closed(&self.id).await;
    }

    /// Writes a snapshot and leaves the registry, if no join came meanwhile;
    /// whether the room is done.
    async fn unload(
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
    async fn recover(&mut self, culprit: Option<u64>) -> bool {
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
    async fn close(&mut self, code: ErrorCode, message: &str, flush: bool) {
        if flush && self.flush_writes().await.is_ok() {
            self.finish_compaction().await;
            self.compact().await;
        }
        self.say_goodbye(code, message);
    }

    /// Tells every peer why the room closes (`code`) and closes them.
    fn say_goodbye(&mut self, code: ErrorCode, message: &str) {
        let frame = Bytes::from(ServerFrame::error(code, message).encode());
        for (_, p) in std::mem::take(&mut self.peers) {
            self.metrics.peers.fetch_sub(1, Relaxed);
            let _ = p.out.push_shared(frame.clone());
            p.out.close();
        }
        tracing::info!(map = %self.id, code = code.as_str(), "map closed");
    }

    async fn handle(&mut self, msg: RoomMsg) {
        match msg {
            RoomMsg::Join {
                name,
                role,
                can_edit,
                facilitator,
                voter,
                expires_ms,
                takes_changes,
                takes_presence,
                out,
                wants_document,
                reply,
            } => {
                if self.peers.len() >= self.limits.max_peers {
                    self.metrics.refused(ErrorCode::RoomFull.as_str());
                    let _ = reply.send(Err(ErrorCode::RoomFull));
                    return;
                }
                let peer = self.next_peer;
                self.next_peer += 1;
                let color = COLORS[(peer as usize - 1) % COLORS.len()];
                let welcome = ServerFrame::Welcome(Welcome {
                    version: PROTOCOL_VERSION,
                    peer,
                    can_edit,
                    color: color.to_string(),
                    facilitator,
                    expires_ms: Some(expires_ms),
                });
                self.peers.insert(
                    peer,
                    Peer {
                        name,
                        role,
                        can_edit,
                        facilitator,
                        voter: voter.unwrap_or_else(|| format!("c{:016x}", rand::random::<u64>())),
                        answered_while_locked: None,
                        takes_changes,
                        waiting: Vec::new(),
                        waiting_since: None,
                        takes_presence,
                        presence: Presence::default(),
                        presence_dirty: false,
                        color,
                        out,
                        sync: sync::State::new(),
                        deletions: authorship::DeletionBudget::default(),
                    },
                );
                self.metrics.peers.fetch_add(1, Relaxed);
                tracing::info!(map = %self.id, peer, can_edit, "peer joined");
                let _ = reply.send(Ok(peer));
                if wants_document {
                    // Before the welcome, so the page holds the map when it
                    // first says what it has: the sync protocol then sends
                    // only what is newer. The map as it reads goes first,
                    // for the page to draw while it loads the document.
                    if let Some(view) = self.view_frame() {
                        self.send_bytes(peer, view, true);
                    }
                    let frame = self.document_frame();
                    self.metrics.documents_sent.fetch_add(1, Relaxed);
                    self.send_bytes(peer, frame, true);
                }
                self.send(peer, &welcome);
                self.broadcast_peers();
                if let Some(n) = self
                    .notice
                    .as_ref()
                    .filter(|n| crate::clock::now_ms() - n.sent_ms < NOTICE_FOR_LATECOMERS_MS)
                {
                    let frame = ServerFrame::Notice(n.clone());
                    self.send(peer, &frame);
                }
                if self.controls != RoomControls::default() {
                    let frame = self.status_frame();
                    self.send(peer, &frame);
                }
                self.send_all_presence_to(peer);
                self.sync_peer(peer);
                self.send_ballot(peer).await;
            }
            RoomMsg::Presence { peer, presence } => {
                if let Some(p) = self.peers.get_mut(&peer) {
                    p.presence = presence;
                    p.presence_dirty = true;
                    self.presence_due.get_or_insert_with(|| {
                        tokio::time::Instant::now()
                            + Duration::from_millis(PRESENCE_INTERVAL_MS as u64)
                    });
                }
            }
            RoomMsg::Summon { peer, view } => self.summon(peer, view),
            RoomMsg::Voting { peer, request } => self.voting(peer, request).await,
            RoomMsg::Sync { peer, bytes } => self.receive_sync(peer, &bytes).await,
            RoomMsg::Refuse {
                peer,
                code,
                message,
            } => self.refuse(peer, code, message),
            // Handled by `run`, which stops the room.
            RoomMsg::Close { done, .. } => {
                let _ = done.send(());
            }
            RoomMsg::UnloadIfIdle => {}
            RoomMsg::Leave { peer } => {
                if let Some(p) = self.peers.remove(&peer) {
                    if !p.waiting.is_empty() {
                        self.drop_waiting();
                    }
                    self.metrics.peers.fetch_sub(1, Relaxed);
                    tracing::info!(map = %self.id, peer, "peer left");
                    self.broadcast_peers();
                }
            }
            RoomMsg::Notice(notice) => {
                let frame = ServerFrame::Notice(notice.clone());
                let ids: Vec<u64> = self.peers.keys().copied().collect();
                self.send_to_all(ids, &frame);
                self.notice = Some(notice);
            }
            RoomMsg::Lock(locked) => {
                let unlocked = self.controls.locked && !locked;
                self.controls.locked = locked;
                self.send_status();
                if unlocked {
                    // Edits held back while locked come now: every peer
                    // syncs afresh (the client starts afresh too).
                    let ids: Vec<u64> = self.peers.keys().copied().collect();
                    for id in ids {
                        if let Some(p) = self.peers.get_mut(&id) {
                            p.sync = sync::State::new();
                            p.answered_while_locked = None;
                        }
                        self.sync_peer(id);
                    }
                }
            }
            RoomMsg::Timer(timer) => {
                self.controls.timer = timer;
                self.send_status();
            }
            RoomMsg::Reflection(reflection) => {
                self.controls.reflection = reflection;
                self.send_status();
            }
            RoomMsg::Actions(actions) => {
                self.controls.actions = actions;
                self.send_status();
            }
            RoomMsg::Bring { rooms, reply } => {
                let result = self.bring(rooms).await;
                let _ = reply.send(result);
            }
            RoomMsg::Stats { now_ms, reply } => {
                let roles: Vec<Role> = self.peers.values().map(|p| p.role).collect();
                let mut activity = comap_shared::read_map(&self.doc)
                    .map(|view| comap_shared::workshop::activity(&view, &roles, now_ms))
                    .unwrap_or_default();
                activity.version = comap_shared::workshop::version_of(&self.doc.get_heads());
                activity.noting_change(self.last_change_ms, now_ms);
                let _ = reply.send(activity);
            }
            RoomMsg::View { reply } => {
                if let Ok(view) = comap_shared::read_map(&self.doc) {
                    let _ = reply.send(view);
                }
            }
        }
    }

    /// The whole map as a `document` frame, shared by every newcomer until
    /// the map changes (a save of a long history is the dearest thing a
    /// room does; forty people joining at once make one).
    fn document_frame(&mut self) -> Bytes {
        let heads = self.doc.get_heads();
        if let Some((at, frame)) = &self.document
            && *at == heads
        {
            return frame.clone();
        }
        let frame = Bytes::from(ServerFrame::Document(saved(&mut self.doc)).encode());
        self.document = Some((heads, frame.clone()));
        frame
    }

    /// The map as it reads as a `view` frame, shared like `document_frame`.
    fn view_frame(&mut self) -> Option<Bytes> {
        let heads = self.doc.get_heads();
        if let Some((at, frame)) = &self.view
            && *at == heads
        {
            return Some(frame.clone());
        }
        let view = comap_shared::read_map(&self.doc).ok()?;
        let bytes = comap_shared::view_bytes::encode(&view).ok()?;
        let frame = Bytes::from(ServerFrame::View(bytes).encode());
        self.view = Some((heads, frame.clone()));
        Some(frame)
    }

    fn status_frame(&self) -> ServerFrame {
        let now = crate::clock::now_ms();
        ServerFrame::Room(RoomStatus {
            locked: self.controls.locked,
            timer: self.controls.timer.map(|t| t.shown_at(now)),
            reflection: self.controls.reflection.clone(),
            actions: self.controls.actions.clone(),
        })
    }

    /// Tells everyone the room's state after the facilitator changed it.
    fn send_status(&mut self) {
        let frame = self.status_frame();
        let ids: Vec<u64> = self.peers.keys().copied().collect();
        self.send_to_all(ids, &frame);
    }

    /// Whether a new snapshot is due.
    fn compaction_due(&self) -> bool {
        self.chunks_since_snapshot >= COMPACT_AFTER_CHUNKS
            || self.stored_bytes > self.limits.max_doc_bytes
    }

    /// When the room must next act unasked: send presence, or refuse a
    /// peer whose changes waited too long for their dependencies.
    fn next_due(&self) -> Option<tokio::time::Instant> {
        let waiting = self
            .peers
            .values()
            .filter_map(|p| p.waiting_since)
            .min()
            .map(|since| {
                tokio::time::Instant::from_std(since + WAIT_LIMIT + Duration::from_millis(1))
            });
        match (self.presence_due, waiting) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Copies breakout rooms' maps into this map as one change of the
    /// server's own, stored before anyone hears of it.
    async fn bring(&mut self, rooms: Vec<RoomToBring>) -> Result<Vec<Brought>, &'static str> {
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
    fn roll_back(&mut self, heads: &[automerge::ChangeHash]) {
        self.places.clear();
        match self.doc.fork_at(heads) {
            Ok(doc) => self.doc = doc,
            Err(e) => tracing::error!(map = %self.id, error = %e, "could not roll back"),
        }
    }

    /// Writes a snapshot of the room's own document and drops the chunks it
    /// covers (atomically): when the room unloads or the server shuts down,
    /// with everything accepted stored and no background compaction under way.
    async fn compact(&mut self) {
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

/// Sleeps until `due`; forever when there is none.
async fn wake_at(due: Option<tokio::time::Instant>) {
    match due {
        Some(due) => tokio::time::sleep_until(due).await,
        None => std::future::pending().await,
    }
}
