//! The abuse suite: while a well-behaved pair edits one map, every kind of
//! misbehaviour is thrown at the server. Each is refused as specified, and
//! the pair's edits all arrive, acknowledged, throughout.

use anyhow::{Result, ensure};
use automerge::ROOT;
use automerge::transaction::Transactable;
use comap_shared::protocol::{ClientFrame, ErrorCode, ServerFrame};
use comap_shared::session::SyncSession;
use comap_shared::{CardKind, Command, Role, keys};
use comap_tests::peer::{raw, read_until_close};
use comap_tests::{Peer, Server};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

const WAIT: Duration = Duration::from_secs(5);

/// What the well-behaved pair saw.
struct Calm {
    written: usize,
    all_acked: bool,
    arrived: usize,
    errors: usize,
}

/// A writer adds a card every 50 ms until `stop`; a viewer follows. Returns
/// when the viewer has every card.
async fn calm_pair(
    server_ws: String,
    map: comap_tests::CreatedMap,
    stop: Arc<AtomicBool>,
) -> Result<Calm> {
    let mut writer = Peer::join(
        &server_ws,
        &map.id,
        &map.edit_secret(),
        "Calm writer",
        Role::Patient,
    )
    .await?;
    let mut reader = Peer::join(
        &server_ws,
        &map.id,
        &map.view_secret(),
        "Calm reader",
        Role::Carer,
    )
    .await?;
    let view = writer.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    let mut written = 0;
    while !stop.load(Ordering::Relaxed) {
        writer
            .apply(Command::AddCard {
                stage: view.stages[written % view.stages.len()].id.clone(),
                lane: view.lanes[0].id.clone(),
                kind: CardKind::Idea,
                text: format!("calm {written}"),
            })
            .await?;
        written += 1;
        writer.pump(Duration::from_millis(25)).await?;
        reader.pump(Duration::from_millis(25)).await?;
    }
    let seen = reader.wait_for(WAIT, |m| m.cards.len() == written).await?;
    let deadline = tokio::time::Instant::now() + WAIT;
    while !writer.all_acked() && tokio::time::Instant::now() < deadline {
        writer.pump(Duration::from_millis(50)).await?;
    }
    Ok(Calm {
        written,
        all_acked: writer.all_acked(),
        arrived: seen.cards.len(),
        errors: writer.errors.len() + reader.errors.len(),
    })
}

fn refused(peer: &Peer, code: ErrorCode) -> bool {
    peer.closed && peer.errors.iter().any(|e| e.code == code)
}

async fn attacker(server: &Server, map: &comap_tests::CreatedMap) -> Result<Peer> {
    let mut p = Peer::edit(server, map, "Mallory", Role::Other).await?;
    p.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    Ok(p)
}

