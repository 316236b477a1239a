//! Scenario 2: cold load. A map of many cards and a long history is on disk
//! and not open; a new person joins. Timed from their hello to their replica
//! holding everything the server has, after the server unloaded the map.

use crate::stats::{self, Summary};
use anyhow::{Context, Result, anyhow, bail};
use automerge::ChangeHash;
use comap_shared::protocol::{
    ClientFrame, FEATURE_CHANGES, FEATURE_EMPTY, Hello, PROTOCOL_VERSION, ServerFrame,
};
use comap_shared::session::SyncSession;
use comap_shared::{Author, CardKind, Command, Role, SeededIds};
use comap_tests::{CreatedMap, Server};
use futures_util::{SinkExt, StreamExt};
use std::path::Path;
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Changes sent to the server in one sync message while building the map.
const BUILD_BATCH: usize = 250;

#[derive(Debug, Clone)]
pub struct ColdResult {
    pub cards: usize,
    pub changes: usize,
    /// The map as the server stores it (one snapshot once it has unloaded it).
    pub stored_kib: f64,
    pub load: Summary,
    /// From hello to the welcome: the map open on the server, the newcomer's
    /// edits accepted from then on.
    pub welcome: Summary,
    pub loads: usize,
    /// How much a fresh server process's resident memory grows when the map
    /// is opened for the first load, right after the load.
    pub rss_per_map_mib: f64,
    /// The same, `SETTLE` later with the map still open: what an open map
    /// keeps once the allocator has given back the load's peak.
    pub rss_settled_mib: f64,
}

/// How long after the first load the settled memory is read.
const SETTLE: std::time::Duration = std::time::Duration::from_secs(5);

/// Builds a map of `cards` cards and `changes` changes in all through the
/// protocol, then joins it `loads` times, each time after the server
/// unloaded it (idle for a second).
pub async fn run(
    server_bin: &Path,
    cards: usize,
    changes: usize,
    loads: usize,
) -> Result<ColdResult> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_bin_with(server_bin, dir.path(), &["--idle-unload-secs", "1"])?;
    let map = server.create_map("Cold load", "patient-journey").await?;
    eprintln!("cold load: building {cards} cards, {changes} changes");
    let target = build(&server, &map, cards, changes).await?;
    wait_unloaded(&server).await?;
    // A fresh process, so that the first load's memory is the map's own (an
    // allocator keeps what a process freed for its next use).
    let mut server = server;
    server.restart()?;
    let before = stats::status_kib(server.pid(), "VmRSS").unwrap_or(0);
    let mut times = Vec::new();
    let mut welcomes = Vec::new();
    let mut rss_per_map_kib = 0;
    let mut rss_settled_kib = 0;
    for i in 0..loads {
        wait_unloaded(&server).await?;
        let (ws, took, welcomed) = join_until(&server, &map, &target).await?;
        welcomes.push(welcomed);
        if i == 0 {
            let after = stats::status_kib(server.pid(), "VmRSS").unwrap_or(0);
            rss_per_map_kib = after.saturating_sub(before);
            tokio::time::sleep(SETTLE).await;
            let settled = stats::status_kib(server.pid(), "VmRSS").unwrap_or(0);
            rss_settled_kib = settled.saturating_sub(before);
        }
        times.push(took);
        drop(ws);
    }
    wait_unloaded(&server).await?;
    let stored_kib = stored_kib(&server);
    Ok(ColdResult {
        cards,
        changes,
        stored_kib,
        load: stats::summarize(&mut times),
        welcome: stats::summarize(&mut welcomes),
        loads,
        rss_per_map_mib: rss_per_map_kib as f64 / 1024.0,
        rss_settled_mib: rss_settled_kib as f64 / 1024.0,
    })
}

fn stored_kib(server: &Server) -> f64 {
    server
        .stored_bytes()
        .map(|b| b.len() as f64 / 1024.0)
        .unwrap_or(0.0)
}

async fn connect(server: &Server, map: &CreatedMap, name: &str) -> Result<Ws> {
    let (mut ws, _) = tokio_tungstenite::connect_async(server.ws_url()).await?;
    let hello = ClientFrame::Hello(Hello {
        version: PROTOCOL_VERSION,
        map: map.id.clone(),
        secret: map.edit_secret(),
        name: name.into(),
        role: Role::Professional,
        // Both the builder and each newcomer start with nothing.
        features: vec![FEATURE_CHANGES.into(), FEATURE_EMPTY.into()],
        voter: None,
    });
    ws.send(Message::Binary(hello.encode().into())).await?;
    Ok(ws)
}

async fn flush(ws: &mut Ws, session: &mut SyncSession) -> Result<()> {
    if let Some(bytes) = session.outgoing() {
        ws.send(Message::Binary(ClientFrame::Sync(bytes).encode().into()))
            .await?;
    }
    Ok(())
}

