//! The map drawn as SVG: layout, wrapping and a snapshot of a fixed map.

mod common;
use automerge::AutoCommit;
use comap_shared::layout::text::wrap;
use comap_shared::layout::{self, Measure, TextStyle};
use comap_shared::map_write::create_map;
use comap_shared::svg::{SvgOptions, map_svg};
use comap_shared::{CardKind, Command, Feeling, Role, SeededIds, Template, read_map};
use common::author;

/// Every character as wide as 0.55 of the size (bold 0.6): a stand-in for
/// the real font, so these tests need no font file and never change with it.
struct Even;

impl Measure for Even {
    fn width(&self, text: &str, style: TextStyle) -> f32 {
        let per = if style.bold { 0.6 } else { 0.55 };
        text.chars().count() as f32 * style.size * per
    }
}

fn map_with(cards: usize, seed: u64) -> AutoCommit {
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(seed);
    create_map(
        &mut doc,
        "Knee & hip <pathway>",
        Template::PatientJourney,
        &mut ids,
    )
    .expect("create");
    let view = read_map(&doc).expect("read");
    let mut made = Vec::new();
    for i in 0..cards {
        let id = Command::AddCard {
            stage: view.stages[i % view.stages.len()].id.clone(),
            lane: view.lanes[(i / 3) % view.lanes.len()].id.clone(),
            kind: CardKind::ALL[i % 8],
            text: format!("Card {i}: waited six weeks for a letter, then phoned twice"),
        }
        .apply(&mut doc, &author("Ann", Role::ALL[i % 4]), &mut ids)
        .expect("add")
        .expect("id");
        made.push(id);
    }
    if cards >= 2 {
        Command::SetFeeling {
            card: made[0].clone(),
            feeling: Some(Feeling {
                emotion: -1,
                word: "worried".into(),
            }),
        }
        .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
        .expect("feel");
        Command::Connect {
            from: made[0].clone(),
            to: made[1].clone(),
            label: "then".into(),
        }
        .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
        .expect("connect");
    }
    doc
}

#[test]
fn long_text_wraps_inside_the_width_and_nothing_is_cut() {
    let text = "A very long sentence about waiting rooms, letters and phone calls, with a Supercalifragilisticexpialidociouslylongword in it";
    let style = layout::CARD_TEXT;
    let lines = wrap(&Even, text, style, 150.0);
    assert!(lines.len() > 3);
    for line in &lines {
        assert!(Even.width(line, style) <= 150.0, "{line:?} too wide");
    }
    let joined: String = lines.concat();
    let original: String = text.split_whitespace().collect();
    assert_eq!(joined.replace(' ', ""), original);
}

#[test]
fn every_card_is_drawn_inside_its_cell_and_cells_grow_with_their_cards() {
    let doc = map_with(40, 3);
    let view = read_map(&doc).expect("read");
    let l = layout::lay_out(
        &Even,
        &view,
        None,
        comap_shared::i18n::built_in(comap_shared::i18n::Language::En),
    );
    assert_eq!(l.cards.len(), 40);
    assert_eq!(l.cells.len(), view.stages.len() * view.lanes.len());
    for card in &l.cards {
        let r = card.rect;
        let cell = l.cells.iter().find(|c| {
            c.x <= r.x && r.right() <= c.right() && c.y <= r.y && r.bottom() <= c.bottom()
        });
        assert!(cell.is_some(), "card {} at {r:?} is in no cell", card.id);
        assert!(r.bottom() <= l.height && r.right() <= l.width);
    }
    // Cards in one cell do not overlap.
    for (i, a) in l.cards.iter().enumerate() {
        for b in &l.cards[i + 1..] {
            let (a, b) = (a.rect, b.rect);
            let apart =
                a.right() <= b.x || b.right() <= a.x || a.bottom() <= b.y || b.bottom() <= a.y;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
    assert!(
        l.curve.is_some(),
        "a feeling gives the map an emotion curve"
    );
    assert_eq!(l.arrows.len(), 1);
}

#[test]
fn the_svg_of_a_fixed_map_matches_its_snapshot() {
    let doc = map_with(10, 7);
    let view = read_map(&doc).expect("read");
    let svg = map_svg(
        &Even,
        &view,
        &SvgOptions::default(),
        comap_shared::i18n::built_in(comap_shared::i18n::Language::En),
    );
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/map.svg");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &svg).expect("write snapshot");
    }
    let expected = std::fs::read_to_string(&path)
        .expect("tests/snapshots/map.svg (make it with UPDATE_SNAPSHOTS=1)");
    assert!(
        svg == expected,
        "the SVG differs from tests/snapshots/map.svg; if the change is meant, run this test with UPDATE_SNAPSHOTS=1 and look at the new file"
    );
    // Title and text are escaped; every card's text is in it.
    assert!(svg.contains("Knee &amp; hip &lt;pathway&gt;"));
    for card in &view.cards {
        assert!(svg.contains(&card.text), "{}", card.text);
    }
}
