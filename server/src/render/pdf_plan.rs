//! How a map is laid on PDF pages: the paper, the whole map on one page
//! when its card text prints at `MIN_TEXT_PT` or more (`whole_page_scale`),
//! else the cut into pages (`plan`): groups of stage columns that fit the
//! width, each cut down the page through as few of its cards as can be.
//! `pdf` draws the pages this decides.

use comap_shared::i18n::Catalogue;
use comap_shared::layout::{self, Layout};

/// Landscape paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A4,
    A3,
}

impl Paper {
    pub fn from_key(key: &str) -> Option<Paper> {
        match key.to_ascii_lowercase().as_str() {
            "a4" => Some(Paper::A4),
            "a3" => Some(Paper::A3),
            _ => None,
        }
    }

    /// Width and height in points, landscape.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (841.89, 595.28),
            Paper::A3 => (1190.55, 841.89),
        }
    }
}

/// The page margin, in points.
pub const MARGIN: f32 = 28.0;
/// Points per CSS pixel of a map split over pages: card text (15 px)
/// prints at 9 pt.
pub const SCALE: f32 = 0.6;
/// Card text is never printed smaller than this (points): a map whose
/// whole drawing would print it smaller is split over pages.
pub const MIN_TEXT_PT: f32 = 7.0;
/// The largest scale a map on one page is printed at (card text 13.5 pt).
const MAX_WHOLE_SCALE: f32 = 0.9;
/// The title band of a page of a split map, and its foot: points.
pub(crate) const TITLE_PT: f32 = 13.0;
const FOOT: f32 = 18.0;

/// How a PDF is made: the paper, a cover page or not, the date the cover
/// gives ("29 November 2026") and the language of its words.
#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub paper: Paper,
    pub cover: bool,
    pub date: String,
    pub words: &'static Catalogue,
}

/// The scale at which the whole drawing (`size`, CSS pixels) fits one page
/// with its card text at `MIN_TEXT_PT` or more; `None` when it does not.
pub fn whole_page_scale(size: (f32, f32), paper: Paper) -> Option<f32> {
    let (page_w, page_h) = paper.size();
    let scale = ((page_w - 2.0 * MARGIN) / size.0.max(1.0))
        .min((page_h - 2.0 * MARGIN) / size.1.max(1.0))
        .min(MAX_WHOLE_SCALE);
    (scale * layout::CARD_TEXT.size >= MIN_TEXT_PT).then_some(scale)
}

/// The part of the map drawing one page shows (drawing units, CSS pixels).
#[derive(Debug, Clone, PartialEq)]
pub struct MapPage {
    /// The stage columns' span, left to right.
    pub x: (f32, f32),
    /// The body's span, top to bottom (the stage headings come on top).
    pub y: (f32, f32),
}

/// Where the headings are: the lane column's right edge, the stage
/// headings' top and bottom edges (the title is above them).
pub(crate) fn heading_edges(l: &Layout) -> (f32, f32, f32) {
    let left = l.stage_heads.first().map_or(0.0, |h| h.x - 4.0);
    let heads = l.stage_heads.first().map_or(0.0, |h| h.y - 4.0);
    let top = l.stage_heads.first().map_or(0.0, |h| h.bottom() + 4.0);
    (left, heads, top)
}

/// How a map too large for one page is cut into pages: stage columns in
/// groups that fit the width, each group cut down the page between cards
/// where the columns allow (else through as few as can be; a card cut
/// goes on on the next page), below a band for the title and above the
/// page number.
pub fn plan(l: &Layout, paper: Paper) -> Vec<MapPage> {
    let (page_w, page_h) = paper.size();
    let (left, heads, top) = heading_edges(l);
    let room_w = ((page_w - 2.0 * MARGIN) / SCALE - left).max(50.0);
    let title_band = 2.0 * TITLE_PT * layout::LINE + 6.0;
    let room_h = ((page_h - 2.0 * MARGIN - title_band - FOOT) / SCALE - (top - heads)).max(50.0);

    // Stage columns, in groups that fit across.
    let mut groups: Vec<(f32, f32)> = Vec::new();
    for h in &l.stage_heads {
        match groups.last_mut() {
            Some(g) if h.right() + 4.0 - g.0 <= room_w => g.1 = h.right() + 4.0,
            _ => groups.push((h.x - 4.0, h.right() + 4.0)),
        }
    }
    if groups.is_empty() {
        groups.push((left, l.width));
    }

    let mut pages = Vec::new();
    for &x in &groups {
        for y in cuts(l, x, top, room_h) {
            pages.push(MapPage { x, y });
        }
    }
    pages
}

/// Where a group of stage columns (`x`, drawing units) is cut down the
/// page: at a lane's top or under a card, through as few of the group's
/// cards as can be (none where the columns allow), each piece at most
/// `room_h` tall and at least half that unless it is the last.
fn cuts(l: &Layout, x: (f32, f32), top: f32, room_h: f32) -> Vec<(f32, f32)> {
    let cards: Vec<_> = l
        .cards
        .iter()
        .filter(|c| c.rect.x >= x.0 && c.rect.right() <= x.1)
        .map(|c| (c.rect.y, c.rect.bottom()))
        .collect();
    let crossed = |y: f32| cards.iter().filter(|(a, b)| *a < y && y < *b).count();
    let mut candidates: Vec<f32> = l
        .lane_heads
        .iter()
        .map(|h| h.y - 4.0)
        .chain(cards.iter().map(|(_, b)| b + 4.0))
        .collect();
    candidates.sort_by(f32::total_cmp);
    candidates.dedup();
    let mut slices = Vec::new();
    let mut y = top;
    while y < l.height - 1.0 {
        let limit = y + room_h;
        if limit >= l.height {
            slices.push((y, l.height));
            break;
        }
        // The lowest cut crossing fewest cards, in the lower half of the room.
        let cut = candidates
            .iter()
            .copied()
            .filter(|&c| c <= limit && c > y + room_h * 0.5)
            .min_by(|a, b| crossed(*a).cmp(&crossed(*b)).then(b.total_cmp(a)))
            .unwrap_or(limit);
        slices.push((y, cut));
        y = cut;
    }
    if slices.is_empty() {
        slices.push((top, l.height.max(top + 1.0)));
    }
    slices
}
