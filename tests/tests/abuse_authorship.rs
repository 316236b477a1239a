//! Authorship the server keeps, tried by a participant who wants to pass as
//! someone else or wipe other people's work: a card made in another name is
//! signed with the sender's own, rewriting who wrote a card is refused, and
//! so is a participant's change that deletes many other people's cards (the
//! facilitator may; undo still puts a card back as it was). Meanwhile a
//! person editing another map has every edit acknowledged within 250 ms,
//! and the server's memory stays bounded.

use anyhow::{Result, ensure};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, Value};
use comap_shared::authorship::MAX_OTHERS_DELETED;
use comap_shared::ids::SeededIds;
use comap_shared::model::Author;
use comap_shared::protocol::ErrorCode;
use comap_shared::{CardId, CardKind, Command, MapView, Role, keys};
use comap_tests::bystander::{Bystander, MemoryWatch};
use comap_tests::{CreatedMap, Peer, Server};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const ACK_LIMIT: Duration = Duration::from_millis(250);
const MEMORY_LIMIT_MIB: f64 = 128.0;

async fn joined(
    server: &Server,
    map: &CreatedMap,
    secret: &str,
    name: &str,
    role: Role,
) -> Result<Peer> {
    let mut p = Peer::join(&server.ws_url(), &map.id, secret, name, role).await?;
    p.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    Ok(p)
}

/// The map as a newcomer sees it.
async fn seen(server: &Server, map: &CreatedMap, cards: usize) -> Result<MapView> {
    let mut p = joined(server, map, &map.view_secret(), "Look", Role::Other).await?;
    p.wait_for(WAIT, |m| m.cards.len() == cards).await
}

/// Pumps until the peer is refused; the error's code.
async fn refusal(p: &mut Peer) -> Result<Option<ErrorCode>> {
    let deadline = tokio::time::Instant::now() + WAIT;
    while p.errors.is_empty() && !p.closed && tokio::time::Instant::now() < deadline {
        p.pump(Duration::from_millis(50)).await?;
    }
    Ok(p.errors.first().map(|e| e.code))
}

