//! A map's life on the server: the facilitator link, deletion (every stored
//! byte), expiry, idle unloading, SIGTERM, and the size and load limits.

use anyhow::Result;
use comap_shared::protocol::ErrorCode;
use comap_shared::protocol::ServerFrame;
use comap_shared::{CardKind, Command, Role};
use comap_tests::peer::{raw, read_until_close};
use comap_tests::{Peer, Server};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

/// Adds a card with `text` in the first cell and waits for its ack.
async fn add_card(peer: &mut Peer, text: &str) -> Result<()> {
    let view = peer.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    let acks = peer.acks;
    peer.apply(Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Idea,
        text: text.into(),
    })
    .await?;
    let deadline = tokio::time::Instant::now() + WAIT;
    while peer.acks == acks && peer.errors.is_empty() && !peer.closed {
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "no ack");
        peer.pump(Duration::from_millis(20)).await?;
    }
    Ok(())
}

fn refused_with(result: Result<Peer>, code: ErrorCode) -> bool {
    match result {
        Ok(_) => false,
        Err(e) => e.to_string().contains(&format!("{code:?}")),
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn the_facilitator_deletes_a_map_and_every_stored_byte_of_it() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server
        .create_map("To be deleted", "patient-journey")
        .await?;
    let other = server.create_map("Stays", "blank").await?;
    let mut fac = Peer::join(
        &server.ws_url(),
        &map.id,
        &map.facilitator_secret(),
        "Fran",
        Role::Professional,
    )
    .await?;
    assert!(fac.welcome.facilitator && fac.welcome.can_edit);
    assert_eq!(fac.welcome.expires_ms, Some(map.expires_ms));
    let mut editor = Peer::edit(&server, &map, "Ed", Role::Patient).await?;
    assert!(!editor.welcome.facilitator);
    add_card(&mut fac, "A card to be deleted").await?;
    assert!(contains(&server.stored_bytes()?, map.id.as_bytes()));

    // Anything but the facilitator secret gets the same refusal.
    for secret in [
        None,
        Some(map.edit_secret()),
        Some(map.view_secret()),
        Some(other.facilitator_secret()),
        Some("wrong".to_string()),
    ] {
        assert_eq!(server.delete_map(&map.id, secret.as_deref()).await?, 403);
    }
    let fac = map.facilitator_secret();
    assert_eq!(server.delete_map("no-such-map", Some(&fac)).await?, 403);

    assert_eq!(
        server
            .delete_map(&map.id, Some(&map.facilitator_secret()))
            .await?,
        204
    );
    editor.pump(Duration::from_millis(300)).await?;
    assert!(
        editor.errors.iter().any(|e| e.code == ErrorCode::Deleted),
        "{:?}",
        editor.errors
    );
    assert!(editor.closed);
    assert!(!contains(&server.stored_bytes()?, map.id.as_bytes()));
    assert!(refused_with(
        Peer::edit(&server, &map, "Late", Role::Carer).await,
        ErrorCode::AccessDenied
    ));
    // The other map is untouched.
    Peer::edit(&server, &other, "Olga", Role::Carer).await?;
    assert!(contains(&server.stored_bytes()?, other.id.as_bytes()));
    Ok(())
}

#[tokio::test]
async fn expired_maps_are_deleted_by_the_server() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(
        dir.path(),
        &["--retention-days", "0", "--sweep-interval-secs", "1"],
    )?;
    let map = server.create_map("Short-lived", "blank").await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let join = Peer::edit(&server, &map, "Ann", Role::Patient).await;
        if refused_with(join, ErrorCode::AccessDenied) {
            break;
        }
        anyhow::ensure!(tokio::time::Instant::now() < deadline, "map not expired");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(!contains(&server.stored_bytes()?, map.id.as_bytes()));
    Ok(())
}

#[tokio::test]
async fn an_idle_map_is_unloaded_and_reloads_on_the_next_join() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--idle-unload-secs", "1"])?;
    let map = server.create_map("Idle", "patient-journey").await?;
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    add_card(&mut ann, "Still here after unloading").await?;
    assert_eq!(server.metric("comap_open_maps").await?, 1.0);
    drop(ann);
    server.wait_no_open_maps(Duration::from_secs(10)).await?;
    let mut bob = Peer::edit(&server, &map, "Bob", Role::Carer).await?;
    let view = bob
        .wait_for(WAIT, |m| {
            m.cards
                .iter()
                .any(|c| c.text == "Still here after unloading")
        })
        .await?;
    assert_eq!(view.cards.len(), 1);
    assert_eq!(server.metric("comap_open_maps").await?, 1.0);
    Ok(())
}

#[tokio::test]
async fn sigterm_says_goodbye_flushes_and_exits_quickly() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let map = server.create_map("Restarting", "patient-journey").await?;
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    for i in 0..5 {
        add_card(&mut ann, &format!("card {i}")).await?;
    }
    let (took, clean) = server.terminate(Duration::from_secs(10))?;
    assert!(clean, "exit status");
    ann.pump(Duration::from_millis(200)).await?;
    assert!(
        ann.errors
            .iter()
            .any(|e| e.code == ErrorCode::ServerRestarting),
        "{:?}",
        ann.errors
    );
    assert!(took < Duration::from_secs(10), "{took:?}");
    server.restart()?;
    let mut bob = Peer::edit(&server, &map, "Bob", Role::Carer).await?;
    bob.wait_for(WAIT, |m| m.cards.len() == 5).await?;
    Ok(())
}

