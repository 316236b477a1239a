//! A map in miniature, for the facilitator's dashboard: the grid of stages
//! and lanes with every card as a small tile in its kind's colour (the
//! board's colours), cards whose place is gone in a strip below. No text:
//! at this size it could not be read, and the dashboard names the room and
//! counts its cards beside the picture. Drawn from the document alone (no
//! fonts), so it is cheap enough to redraw whenever a room changes.

use crate::layout::kind_colour;
use crate::model::{Card, MapView};
use std::fmt::Write as _;

/// The drawing's width in its own units; the page scales it.
pub const WIDTH: f32 = 320.0;
const HEAD_W: f32 = 14.0;
const HEAD_H: f32 = 8.0;
const GAP: f32 = 2.0;
const PAD: f32 = 2.0;
const TILE_W: f32 = 10.0;
const TILE_H: f32 = 6.0;
const MIN_CELL_H: f32 = 12.0;
const HEAD_FILL: &str = "#c9d6e6";
const CELL_FILL: &str = "#eef2f7";
const UNSORTED_FILL: &str = "#f6efe6";

/// How many tiles fit across a cell `width` wide (at least one).
fn per_row(width: f32) -> usize {
    (((width - PAD) / (TILE_W + PAD)).floor() as usize).max(1)
}

/// The height of a cell holding `cards` tiles, `per_row` to a row.
fn cell_height(cards: usize, per_row: usize) -> f32 {
    let rows = cards.div_ceil(per_row) as f32;
    (PAD + rows * (TILE_H + PAD)).max(MIN_CELL_H)
}

/// Writes the tiles of `cards` into the box at (`x`, `y`) `width` wide.
fn tiles(out: &mut String, cards: &[&Card], x: f32, y: f32, width: f32) {
    let n = per_row(width);
    for (i, card) in cards.iter().enumerate() {
        let tx = x + PAD + (i % n) as f32 * (TILE_W + PAD);
        let ty = y + PAD + (i / n) as f32 * (TILE_H + PAD);
        let _ = write!(
            out,
            r#"<rect x="{tx:.1}" y="{ty:.1}" width="{TILE_W}" height="{TILE_H}" rx="1" fill="{}"/>"#,
            kind_colour(card.kind)
        );
    }
}

fn rect(out: &mut String, x: f32, y: f32, w: f32, h: f32, fill: &str) {
    let _ = write!(
        out,
        r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{fill}"/>"#
    );
}

