//! Sync messages built to make the server hold memory: each is refused (or
//! bounded), the server's resident memory grows by less than 128 MiB, and a
//! person editing another map meanwhile has every edit acknowledged within
//! 250 ms and loses nothing.

use anyhow::{Result, ensure};
use automerge::sync::{ChunkList, Message, MessageVersion};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ROOT};
use comap_shared::chunks::MAGIC;
use comap_shared::protocol::{ClientFrame, ErrorCode};
use comap_shared::{MapView, Role};
use comap_tests::bystander::{Bystander, MemoryWatch};
use comap_tests::{CreatedMap, Peer, Server};
use std::io::Write;
use std::time::Duration;

mod bombs;
mod orphans;
mod readers;

const WAIT: Duration = Duration::from_secs(10);

const ACK_LIMIT: Duration = Duration::from_millis(250);

const MEMORY_LIMIT_MIB: f64 = 128.0;

/// A sync frame carrying `entries` as its changes, with `heads`.
fn sync_frame(entries: Vec<Vec<u8>>, heads: Vec<automerge::ChangeHash>) -> Vec<u8> {
    let msg = Message {
        heads,
        need: Vec::new(),
        have: Vec::new(),
        changes: ChunkList::from(entries),
        flags: None,
        version: MessageVersion::V1,
    };
    ClientFrame::Sync(msg.encode()).encode()
}

/// A chunk of `kind` whose body is `body`, with a checksum nobody checks first.
fn chunk(kind: u8, body: &[u8]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&[0, 0, 0, 0, kind]);
    let mut len = body.len() as u64;
    loop {
        let b = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(body);
    out
}

/// Raw DEFLATE of `n` zero bytes: about a thousandth of `n`.
fn deflated_zeros(n: usize) -> Result<Vec<u8>> {
    let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![0u8; 1 << 20];
    for _ in 0..n / block.len() {
        enc.write_all(&block)?;
    }
    Ok(enc.finish()?)
}

/// An attack lasts at least this long, so the bystander is measured.
const AT_LEAST: Duration = Duration::from_millis(1500);

struct Attack {
    started: tokio::time::Instant,
    _dir: tempfile::TempDir,
    server: Server,
    map: CreatedMap,
    bystander: Bystander,
    watch: MemoryWatch,
}

impl Attack {
    /// A server, a map to attack, a bystander on a map of its own, and the
    /// server's memory watched from now.
    async fn start() -> Result<Attack> {
        let dir = tempfile::tempdir()?;
        let server = Server::start(dir.path())?;
        let map = server.create_map("Target", "patient-journey").await?;
        let bystander = Bystander::start(&server).await?;
        let watch = MemoryWatch::start(server.pid());
        Ok(Attack {
            started: tokio::time::Instant::now(),
            _dir: dir,
            server,
            map,
            bystander,
            watch,
        })
    }

    async fn attacker(&self) -> Result<Peer> {
        let mut p = Peer::edit(&self.server, &self.map, "Mallory", Role::Other).await?;
        p.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
        Ok(p)
    }

    /// Sends `frame` as a fresh editor and returns the error it got.
    async fn refused(&self, frame: Vec<u8>) -> Result<ErrorCode> {
        let mut p = self.attacker().await?;
        p.send_raw(frame).await?;
        let deadline = tokio::time::Instant::now() + WAIT;
        while p.errors.is_empty() && !p.closed && tokio::time::Instant::now() < deadline {
            p.pump(Duration::from_millis(50)).await?;
        }
        p.errors
            .first()
            .map(|e| e.code)
            .ok_or_else(|| anyhow::anyhow!("no refusal"))
    }

    /// The bystander was served, memory stayed bounded, and the attacked
    /// map is still what it was (checked with `ok`).
    async fn finish(self, ok: impl Fn(&MapView) -> bool) -> Result<()> {
        tokio::time::sleep_until(self.started + AT_LEAST).await;
        let grew = self.watch.finish().await?;
        let calm = self.bystander.finish().await?;
        calm.check(ACK_LIMIT)?;
        ensure!(
            grew < MEMORY_LIMIT_MIB,
            "the server's memory grew by {grew:.0} MiB during the attack"
        );
        let mut check = Peer::view(&self.server, &self.map, "Check", Role::Other).await?;
        let map = check.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
        ensure!(ok(&map), "the attacked map changed: {map:?}");
        eprintln!(
            "memory grew {grew:.1} MiB; bystander: {} edits, slowest ack {:?}",
            calm.written, calm.slowest_ack
        );
        Ok(())
    }
}

/// A WebSocket that says hello (with `features`) and then never reads.
async fn silent(
    server: &Server,
    map: &CreatedMap,
    secret: String,
    features: &[&str],
) -> Result<comap_tests::peer::Ws> {
    use futures_util::SinkExt;
    let mut ws = comap_tests::peer::raw(&server.ws_url()).await?;
    let hello = ClientFrame::Hello(comap_shared::protocol::Hello {
        version: comap_shared::protocol::PROTOCOL_VERSION,
        map: map.id.clone(),
        secret,
        name: "Silent".into(),
        role: Role::Other,
        features: features.iter().map(|f| f.to_string()).collect(),
        voter: None,
    });
    ws.send(tokio_tungstenite::tungstenite::Message::Binary(
        hello.encode().into(),
    ))
    .await?;
    Ok(ws)
}
