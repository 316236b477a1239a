//! Large maps made as plain data, for drawing and export tests and the
//! export benchmark (making thousands of cards one command at a time through
//! the document is slow in a debug build, and drawing reads only this).

use anyhow::Result;
use comap_shared::{
    Card, CardId, CardKind, Connection, ConnectionId, Feeling, MapView, Role, SeededIds,
};

/// A patient-journey map of `n` cards: every kind and role in turn, spread
/// over the stages and lanes, a feeling on every fifth card and an arrow
/// from every tenth card to the next.
pub fn map_of(n: usize) -> Result<MapView> {
    let mut doc = automerge::AutoCommit::new();
    let mut ids = SeededIds::new(21);
    comap_shared::map_write::create_map(
        &mut doc,
        "Hip replacement pathway",
        comap_shared::Template::PatientJourney,
        &mut ids,
    )?;
    let mut view = comap_shared::read_map(&doc)?;
    view.cards = (0..n)
        .map(|i| Card {
            id: CardId::fresh(&mut ids),
            kind: CardKind::ALL[i % 8],
            text: format!(
                "Card {i}: waited {} weeks for the letter, then phoned the clinic twice",
                i % 9 + 1
            ),
            author: String::new(),
            role: Role::ALL[i % 4],
            created_ms: 0,
            stage: view.stages[i % view.stages.len()].id.clone(),
            lane: view.lanes[(i / view.stages.len()) % view.lanes.len()]
                .id
                .clone(),
            order: format!("{i:06}"),
            feeling: (i % 5 == 0).then(|| Feeling {
                emotion: (i % 5) as i8 - 2,
                word: "worried".into(),
            }),
            room: None,
        })
        .collect();
    view.connections = view
        .cards
        .windows(2)
        .step_by(10)
        .map(|w| Connection {
            id: ConnectionId::fresh(&mut ids),
            from: w[0].id.clone(),
            to: w[1].id.clone(),
            label: "then".into(),
        })
        .collect();
    Ok(view)
}
