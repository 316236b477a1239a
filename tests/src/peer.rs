//! A protocol peer for tests: a real WebSocket and its own Automerge replica.

use crate::server::{CreatedMap, Server};
use anyhow::{Result, anyhow, bail};
use automerge::AutoCommit;
use comap_shared::presence::{Presence, Summon};
use comap_shared::protocol::{
    ClientFrame, ErrorFrame, FEATURE_CHANGES, FEATURE_PRESENCE, Hello, PROTOCOL_VERSION, PeerInfo,
    ServerFrame, Welcome,
};
use comap_shared::session::SyncSession;
use comap_shared::{Author, CardId, CardKind, Command, MapView, Role, SeededIds};
use futures_util::{SinkExt, StreamExt};
use std::collections::BTreeMap;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

mod edits;

pub type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

pub struct Peer {
    ws: Ws,
    pub session: SyncSession,
    pub welcome: Welcome,
    pub peers: Vec<PeerInfo>,
    pub acks: usize,
    /// The heads named by the latest ack (hex), all durable on the server.
    pub acked_heads: Vec<String>,
    /// Changes received as forwarded `change` frames.
    pub forwarded: usize,
    pub errors: Vec<ErrorFrame>,
    pub closed: bool,
    /// Others' presence as last relayed, by peer number.
    pub presence: BTreeMap<u64, Presence>,
    /// How many presence frames arrived.
    pub presence_frames: usize,
    pub summons: Vec<Summon>,
    /// Workshop facilitators' notices received.
    pub notices: Vec<comap_shared::protocol::Notice>,
    /// The room's state as the facilitator last set it (lock, timer).
    pub room: Option<comap_shared::protocol::RoomStatus>,
    /// This peer's own ballot, as the server last told it.
    pub ballot: Option<comap_shared::voting::BallotNews>,
    name: String,
    role: Role,
    ids: SeededIds,
}

/// Opens a raw WebSocket to the server.
pub async fn raw(url: &str) -> Result<Ws> {
    Ok(tokio_tungstenite::connect_async(url).await?.0)
}

/// Reads frames until the server closes or `wait` passes; returns the decoded frames.
pub async fn read_until_close(ws: &mut Ws, wait: Duration) -> Vec<ServerFrame> {
    let mut out = Vec::new();
    let deadline = tokio::time::Instant::now() + wait;
    while let Ok(Some(Ok(msg))) = tokio::time::timeout_at(deadline, ws.next()).await {
        match msg {
            Message::Binary(b) => {
                if let Ok(f) = ServerFrame::decode(&b) {
                    out.push(f);
                }
            }
            Message::Close(_) => break,
            _ => {}
        }
    }
    out
}

/// The voter id a test peer's browser would keep: its name, in the
/// characters voter ids have.
pub fn voter_of(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(64)
        .collect()
}

impl Peer {
    /// Joins `map` on `server` with its edit link.
    pub async fn edit(server: &Server, map: &CreatedMap, name: &str, role: Role) -> Result<Peer> {
        Peer::join(&server.ws_url(), &map.id, &map.edit_secret(), name, role).await
    }

    /// Joins `map` on `server` with its facilitator link.
    pub async fn facilitate(
        server: &Server,
        map: &CreatedMap,
        name: &str,
        role: Role,
    ) -> Result<Peer> {
        Peer::join(
            &server.ws_url(),
            &map.id,
            &map.facilitator_secret(),
            name,
            role,
        )
        .await
    }

    /// Joins `map` on `server` with its view link.
    pub async fn view(server: &Server, map: &CreatedMap, name: &str, role: Role) -> Result<Peer> {
        Peer::join(&server.ws_url(), &map.id, &map.view_secret(), name, role).await
    }

    /// Joins a map; fails with the server's error if it refuses.
    pub async fn join(url: &str, map: &str, secret: &str, name: &str, role: Role) -> Result<Peer> {
        Self::join_with(url, map, secret, name, role, None).await
    }