/// Handles frames until `done` holds (or `limit` passes).
async fn pump_until(
    ws: &mut Ws,
    session: &mut SyncSession,
    limit: Duration,
    mut done: impl FnMut(&mut SyncSession, &ServerFrame) -> bool,
) -> Result<()> {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let msg = tokio::time::timeout(left, ws.next())
            .await
            .map_err(|_| anyhow!("no answer from the server within {limit:?}"))?
            .ok_or_else(|| anyhow!("the server closed the connection"))??;
        let Message::Binary(bytes) = msg else {
            continue;
        };
        let frame = ServerFrame::decode(&bytes)?;
        match &frame {
            ServerFrame::Sync(b) => {
                session.receive(b)?;
                flush(ws, session).await?;
            }
            ServerFrame::Change(b) => {
                session.receive_change(b)?;
            }
            ServerFrame::Document(b) => {
                session.adopt_document(b)?;
            }
            ServerFrame::Error(e) => bail!("server error: {:?} {}", e.code, e.message),
            _ => {}
        }
        if done(session, &frame) {
            return Ok(());
        }
    }
}

fn same_heads(mut a: Vec<ChangeHash>, b: &[ChangeHash]) -> bool {
    let mut b = b.to_vec();
    a.sort();
    b.sort();
    a == b
}

/// Adds `cards` cards, then edits their texts until `changes` changes were
/// made, each its own change, sent `BUILD_BATCH` at a time and acknowledged.
/// Returns the map's heads.
pub async fn build(
    server: &Server,
    map: &CreatedMap,
    cards: usize,
    changes: usize,
) -> Result<Vec<ChangeHash>> {
    let mut ws = connect(server, map, "Builder").await?;
    let mut session = SyncSession::new(&rand::random::<[u8; 16]>());
    pump_until(&mut ws, &mut session, Duration::from_secs(30), |s, _| {
        s.has_map()
    })
    .await?;
    let view = session.read()?;
    let author = Author {
        name: "Builder".into(),
        role: Role::Professional,
        now_ms: 1,
    };
    let mut ids = SeededIds::new(0xc01d);
    let mut card_ids: Vec<comap_shared::CardId> = Vec::with_capacity(cards);
    for made in 0..changes.max(cards) {
        let cmd = if made < cards {
            Command::AddCard {
                stage: view.stages[made % view.stages.len()].id.clone(),
                lane: view.lanes[(made / view.stages.len()) % view.lanes.len()]
                    .id
                    .clone(),
                kind: CardKind::ALL[made % CardKind::ALL.len()],
                text: format!(
                    "Card {made}: waited six weeks for a letter about the next appointment"
                ),
            }
        } else {
            Command::EditText {
                card: card_ids[made % card_ids.len()].clone(),
                text: format!("Edit {made}: waited six weeks for a letter"),
            }
        };
        if let Some(id) = session.apply(&cmd, &author, &mut ids)? {
            card_ids.push(id);
        }
        // Reading the heads ends the change, so each command is one change.
        let heads = session.heads();
        if (made + 1) % BUILD_BATCH == 0 || made + 1 == changes.max(cards) {
            flush(&mut ws, &mut session).await?;
            pump_until(&mut ws, &mut session, Duration::from_secs(60), |_, f| {
                matches!(f, ServerFrame::Ack(a) if heads.iter().all(|h| a.heads.contains(&h.to_string())))
            })
            .await
            .context("building the cold-load map")?;
        }
    }
    let heads = session.heads();
    let _ = ws.close(None).await;
    Ok(heads)
}

/// Waits until the server has no map open (it unloads idle ones).
pub(crate) async fn wait_unloaded(server: &Server) -> Result<()> {
    server.wait_no_open_maps(Duration::from_secs(30)).await
}

/// Joins with an empty replica and times until it holds `target`, and until
/// the welcome (which may come later: the stored map arrives first).
async fn join_until(
    server: &Server,
    map: &CreatedMap,
    target: &[ChangeHash],
) -> Result<(Ws, Duration, Duration)> {
    let started = Instant::now();
    let mut ws = connect(server, map, "Newcomer").await?;
    let mut session = SyncSession::new(&rand::random::<[u8; 16]>());
    let (mut document, mut welcome, mut took) = (None, None, None);
    pump_until(&mut ws, &mut session, Duration::from_secs(30), |s, f| {
        let at = started.elapsed();
        match f {
            ServerFrame::Document(_) if document.is_none() => document = Some(at),
            ServerFrame::Welcome(_) if welcome.is_none() => welcome = Some(at),
            _ => {}
        }
        if took.is_none() && same_heads(s.heads(), target) {
            took = Some(at);
        }
        took.is_some() && welcome.is_some()
    })
    .await
    .context("a newcomer catching up")?;
    let (took, welcome) = (took.unwrap_or_default(), welcome.unwrap_or_default());
    eprintln!(
        "  cold load {took:?} (the stored map received and loaded after {document:?}), the welcome after {welcome:?}"
    );
    Ok((ws, took, welcome))
}
