//! A room: the one task that owns an open map's Automerge document, with one
//! sync state per connected peer. Only this task changes the document.

use crate::error::StoreError;
use crate::metrics::Metrics;
use crate::outbound::{PeerQueue, QueueError};
use crate::registry::Registry;
use crate::store::{Store, StoredDoc, snapshot_of as saved};
use crate::workshop_store::RoomControls;
use automerge::AutoCommit;
use automerge::sync::{self, SyncDoc};
use axum::body::Bytes;
use comap_shared::Role;
use comap_shared::authorship;
use comap_shared::plenary::Brought;
use comap_shared::presence::{
    PRESENCE_INTERVAL_MS, PeerPresence, Point, Presence, PresenceUpdate, Summon,
};
use comap_shared::protocol::{
    ErrorCode, PROTOCOL_VERSION, PeerInfo, Peers, RoomStatus, ServerFrame, Welcome,
};
use comap_shared::schema;
use comap_shared::sync_intake::{self, RawChange};
use comap_shared::sync_receive;
use futures_util::FutureExt;
use std::collections::{BTreeMap, HashMap};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;
use std::time::Instant;
use tokio::sync::{mpsc, oneshot};

/// Most changes of one peer that may wait for what they depend on.
const MAX_WAITING: usize = 256;
/// How many bytes they may hold.
const MAX_WAITING_BYTES: usize = 1 << 20;
/// How long they may wait.
const WAIT_LIMIT: Duration = Duration::from_secs(5);

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

/// What the authorship rules made of a peer's accepted changes.
struct Kept {
    /// The room signed cards made in another name with the peer's own.
    signed: bool,
    /// They make or delete cards: stored before anyone else holds them.
    store_first: bool,
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

mod compacting;
mod durable;
mod rights;
mod voting;
mod writing;
use durable::{AckDue, Durable};
use rights::denied_message;

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
        registry: Registry,
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
    async fn leave(&mut self, registry: &Registry, rx: &mut mpsc::Receiver<RoomMsg>) {
        rx.close();
        while rx.try_recv().is_ok() {}
        registry.forget_closed(&self.id).await;
    }

