//! Where everything of a map goes in a drawing: the title, the stage and
//! lane headings, the emotion curve, every card with its wrapped text, the
//! arrows and the unsorted cards. The SVG export (and from it the PNG) draws
//! exactly this. Text is measured by the caller's `Measure` (the server
//! measures with the bundled Atkinson Hyperlegible font), so the same font
//! file gives the same layout everywhere; long text wraps and cards grow,
//! nothing is cut.

use crate::i18n::{Arg, Catalogue, key};
use crate::ids::CardId;
use crate::insights::{ColumnCurve, curve_across, emotion_curve};
use crate::model::{Card, CardKind, Feeling, MapView};

mod cards;
pub mod text;

use cards::{arrow_ends, place_card};
use text::{line_height, place_lines, wrap};

/// A run of text's size and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub size: f32,
    pub bold: bool,
}

/// How wide text is drawn, in the drawing's units (CSS pixels).
pub trait Measure {
    fn width(&self, text: &str, style: TextStyle) -> f32;
}

pub const TITLE: TextStyle = TextStyle {
    size: 26.0,
    bold: true,
};
pub const PURPOSE: TextStyle = TextStyle {
    size: 16.0,
    bold: false,
};
pub const HEADING: TextStyle = TextStyle {
    size: 16.0,
    bold: true,
};

pub const CARD_KIND: TextStyle = TextStyle {
    size: 13.0,
    bold: true,
};
pub const CARD_TEXT: TextStyle = TextStyle {
    size: 15.0,
    bold: false,
};
pub const CARD_SMALL: TextStyle = TextStyle {
    size: 12.5,
    bold: false,
};
pub const ARROW_LABEL: TextStyle = TextStyle {
    size: 12.5,
    bold: false,
};
/// Line height as a multiple of the text size.
pub const LINE: f32 = 1.3;

const MARGIN: f32 = 24.0;
const HEAD_W: f32 = 170.0;
const COL_W: f32 = 230.0;
const GAP: f32 = 8.0;
const CELL_PAD: f32 = 8.0;
const CARD_W: f32 = COL_W - 2.0 * CELL_PAD;
/// The coloured bar on a card's left edge.
pub const CARD_BAR: f32 = 7.0;
const CARD_PAD: f32 = 10.0;
const CARD_TEXT_W: f32 = CARD_W - CARD_BAR - 2.0 * CARD_PAD;
const ICON: f32 = 13.0;
const PART_GAP: f32 = 4.0;
const MIN_CELL_H: f32 = 48.0;
const CURVE_H: f32 = 110.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
}

