//! A load-generating client: a real WebSocket, its own Automerge replica,
//! edits on a timer, and timing of every change it sees arrive. A
//! *page-like* client applies every change it receives to its replica, as a
//! browser does; a *server-only* one records a forwarded change's arrival by
//! the checksum in its header and applies nothing, so that a benchmark
//! measures the server rather than its receivers.

use anyhow::{Result, anyhow, bail};
use automerge::ChangeHash;
use comap_shared::protocol::{
    ClientFrame, FEATURE_CHANGES, FEATURE_EMPTY, Hello, PROTOCOL_VERSION, ServerFrame,
};
use comap_shared::session::SyncSession;
use comap_shared::{Author, CardId, Command, LaneId, Role, SeededIds, StageId};
use futures_util::{FutureExt, SinkExt, StreamExt};
use rand::{Rng, SeedableRng};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

mod receiving;

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How many of its own latest changes a server-only client names as had.
const OWN_REMEMBERED: usize = 16;

/// Most frames handled in one go.
const MAX_BATCH: usize = 256;

/// The change inside a `change` frame.
fn change_bytes(frame: &[u8]) -> Option<Vec<u8>> {
    match ServerFrame::decode(frame) {
        Ok(ServerFrame::Change(change)) => Some(change),
        _ => None,
    }
}

/// What names a change in a run: the first four bytes of its hash, which
/// Automerge also writes into the change's header as its checksum.
type Tag = [u8; 4];

fn tag_of(hash: &ChangeHash) -> Tag {
    [hash.0[0], hash.0[1], hash.0[2], hash.0[3]]
}

/// A change's tag read from its header (magic bytes, then the checksum).
fn tag_in_header(change: &[u8]) -> Option<Tag> {
    change.get(4..8)?.try_into().ok()
}

/// What all clients of a run record together.
#[derive(Default)]
pub struct Shared {
    /// When each change was made, by which client.
    sent: Mutex<HashMap<Tag, (Instant, usize)>>,
    pub latencies: Mutex<Vec<Duration>>,
    pub acks: Mutex<Vec<Duration>>,
    pub frames_in: AtomicU64,
    pub edits: AtomicU64,
    pub deliveries: AtomicU64,
    pub dropped: AtomicU64,
    /// A timed replica's receive path: applying forwarded changes, applying
    /// them and reading the whole map, and how many changes.
    replica: Mutex<(Duration, Duration, u64)>,
}

impl Shared {
    /// Edit-to-peer latency and the authors' acks, summarized.
    pub fn latency_and_acks(&self) -> (crate::stats::Summary, crate::stats::Summary) {
        let mut lat = self.latencies.lock().map(|v| v.clone()).unwrap_or_default();
        let mut acks = self.acks.lock().map(|v| v.clone()).unwrap_or_default();
        (
            crate::stats::summarize(&mut lat),
            crate::stats::summarize(&mut acks),
        )
    }

    /// What timed replicas spent on received changes (see `Client::timed`):
    /// applying, applying and reading the map, and how many changes.
    pub fn replica_times(&self) -> (Duration, Duration, u64) {
        self.replica.lock().map(|r| *r).unwrap_or_default()
    }
}

pub struct Client {
    index: usize,
    ws: Ws,
    session: SyncSession,
    ids: SeededIds,
    cards: Vec<CardId>,
    cells: Vec<(StageId, LaneId)>,
    pending: VecDeque<(ChangeHash, Instant)>,
    /// Times its receive path (and reads the whole map after each batch).
    timed: bool,
    /// Applies nothing it receives once in sync (see the module's words).
    server_only: bool,
    /// The server's heads as it last said them, and this client's own
    /// latest changes: what a server-only client says it has.
    base: Vec<ChangeHash>,
    own: VecDeque<ChangeHash>,
}

