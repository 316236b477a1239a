//! A map that gathers hundreds of stored chunks while people edit is
//! compacted in the background: the chunks become one snapshot, and every
//! edit is still there after the server is killed.

use anyhow::{Result, ensure};
use comap_shared::{CardKind, Command, MapView, Role};
use comap_tests::{Peer, Server};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
/// More than the 500 chunks after which a room compacts.
const EDITS: usize = 600;

fn text_of(view: &MapView) -> Option<&str> {
    view.cards.first().map(|c| c.text.as_str())
}

#[tokio::test]
async fn a_long_session_is_compacted_in_the_background_and_nothing_is_lost() -> Result<()> {
    let dir = tempfile::tempdir()?;
    // Edits as fast as acks come back, beyond a person's pace.
    let mut server = Server::start_with(dir.path(), &["--max-msgs-per-sec", "5000"])?;
    let map = server.create_map("Compacted", "patient-journey").await?;
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let mut bo = Peer::edit(&server, &map, "Bo", Role::Carer).await?;
    let card = ann.add_card_first_cell(CardKind::Note, "edit 0").await?;
    ann.until_acked(WAIT).await?;
    // One edit at a time, each stored alone (its own chunk) before the next.
    for i in 1..=EDITS {
        ann.apply(Command::EditText {
            card: card.clone(),
            text: format!("edit {i}"),
        })
        .await?;
        let deadline = tokio::time::Instant::now() + WAIT;
        while !ann.all_acked() {
            ensure!(
                tokio::time::Instant::now() < deadline,
                "edit {i} not acknowledged"
            );
            ann.pump(Duration::from_millis(2)).await?;
        }
    }
    let last = format!("edit {EDITS}");
    bo.wait_for(WAIT, |m| text_of(m) == Some(last.as_str()))
        .await?;

    let deadline = tokio::time::Instant::now() + WAIT;
    while server.metric("comap_compactions_total").await? < 1.0 {
        ensure!(
            tokio::time::Instant::now() < deadline,
            "no background compaction after {EDITS} stored edits"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let chunks: i64 = rusqlite::Connection::open(dir.path().join("comap.sqlite3"))?.query_row(
        "SELECT COUNT(*) FROM chunks",
        [],
        |r| r.get(0),
    )?;
    ensure!(
        chunks < 200,
        "{chunks} chunks still stored after compaction"
    );

    server.kill();
    server.restart()?;
    let mut cy = Peer::view(&server, &map, "Cy", Role::Other).await?;
    cy.wait_for(WAIT, |m| text_of(m) == Some(last.as_str()))
        .await?;
    Ok(())
}
