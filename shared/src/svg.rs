//! The map as one SVG image, drawn from `layout::lay_out`: what the SVG
//! export is, and what the PNG export rasterises. Text stays text (so it can
//! be searched, copied and read by screen readers), in the bundled font,
//! which the caller may embed so any viewer draws it the same.

use crate::i18n::Catalogue;
use crate::layout::{
    self, ArrowLine, CARD_BAR, CardBox, ICON_SIZE, Layout, Measure, Placed, TextStyle,
};
use crate::model::{CardKind, MapView};
use std::fmt::Write as _;

/// The font family the layout was measured with.
pub const FONT_FAMILY: &str = "Atkinson Hyperlegible";
const INK: &str = "#1a1a1a";
const MUTED: &str = "#555555";
const HEAD_FILL: &str = "#e8eef6";
const CELL_FILL: &str = "#ffffff";
const CARD_FILL: &str = "#ffffff";
const CELL_LINE: &str = "#c8c8c8";
const PAGE_FILL: &str = "#ffffff";
const LIVED: &str = "#0b5394";
const STAFF: &str = "#a23b00";

/// Which part of the drawing to write. A PNG is drawn in three coats: what
/// lies under the text, the text (painted by the server from the layout's
/// lines, glyph by glyph), then the arrows over it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Layer {
    #[default]
    All,
    /// The page, headings, cells, emotion curve and cards: no lines of text
    /// (the question mark inside a mark stays) and no arrows.
    UnderText,
    /// The arrows and their labels only.
    OverText,
    /// Everything but the arrows (a PDF split over pages draws each arrow
    /// on the page of the card it starts from).
    NoArrows,
}

#[derive(Debug, Clone, Default)]
pub struct SvgOptions {
    /// No page colour behind the map (cards and headings keep theirs).
    pub transparent: bool,
    /// CSS `@font-face` rules put in the image, so viewers without the font
    /// installed draw the same letters.
    pub font_faces: String,
    pub layer: Layer,
}

/// The colour a line of text is drawn in.
pub fn text_colour(muted: bool) -> &'static str {
    if muted { MUTED } else { INK }
}

/// XML-escapes text for element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' => out.push(' '),
            // Nor are these two; they mean nothing in text.
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn weight(style: TextStyle) -> &'static str {
    if style.bold { "700" } else { "400" }
}

fn text_element(out: &mut String, t: &Placed) {
    let _ = writeln!(
        out,
        r##"<text x="{:.1}" y="{:.1}" font-size="{}" font-weight="{}" fill="{}">{}</text>"##,
        t.x,
        t.y,
        t.style.size,
        weight(t.style),
        text_colour(t.muted),
        escape(&t.text)
    );
}