#[tokio::test]
async fn a_map_stops_growing_at_its_size_limit() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--max-doc-bytes", "30000"])?;
    let map = server.create_map("Bounded", "patient-journey").await?;
    let mut writer = Peer::edit(&server, &map, "Wren", Role::Patient).await?;
    let mut reader = Peer::view(&server, &map, "Rae", Role::Carer).await?;
    let mut added = 0;
    // Text that does not compress, so each card costs about its size.
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..40 {
        let text: String = (0..1500)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                char::from(b'a' + (seed % 26) as u8)
            })
            .collect();
        add_card(&mut writer, &text).await?;
        if !writer.errors.is_empty() {
            break;
        }
        added += 1;
    }
    assert!(
        writer
            .errors
            .iter()
            .any(|e| e.code == ErrorCode::MapTooLarge),
        "after {added} cards: {:?}",
        writer.errors
    );
    assert!(added >= 5, "only {added} cards fitted");
    let seen = reader.wait_for(WAIT, |m| m.cards.len() == added).await?;
    let mut late = Peer::view(&server, &map, "Late", Role::Other).await?;
    late.wait_for(WAIT, |m| m.cards.len() == seen.cards.len())
        .await?;
    reader.pump(Duration::from_millis(200)).await?;
    assert_eq!(
        reader.map()?.cards.len(),
        added,
        "the refused card never arrives"
    );
    Ok(())
}

#[tokio::test]
async fn connections_per_address_and_open_maps_are_limited() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let busy = Server::start_with(dir.path(), &["--max-open-maps", "1"])?;
    let a = busy.create_map("A", "blank").await?;
    let b = busy.create_map("B", "blank").await?;
    let _in_a = Peer::edit(&busy, &a, "One", Role::Patient).await?;
    assert!(refused_with(
        Peer::edit(&busy, &b, "Two", Role::Carer).await,
        ErrorCode::ServerBusy
    ));
    drop(busy);

    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--max-conns-per-addr", "2"])?;
    let a = server.create_map("A", "blank").await?;
    let first = Peer::edit(&server, &a, "One", Role::Patient).await?;
    let _second = Peer::edit(&server, &a, "Two", Role::Carer).await?;
    let mut third = raw(&server.ws_url()).await?;
    let frames = read_until_close(&mut third, WAIT).await;
    assert!(
        matches!(frames.as_slice(), [ServerFrame::Error(e)] if e.code == ErrorCode::TooManyConnections),
        "{frames:?}"
    );
    // A closed connection frees its place.
    drop(first);
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match Peer::edit(&server, &a, "Three", Role::Other).await {
            Ok(_) => break,
            Err(e) => anyhow::ensure!(tokio::time::Instant::now() < deadline, "{e}"),
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(())
}

#[tokio::test]
async fn secrets_never_appear_in_logs_metrics_or_errors() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let log = dir.path().join("comap.log");
    let server = Server::start_logging(&dir.path().join("data"), &log)?;
    let map = server
        .create_map("Secret keeping", "patient-journey")
        .await?;
    let other = server.create_map("Other", "blank").await?;
    let secrets = [
        map.facilitator_secret(),
        map.edit_secret(),
        map.view_secret(),
        other.edit_secret(),
    ];
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    add_card(&mut ann, "A card").await?;
    let mut errors = Vec::new();
    // Refusals of every kind, each carrying a secret.
    let url = server.ws_url();
    for (secret, name) in [(other.edit_secret(), "E"), (map.edit_secret(), " ")] {
        let refused = Peer::join(&url, &map.id, &secret, name, Role::Other).await;
        errors.push(refused.err().map(|e| e.to_string()).unwrap_or_default());
    }
    let deleted = reqwest::Client::new()
        .delete(format!("{}/api/maps/{}", server.http(), map.id))
        .bearer_auth(map.edit_secret())
        .send()
        .await?
        .text()
        .await?;
    errors.push(deleted);
    let metrics = reqwest::get(format!("{}/metrics", server.http()))
        .await?
        .text()
        .await?;
    assert_eq!(
        server
            .delete_map(&map.id, Some(&map.facilitator_secret()))
            .await?,
        204
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let logged = std::fs::read_to_string(&log)?;
    assert!(logged.contains(&map.id), "the log names maps by id");
    assert!(errors.iter().all(|e| !e.is_empty()), "{errors:?}");
    for secret in &secrets {
        assert!(!logged.contains(secret.as_str()), "a secret in the log");
        assert!(!metrics.contains(secret.as_str()), "a secret in /metrics");
        for e in &errors {
            assert!(!e.contains(secret.as_str()), "a secret in an error: {e}");
        }
    }
    Ok(())
}