/// One line of text at its baseline's left end.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub x: f32,
    pub y: f32,
    pub text: String,
    pub style: TextStyle,
    /// Drawn in the muted grey (bylines, notes) instead of the ink colour.
    pub muted: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CardBox {
    pub id: CardId,
    pub kind: CardKind,
    pub rect: Rect,
    /// Where the kind's mark goes (its top-left corner; `ICON` square).
    pub icon: (f32, f32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ArrowLine {
    pub from: (f32, f32),
    pub to: (f32, f32),
    pub label: String,
    /// The card it points to.
    pub to_card: CardId,
}

/// The emotion curve across the top: the area and, per stage column, the
/// two groups' lines (heights 0 = very good … 1 = very bad).
#[derive(Debug, Clone, PartialEq)]
pub struct CurveArea {
    pub rect: Rect,
    pub columns: Vec<(Rect, ColumnCurve, ColumnCurve)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f32,
    pub height: f32,
    /// Stage headings, lane headings, then each lane's cells row by row.
    pub stage_heads: Vec<Rect>,
    pub lane_heads: Vec<Rect>,
    pub cells: Vec<Rect>,
    pub curve: Option<CurveArea>,
    pub cards: Vec<CardBox>,
    pub arrows: Vec<ArrowLine>,
    pub texts: Vec<Placed>,
}

/// The whole map laid out; `votes` are the revealed counts (none while
/// hidden); the drawing's own words (kinds, roles, headings) are in the
/// language of `words`.
pub fn lay_out(
    m: &dyn Measure,
    view: &MapView,
    votes: Option<&std::collections::BTreeMap<CardId, u32>>,
    words: &Catalogue,
) -> Layout {
    let mut texts = Vec::new();
    let mut y = MARGIN;
    let columns = view.stages.len().max(1) as f32;
    let grid_w = HEAD_W + GAP + columns * (COL_W + GAP) - GAP;
    y = place_lines(
        &mut texts,
        wrap(m, &view.title, TITLE, grid_w),
        MARGIN,
        y,
        TITLE,
        false,
    );
    if !view.purpose.trim().is_empty() {
        y = place_lines(
            &mut texts,
            wrap(m, view.purpose.trim(), PURPOSE, grid_w),
            MARGIN,
            y + 2.0,
            PURPOSE,
            true,
        );
    }
    y += 16.0;

    // Stage headings.
    let col_x = |i: usize| MARGIN + HEAD_W + GAP + i as f32 * (COL_W + GAP);
    let head_lines: Vec<Vec<String>> = view
        .stages
        .iter()
        .map(|s| wrap(m, &s.name, HEADING, COL_W - 20.0))
        .collect();
    let head_h =
        head_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * line_height(HEADING) + 20.0;
    let mut stage_heads = Vec::new();
    for (i, lines) in head_lines.into_iter().enumerate() {
        let rect = Rect {
            x: col_x(i),
            y,
            w: COL_W,
            h: head_h,
        };
        place_lines(&mut texts, lines, rect.x + 10.0, y + 10.0, HEADING, false);
        stage_heads.push(rect);
    }
    y += head_h + GAP;

    // The emotion curve, when anyone has said how a stage felt.
    let points = emotion_curve(view);
    let curve = if points
        .iter()
        .any(|p| p.lived.is_some() || p.staff.is_some())
    {
        let lived = curve_across(&points, true);
        let staff = curve_across(&points, false);
        let rect = Rect {
            x: MARGIN,
            y,
            w: grid_w,
            h: CURVE_H,
        };
        place_lines(
            &mut texts,
            wrap(m, &words.t("drawn-how-it-felt"), HEADING, HEAD_W - 20.0),
            MARGIN + 10.0,
            y + 10.0,
            HEADING,
            false,
        );
        place_lines(
            &mut texts,
            vec![words.t("drawn-lived"), words.t("drawn-staff")],
            MARGIN + 10.0,
            y + 16.0 + line_height(HEADING),
            CARD_SMALL,
            true,
        );
        let columns = (0..view.stages.len())
            .map(|i| {
                (
                    Rect {
                        x: col_x(i),
                        y: y + 10.0,
                        w: COL_W,
                        h: CURVE_H - 20.0,
                    },
                    lived[i],
                    staff[i],
                )
            })
            .collect();
        y += CURVE_H + GAP;
        Some(CurveArea { rect, columns })
    } else {
        None
    };

    // Lanes: a heading, then a cell per stage with its cards stacked.
    let mut lane_heads = Vec::new();
    let mut cells = Vec::new();
    let mut cards = Vec::new();
    for lane in &view.lanes {
        let mut bottom = y + MIN_CELL_H;
        let name_end = place_lines(
            &mut texts,
            wrap(m, &lane.name, HEADING, HEAD_W - 20.0),
            MARGIN + 10.0,
            y + 10.0,
            HEADING,
            false,
        );
        bottom = bottom.max(name_end + 10.0);
        for (i, stage) in view.stages.iter().enumerate() {
            let mut at = y + CELL_PAD;
            for card in view
                .cards
                .iter()
                .filter(|c| c.stage == stage.id && c.lane == lane.id)
            {
                let count = votes.map(|v| v.get(&card.id).copied().unwrap_or(0));
                let corner = (col_x(i) + CELL_PAD, at);
                let placed = place_card(m, &mut texts, card, count, words, corner);
                at = placed.rect.bottom() + GAP;
                cards.push(placed);
            }
            bottom = bottom.max(at - GAP + CELL_PAD);
        }
        lane_heads.push(Rect {
            x: MARGIN,
            y,
            w: HEAD_W,
            h: bottom - y,
        });
        for i in 0..view.stages.len() {
            cells.push(Rect {
                x: col_x(i),
                y,
                w: COL_W,
                h: bottom - y,
            });
        }
        y = bottom + GAP;
    }

    // Cards whose stage or lane is gone, in rows under the grid.
    if !view.unsorted.is_empty() {
        y = place_lines(
            &mut texts,
            vec![words.t("drawn-unsorted")],
            MARGIN,
            y + 8.0,
            HEADING,
            false,
        ) + 6.0;
        let per_row = ((grid_w + GAP) / (CARD_W + GAP)).floor().max(1.0) as usize;
        for row in view.unsorted.chunks(per_row) {
            let mut bottom = y;
            for (i, card) in row.iter().enumerate() {
                let count = votes.map(|v| v.get(&card.id).copied().unwrap_or(0));
                let x = MARGIN + i as f32 * (CARD_W + GAP);
                let placed = place_card(m, &mut texts, card, count, words, (x, y));
                bottom = bottom.max(placed.rect.bottom());
                cards.push(placed);
            }
            y = bottom + GAP;
        }
    }

    let rect_of = |id: &CardId| cards.iter().find(|c| &c.id == id).map(|c| c.rect);
    let arrows = view
        .connections
        .iter()
        .filter_map(|a| {
            let (from, to) = arrow_ends(&rect_of(&a.from)?, &rect_of(&a.to)?);
            Some(ArrowLine {
                from,
                to,
                label: a.label.clone(),
                to_card: a.to.clone(),
            })
        })
        .collect();

    let width = (MARGIN + grid_w + MARGIN).ceil();
    let height = (y - GAP + MARGIN).ceil();
    Layout {
        width,
        height,
        stage_heads,
        lane_heads,
        cells,
        curve,
        cards,
        arrows,
        texts,
    }
}

/// The kind's colour: the same as the board's card edge (`client/style.css`).
pub fn kind_colour(kind: CardKind) -> &'static str {
    match kind {
        CardKind::Step => "#1f5f99",
        CardKind::PainPoint => "#b3261e",
        CardKind::Idea => "#8a6d00",
        CardKind::Feeling => "#7b1fa2",
        CardKind::WhatMatters => "#00695c",
        CardKind::Question => "#3949ab",
        CardKind::Strength => "#2e7d32",
        CardKind::Note => "#5d4037",
    }
}

/// The icon size, for the drawing.
pub const ICON_SIZE: f32 = ICON;
