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
    orphans_from(base, "orphans", n, size)
}

/// The same, made by the replica `actor`.
fn orphans_from(
    base: &[u8],
    actor: &str,
    n: usize,
    size: usize,
) -> Result<(Vec<Vec<u8>>, Vec<automerge::ChangeHash>)> {
    let mut doc =
        AutoCommit::load(base)?.with_actor(automerge::ActorId::from(actor.as_bytes().to_vec()));
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
async fn changes_whose_dependencies_never_come_wait_a_little_then_are_refused() -> Result<()> {
    let attack = Attack::start().await?;
    let mut p = attack.attacker().await?;
    let base = p.session.save();
    // The first message's changes may wait (the server asks for what is
    // missing, as after a Bloom filter's false positive).
    let (batch, heads) = orphans(&base, 4, 50_000)?;
    p.send_raw(sync_frame(batch, heads)).await?;
    p.pump(Duration::from_millis(300)).await?;
    ensure!(p.errors.is_empty(), "refused too soon: {:?}", p.errors);
    // More that never apply: refused once they hold more than 1 MiB, and
    // nothing is kept.
    for i in 0..8 {
        if !p.errors.is_empty() || p.closed {
            break;
        }
        // Each batch from a replica of its own, so none repeats another.
        let (batch, heads) = orphans_from(&base, &format!("orphans-{i}"), 4, 50_000)?;
        p.send_raw(sync_frame(batch, heads)).await?;
        p.pump(Duration::from_millis(200)).await?;
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
    // One that sends a single message and then falls silent is refused when
    // the wait is over, not kept until it leaves.
    let base = attack.attacker().await?.session.save();
    let mut quiet = silent(
        &attack.server,
        &attack.map,
        attack.map.edit_secret(),
        &["changes"],
    )
    .await?;
    let (batch, heads) = orphans_from(&base, "quiet", 1, 1_000)?;
    let sent = tokio::time::Instant::now();
    {
        use futures_util::SinkExt;
        quiet
            .send(tokio_tungstenite::tungstenite::Message::Binary(
                sync_frame(batch, heads).into(),
            ))
            .await?;
    }
    let frames = comap_tests::peer::read_until_close(&mut quiet, Duration::from_secs(10)).await;
    let waited = sent.elapsed();
    ensure!(
        frames.iter().any(|f| matches!(
            f,
            comap_shared::protocol::ServerFrame::Error(e) if e.code == ErrorCode::BadSync
        )),
        "a silent peer's waiting changes were kept: {frames:?}"
    );
    ensure!(
        waited < Duration::from_secs(8),
        "refused only after {waited:?}"
    );
    attack.finish(|m| m.cards.is_empty()).await
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

/// Random letters that do not compress much, as people's words.
fn words(n: usize, seed: u64) -> String {
    let mut x = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    (0..n)
        .map(|i| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if i % 7 == 6 {
                ' '
            } else {
                char::from(b'a' + ((x >> 33) % 26) as u8)
            }
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn newcomers_that_never_read_a_large_stored_map_hold_bounded_memory() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--idle-unload-secs", "1"])?;
    let map = server.create_map("Large", "patient-journey").await?;
    let mut writer = Peer::edit(&server, &map, "Writer", Role::Carer).await?;
    let view = writer.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    // Large to send (5 MiB stored, so 60 copies would be 300 MiB), and the
    // room that opens for it (Automerge holding all that text)
    // well inside the limit: with 400 cards (7.8 MiB) the growth measured
    // 104-130 MiB from run to run, with 300 cards 82-86 MiB.
    for i in 0..300 {
        writer
            .apply(comap_shared::Command::AddCard {
                stage: view.stages[i % view.stages.len()].id.clone(),
                lane: view.lanes[i % view.lanes.len()].id.clone(),
                kind: comap_shared::CardKind::Note,
                text: words(2_000, i as u64),
            })
            .await?;
        if i % 20 == 19 {
            writer.until_acked(Duration::from_secs(60)).await?;
        }
    }
    writer.until_acked(Duration::from_secs(60)).await?;
    drop(writer);
    server.wait_no_open_maps(WAIT).await?;
    let stored_mib = server.stored_bytes()?.len() as f64 / (1 << 20) as f64;
    let bystander = Bystander::start(&server).await?;
    let watch = MemoryWatch::start(server.pid());
    let mut sockets = Vec::new();
    for _ in 0..60 {
        sockets.push(
            silent(
                &server,
                &map,
                map.view_secret(),
                &[comap_shared::protocol::FEATURE_EMPTY],
            )
            .await?,
        );
    }
    // Past the send deadline.
    tokio::time::sleep(Duration::from_secs(11)).await;
    let grew = watch.finish().await?;
    let calm = bystander.finish().await?;
    let slow = server
        .metric("comap_refused_total{reason=\"slow_reader\"}")
        .await
        .unwrap_or(0.0);
    let peers = server.metric("comap_connected_peers").await?;
    eprintln!(
        "stored {stored_mib:.1} MiB; 60 silent newcomers: memory grew {grew:.1} MiB, {slow} dropped as slow readers, {peers} peers left; bystander slowest ack {:?}",
        calm.slowest_ack
    );
    calm.check(ACK_LIMIT)?;
    ensure!(stored_mib > 0.5, "the map is only {stored_mib:.1} MiB");
    ensure!(grew < MEMORY_LIMIT_MIB, "memory grew {grew:.0} MiB");
    // (Whether they are dropped depends on how much the kernel's socket
    // buffers take; the writer's deadline is tested in `ws.rs`.)
    drop(sockets);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn view_links_that_never_read_a_busy_map_hold_bounded_memory() -> Result<()> {
    let attack = Attack::start().await?;
    let mut writer = attack.attacker().await?;
    let view = writer.map()?;
    let mut sockets = Vec::new();
    for _ in 0..40 {
        sockets.push(
            silent(
                &attack.server,
                &attack.map,
                attack.map.view_secret(),
                &[comap_shared::protocol::FEATURE_CHANGES],
            )
            .await?,
        );
    }
    // A busy map: a card of 2,000 letters every 25 ms for 12 s.
    let until = tokio::time::Instant::now() + Duration::from_secs(12);
    let mut i = 0;
    while tokio::time::Instant::now() < until {
        writer
            .apply(comap_shared::Command::AddCard {
                stage: view.stages[i % view.stages.len()].id.clone(),
                lane: view.lanes[0].id.clone(),
                kind: comap_shared::CardKind::Idea,
                text: words(2_000, i as u64),
            })
            .await?;
        writer.pump(Duration::from_millis(25)).await?;
        i += 1;
    }
    writer.until_acked(Duration::from_secs(30)).await?;
    ensure!(
        writer.errors.is_empty(),
        "the writer was refused: {:?}",
        writer.errors
    );
    drop(sockets);
    let cards = i;
    attack.finish(|m| m.cards.len() == cards).await
}

#[tokio::test]
async fn over_its_memory_budget_the_server_refuses_joins_but_keeps_serving() -> Result<()> {
    let dir = tempfile::tempdir()?;
    // A budget below what any process uses: always over it.
    let server = Server::start_with(dir.path(), &["--max-memory-mb", "1"])?;
    let map = server.create_map("Budget", "patient-journey").await?;
    tokio::time::sleep(Duration::from_millis(700)).await;
    let joined = Peer::edit(&server, &map, "Late", Role::Carer).await;
    let refused = match joined {
        Err(e) => e.to_string(),
        Ok(mut p) => {
            p.pump(Duration::from_millis(300)).await?;
            format!("{:?}", p.errors)
        }
    };
    ensure!(
        refused.contains("ServerBusy") || refused.contains("server_busy"),
        "the join was not refused: {refused}"
    );
    let refusals = server
        .metric("comap_refused_total{reason=\"memory_budget\"}")
        .await?;
    ensure!(refusals >= 1.0, "{refusals}");
    ensure!(
        reqwest::get(format!("{}/healthz", server.http()))
            .await?
            .status()
            == 200
    );
    Ok(())
}

fn sleb(mut v: i64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn uleb(mut v: u64, out: &mut Vec<u8>) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// A change of about 60 bytes whose run-length columns claim `rows` puts
/// of null at key "k": Automerge counts every one while it parses the
/// change (measured: 3.6 s for 2^24 rows, release build).
fn run_length_bomb(rows: i64) -> Vec<u8> {
    let run = |value: &[u8]| {
        let mut c = Vec::new();
        sleb(rows, &mut c);
        c.extend_from_slice(value);
        c
    };
    let mut falses = Vec::new();
    uleb(rows as u64, &mut falses);
    // Key string, insert, action, value metadata, predecessor groups.
    let columns: [(u64, Vec<u8>); 5] = [
        (0x15, run(&[1, b'k'])),
        (0x34, falses),
        (0x42, run(&[1])),
        (0x56, run(&[0])),
        (0x70, run(&[0])),
    ];
    // No deps, actor 0xaa, seq 1, start op 1, time 0, no message, no others.
    let mut body = vec![0u8, 1, 0xaa, 1, 1, 0, 0, 0];
    uleb(columns.len() as u64, &mut body);
    for (spec, data) in &columns {
        uleb(*spec, &mut body);
        uleb(data.len() as u64, &mut body);
    }
    for (_, data) in &columns {
        body.extend_from_slice(data);
    }
    let mut chunk = MAGIC.to_vec();
    chunk.extend_from_slice(&[0, 0, 0, 0, 1]);
    uleb(body.len() as u64, &mut chunk);
    chunk.extend(body);
    chunk
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_whose_runs_claim_a_trillion_operations_is_refused_at_once() -> Result<()> {
    let attack = Attack::start().await?;
    let bomb = run_length_bomb(1 << 40);
    ensure!(bomb.len() < 100, "the bomb is {} bytes", bomb.len());
    let started = tokio::time::Instant::now();
    let code = attack.refused(sync_frame(vec![bomb], vec![])).await?;
    ensure!(code == ErrorCode::BadSync, "refused with {code:?}");
    ensure!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    attack.finish(|m| m.cards.is_empty()).await
}
