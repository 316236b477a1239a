use super::*;
use crate::{Author, CardKind, Command, Role, SeededIds, Template, map_write, voting};
use automerge::AutoCommit;
use std::collections::BTreeMap;

fn author() -> Author {
    Author {
        name: "Bo".into(),
        role: Role::Patient,
        now_ms: 1,
    }
}

/// A map with two idea cards, followed from patches.
fn followed() -> (AutoCommit, Option<MapView>, SeededIds, CardId, CardId) {
    let mut ids = SeededIds::new(7);
    let mut doc = AutoCommit::new();
    map_write::create_map(&mut doc, "Knee", Template::PatientJourney, &mut ids).expect("map");
    let start = read_map(&doc).expect("read");
    let add = |doc: &mut AutoCommit, ids: &mut SeededIds, text: &str| {
        Command::AddCard {
            stage: start.stages[1].id.clone(),
            lane: start.lanes[2].id.clone(),
            kind: CardKind::Idea,
            text: text.into(),
        }
        .apply(doc, &author(), ids)
        .expect("add")
        .expect("id")
    };
    let a = add(&mut doc, &mut ids, "Ring me");
    let b = add(&mut doc, &mut ids, "Text me");
    doc.update_diff_cursor();
    let view = Some(read_map(&doc).expect("read"));
    (doc, view, ids, a, b)
}

fn step(doc: &mut AutoCommit, view: &mut Option<MapView>) -> Delta {
    let touched = Touched::from_patches(&doc.diff_incremental());
    let delta = update(view, doc, &touched).expect("update");
    assert_eq!(view.as_ref(), Some(&read_map(doc).expect("read")));
    delta
}

#[test]
fn a_text_edit_touches_one_card_and_its_cell() {
    let (mut doc, mut view, mut ids, a, b) = followed();
    Command::EditText {
        card: a.clone(),
        text: "Ring me first".into(),
    }
    .apply(&mut doc, &author(), &mut ids)
    .expect("edit");
    let touched = Touched::from_patches(&doc.diff_incremental());
    assert_eq!(touched.cards, BTreeSet::from([a.clone()]));
    assert!(!touched.whole && !touched.head && !touched.connections && !touched.voting);
    let delta = update(&mut view, &doc, &touched).expect("update");
    assert!(!delta.whole && delta.cards && !delta.unsorted && !delta.connections);
    assert_eq!(delta.cells.len(), 1);
    assert_eq!(delta.after.cards.len(), 1);
    assert_eq!(delta.after.cards[0].text, "Ring me first");
    assert_eq!(delta.before.cards[0].text, "Ring me");
    assert!(delta.marked.is_empty());
    // An arrow between the two: both are marked; then editing one marks the other.
    Command::Connect {
        from: a.clone(),
        to: b.clone(),
        label: String::new(),
    }
    .apply(&mut doc, &author(), &mut ids)
    .expect("connect");
    let delta = step(&mut doc, &mut view);
    assert!(delta.connections);
    assert_eq!(delta.marked, BTreeSet::from([a.clone(), b.clone()]));
    Command::EditText {
        card: b.clone(),
        text: "Text me, please".into(),
    }
    .apply(&mut doc, &author(), &mut ids)
    .expect("edit");
    let delta = step(&mut doc, &mut view);
    assert!(delta.marked.contains(&a));
}

#[test]
fn votes_mark_the_cards_whose_count_shows_changed() {
    let (mut doc, mut view, mut ids, a, b) = followed();
    voting::start(&mut doc, 3, &mut ids).expect("start");
    let delta = step(&mut doc, &mut view);
    assert!(delta.voting && delta.round && delta.marked.is_empty());
    voting::set_revealed(&mut doc, true, &BTreeMap::from([(a.clone(), 2)])).expect("reveal");
    let delta = step(&mut doc, &mut view);
    assert!(delta.round);
    assert_eq!(delta.marked, BTreeSet::from([a.clone()]));
    voting::set_total(&mut doc, &b, 1).expect("total");
    let delta = step(&mut doc, &mut view);
    assert!(delta.voting && !delta.round);
    assert_eq!(delta.marked, BTreeSet::from([b.clone()]));
}

#[test]
fn a_new_stage_reads_the_whole_map() {
    let (mut doc, mut view, mut ids, _, _) = followed();
    Command::AddColumn {
        axis: crate::structure::Axis::Stages,
        name: "Aftercare".into(),
    }
    .apply(&mut doc, &author(), &mut ids)
    .expect("add stage");
    assert!(step(&mut doc, &mut view).whole);
}
