//! Changes that reach the room before the changes they depend on wait in
//! Automerge's queue and are applied later, together with a later message's
//! changes. Those too must be checked against the schema, stored before
//! anyone hears of them, and passed on.

use anyhow::{Result, ensure};
use automerge::sync::{ChunkList, Message};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ReadDoc};
use comap_shared::protocol::{ClientFrame, ErrorCode};
use comap_shared::session::SyncSession;
use comap_shared::{Author, CardKind, Command, MapView, Role, SeededIds, keys};
use comap_tests::{CreatedMap, Peer, Server};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

/// Two changes made on a copy of `peer`'s replica: `first` adds a card, and
/// `second` (which depends on it) is written by `then`. Returns their bytes.
fn two_changes(
    peer: &mut Peer,
    then: impl FnOnce(&mut AutoCommit, &automerge::ObjId),
) -> Result<(Vec<u8>, Vec<u8>)> {
    let mut doc = AutoCommit::load(&peer.session.save())?
        .with_actor(automerge::ActorId::from(b"queued-writer".to_vec()));
    let view = comap_shared::read_map(&doc)?;
    let base = doc.get_heads();
    let card = Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Idea,
        text: "A ramp at the side door".into(),
    }
    .apply(
        &mut doc,
        &Author {
            name: "Queued".into(),
            role: Role::Carer,
            now_ms: 1,
        },
        &mut SeededIds::new(77),
    )?
    .ok_or_else(|| anyhow::anyhow!("no card id"))?;
    let middle = doc.get_heads();
    let cards = doc
        .get(automerge::ROOT, keys::CARDS)?
        .ok_or_else(|| anyhow::anyhow!("no cards"))?
        .1;
    let obj = doc
        .get(&cards, card.as_str())?
        .ok_or_else(|| anyhow::anyhow!("no card"))?
        .1;
    then(&mut doc, &obj);
    doc.commit();
    let first = doc.get_changes(&base);
    let second = doc.get_changes(&middle);
    ensure!(
        first.len() == 2 && second.len() == 1,
        "two changes expected"
    );
    Ok((
        first[0].raw_bytes().to_vec(),
        second[0].raw_bytes().to_vec(),
    ))
}

/// A sync message holding just `change`.
fn carrying(change: Vec<u8>) -> Result<Vec<u8>> {
    let mut msg = Message::decode(&SyncSession::new(b"carrier").outgoing().unwrap_or_default())?;
    msg.changes = ChunkList::from(vec![change]);
    Ok(ClientFrame::Sync(msg.encode()).encode())
}

async fn newcomer(server: &Server, map: &CreatedMap) -> Result<MapView> {
    let mut p = Peer::view(server, map, "Newcomer", Role::Other).await?;
    p.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    p.pump(Duration::from_millis(300)).await?;
    p.map()
}

/// A server with a new map and one editor in it.
async fn writer_in_a_new_map() -> Result<(tempfile::TempDir, Server, CreatedMap, Peer)> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Queue", "patient-journey").await?;
    let mut writer = Peer::edit(&server, &map, "Writer", Role::Carer).await?;
    writer.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    Ok((dir, server, map, writer))
}

#[tokio::test]
async fn a_change_that_waited_for_its_dependency_is_checked_stored_and_passed_on() -> Result<()> {
    let (_dir, mut server, map, mut writer) = writer_in_a_new_map().await?;
    let mut watcher = Peer::view(&server, &map, "Watcher", Role::Patient).await?;
    watcher.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    let (first, second) = two_changes(&mut writer, |doc, card| {
        let text = doc.get(card, keys::TEXT).ok().flatten().map(|t| t.1);
        if let Some(text) = text {
            let _ = doc.update_text(&text, "A ramp at the side door, please");
        }
    })?;
    // The second change first: it waits for the first in the room's queue.
    writer.send_raw(carrying(second)?).await?;
    writer.pump(Duration::from_millis(200)).await?;
    writer.send_raw(carrying(first)?).await?;
    let seen = watcher
        .wait_for(WAIT, |m| m.cards.iter().any(|c| c.text.ends_with("please")))
        .await;
    ensure!(seen.is_ok(), "the watcher never got the change that waited");
    writer.pump(Duration::from_millis(300)).await?;
    // Stored, not only held in memory: a crash loses none of it.
    server.restart()?;
    let after = newcomer(&server, &map).await?;
    ensure!(
        after
            .cards
            .iter()
            .any(|c| c.text == "A ramp at the side door, please"),
        "the change that waited was not stored: {:?}",
        after.cards.iter().map(|c| &c.text).collect::<Vec<_>>()
    );
    Ok(())
}

#[tokio::test]
async fn a_change_that_waited_for_its_dependency_still_meets_the_schema() -> Result<()> {
    let (_dir, server, map, mut writer) = writer_in_a_new_map().await?;
    let (first, second) = two_changes(&mut writer, |doc, card| {
        let _ = doc.put(card, keys::KIND, 7);
    })?;
    writer.send_raw(carrying(second)?).await?;
    writer.pump(Duration::from_millis(200)).await?;
    writer.send_raw(carrying(first)?).await?;
    writer.pump(Duration::from_millis(500)).await?;
    ensure!(
        writer
            .errors
            .iter()
            .any(|e| e.code == ErrorCode::InvalidChange),
        "a kind written as a number was taken: {:?}",
        writer.errors
    );
    let after = newcomer(&server, &map).await?;
    ensure!(
        after.cards.is_empty(),
        "the refused changes were kept: {} cards",
        after.cards.len()
    );
    Ok(())
}