#[tokio::test]
async fn every_attack_is_refused_while_a_calm_map_keeps_editing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--hello-timeout-secs", "2"])?;
    let calm = server.create_map("Calm", "patient-journey").await?;
    let target = server.create_map("Target", "patient-journey").await?;
    let stop = Arc::new(AtomicBool::new(false));
    let pair = tokio::spawn(calm_pair(server.ws_url(), calm.clone(), stop.clone()));
    let mut refusals = 0;

    // 1. A frame over the size limit.
    let mut p = attacker(&server, &target).await?;
    let mut big = vec![comap_shared::protocol::tag::SYNC];
    big.resize(300 * 1024, 7);
    p.send_raw(big).await?;
    p.pump(Duration::from_millis(300)).await?;
    ensure!(
        refused(&p, ErrorCode::FrameTooLarge),
        "oversized: {:?}",
        p.errors
    );
    refusals += 1;

    // 2. Ten thousand small messages as fast as one socket can send them.
    let mut p = attacker(&server, &target).await?;
    let frame =
        ClientFrame::Sync(SyncSession::new(b"flood").outgoing().unwrap_or_default()).encode();
    for _ in 0..10_000 {
        if p.send_raw(frame.clone()).await.is_err() {
            break;
        }
    }
    p.pump(Duration::from_millis(300)).await?;
    ensure!(refused(&p, ErrorCode::RateLimited), "flood: {:?}", p.errors);
    refusals += 1;

    // 3. 200 half-open connections: 100 TCP connections that never send a
    // request, 100 WebSockets that never say hello.
    let mut silent_tcp = Vec::new();
    for _ in 0..100 {
        silent_tcp.push(TcpStream::connect(server.addr).await?);
    }
    let mut silent_ws = Vec::new();
    for _ in 0..100 {
        silent_ws.push(raw(&server.ws_url()).await?);
    }
    let timed_out = futures_util::future::join_all(
        silent_ws
            .iter_mut()
            .map(|ws| read_until_close(ws, Duration::from_secs(6))),
    )
    .await;
    for frames in &timed_out {
        ensure!(
            matches!(frames.as_slice(), [ServerFrame::Error(e)] if e.code == ErrorCode::HelloTimeout),
            "half-open websocket: {frames:?}"
        );
    }
    refusals += timed_out.len();
    // Connections that never finish a request are closed by the server's
    // header deadline (10 s).
    let closed = futures_util::future::join_all(silent_tcp.iter_mut().map(|tcp| async move {
        let mut byte = [0u8; 1];
        matches!(
            tokio::time::timeout(Duration::from_secs(15), tcp.read(&mut byte)).await,
            Ok(Ok(0) | Err(_))
        )
    }))
    .await;
    ensure!(
        closed.iter().all(|c| *c),
        "{} silent TCP connections were left open",
        closed.iter().filter(|c| !**c).count()
    );
    refusals += closed.len();

    // 4. Garbage bytes instead of HTTP.
    let mut tcp = TcpStream::connect(server.addr).await?;
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    tcp.write_all(&garbage).await?;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(WAIT, tcp.read_to_end(&mut answer)).await;
    ensure!(read.is_ok(), "the server kept a garbage connection open");
    ensure!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 400"),
        "garbage answered with {:?}",
        String::from_utf8_lossy(&answer[..answer.len().min(80)])
    );
    refusals += 1;

    // 5. A valid hello, then garbage frames: an unknown type, and a sync
    // frame that is not a sync message.
    for bytes in [
        vec![0x99, 1, 2, 3],
        vec![comap_shared::protocol::tag::SYNC, 0xff, 0xfe],
    ] {
        let mut p = attacker(&server, &target).await?;
        p.send_raw(bytes).await?;
        p.pump(Duration::from_millis(300)).await?;
        ensure!(
            refused(&p, ErrorCode::BadFrame) || refused(&p, ErrorCode::BadSync),
            "garbage frame: {:?}",
            p.errors
        );
        refusals += 1;
    }

    // 6. A viewer sending a change.
    let mut viewer = Peer::view(&server, &target, "Vic", Role::Other).await?;
    let view = viewer.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    viewer
        .apply(Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: CardKind::Note,
            text: "not allowed".into(),
        })
        .await?;
    viewer.pump(Duration::from_millis(300)).await?;
    ensure!(
        refused(&viewer, ErrorCode::ReadOnly),
        "viewer: {:?}",
        viewer.errors
    );
    refusals += 1;

    // 7. A page from another origin.
    let mut req = server.ws_url().into_client_request()?;
    req.headers_mut()
        .insert("origin", HeaderValue::from_static("https://evil.example"));
    let status = match tokio_tungstenite::connect_async(req).await {
        Ok((_, resp)) => resp.status().as_u16(),
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => resp.status().as_u16(),
        Err(e) => return Err(e.into()),
    };
    ensure!(status == 403, "wrong origin got {status}");
    refusals += 1;

    // 8. Another map's secret.
    let other = Peer::join(
        &server.ws_url(),
        &target.id,
        &calm.edit_secret(),
        "Eve",
        Role::Other,
    )
    .await;
    ensure!(
        other
            .as_ref()
            .err()
            .is_some_and(|e| e.to_string().contains("AccessDenied")),
        "another map's secret was accepted"
    );
    refusals += 1;

    // 9. A change that breaks the schema: the map's cards replaced by a string.
    let mut before = Peer::view(&server, &target, "Before", Role::Other).await?;
    before.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    let heads_before = before.session.heads();
    let mut p = attacker(&server, &target).await?;
    p.write_unchecked(|doc| {
        let _ = doc.put(ROOT, keys::CARDS, "gone");
    })
    .await?;
    p.pump(Duration::from_millis(300)).await?;
    ensure!(
        refused(&p, ErrorCode::InvalidChange),
        "schema: {:?}",
        p.errors
    );
    refusals += 1;
    let mut after = Peer::view(&server, &target, "After", Role::Other).await?;
    after.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    ensure!(
        after.session.heads() == heads_before,
        "the refused change was kept"
    );
    before.pump(Duration::from_millis(200)).await?;
    ensure!(
        before.session.heads() == heads_before,
        "the refused change was passed on"
    );

    // 10. A sync message carrying a bundle chunk that Automerge would decode
    // into gigabytes (found by fuzzing): refused unparsed, the server stays up.
    let known = comap_tests::workspace_root().join("fuzz/known/oom-change-decode.bin");
    let bundle = std::fs::read(known)?;
    let mut msg = automerge::sync::Message::decode(
        &SyncSession::new(b"bundle").outgoing().unwrap_or_default(),
    )?;
    msg.changes = automerge::sync::ChunkList::from(vec![bundle[1..].to_vec()]);
    let mut p = attacker(&server, &target).await?;
    p.send_raw(ClientFrame::Sync(msg.encode()).encode()).await?;
    p.pump(Duration::from_millis(300)).await?;
    ensure!(refused(&p, ErrorCode::BadSync), "bundle: {:?}", p.errors);
    refusals += 1;

    stop.store(true, Ordering::Relaxed);
    let calm = pair.await??;
    eprintln!(
        "abuse suite: {refusals} attacks refused; calm map: {} edits written, {} arrived, all acknowledged: {}",
        calm.written, calm.arrived, calm.all_acked
    );
    ensure!(
        calm.written >= 10,
        "the calm writer barely wrote: {}",
        calm.written
    );
    ensure!(calm.errors == 0, "the calm pair saw errors");
    ensure!(calm.arrived == calm.written && calm.all_acked);
    Ok(())
}
