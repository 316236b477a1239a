//! Peers that never read, and the memory budget: the server's memory stays
//! bounded and it keeps serving.

use super::*;

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