impl Client {
    pub async fn connect(url: &str, map: &str, secret: &str, index: usize) -> Result<Client> {
        let (mut ws, _) = tokio_tungstenite::connect_async(url).await?;
        let hello = ClientFrame::Hello(Hello {
            version: PROTOCOL_VERSION,
            map: map.into(),
            secret: secret.into(),
            name: format!("bench {index}"),
            role: Role::ALL[index % Role::ALL.len()],
            // A new client holds nothing yet, as a first visit in a browser.
            features: vec![FEATURE_CHANGES.into(), FEATURE_EMPTY.into()],
            voter: None,
        });
        ws.send(Message::Binary(hello.encode().into())).await?;
        let mut actor = (index as u64).to_le_bytes().to_vec();
        actor.extend_from_slice(&rand::random::<[u8; 8]>());
        Ok(Client {
            index,
            ws,
            session: SyncSession::new(&actor),
            ids: SeededIds::new(index as u64 ^ 0x5eed),
            cards: Vec::new(),
            cells: Vec::new(),
            pending: VecDeque::new(),
            timed: false,
            server_only: false,
            base: Vec::new(),
            own: VecDeque::new(),
        })
    }

    /// Once in sync, this client records arrivals without applying them.
    pub fn server_only(mut self) -> Client {
        self.server_only = true;
        self
    }

    /// This client times what receiving changes costs its replica, and
    /// reads the whole map after each batch as the page does.
    pub fn timed(mut self) -> Client {
        self.timed = true;
        self
    }

    async fn flush(&mut self) -> Result<()> {
        if let Some(bytes) = self.session.outgoing() {
            let frame = ClientFrame::Sync(bytes).encode();
            self.ws.send(Message::Binary(frame.into())).await?;
        }
        Ok(())
    }

    /// Syncs until the replica holds at least `cards` cards.
    pub async fn catch_up(&mut self, cards: usize, limit: Duration) -> Result<()> {
        let deadline = Instant::now() + limit;
        // The server's first sync message tells the replica what the server
        // has; without it the replica sends no changes.
        let mut heard = false;
        loop {
            if heard
                && let Ok(view) = self.session.read()
                && view.cards.len() >= cards
            {
                self.cards = view.cards.iter().map(|c| c.id.clone()).collect();
                self.base = self.session.heads();
                self.cells = view
                    .stages
                    .iter()
                    .flat_map(|s| view.lanes.iter().map(|l| (s.id.clone(), l.id.clone())))
                    .collect();
                return Ok(());
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                bail!("client {} did not catch up", self.index);
            }
            let msg = tokio::time::timeout(left, self.ws.next())
                .await?
                .ok_or_else(|| anyhow!("closed during catch-up"))??;
            let Message::Binary(b) = msg else { continue };
            match ServerFrame::decode(&b)? {
                ServerFrame::Sync(bytes) => {
                    self.session.receive(&bytes)?;
                    heard = true;
                    self.flush().await?;
                }
                ServerFrame::Document(bytes) => {
                    self.session.adopt_document(&bytes)?;
                }
                _ => {}
            }
        }
    }

    /// One edit: a move or a text edit on a random card.
    async fn edit(&mut self, rng: &mut impl Rng, shared: &Shared, n: u64) -> Result<()> {
        let card = self.cards[rng.random_range(0..self.cards.len())].clone();
        let cmd = if rng.random_bool(0.5) {
            let (stage, lane) = self.cells[rng.random_range(0..self.cells.len())].clone();
            Command::MoveCard { card, stage, lane }
        } else {
            let text = format!("Edit {n} by client {}: waited too long", self.index);
            Command::EditText { card, text }
        };
        let author = Author {
            name: format!("bench {}", self.index),
            role: Role::Other,
            now_ms: 0,
        };
        let before = self.session.heads();
        self.session.apply(&cmd, &author, &mut self.ids)?;
        let now = Instant::now();
        if let Some(head) = self.session.heads().first().copied() {
            if let Ok(mut sent) = shared.sent.lock() {
                sent.insert(tag_of(&head), (now, self.index));
            }
            self.pending.push_back((head, now));
        }
        shared.edits.fetch_add(1, Ordering::Relaxed);
        if self.server_only {
            self.send_own_change(&before).await
        } else {
            self.flush().await
        }
    }