fn card_obj(doc: &AutoCommit, id: &CardId) -> Option<ObjId> {
    let (_, cards) = doc.get(automerge::ROOT, keys::CARDS).ok()??;
    match doc.get(&cards, id.as_str()).ok()?? {
        (Value::Object(ObjType::Map), card) => Some(card),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authors_are_kept_and_others_cards_are_not_wiped() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Target", "patient-journey").await?;
    let bystander = Bystander::start(&server).await?;
    let watch = MemoryWatch::start(server.pid());

    // Bo, a clinician, writes eight cards.
    let mut bo = joined(&server, &map, &map.edit_secret(), "Bo", Role::Professional).await?;
    let view = bo.map()?;
    let add = |text: String| Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::PainPoint,
        text,
    };
    let mut bos = Vec::new();
    for i in 0..8 {
        bos.extend(bo.apply(add(format!("Bo's card {i}"))).await?);
    }
    bo.until_acked(WAIT).await?;

    // 1. Mallory posts a card in Bo's name: it is kept, signed Mallory.
    let mut mallory = joined(&server, &map, &map.edit_secret(), "Mallory", Role::Other).await?;
    let as_bo = Author {
        name: "Bo".into(),
        role: Role::Professional,
        now_ms: 1_700_000_000_000,
    };
    let cmd = add("Signed by a doctor".into());
    mallory
        .write_unchecked(|doc| {
            let _ = cmd.apply(doc, &as_bo, &mut SeededIds::new(99));
        })
        .await?;
    let now = seen(&server, &map, 9).await?;
    let posted = now
        .cards
        .iter()
        .find(|c| c.text == "Signed by a doctor")
        .ok_or_else(|| anyhow::anyhow!("the card was lost"))?;
    ensure!(
        (posted.author.as_str(), posted.role) == ("Mallory", Role::Other),
        "the card is signed {} ({:?})",
        posted.author,
        posted.role
    );
    // Mallory's own page hears of it too.
    let posted_id = posted.id.clone();
    mallory
        .wait_for(WAIT, |m| {
            m.card(&posted_id).is_some_and(|c| c.author == "Mallory")
        })
        .await?;

    // 2. Mallory rewrites who wrote Bo's card: refused, nothing kept.
    let obj = card_obj(mallory.session.doc(), &bos[0]).ok_or_else(|| anyhow::anyhow!("no card"))?;
    mallory
        .write_unchecked(|doc| {
            let _ = doc.put(&obj, keys::AUTHOR, "Mallory");
        })
        .await?;
    ensure!(
        refusal(&mut mallory).await? == Some(ErrorCode::InvalidChange),
        "rewriting an author: {:?}",
        mallory.errors
    );
    let now = seen(&server, &map, 9).await?;
    ensure!(now.card(&bos[0]).is_some_and(|c| c.author == "Bo"));

    // 3. A participant deletes all of Bo's cards in one change: refused.
    let mut wiper = joined(&server, &map, &map.edit_secret(), "Wiper", Role::Carer).await?;
    let all = bos.clone();
    wiper
        .write_unchecked(|doc| {
            for id in &all {
                let _ = Command::DeleteCard { card: id.clone() }.apply(
                    doc,
                    &as_bo,
                    &mut SeededIds::new(1),
                );
            }
        })
        .await?;
    ensure!(
        refusal(&mut wiper).await? == Some(ErrorCode::InvalidChange),
        "a participant wiped {} cards: {:?}",
        all.len(),
        wiper.errors
    );
    seen(&server, &map, 9).await?;

    // A handful is allowed, and undo puts one back as Bo wrote it.
    let mut tidy = joined(&server, &map, &map.edit_secret(), "Tidy", Role::Carer).await?;
    let card = tidy
        .map()?
        .card(&bos[0])
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("no card"))?;
    tidy.write_unchecked(|doc| {
        for id in &bos[..MAX_OTHERS_DELETED] {
            let _ =
                Command::DeleteCard { card: id.clone() }.apply(doc, &as_bo, &mut SeededIds::new(1));
        }
    })
    .await?;
    tidy.until_acked(WAIT).await?;
    seen(&server, &map, 9 - MAX_OTHERS_DELETED).await?;
    tidy.apply(Command::RestoreCard { card }).await?;
    tidy.until_acked(WAIT).await?;
    let now = seen(&server, &map, 10 - MAX_OTHERS_DELETED).await?;
    ensure!(
        now.card(&bos[0])
            .is_some_and(|c| c.author == "Bo" && c.role == Role::Professional),
        "undo did not put Bo's card back as it was: {:?}",
        now.card(&bos[0])
    );

    // One more within ten seconds is one too many.
    tidy.write_unchecked(|doc| {
        let _ = Command::DeleteCard {
            card: bos[MAX_OTHERS_DELETED].clone(),
        }
        .apply(doc, &as_bo, &mut SeededIds::new(1));
    })
    .await?;
    ensure!(
        refusal(&mut tidy).await? == Some(ErrorCode::InvalidChange),
        "a sixth deletion within the window: {:?}",
        tidy.errors
    );
    seen(&server, &map, 10 - MAX_OTHERS_DELETED).await?;

    // 4. The facilitator may clear the board.
    for i in 8..11 {
        bo.apply(add(format!("Bo's card {i}"))).await?;
    }
    bo.until_acked(WAIT).await?;
    let mut host = joined(
        &server,
        &map,
        &map.facilitator_secret(),
        "Host",
        Role::Other,
    )
    .await?;
    let left: Vec<CardId> = host.map()?.cards.iter().map(|c| c.id.clone()).collect();
    ensure!(left.len() > MAX_OTHERS_DELETED + 1);
    host.write_unchecked(|doc| {
        for id in &left {
            let _ =
                Command::DeleteCard { card: id.clone() }.apply(doc, &as_bo, &mut SeededIds::new(1));
        }
    })
    .await?;
    host.until_acked(WAIT).await?;
    seen(&server, &map, 0).await?;

    let grew = watch.finish().await?;
    let calm = bystander.finish().await?;
    calm.check(ACK_LIMIT)?;
    ensure!(grew < MEMORY_LIMIT_MIB, "memory grew by {grew:.0} MiB");
    eprintln!(
        "authorship: memory grew {grew:.1} MiB; bystander: {} edits, slowest ack {:?}",
        calm.written, calm.slowest_ack
    );
    Ok(())
}