    /// Joins again with the replica of an earlier connection (after a server
    /// restart), so its changes not yet on the server are sent.
    pub async fn rejoin(
        url: &str,
        map: &str,
        secret: &str,
        name: &str,
        role: Role,
        mut session: SyncSession,
    ) -> Result<Peer> {
        session.reset_connection();
        Self::join_with(url, map, secret, name, role, Some(session)).await
    }

    /// This peer's replica, to rejoin with later.
    pub fn into_session(self) -> SyncSession {
        self.session
    }

    async fn join_with(
        url: &str,
        map: &str,
        secret: &str,
        name: &str,
        role: Role,
        session: Option<SyncSession>,
    ) -> Result<Peer> {
        let mut ws = raw(url).await?;
        let hello = ClientFrame::Hello(Hello {
            version: PROTOCOL_VERSION,
            map: map.into(),
            secret: secret.into(),
            name: name.into(),
            role,
            features: vec![FEATURE_CHANGES.into(), FEATURE_PRESENCE.into()],
            voter: Some(voter_of(name)),
        });
        ws.send(Message::Binary(hello.encode().into())).await?;
        let first = tokio::time::timeout(Duration::from_secs(5), ws.next())
            .await?
            .ok_or_else(|| anyhow!("closed before welcome"))??;
        let welcome = match ServerFrame::decode(&first.into_data())? {
            ServerFrame::Welcome(w) => w,
            ServerFrame::Error(e) => bail!("refused: {:?}: {}", e.code, e.message),
            other => bail!("unexpected first frame {other:?}"),
        };
        let seed = name.bytes().fold(welcome.peer, |a, b| {
            a.wrapping_mul(31).wrapping_add(b as u64)
        });
        let mut actor = seed.to_le_bytes().to_vec();
        actor.extend_from_slice(&rand::random::<[u8; 8]>());
        Ok(Peer {
            ws,
            session: session.unwrap_or_else(|| SyncSession::new(&actor)),
            welcome,
            peers: Vec::new(),
            acks: 0,
            acked_heads: Vec::new(),
            forwarded: 0,
            errors: Vec::new(),
            closed: false,
            presence: BTreeMap::new(),
            presence_frames: 0,
            summons: Vec::new(),
            notices: Vec::new(),
            room: None,
            ballot: None,
            name: name.into(),
            role,
            ids: SeededIds::new(rand::random()),
        })
    }

    /// Sends our next sync message, if any. A socket the server has closed
    /// marks the peer closed rather than failing: tests then look at `errors`.
    async fn flush(&mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        if let Some(bytes) = self.session.outgoing() {
            let frame = Message::Binary(ClientFrame::Sync(bytes).encode().into());
            if self.ws.send(frame).await.is_err() {
                self.closed = true;
            }
        }
        Ok(())
    }

    /// Sends one frame.
    pub async fn send(&mut self, frame: &ClientFrame) -> Result<()> {
        self.send_raw(frame.encode()).await
    }

    /// Sends raw bytes as one binary message.
    pub async fn send_raw(&mut self, bytes: Vec<u8>) -> Result<()> {
        Ok(self.ws.send(Message::Binary(bytes.into())).await?)
    }

    /// Sends a WebSocket ping (which the server must answer).
    pub async fn send_ping(&mut self) -> Result<()> {
        Ok(self.ws.send(Message::Ping(Vec::new().into())).await?)
    }

    /// Handles frames for `time`, however busy the map is.
    pub async fn pump_for(&mut self, time: Duration) -> Result<()> {
        let deadline = tokio::time::Instant::now() + time;
        while tokio::time::Instant::now() < deadline && !self.closed {
            self.pump(Duration::from_millis(50)).await?;
        }
        Ok(())
    }

