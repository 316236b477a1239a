//! A room: the one task that owns an open map's Automerge document, with one
//! sync state per connected peer. Only this task changes the document.

use crate::error::StoreError;
use crate::ops::metrics::Metrics;
use crate::rooms::outbound::PeerQueue;
use crate::storage::store::{Store, snapshot_of as saved};
use crate::storage::stored_doc::StoredDoc;
use automerge::AutoCommit;
use automerge::sync;
use axum::body::Bytes;
use comap_shared::Role;
use comap_shared::authorship;
use comap_shared::plenary::Brought;
use comap_shared::presence::{Point, Presence};
use comap_shared::protocol::ErrorCode;
use comap_shared::schema;
use comap_shared::workshop::RoomControls;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
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
    /// A connection that passed its hello joins.
    Join(JoinRequest),
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
    Actions(Vec<comap_shared::workshop_actions::Action>),
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

/// A connection that passed its hello, asking to join.
pub struct JoinRequest {
    pub name: String,
    pub role: Role,
    pub can_edit: bool,
    pub facilitator: bool,
    /// The voter id its browser keeps (else the room gives it one).
    pub voter: Option<String>,
    pub expires_ms: i64,
    pub takes_changes: bool,
    pub takes_presence: bool,
    pub out: PeerQueue,
    /// Holds nothing of the map yet and takes a `document` frame (not
    /// already sent one by its connection).
    pub wants_document: bool,
    pub reply: oneshot::Sender<Result<u64, ErrorCode>>,
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
mod handling;
mod joining;
mod lifecycle;
mod own_changes;
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
}
