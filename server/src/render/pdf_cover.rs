//! The PDF's cover page, when asked for: the map's title and purpose, its
//! summary and the date, on a page of its own.

use crate::render::pdf_plan::MARGIN;
use crate::render::pdf_plan::Paper;
use comap_shared::MapView;
use comap_shared::i18n::{Arg, Catalogue, key};
use comap_shared::layout::{self, Measure, TextStyle};
use comap_shared::summary::count_of;
use comap_shared::svg::{self, escape};

/// The cover page as SVG, one unit per point.
pub(super) fn cover_svg(
    m: &dyn Measure,
    view: &MapView,
    paper: Paper,
    date: &str,
    words: &Catalogue,
) -> String {
    let (w, h) = paper.size();
    let big = TextStyle {
        size: 34.0,
        bold: true,
    };
    let mut out = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}">"##,
        svg::FONT_FAMILY
    );
    let mut y = h * 0.3;
    let mut line = |text: &str, style: TextStyle, colour: &str, y: &mut f32| {
        for part in layout::text::wrap(m, text, style, w - 4.0 * MARGIN) {
            *y += style.size * layout::LINE;
            out.push_str(&format!(
                r##"<text x="{:.1}" y="{:.1}" font-size="{}" font-weight="{}" fill="{colour}">{}</text>"##,
                2.0 * MARGIN,
                *y,
                style.size,
                if style.bold { 700 } else { 400 },
                escape(&part)
            ));
        }
    };
    line(&view.title, big, "#1a1a1a", &mut y);
    y += 10.0;
    if !view.purpose.trim().is_empty() {
        line(view.purpose.trim(), layout::PURPOSE, "#333333", &mut y);
        y += 10.0;
    }
    let cards = view.cards.len() + view.unsorted.len();
    let held = [
        count_of(words, key("export-stages"), view.stages.len()),
        count_of(words, key("export-lanes"), view.lanes.len()),
        count_of(words, key("export-cards"), cards),
        count_of(words, key("export-arrows"), view.connections.len()),
    ]
    .join(", ");
    line(&held, layout::PURPOSE, "#333333", &mut y);
    line(
        &words.tf("pdf-exported-on", &[("date", Arg::from(date))]),
        layout::PURPOSE,
        "#333333",
        &mut y,
    );
    y += 24.0;
    line(
        &words.t("pdf-made-with"),
        layout::CARD_SMALL,
        "#555555",
        &mut y,
    );
    out.push_str("</svg>");
    out
}
