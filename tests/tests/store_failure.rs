//! A store that fails. The disk is made to refuse new changes from outside
//! the server (a trigger in the real SQLite file): a change the server could
//! not store is never acknowledged, the room closes rather than go on
//! holding it, a newcomer sees only what is stored, and the author's page
//! sends the change again once the store works. Changes that make cards
//! are stored before anyone else hears of them; other changes go to the
//! others at once and are acknowledged to their author once stored.

use anyhow::{Result, ensure};
use comap_shared::protocol::ErrorCode;
use comap_shared::{CardKind, Command, MapView, Role};
use comap_tests::{CreatedMap, Peer, Server};
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

/// The server's database, opened beside it.
fn disk(dir: &Path) -> Result<rusqlite::Connection> {
    let db = rusqlite::Connection::open(dir.join("comap.sqlite3"))?;
    db.busy_timeout(WAIT)?;
    Ok(db)
}

fn refuse_writes(db: &rusqlite::Connection) -> Result<()> {
    db.execute_batch(
        "CREATE TRIGGER refuse_chunks BEFORE INSERT ON chunks \
         BEGIN SELECT RAISE(ABORT, 'the disk refuses'); END;",
    )?;
    Ok(())
}

fn allow_writes(db: &rusqlite::Connection) -> Result<()> {
    db.execute_batch("DROP TRIGGER refuse_chunks")?;
    Ok(())
}

async fn again(
    server: &Server,
    map: &CreatedMap,
    name: &str,
    role: Role,
    was: Peer,
) -> Result<Peer> {
    Peer::rejoin(
        &server.ws_url(),
        &map.id,
        &map.edit_secret(),
        name,
        role,
        was.into_session(),
    )
    .await
}

fn text_of(view: &MapView, card: &str) -> Option<String> {
    view.cards
        .iter()
        .find(|c| c.id.as_str() == card)
        .map(|c| c.text.clone())
}

/// The room's refusal when its write failed: a retryable error, then the close.
async fn told_not_saved(peer: &mut Peer) -> Result<()> {
    let error = peer.next_error(WAIT).await?;
    ensure!(
        error.code == ErrorCode::Internal,
        "expected the room to close with `internal`, got {error:?}"
    );
    ensure!(
        !peer.all_acked(),
        "a change that was not stored was acknowledged"
    );
    Ok(())
}

#[tokio::test]
async fn a_change_the_store_refused_is_never_acknowledged_and_is_sent_again() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let map = server
        .create_map("A failing disk", "patient-journey")
        .await?;
    let db = disk(dir.path())?;
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let mut bo = Peer::edit(&server, &map, "Bo", Role::Carer).await?;
    bo.wait_for(WAIT, |m| !m.stages.is_empty()).await?;

    // A new card while the disk refuses: nobody else hears of it, its
    // author is not told it is saved, and the room closes.
    refuse_writes(&db)?;
    let card = ann
        .add_card_first_cell(CardKind::PainPoint, "Waiting for the letter")
        .await?;
    told_not_saved(&mut ann).await?;
    // The closed room has left: the next join opens the map from the store.
    server.wait_no_open_maps(WAIT).await?;
    bo.pump(Duration::from_millis(300)).await?;
    ensure!(
        text_of(&bo.map()?, card.as_str()).is_none(),
        "a card that was not stored reached someone else"
    );

    // The disk works again: Ann's page sends the card again, and it is stored.
    allow_writes(&db)?;
    let mut ann = again(&server, &map, "Ann", Role::Patient, ann).await?;
    ann.until_acked(WAIT).await?;
    let mut bo = again(&server, &map, "Bo", Role::Carer, bo).await?;
    bo.wait_for(WAIT, |m| text_of(m, card.as_str()).is_some())
        .await?;

    // A text edit while the disk refuses: the others see it at once (it
    // goes before it is stored), but its author is not told it is saved.
    refuse_writes(&db)?;
    bo.apply(Command::EditText {
        card: card.clone(),
        text: "Waiting for the letter, three weeks now".into(),
    })
    .await?;
    ann.wait_for(WAIT, |m| {
        text_of(m, card.as_str()).is_some_and(|t| t.ends_with("three weeks now"))
    })
    .await?;
    told_not_saved(&mut bo).await?;

    // The room closed rather than hold what the store lacks: a newcomer
    // reads the map as stored.
    let mut cy = Peer::view(&server, &map, "Cy", Role::Other).await?;
    let stored = cy
        .wait_for(WAIT, |m| text_of(m, card.as_str()).is_some())
        .await?;
    ensure!(
        text_of(&stored, card.as_str()).as_deref() == Some("Waiting for the letter"),
        "the newcomer was given a change the store does not hold"
    );
    ensure!(
        server
            .metric("comap_refused_total{reason=\"store_failed\"}")
            .await?
            >= 2.0,
        "the failed writes are not counted"
    );

    // The disk works again: Bo's page sends the edit again; it is stored,
    // acknowledged, and still there after the server is killed.
    allow_writes(&db)?;
    let mut bo = again(&server, &map, "Bo", Role::Carer, bo).await?;
    bo.until_acked(WAIT).await?;
    server.kill();
    server.restart()?;
    let mut dee = Peer::view(&server, &map, "Dee", Role::Other).await?;
    dee.wait_for(WAIT, |m| {
        text_of(m, card.as_str()).is_some_and(|t| t.ends_with("three weeks now"))
    })
    .await?;
    Ok(())
}