/// The map as a small SVG image, `WIDTH` units wide and as tall as its
/// cards need.
pub fn thumbnail_svg(view: &MapView) -> String {
    let columns = view.stages.len().max(1);
    let cell_w = (WIDTH - HEAD_W - GAP * columns as f32) / columns as f32;
    let across = per_row(cell_w);
    let mut body = String::new();
    // Stage headings along the top.
    for i in 0..view.stages.len() {
        let x = HEAD_W + GAP + i as f32 * (cell_w + GAP);
        rect(&mut body, x, 0.0, cell_w, HEAD_H, HEAD_FILL);
    }
    let mut y = HEAD_H + GAP;
    for lane in &view.lanes {
        let cells: Vec<Vec<&Card>> = view
            .stages
            .iter()
            .map(|stage| {
                view.cards
                    .iter()
                    .filter(|c| c.stage == stage.id && c.lane == lane.id)
                    .collect()
            })
            .collect();
        let tallest = cells.iter().map(Vec::len).max().unwrap_or(0);
        let h = cell_height(tallest, across);
        rect(&mut body, 0.0, y, HEAD_W, h, HEAD_FILL);
        for (i, cards) in cells.iter().enumerate() {
            let x = HEAD_W + GAP + i as f32 * (cell_w + GAP);
            rect(&mut body, x, y, cell_w, h, CELL_FILL);
            tiles(&mut body, cards, x, y, cell_w);
        }
        y += h + GAP;
    }
    if !view.unsorted.is_empty() {
        let cards: Vec<&Card> = view.unsorted.iter().collect();
        let h = cell_height(cards.len(), per_row(WIDTH));
        rect(&mut body, 0.0, y, WIDTH, h, UNSORTED_FILL);
        tiles(&mut body, &cards, 0.0, y, WIDTH);
        y += h + GAP;
    }
    let height = (y - GAP).max(HEAD_H);
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.1}" width="{WIDTH}" height="{height:.1}">{body}</svg>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{CardId, LaneId, StageId};
    use crate::model::{CardKind, Lane, Role, Stage};

    fn card(n: u32, kind: CardKind, stage: &str, lane: &str) -> Card {
        Card {
            id: CardId::from_key(format!("c{n}")),
            kind,
            text: format!("card {n} <b>"),
            author: "Ann".into(),
            role: Role::Patient,
            created_ms: 0,
            stage: StageId::from_key(stage),
            lane: LaneId::from_key(lane),
            order: format!("{n:04}"),
            feeling: None,
            room: None,
        }
    }

    fn map() -> MapView {
        MapView {
            structure_open: None,
            language: Default::default(),
            title: "Knee".into(),
            purpose: String::new(),
            stages: ["s1", "s2", "s3"]
                .iter()
                .map(|s| Stage {
                    id: StageId::from_key(*s),
                    name: s.to_string(),
                    order: s.to_string(),
                })
                .collect(),
            lanes: ["l1", "l2"]
                .iter()
                .map(|l| Lane {
                    id: LaneId::from_key(*l),
                    name: l.to_string(),
                    order: l.to_string(),
                })
                .collect(),
            cards: Vec::new(),
            unsorted: Vec::new(),
            connections: Vec::new(),
            voting: None,
        }
    }

    fn tiles_of(svg: &str, kind: CardKind) -> usize {
        svg.matches(&format!(r#"rx="1" fill="{}""#, kind_colour(kind)))
            .count()
    }

    #[test]
    fn every_card_is_a_tile_in_its_kinds_colour_and_no_text_is_drawn() {
        let mut view = map();
        view.cards = vec![
            card(1, CardKind::PainPoint, "s1", "l1"),
            card(2, CardKind::Idea, "s2", "l2"),
            card(3, CardKind::Idea, "s2", "l2"),
        ];
        view.unsorted = vec![card(4, CardKind::Note, "gone", "l1")];
        let svg = thumbnail_svg(&view);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert_eq!(tiles_of(&svg, CardKind::PainPoint), 1);
        assert_eq!(tiles_of(&svg, CardKind::Idea), 2);
        assert_eq!(tiles_of(&svg, CardKind::Note), 1);
        assert!(!svg.contains("card 1"), "no card text: {svg}");
        assert!(svg.contains(UNSORTED_FILL));
        // 3 stage heads, 2 lane heads, 6 cells, the unsorted strip, 4 tiles.
        assert_eq!(svg.matches("<rect").count(), 3 + 2 + 6 + 1 + 4);
    }

    #[test]
    fn a_crowded_cell_grows_and_the_picture_with_it() {
        let empty = thumbnail_svg(&map());
        let mut view = map();
        view.cards = (0..60)
            .map(|n| card(n, CardKind::Step, "s1", "l1"))
            .collect();
        let full = thumbnail_svg(&view);
        let height = |svg: &str| -> f32 {
            let at = svg.find("height=\"").expect("height") + 8;
            svg[at..]
                .split('"')
                .next()
                .expect("value")
                .parse()
                .expect("number")
        };
        assert!(height(&full) > height(&empty) + 40.0, "{full}");
        assert_eq!(tiles_of(&full, CardKind::Step), 60);
        // Tiles stay inside the drawing.
        for part in full.split("<rect x=\"").skip(1) {
            let x: f32 = part.split('"').next().expect("x").parse().expect("number");
            assert!((0.0..WIDTH).contains(&x));
        }
    }

    #[test]
    fn a_map_without_stages_still_draws() {
        let mut view = map();
        view.stages.clear();
        view.lanes.clear();
        let svg = thumbnail_svg(&view);
        assert!(svg.ends_with("</svg>"));
        assert!(svg.contains("viewBox=\"0 0 320 8.0\""), "{svg}");
    }
}
