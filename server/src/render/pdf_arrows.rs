//! Arrows on the pages of a map split over several: each arrow is drawn on
//! the page of the card it starts from, with its label there. One whose
//! card at the other end is on another page runs to the edge of the body
//! and says where it goes ("to page 3: Physio, at last"), so no arrow or
//! label is cut by a page break or found on a page without its card.

use crate::render::pdf_plan::{MapPage, SCALE};
use comap_shared::MapView;
use comap_shared::layout::{self, ArrowLine, Layout};
use comap_shared::svg::{self, escape};
use std::fmt::Write as _;

/// Where a page shows its part of the map's body: the page point (from the
/// page's top-left) of the part's top-left corner.
#[derive(Debug, Clone, Copy)]
pub struct BodyAt {
    pub x: f32,
    pub y: f32,
}

/// The index of the part that holds `point` (drawing units), if any.
fn part_of(parts: &[MapPage], (x, y): (f32, f32)) -> Option<usize> {
    parts
        .iter()
        .position(|p| p.x.0 <= x && x <= p.x.1 && p.y.0 <= y && y <= p.y.1)
}

/// How far along the segment `a`→`b` it first leaves the rectangle
/// `(0, 0)`–`(w, h)` (`a` inside): 0 to 1.
fn exit_along(a: (f32, f32), b: (f32, f32), w: f32, h: f32) -> f32 {
    let mut t: f32 = 1.0;
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    if dx > 0.0 {
        t = t.min((w - a.0) / dx);
    } else if dx < 0.0 {
        t = t.min(-a.0 / dx);
    }
    if dy > 0.0 {
        t = t.min((h - a.1) / dy);
    } else if dy < 0.0 {
        t = t.min(-a.1 / dy);
    }
    t.clamp(0.0, 1.0)
}

/// A card's text cut short for a note.
fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let mut out: String = line.chars().take(30).collect();
    if line.chars().count() > 30 || text.lines().count() > 1 {
        out.push('\u{2026}');
    }
    out
}

/// The SVG elements (page points) of the arrows that start on part
/// `index` of `parts`, its body shown at `at`; `first_number` is the page
/// number of the first part.
pub fn arrows_on_page(
    l: &Layout,
    view: &MapView,
    parts: &[MapPage],
    index: usize,
    at: BodyAt,
    first_number: usize,
) -> String {
    let Some(part) = parts.get(index) else {
        return String::new();
    };
    let (w, h) = ((part.x.1 - part.x.0) * SCALE, (part.y.1 - part.y.0) * SCALE);
    let local = |(x, y): (f32, f32)| ((x - part.x.0) * SCALE, (y - part.y.0) * SCALE);
    let mut out = String::new();
    let mine: Vec<&ArrowLine> = l
        .arrows
        .iter()
        .filter(|a| part_of(parts, a.from) == Some(index))
        .collect();
    if mine.is_empty() {
        return out;
    }
    let _ = write!(
        out,
        r##"<defs>{}</defs><g transform="translate({:.2} {:.2})">"##,
        svg::arrowhead_marker(),
        at.x,
        at.y
    );
    let label_pt = layout::ARROW_LABEL.size * SCALE;
    for a in mine {
        let from = local(a.from);
        let to = local(a.to);
        let there = part_of(parts, a.to);
        let (end, head) = if there == Some(index) {
            (to, true)
        } else {
            let t = exit_along(from, to, w, h);
            (
                (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t),
                false,
            )
        };
        let _ = write!(
            out,
            r##"<line x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="#1a1a1a" stroke-width="{:.2}"{}/>"##,
            from.0,
            from.1,
            end.0,
            end.1,
            2.0 * SCALE,
            if head {
                r#" marker-end="url(#arrowhead)""#
            } else {
                r#" stroke-dasharray="4 2""#
            }
        );
        if !a.label.is_empty() {
            let _ = write!(
                out,
                r##"<text x="{:.2}" y="{:.2}" font-size="{label_pt:.2}" text-anchor="middle" fill="#1a1a1a" stroke="#ffffff" stroke-width="2.4" paint-order="stroke">{}</text>"##,
                (from.0 + end.0) / 2.0,
                (from.1 + end.1) / 2.0 - 2.4,
                escape(&a.label)
            );
        }
        if head {
            continue;
        }
        // Where it goes, inside the body near where the arrow leaves it.
        let target = view
            .cards
            .iter()
            .chain(view.unsorted.iter())
            .find(|c| c.id == a.to_card)
            .map(|c| short(&c.text))
            .unwrap_or_default();
        let note = match there {
            Some(p) => format!("to page {}: {target}", first_number + p),
            None => format!("to {target}"),
        };
        let anchor = if end.0 >= w - 1.0 {
            "end"
        } else if end.0 <= 1.0 {
            "start"
        } else {
            "middle"
        };
        let y = if end.1 >= h - 1.0 {
            end.1 - 4.0
        } else {
            end.1 + label_pt + 4.0
        };
        let _ = write!(
            out,
            r##"<text x="{:.2}" y="{:.2}" font-size="{label_pt:.2}" font-style="italic" text-anchor="{anchor}" fill="#1a1a1a" stroke="#ffffff" stroke-width="2.4" paint-order="stroke">{}</text>"##,
            end.0.clamp(2.0, (w - 2.0).max(2.0)),
            y.clamp(label_pt, h.max(label_pt)),
            escape(&note)
        );
    }
    out.push_str("</g>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_arrow_leaves_the_body_where_it_crosses_its_edge() {
        assert_eq!(exit_along((10.0, 10.0), (30.0, 10.0), 20.0, 20.0), 0.5);
        assert_eq!(exit_along((10.0, 10.0), (10.0, -10.0), 20.0, 20.0), 0.5);
        assert_eq!(exit_along((10.0, 10.0), (15.0, 15.0), 20.0, 20.0), 1.0);
    }

    #[test]
    fn a_point_belongs_to_the_part_that_holds_it() {
        let parts = [
            MapPage {
                x: (0.0, 100.0),
                y: (0.0, 50.0),
            },
            MapPage {
                x: (0.0, 100.0),
                y: (50.0, 100.0),
            },
        ];
        assert_eq!(part_of(&parts, (10.0, 10.0)), Some(0));
        assert_eq!(part_of(&parts, (10.0, 70.0)), Some(1));
        assert_eq!(part_of(&parts, (200.0, 70.0)), None);
    }
}