    /// A server-only client's sync message: its one new change, its heads,
    /// and what it has (everything the server last said it had, which came
    /// here as forwarded changes, and its own latest changes), with nothing
    /// asked for. Its replica holds none of the others' changes, so
    /// Automerge's own sync round would ask the server for all of them.
    async fn send_own_change(&mut self, before: &[ChangeHash]) -> Result<()> {
        let mine = self.session.heads();
        if mine.as_slice() == before {
            return Ok(());
        }
        self.own.extend(mine.iter().copied());
        while self.own.len() > OWN_REMEMBERED {
            self.own.pop_front();
        }
        // The heads it names are a page's: the server's as last heard (a
        // page has applied what was forwarded to it) with its new change in
        // place of what that change follows. Naming only its own chain
        // would have the server walk everyone's changes since at every message.
        let mut heads: Vec<ChangeHash> = self
            .base
            .iter()
            .filter(|h| !before.contains(h))
            .chain(mine.iter())
            .copied()
            .collect();
        heads.sort();
        heads.dedup();
        let message = automerge::sync::Message {
            heads,
            need: Vec::new(),
            have: vec![automerge::sync::Have {
                last_sync: self.base.clone(),
                bloom: automerge::sync::BloomFilter::from_hashes(self.own.iter()),
            }],
            changes: vec![self.session.saved_since(before)].into(),
            flags: None,
            version: automerge::sync::MessageVersion::V1,
        };
        let frame = ClientFrame::Sync(message.encode()).encode();
        self.ws.send(Message::Binary(frame.into())).await?;
        Ok(())
    }

    /// Edits every `interval` until `stop`, then keeps receiving until `end`.
    pub async fn run(mut self, shared: &Shared, interval: Duration, stop: Instant, end: Instant) {
        let mut rng = rand::rngs::StdRng::seed_from_u64(self.index as u64);
        let phase = interval.mul_f64(rng.random::<f64>());
        let mut tick = tokio::time::interval_at((Instant::now() + phase).into(), interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut n = 0;
        loop {
            let editing = Instant::now() < stop;
            let result = tokio::select! {
                msg = self.ws.next() => match msg {
                    Some(Ok(Message::Binary(b))) => self.on_frames(b.to_vec(), shared).await,
                    Some(Ok(_)) => Ok(()),
                    _ => Err(anyhow!("connection closed")),
                },
                _ = tick.tick(), if editing => {
                    n += 1;
                    self.edit(&mut rng, shared, n).await
                }
                _ = tokio::time::sleep_until(end.into()) => break,
            };
            if let Err(e) = result {
                eprintln!("  client {} dropped: {e}", self.index);
                shared.dropped.fetch_add(1, Ordering::Relaxed);
                return;
            }
        }
        let _ = self.ws.close(None).await;
    }
}

/// Runs `editors`, each editing at `edits_per_sec` for `secs`, and
/// `watchers`, which only receive, until two seconds after the editing
/// stops; what they all recorded.
pub async fn run_all(
    editors: Vec<Client>,
    watchers: Vec<Client>,
    edits_per_sec: f64,
    secs: f64,
) -> anyhow::Result<std::sync::Arc<Shared>> {
    let shared = std::sync::Arc::new(Shared::default());
    let start = Instant::now();
    let stop = start + Duration::from_secs_f64(secs);
    let end = stop + Duration::from_secs(2);
    let interval = Duration::from_secs_f64(1.0 / edits_per_sec);
    let mut tasks = Vec::new();
    for (c, editing_until) in editors
        .into_iter()
        .map(|c| (c, stop))
        .chain(watchers.into_iter().map(|c| (c, start)))
    {
        let shared = shared.clone();
        tasks.push(tokio::spawn(async move {
            c.run(&shared, interval, editing_until, end).await
        }));
    }
    for t in tasks {
        t.await?;
    }
    Ok(shared)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_in_a_changes_header_is_the_start_of_its_hash() {
        let mut session = SyncSession::new(b"tag-test");
        let mut doc = automerge::AutoCommit::new();
        comap_shared::map_write::create_map(
            &mut doc,
            "Tags",
            comap_shared::templates::Template::PatientJourney,
            &mut SeededIds::new(3),
        )
        .expect("builds");
        session.adopt_document(&doc.save()).expect("adopts");
        let view = session.read().expect("reads");
        let cmd = Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: comap_shared::CardKind::Idea,
            text: "tagged".into(),
        };
        let author = Author {
            name: "T".into(),
            role: Role::Other,
            now_ms: 0,
        };
        let before = session.heads();
        session
            .apply(&cmd, &author, &mut SeededIds::new(4))
            .expect("applies");
        let head = session.heads()[0];
        let bytes = session.saved_since(&before);
        assert_eq!(tag_in_header(&bytes), Some(tag_of(&head)));
        assert_ne!(head, before[0]);
    }
}