    /// Writes a snapshot and leaves the registry, if no join came meanwhile;
    /// whether the room is done.
    async fn unload(&mut self, registry: &Registry, rx: &mut mpsc::Receiver<RoomMsg>) -> bool {
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

    async fn receive_sync(&mut self, peer: u64, bytes: &[u8]) {
        let Some(p) = self.peers.get_mut(&peer) else {
            return;
        };
        let msg = match sync::Message::decode(bytes) {
            Ok(m) => m,
            Err(e) => {
                return self.refuse(
                    peer,
                    ErrorCode::BadSync,
                    &format!("undecodable sync message: {e}"),
                );
            }
        };
        if !p.can_edit && !msg.changes.is_empty() {
            return self.refuse(
                peer,
                ErrorCode::ReadOnly,
                "This link can view the map but not change it.",
            );
        }
        let held_back = self.controls.locked && !p.facilitator;
        if held_back && !msg.changes.is_empty() {
            // Made just before the lock reached the page: not applied, and
            // not lost either: the page keeps it and sends it again once
            // the room is unlocked (both sides then sync afresh).
            self.metrics.refused("room_locked");
            return;
        }
        let incoming = match sync_intake::take(&msg) {
            Ok(changes) => changes,
            Err(e) => return self.refuse(peer, ErrorCode::BadSync, &e.to_string()),
        };
        let their_heads = msg.heads.clone();
        let started = Instant::now();
        let before = self.doc.get_heads();
        let sendable = (!incoming.is_empty() && deps_known(&incoming, &before, &self.recent))
            .then(|| incoming.clone());
        let heavy = incoming.iter().map(|c| c.change.len()).sum::<usize>() > HEAVY_OPS;
        let hashes: Vec<(automerge::ChangeHash, usize)> =
            incoming.iter().map(|c| (c.hash, c.bytes.len())).collect();
        let parsed: Vec<automerge::Change> = incoming.into_iter().map(|c| c.change).collect();
        let Some(p) = self.peers.get_mut(&peer) else {
            return;
        };
        let apply = || sync_receive::receive_parsed(&mut self.doc, &mut p.sync, msg, parsed);
        // A heavy message is applied off the runtime's workers, so other
        // maps' rooms go on meanwhile.
        let received = if heavy {
            tokio::task::block_in_place(apply)
        } else {
            apply()
        };
        if let Err(e) = received {
            return self.refuse(
                peer,
                ErrorCode::BadSync,
                &format!("sync message rejected: {e}"),
            );
        }
        if !self.dependencies_arrived(peer, &hashes) {
            // Nothing of this message is kept, nor what waited.
            self.roll_back(&before);
            return self.refuse(
                peer,
                ErrorCode::BadSync,
                "That sync message holds changes that depend on changes this server does not have.",
            );
        }
        let after = self.doc.get_heads();
        if after == before {
            if held_back && their_heads.iter().any(|h| !has_change(&mut self.doc, h)) {
                // The peer holds changes this locked room does not take: two
                // replicas that differ would ask each other forever, so it
                // is answered once for each state of both sides.
                let answer = (their_heads, after);
                let Some(p) = self.peers.get_mut(&peer) else {
                    return;
                };
                if p.answered_while_locked.as_ref() == Some(&answer) {
                    return;
                }
                p.answered_while_locked = Some(answer);
            }
            self.sync_peer(peer);
            return;
        }
        self.metrics.apply_latency.observe(started.elapsed());
        // The changes just applied. When exactly the message's changes were
        // applied (the heads are what they alone make: nothing Automerge had
        // queued came out with them, nothing in the message was left out),
        // they are the message's own, and they are forwarded as they came.
        // Otherwise Automerge is asked, which in 0.12 rebuilds them from the
        // whole op set (the dearest step of an edit), and peers get a sync round.
        let forward = sendable.filter(|changes| heads_after(&before, changes) == sorted(&after));
        let applied: Vec<automerge::Change> = match &forward {
            Some(changes) => changes.iter().map(|c| c.change.clone()).collect(),
            None => self.doc.get_changes(&before),
        };
        if let Err(e) = schema::check_changes_with(&self.doc, &applied, &mut self.places) {
            tracing::warn!(map = %self.id, peer, error = %e, "change breaks the schema");
            self.roll_back(&before);
            return self.refuse(
                peer,
                ErrorCode::InvalidChange,
                "That change is not valid for a Comap map, so it was not saved. Please reload the page.",
            );
        }
        if let Err(denied) = self.check_rights(peer, &applied) {
            tracing::warn!(map = %self.id, peer, error = %denied, "change not allowed");
            self.roll_back(&before);
            return self.refuse(peer, ErrorCode::NotAllowed, denied_message(denied));
        }
        let Some(kept) = self.keep_authorship(peer, &applied, &before) else {
            return;
        };
        // The peer's changes are acknowledged by their own heads; cards the
        // room signed again go to everyone (the peer too) in a sync round.
        let (acked, after, forward) = if kept.signed {
            (after, self.doc.get_heads(), None)
        } else {
            (after.clone(), after, forward)
        };
        // What goes to the store: the changes as they came when they follow
        // what is already stored or on its way, else Automerge's own.
        let chunk = match &forward {
            Some(changes) if self.durable.queued_heads == before => changes
                .iter()
                .flat_map(|c| c.bytes.iter().copied())
                .collect(),
            _ => self.doc.save_after(&self.durable.queued_heads),
        };
        if self.stored_bytes + self.durable.bytes_waiting() + chunk.len()
            > self.limits.max_doc_bytes
            && saved(&mut self.doc).len() > self.limits.max_doc_bytes
        {
            tracing::warn!(map = %self.id, peer, "map at its size limit; change refused");
            self.roll_back(&before);
            return self.refuse(
                peer,
                ErrorCode::MapTooLarge,
                "This map has reached the largest size the server keeps, so that change was not saved. Start a new map for more.",
            );
        }
        for c in &applied {
            self.recent.insert(c.hash());
        }
        for h in &after {
            self.recent.insert(*h);
        }
        let ack = AckDue {
            peer,
            heads: acked,
            accepted: started,
        };
        self.queue_write(&chunk, after, Some(ack));
        // Changes that make or delete cards are stored before anyone else
        // holds them (see `Findings::touch_signatures`); the rest go to the
        // peers at once and their author is acknowledged once they are stored.
        if kept.store_first && self.flush_writes().await.is_err() {
            return;
        }
        if forward.is_none() {
            self.metrics.changes_not_forwarded.fetch_add(1, Relaxed);
        }
        // Each change frame encoded once, for every peer it goes to.
        let frames: Option<Vec<(automerge::ChangeHash, Bytes)>> = forward.as_ref().map(|changes| {
            changes
                .iter()
                .map(|c| {
                    (
                        c.hash,
                        Bytes::from(ServerFrame::Change(c.bytes.clone()).encode()),
                    )
                })
                .collect()
        });
        // The author hears with its ack (`write_finished`).
        let ids: Vec<u64> = self
            .peers
            .keys()
            .copied()
            .filter(|id| *id != peer)
            .collect();
        for id in ids {
            if !self.forward_to(id, frames.as_deref()) {
                self.sync_peer(id);
            }
        }
    }

    /// Whether a new snapshot is due.
    fn compaction_due(&self) -> bool {
        self.chunks_since_snapshot >= COMPACT_AFTER_CHUNKS
            || self.stored_bytes > self.limits.max_doc_bytes
    }

    /// Holds changes just applied from `peer` to the authorship rules
    /// (`comap_shared::authorship`). Rewriting a card's author or role, or a
    /// participant deleting many other people's cards at once, rolls the
    /// changes back and refuses the peer (`None`). Cards it made in another
    /// name or role are signed with its own in a change of the room's.
    fn keep_authorship(
        &mut self,
        peer: u64,
        applied: &[automerge::Change],
        before: &[automerge::ChangeHash],
    ) -> Option<Kept> {
        let (name, role, facilitator) = {
            let p = self.peers.get(&peer)?;
            (p.name.clone(), p.role, p.facilitator)
        };
        let editor = authorship::Editor { name: &name, role };
        let gone_cards = &self.gone_cards;
        let found = authorship::check(&self.doc, applied, &mut self.places, &editor, |id| {
            gone_cards.get(id)
        });
        let found = match found {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(map = %self.id, peer, error = %e, "change breaks authorship");
                self.roll_back(before);
                self.refuse(
                    peer,
                    ErrorCode::InvalidChange,
                    "Nobody can change who wrote a card, so that change was not saved.",
                );
                return None;
            }
        };
        let now_ms = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        let within_budget = facilitator
            || self
                .peers
                .get_mut(&peer)
                .is_some_and(|p| p.deletions.take(found.others_deleted, now_ms));
        if !within_budget {
            tracing::warn!(map = %self.id, peer, cards = found.others_deleted, "too many of others' cards deleted at once");
            self.roll_back(before);
            self.refuse(
                peer,
                ErrorCode::InvalidChange,
                "Only the facilitator can delete many other people's cards at once, so that change was not saved.",
            );
            return None;
        }
        let store_first = found.touch_signatures();
        for (id, signed) in found.gone {
            if self.gone_cards.len() < MAX_GONE_CARDS {
                self.gone_cards.insert(id, signed);
            }
        }
        if found.misattributed.is_empty() {
            return Some(Kept {
                signed: false,
                store_first,
            });
        }
        tracing::info!(map = %self.id, peer, cards = found.misattributed.len(), "cards signed with their maker's name");
        if let Err(e) = authorship::sign(&mut self.doc, &found.misattributed, &editor) {
            tracing::error!(map = %self.id, error = %e, "could not sign cards");
            self.roll_back(before);
            self.refuse(
                peer,
                ErrorCode::Internal,
                "The server could not save this change.",
            );
            return None;
        }
        self.doc.commit();
        Some(Kept {
            signed: true,
            store_first,
        })
    }