/// A small mark for each kind, drawn in its colour in an `ICON_SIZE` square.
fn kind_mark(out: &mut String, kind: CardKind, (x, y): (f32, f32)) {
    let c = layout::kind_colour(kind);
    let s = ICON_SIZE;
    let _ = write!(
        out,
        r##"<g transform="translate({x:.1} {y:.1})" fill="{c}" stroke="{c}">"##
    );
    let shape = match kind {
        // A triangle pointing right.
        CardKind::Step => format!(
            r##"<path d="M1 0 L{s} {h} L1 {s} Z" stroke="none"/>"##,
            h = s / 2.0
        ),
        // A warning triangle with a gap for the exclamation mark.
        CardKind::PainPoint => format!(
            r##"<path d="M{h} 0 L{s} {s} L0 {s} Z" stroke="none"/><rect x="{a}" y="4" width="1.6" height="5" fill="#ffffff" stroke="none"/><rect x="{a}" y="10" width="1.6" height="1.6" fill="#ffffff" stroke="none"/>"##,
            h = s / 2.0,
            a = s / 2.0 - 0.8
        ),
        // A four-pointed spark.
        CardKind::Idea => format!(
            r##"<path d="M{h} 0 L{i} {j} L{s} {h} L{i} {k} L{h} {s} L{j} {k} L0 {h} L{j} {j} Z" stroke="none"/>"##,
            h = s / 2.0,
            i = s * 0.62,
            j = s * 0.38,
            k = s * 0.62
        ),
        // A heart of two circles and a point.
        CardKind::Feeling => format!(
            r##"<circle cx="{a}" cy="{a}" r="{a}" stroke="none"/><circle cx="{b}" cy="{a}" r="{a}" stroke="none"/><path d="M0.3 {c2} L{h} {s} L{e} {c2} Z" stroke="none"/>"##,
            a = s / 4.0,
            b = s * 0.75,
            c2 = s * 0.35,
            h = s / 2.0,
            e = s - 0.3
        ),
        // A five-pointed star.
        CardKind::WhatMatters => {
            let mut d = String::new();
            for i in 0..10 {
                let r = if i % 2 == 0 { s / 2.0 } else { s / 4.6 };
                let a = std::f32::consts::PI * (i as f32) / 5.0 - std::f32::consts::FRAC_PI_2;
                let _ = write!(
                    d,
                    "{}{:.2} {:.2} ",
                    if i == 0 { "M" } else { "L" },
                    s / 2.0 + r * a.cos(),
                    s / 2.0 + r * a.sin()
                );
            }
            format!(r##"<path d="{d}Z" stroke="none"/>"##)
        }
        // A circle with a question mark.
        CardKind::Question => format!(
            r##"<circle cx="{h}" cy="{h}" r="{h}" stroke="none"/><text x="{h}" y="{b:.1}" font-size="{f:.1}" font-weight="700" fill="#ffffff" stroke="none" text-anchor="middle">?</text>"##,
            h = s / 2.0,
            b = s * 0.82,
            f = s * 0.85
        ),
        // A tick.
        CardKind::Strength => format!(
            r##"<path d="M1 {a} L{b} {c} L{d} 1" fill="none" stroke-width="2.4" stroke-linecap="round" stroke-linejoin="round"/>"##,
            a = s * 0.55,
            b = s * 0.4,
            c = s - 1.5,
            d = s - 1.0
        ),
        // A page with lines.
        CardKind::Note => format!(
            r##"<rect x="1" y="0.5" width="{w}" height="{hh}" fill="none" stroke-width="1.5"/><path d="M3.5 4 H{l} M3.5 7 H{l} M3.5 10 H{l}" stroke-width="1.2"/>"##,
            w = s - 2.0,
            hh = s - 1.0,
            l = s - 3.5
        ),
    };
    out.push_str(&shape);
    out.push_str("</g>\n");
}

fn card(out: &mut String, c: &CardBox, fill: &str) {
    let r = c.rect;
    let colour = layout::kind_colour(c.kind);
    let _ = writeln!(out, r##"<g data-card="{}">"##, escape(&c.id.to_string()));
    let _ = writeln!(
        out,
        r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="5" fill="{fill}" stroke="#8a8a8a" stroke-width="1.5"/>"##,
        r.x, r.y, r.w, r.h
    );
    let _ = writeln!(
        out,
        r##"<path d="M{x0:.1} {y0:.1} H{x1:.1} V{y1:.1} H{x0:.1} A5 5 0 0 1 {xl:.1} {yb:.1} V{yt:.1} A5 5 0 0 1 {x0:.1} {y0:.1} Z" fill="{colour}"/>"##,
        x0 = r.x + 5.0,
        y0 = r.y,
        x1 = r.x + CARD_BAR,
        y1 = r.bottom(),
        xl = r.x,
        yb = r.bottom() - 5.0,
        yt = r.y + 5.0,
    );
    kind_mark(out, c.kind, c.icon);
    out.push_str("</g>\n");
}

/// The marker every arrow's head is drawn with (`url(#arrowhead)`).
pub fn arrowhead_marker() -> String {
    format!(
        r##"<marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 Z" fill="{INK}"/></marker>"##
    )
}

fn arrow(out: &mut String, a: &ArrowLine) {
    let _ = writeln!(
        out,
        r##"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{INK}" stroke-width="2" marker-end="url(#arrowhead)"/>"##,
        a.from.0, a.from.1, a.to.0, a.to.1
    );
    if !a.label.is_empty() {
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" font-size="{}" text-anchor="middle" fill="{INK}" stroke="#ffffff" stroke-width="4" paint-order="stroke">{}</text>"##,
            (a.from.0 + a.to.0) / 2.0,
            (a.from.1 + a.to.1) / 2.0 - 4.0,
            layout::ARROW_LABEL.size,
            escape(&a.label)
        );
    }
}

/// One group's curve across the stage columns.
fn curve_path(out: &mut String, area: &layout::CurveArea, lived: bool) {
    let mut d = String::new();
    for (rect, l, s) in &area.columns {
        let c = if lived { l } else { s };
        let y = |h: f32| rect.y + h * rect.h;
        let points = [
            (rect.x, c.left),
            (rect.x + rect.w / 2.0, c.mid),
            (rect.right(), c.right),
        ];
        let mut pen_down = false;
        for (x, h) in points {
            match h {
                Some(h) => {
                    let _ = write!(d, "{}{x:.1} {:.1} ", if pen_down { "L" } else { "M" }, y(h));
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
    }
    let (colour, dash) = if lived {
        (LIVED, "")
    } else {
        (STAFF, r##" stroke-dasharray="6 3""##)
    };
    // A dot at each stage's own average, so a stage alone still shows (none
    // where the line only runs across a stage nobody felt anything at).
    for (rect, l, s) in &area.columns {
        let c = if lived { l } else { s };
        if let Some(h) = c.mid.filter(|_| !c.bridged) {
            let _ = writeln!(
                out,
                r##"<circle cx="{:.1}" cy="{:.1}" r="4.5" fill="{colour}"/>"##,
                rect.x + rect.w / 2.0,
                rect.y + h * rect.h
            );
        }
    }
    if d.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        r##"<path d="{}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>"##,
        d.trim_end()
    );
}

/// The layout drawn as a standalone SVG document.
pub fn draw(layout: &Layout, title: &str, description: &str, options: &SvgOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="map-title map-desc" font-family="{FONT_FAMILY}, sans-serif">"##,
        w = layout.width,
        h = layout.height
    );
    let _ = writeln!(out, r##"<title id="map-title">{}</title>"##, escape(title));
    let _ = writeln!(
        out,
        r##"<desc id="map-desc">{}</desc>"##,
        escape(description)
    );
    out.push_str("<defs>");
    if !options.font_faces.is_empty() {
        let _ = write!(out, "<style>{}</style>", options.font_faces);
    }
    let _ = writeln!(out, "{}</defs>", arrowhead_marker());
    let under = options.layer != Layer::OverText;
    let over = matches!(options.layer, Layer::All | Layer::OverText);
    if under {
        draw_under(&mut out, layout, options);
    }
    if matches!(options.layer, Layer::All | Layer::NoArrows) {
        for t in &layout.texts {
            text_element(&mut out, t);
        }
    }
    if over {
        for a in &layout.arrows {
            arrow(&mut out, a);
        }
    }
    out.push_str("</svg>\n");
    out
}

/// Everything under the lines of text.
fn draw_under(out: &mut String, layout: &Layout, options: &SvgOptions) {
    // Cells and cards are as white as the page. A PNG's under-text coat
    // over a white page leaves their insides unpainted: the same pixels,
    // drawn in a fraction of the time.
    let (cell_fill, card_fill) = if options.layer == Layer::UnderText && !options.transparent {
        ("none", "none")
    } else {
        (CELL_FILL, CARD_FILL)
    };
    if !options.transparent {
        let _ = writeln!(
            out,
            r##"<rect width="100%" height="100%" fill="{PAGE_FILL}"/>"##
        );
    }
    for r in layout.stage_heads.iter().chain(&layout.lane_heads) {
        let _ = writeln!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" fill="{HEAD_FILL}"/>"##,
            r.x, r.y, r.w, r.h
        );
    }
    for r in &layout.cells {
        let _ = writeln!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" fill="{cell_fill}" stroke="{CELL_LINE}"/>"##,
            r.x, r.y, r.w, r.h
        );
    }
    if let Some(area) = &layout.curve {
        let r = area.rect;
        let _ = writeln!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="4" fill="#fafafa" stroke="{CELL_LINE}"/>"##,
            r.x, r.y, r.w, r.h
        );
        if let Some((first, ..)) = area.columns.first() {
            let mid = first.y + first.h / 2.0;
            let end = area.columns.last().map_or(first.right(), |c| c.0.right());
            let _ = writeln!(
                out,
                r##"<line x1="{:.1}" y1="{mid:.1}" x2="{end:.1}" y2="{mid:.1}" stroke="#767676" stroke-dasharray="3 3"/>"##,
                first.x
            );
        }
        curve_path(out, area, true);
        curve_path(out, area, false);
    }
    for c in &layout.cards {
        card(out, c, card_fill);
    }
}

/// The whole map as SVG: laid out with `m`, described by the text summary,
/// its words in the language of `words`.
pub fn map_svg(m: &dyn Measure, view: &MapView, options: &SvgOptions, words: &Catalogue) -> String {
    let votes = view
        .voting
        .as_ref()
        .filter(|v| v.revealed)
        .map(|v| v.tally());
    let layout = layout::lay_out(m, view, votes.as_ref(), words);
    draw(
        &layout,
        &view.title,
        &crate::summary::summary(view, words),
        options,
    )
}