    /// Handles frames until none arrives for `quiet`.
    pub async fn pump(&mut self, quiet: Duration) -> Result<()> {
        self.flush().await?;
        loop {
            let next = match tokio::time::timeout(quiet, self.ws.next()).await {
                Err(_) => return Ok(()),
                Ok(None) => {
                    self.closed = true;
                    return Ok(());
                }
                Ok(Some(m)) => m,
            };
            let msg = match next {
                Ok(m) => m,
                Err(_) => {
                    self.closed = true;
                    return Ok(());
                }
            };
            let bytes = match msg {
                Message::Binary(b) => b,
                Message::Close(_) => {
                    self.closed = true;
                    return Ok(());
                }
                _ => continue,
            };
            match ServerFrame::decode(&bytes)? {
                ServerFrame::Sync(b) => {
                    self.session.receive(&b)?;
                    self.flush().await?;
                }
                ServerFrame::Change(b) => {
                    self.session.receive_change(&b)?;
                    self.forwarded += 1;
                }
                ServerFrame::Peers(p) => self.peers = p.peers,
                ServerFrame::Ack(a) => {
                    self.acks += 1;
                    self.acked_heads = a.heads;
                }
                ServerFrame::Presence(p) => {
                    self.presence_frames += 1;
                    for u in p.updates {
                        self.presence.insert(u.peer, u.presence);
                    }
                }
                ServerFrame::Summon(s) => self.summons.push(s),
                ServerFrame::Notice(n) => self.notices.push(n),
                ServerFrame::Room(r) => {
                    let was_locked = self.room.as_ref().is_some_and(|old| old.locked);
                    let unlocked = was_locked && !r.locked;
                    self.room = Some(r);
                    if unlocked {
                        // As the page does: sync afresh, so edits held back
                        // while locked go now.
                        self.session.reset_connection();
                        self.flush().await?;
                    }
                }
                ServerFrame::Ballot(b) => self.ballot = Some(b),
                ServerFrame::Error(e) => self.errors.push(e),
                ServerFrame::Welcome(_) => bail!("second welcome"),
                // Only before a welcome, to a client that said it is empty.
                ServerFrame::Document(_) | ServerFrame::View(_) => {
                    bail!("a document or view after the welcome")
                }
            }
        }
    }

    /// Pumps until `done(map)` holds, or fails after `limit`.
    pub async fn wait_for(
        &mut self,
        limit: Duration,
        done: impl Fn(&MapView) -> bool,
    ) -> Result<MapView> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            self.pump(Duration::from_millis(50)).await?;
            if let Ok(view) = self.session.read()
                && done(&view)
            {
                return Ok(view);
            }
            if self.closed || tokio::time::Instant::now() > deadline {
                bail!(
                    "condition not reached within {limit:?} (closed: {})",
                    self.closed
                );
            }
        }
    }

    /// Whether the server has acknowledged every change of ours so far.
    pub fn all_acked(&mut self) -> bool {
        let heads = self.session.heads();
        heads
            .iter()
            .all(|h| self.acked_heads.contains(&h.to_string()))
    }

    /// Waits until the server has acknowledged every change of ours.
    pub async fn until_acked(&mut self, limit: Duration) -> Result<()> {
        let deadline = tokio::time::Instant::now() + limit;
        while !self.all_acked() {
            anyhow::ensure!(
                tokio::time::Instant::now() < deadline,
                "changes not acknowledged within {limit:?}"
            );
            self.pump(Duration::from_millis(50)).await?;
        }
        Ok(())
    }

    /// Waits for the next error frame from the server.
    pub async fn next_error(&mut self, limit: Duration) -> Result<ErrorFrame> {
        let seen = self.errors.len();
        let deadline = tokio::time::Instant::now() + limit;
        while self.errors.len() == seen {
            anyhow::ensure!(
                !self.closed && tokio::time::Instant::now() < deadline,
                "no error within {limit:?} (closed: {})",
                self.closed
            );
            self.pump(Duration::from_millis(50)).await?;
        }
        Ok(self.errors[seen].clone())
    }
}
