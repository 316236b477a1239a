//! Changes whose dependencies never come: they wait a little, bounded, then
//! are refused.

use super::*;

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
