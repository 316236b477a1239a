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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compressed_change_that_inflates_to_200_mb_is_refused_uninflated() -> Result<()> {
    let attack = Attack::start().await?;
    let bomb = chunk(2, &deflated_zeros(200 << 20)?);
    ensure!(bomb.len() < 256 * 1024, "bomb is {} bytes", bomb.len());
    for _ in 0..6 {
        let code = attack
            .refused(sync_frame(vec![bomb.clone()], vec![]))
            .await?;
        ensure!(code == ErrorCode::BadSync, "refused with {code:?}");
    }
    attack.finish(|m| m.cards.is_empty()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_document_holding_a_200_mb_string_is_refused() -> Result<()> {
    let attack = Attack::start().await?;
    let mut doc = AutoCommit::new();
    doc.put(ROOT, "x", "a".repeat(200 << 20))?;
    let saved = doc.save();
    ensure!(
        saved.len() < 256 * 1024,
        "document is {} bytes",
        saved.len()
    );
    for _ in 0..2 {
        let code = attack
            .refused(sync_frame(vec![saved.clone()], vec![]))
            .await?;
        ensure!(code == ErrorCode::BadSync, "refused with {code:?}");
    }
    attack.finish(|m| m.cards.is_empty()).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bundle_hidden_behind_a_change_is_refused() -> Result<()> {
    let attack = Attack::start().await?;
    let mut p = attack.attacker().await?;
    let change = {
        let mut doc = AutoCommit::load(&p.session.save())?;
        doc.put(ROOT, "harmless", 1)?;
        doc.commit();
        doc.get_last_local_change()
            .map(|c| c.raw_bytes().to_vec())
            .unwrap_or_default()
    };
    // Fuzzing found this 318-byte bundle (after the fuzzer's first byte)
    // that decodes into over 2 GiB.
    let known =
        std::fs::read(comap_tests::workspace_root().join("fuzz/known/oom-change-decode.bin"))?;
    let mut entry = change;
    entry.extend_from_slice(&known[1..]);
    p.send_raw(sync_frame(vec![entry], vec![])).await?;
    p.pump(Duration::from_millis(500)).await?;
    ensure!(
        p.errors.first().map(|e| e.code) == Some(ErrorCode::BadSync),
        "errors: {:?}",
        p.errors
    );
    attack.finish(|m| m.cards.is_empty()).await
}

/// Changes that depend on one the server never gets: `n` of them, each
/// carrying `size` bytes of text, and the heads of the replica that made
/// them.
fn orphans(
    base: &[u8],
    n: usize,
    size: usize,
) -> Result<(Vec<Vec<u8>>, Vec<automerge::ChangeHash>)> {
    let mut doc = AutoCommit::load(base)?.with_actor(automerge::ActorId::from(b"orphans".to_vec()));
    doc.put(ROOT, "never-sent", 1)?;
    doc.commit();
    let mut out = Vec::new();
    for i in 0..n {
        doc.put(ROOT, format!("k{i}"), "o".repeat(size))?;
        doc.commit();
        if let Some(c) = doc.get_last_local_change() {
            out.push(c.raw_bytes().to_vec());
        }
    }
    Ok((out, doc.get_heads()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_whose_dependencies_never_come_wait_one_round_then_are_refused() -> Result<()> {
    let attack = Attack::start().await?;
    let mut p = attack.attacker().await?;
    let base = p.session.save();
    let (batch, heads) = orphans(&base, 4, 50_000)?;
    // The first message's changes may wait (the server asks for what is missing).
    p.send_raw(sync_frame(batch, heads)).await?;
    p.pump(Duration::from_millis(300)).await?;
    ensure!(p.errors.is_empty(), "refused too soon: {:?}", p.errors);
    // More changes while those still wait: refused, and nothing is kept.
    let (batch, heads) = orphans(&base, 4, 50_000)?;
    p.send_raw(sync_frame(batch, heads)).await?;
    let deadline = tokio::time::Instant::now() + WAIT;
    while p.errors.is_empty() && !p.closed && tokio::time::Instant::now() < deadline {
        p.pump(Duration::from_millis(50)).await?;
    }
    ensure!(
        p.errors.first().map(|e| e.code) == Some(ErrorCode::BadSync),
        "errors: {:?}",
        p.errors
    );
    // The same from many editors, each leaving after one message: what
    // waited goes with them.
    for _ in 0..6 {
        let mut q = attack.attacker().await?;
        let (batch, heads) = orphans(&q.session.save(), 4, 50_000)?;
        q.send_raw(sync_frame(batch, heads)).await?;
        q.pump(Duration::from_millis(100)).await?;
    }
    attack.finish(|m| m.cards.is_empty()).await
}