    /// Sends every presence that changed since the last update to everyone
    /// else who takes presence: one frame per peer per interval at most.
    fn send_presence(&mut self) {
        self.presence_due = None;
        let changed: Vec<PeerPresence> = self
            .peers
            .iter_mut()
            .filter(|(_, p)| p.presence_dirty)
            .map(|(id, p)| {
                p.presence_dirty = false;
                PeerPresence {
                    peer: *id,
                    presence: p.presence.clone(),
                }
            })
            .collect();
        if changed.is_empty() {
            return;
        }
        let ids: Vec<u64> = self.peers.keys().copied().collect();
        for id in ids {
            self.send_presence_to(id, changed.iter().filter(|u| u.peer != id));
        }
    }

    /// A newcomer hears where everyone already is.
    fn send_all_presence_to(&mut self, peer: u64) {
        let all: Vec<PeerPresence> = self
            .peers
            .iter()
            .filter(|(id, p)| **id != peer && p.presence != Presence::default())
            .map(|(id, p)| PeerPresence {
                peer: *id,
                presence: p.presence.clone(),
            })
            .collect();
        self.send_presence_to(peer, all.iter());
    }

    fn send_presence_to<'a>(&mut self, peer: u64, updates: impl Iterator<Item = &'a PeerPresence>) {
        if !self.peers.get(&peer).is_some_and(|p| p.takes_presence) {
            return;
        }
        let updates: Vec<PeerPresence> = updates.cloned().collect();
        if !updates.is_empty() {
            self.send(peer, &ServerFrame::Presence(PresenceUpdate { updates }));
        }
    }

    /// Passes an editor's "look here" to everyone else; a viewer may not.
    fn summon(&mut self, peer: u64, view: Point) {
        let Some(p) = self.peers.get(&peer) else {
            return;
        };
        if !p.can_edit {
            return self.refuse(
                peer,
                ErrorCode::ReadOnly,
                "This link can view the map but not bring everyone to a place.",
            );
        }
        let frame = ServerFrame::Summon(Summon { from: peer, view });
        let ids: Vec<u64> = self
            .peers
            .iter()
            .filter(|(id, p)| **id != peer && p.takes_presence)
            .map(|(id, _)| *id)
            .collect();
        self.send_to_all(ids, &frame);
    }

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
    fn dependencies_arrived(
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

    /// Refuses peers whose changes have waited longer than `WAIT_LIMIT` for
    /// dependencies that never came, though they sent nothing since.
    fn refuse_long_waiting(&mut self) {
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
    fn drop_waiting(&mut self) {
        if !self.doc.get_missing_deps(&[]).is_empty() {
            tracing::warn!(map = %self.id, "dropped changes whose dependencies never came");
            let heads = self.doc.get_heads();
            self.roll_back(&heads);
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

    /// Forwards accepted changes to a peer that takes them and has synced with
    /// us at least once, recording them as sent so the sync protocol never
    /// sends them again. Returns false when the peer needs a sync round instead.
    fn forward_to(
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
    fn sync_peer(&mut self, peer: u64) {
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

    fn refuse(&mut self, peer: u64, code: ErrorCode, message: &str) {
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
    fn send(&mut self, peer: u64, frame: &ServerFrame) {
        self.send_bytes(peer, Bytes::from(frame.encode()), false);
    }

    /// Queues an encoded frame for one peer: `shared` when the same bytes
    /// go to others too (they do not count against this peer's queue).
    fn send_bytes(&mut self, peer: u64, frame: Bytes, shared: bool) {
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
    fn send_to_all(&mut self, peers: Vec<u64>, frame: &ServerFrame) {
        let bytes = Bytes::from(frame.encode());
        for id in peers {
            self.send_bytes(id, bytes.clone(), true);
        }
    }

    fn broadcast_peers(&mut self) {
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

/// How many recent change hashes a room remembers.
const RECENT_CHANGES: usize = 4096;

/// A bounded set of recently accepted change hashes.
#[derive(Default)]
struct Recent {
    set: std::collections::HashSet<automerge::ChangeHash>,
    order: std::collections::VecDeque<automerge::ChangeHash>,
}

impl Recent {
    fn insert(&mut self, hash: automerge::ChangeHash) {
        if self.set.insert(hash) {
            self.order.push_back(hash);
            if self.order.len() > RECENT_CHANGES
                && let Some(old) = self.order.pop_front()
            {
                self.set.remove(&old);
            }
        }
    }

    fn contains(&self, hash: &automerge::ChangeHash) -> bool {
        self.set.contains(hash)
    }
}

/// The heads a document at `before` has once exactly `changes` are applied.
fn heads_after(
    before: &[automerge::ChangeHash],
    changes: &[RawChange],
) -> Vec<automerge::ChangeHash> {
    let depended_on = |h: &automerge::ChangeHash| changes.iter().any(|c| c.deps.contains(h));
    let mut heads: Vec<automerge::ChangeHash> =
        before.iter().filter(|h| !depended_on(h)).copied().collect();
    for c in changes {
        if !depended_on(&c.hash) && !heads.contains(&c.hash) {
            heads.push(c.hash);
        }
    }
    heads.sort();
    heads
}

fn sorted(heads: &[automerge::ChangeHash]) -> Vec<automerge::ChangeHash> {
    let mut heads = heads.to_vec();
    heads.sort();
    heads
}

/// Whether each change depends only on changes the room knows it has (its
/// heads, its recent changes, or an earlier change of the same message), so it
/// can be forwarded as it is to peers in sync. Otherwise peers get a sync round.
fn deps_known(changes: &[RawChange], heads: &[automerge::ChangeHash], recent: &Recent) -> bool {
    changes.iter().enumerate().all(|(i, c)| {
        c.deps.iter().all(|d| {
            heads.contains(d) || recent.contains(d) || changes[..i].iter().any(|e| &e.hash == d)
        })
    })
}

/// Whether the document holds the change (without rebuilding it, which
/// `get_change_by_hash` does in Automerge 0.12).
fn has_change(doc: &mut AutoCommit, hash: &automerge::ChangeHash) -> bool {
    doc.get_change_meta_by_hash(hash).is_some()
}
