//! The map as a PDF document, drawn by the same layout as the images, on A4
//! or A3 landscape pages: the whole map on one page whenever its card text
//! prints at 7 pt or more there; otherwise split between stage columns and
//! between cards, every page carrying the full title, the stage headings at
//! its top, the lane headings at its left and "Page 2 of 5" at its foot. A
//! cover page (title, purpose, date, what the map holds) only on request.
//! How the pages are chosen is `pdf_plan`. The drawing is converted to PDF
//! once (svg2pdf, text kept as text in the bundled font) and each page
//! shows its part of it; each page's title and number are a small drawing
//! of its own. A workshop's plenary ends with its actions (`pdf_actions`).

use crate::render::image::{Fonts, RenderError};
use crate::render::pdf_cover::cover_svg;
use crate::render::pdf_plan::{MARGIN, TITLE_PT, heading_edges};
pub use crate::render::pdf_plan::{
    MIN_TEXT_PT, MapPage, Paper, PdfOptions, SCALE, plan, whole_page_scale,
};
use comap_shared::MapView;
use comap_shared::i18n::{Arg, Catalogue};
use comap_shared::layout::{self, Measure, TextStyle};
use comap_shared::svg::{self, SvgOptions, escape};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::HashMap;

/// Draws the part `(x0, y0)–(x1, y1)` of a drawing (`size`, in its units)
/// at `scale` points per unit, with its top-left at page point `(px, py)`
/// (from the page's top-left).
fn place(
    content: &mut Content,
    name: Name,
    (size, scale): ((f32, f32), f32),
    page_h: f32,
    (x0, y0, x1, y1): (f32, f32, f32, f32),
    (px, py): (f32, f32),
) {
    let (w, h) = ((x1 - x0) * scale, (y1 - y0) * scale);
    let bottom = page_h - py - h;
    content.save_state();
    content.rect(px, bottom, w, h).clip_nonzero().end_path();
    // The drawing is a 1 × 1 point form: stretch it, then move the part's
    // top-left corner to (px, py).
    let e = px - scale * x0;
    let f = page_h - py - size.1 * scale + scale * y0;
    content.transform([size.0 * scale, 0.0, 0.0, size.1 * scale, e, f]);
    content.x_object(name);
    content.restore_state();
}

/// What each page of the PDF shows.
enum Page {
    Cover,
    /// The whole map, at this scale.
    Whole(f32),
    /// One part of a map split over pages: its index among them.
    Part(usize),
    /// The `n`th page of a plenary's actions.
    Actions(usize),
}

/// Each page's title and number as a drawing of its own (points): the
/// full title at the top of each part of a split map, "Page n of N" at the
/// foot of every page after the cover when there are several. (Drawings of
/// their own, so that a page's text is its own when searched or copied.)
fn marks_svgs(
    m: &dyn Measure,
    title: &str,
    pages: &[Page],
    paper: Paper,
    continued: impl Fn(usize) -> Vec<(String, f32, f32)>,
    arrows: impl Fn(usize) -> String,
    words: &Catalogue,
) -> Vec<Option<String>> {
    let (w, h) = paper.size();
    let numbered = pages.iter().filter(|p| !matches!(p, Page::Cover)).count();
    let style = TextStyle {
        size: TITLE_PT,
        bold: true,
    };
    let mut n = 0;
    pages
        .iter()
        .map(|page| {
            if matches!(page, Page::Cover) {
                return None;
            }
            n += 1;
            let titled = matches!(page, Page::Part(_));
            if !titled && numbered < 2 {
                return None;
            }
            let mut out = format!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{}">"##,
                svg::FONT_FAMILY
            );
            if let Page::Part(part) = page {
                // The arrows that start on this page, over its body.
                out.push_str(&arrows(*part));
                // A lane that began on an earlier page is named again.
                for (name, x, y) in continued(*part) {
                    out.push_str(&format!(
                        r##"<text x="{x:.1}" y="{y:.1}" font-size="9.6" font-weight="700" fill="#1a1a1a">{}</text>"##,
                        escape(&name)
                    ));
                }
            }
            if titled {
                for (line, part) in layout::text::wrap(m, title, style, w - 2.0 * MARGIN)
                    .iter()
                    .take(2)
                    .enumerate()
                {
                    out.push_str(&format!(
                        r##"<text x="{MARGIN:.1}" y="{:.1}" font-size="{TITLE_PT}" font-weight="700" fill="#1a1a1a">{}</text>"##,
                        MARGIN + TITLE_PT + line as f32 * TITLE_PT * layout::LINE,
                        escape(part)
                    ));
                }
            }
            if numbered > 1 {
                let page = words.tf(
                    "pdf-page",
                    &[("number", Arg::from(n)), ("count", Arg::from(numbered))],
                );
                out.push_str(&format!(
                    r##"<text x="{:.1}" y="{:.1}" font-size="9" text-anchor="end" fill="#333333">{}</text>"##,
                    w - MARGIN,
                    h - MARGIN / 2.0,
                    escape(&page)
                ));
            }
            out.push_str("</svg>");
            Some(out)
        })
        .collect()
}

fn convert(tree: &resvg::usvg::Tree) -> Result<(pdf_writer::Chunk, Ref), RenderError> {
    svg2pdf::to_chunk(tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| RenderError::Draw(e.to_string()))
}

/// The map as a PDF (see the module's words), and `actions` (a plenary's)
/// on pages of their own at the end.
pub fn pdf_file(
    fonts: &Fonts,
    view: &MapView,
    options: &PdfOptions,
    actions: &[comap_shared::workshop_actions::Action],
) -> Result<Vec<u8>, RenderError> {
    let paper = options.paper;
    let measure = fonts.measure()?;
    let words = options.words;
    let l = crate::render::image::layout_of(fonts, view, words)?;
    let whole = whole_page_scale((l.width, l.height), paper);
    let parts = if whole.is_some() {
        Vec::new()
    } else {
        plan(&l, paper)
    };
    // Split over pages, each arrow is drawn with the page it starts on.
    let layer = if parts.is_empty() {
        svg::Layer::All
    } else {
        svg::Layer::NoArrows
    };
    let drawing = svg::draw(
        &l,
        &view.title,
        &comap_shared::summary::summary(view, words),
        &SvgOptions {
            layer,
            ..SvgOptions::default()
        },
    );
    let map_tree = fonts.tree(&drawing)?;
    let size = (map_tree.size().width(), map_tree.size().height());
    let action_svgs = crate::render::pdf_actions::actions_pages(&measure, actions, paper, words);

    let mut pages = Vec::new();
    if options.cover {
        pages.push(Page::Cover);
    }
    match whole {
        Some(scale) => pages.push(Page::Whole(scale)),
        None => pages.extend((0..parts.len()).map(Page::Part)),
    }
    pages.extend((0..action_svgs.len()).map(Page::Actions));

    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let page_tree = alloc.bump();
    let info = alloc.bump();
    let mut embed = |tree: &resvg::usvg::Tree| -> Result<(pdf_writer::Chunk, Ref), RenderError> {
        let (chunk, root) = convert(tree)?;
        let mut renamed = HashMap::new();
        let chunk = chunk.renumber(|old| *renamed.entry(old).or_insert_with(|| alloc.bump()));
        let root = renamed.get(&root).copied().ok_or_else(|| {
            RenderError::Draw("the drawing lost its root while being placed".into())
        })?;
        Ok((chunk, root))
    };
    let (map_chunk, map_form) = embed(&map_tree)?;
    let mut chunks = vec![map_chunk];
    let (left, heads, top) = heading_edges(&l);
    let body_top = MARGIN + 2.0 * TITLE_PT * layout::LINE + 6.0 + (top - heads) * SCALE;
    let continued = |index: usize| -> Vec<(String, f32, f32)> {
        let Some(part) = parts.get(index) else {
            return Vec::new();
        };
        l.lane_heads
            .iter()
            .zip(&view.lanes)
            .filter(|(h, _)| h.y < part.y.0 && h.bottom() > part.y.0 + 20.0)
            .flat_map(|(h, lane)| {
                let name = format!("{} (continued)", lane.name);
                let width = (h.w - 20.0) * SCALE;
                let style = TextStyle {
                    size: layout::HEADING.size * SCALE,
                    bold: true,
                };
                layout::text::wrap(&measure, &name, style, width)
                    .into_iter()
                    .take(3)
                    .enumerate()
                    .map(move |(i, line)| {
                        (
                            line,
                            MARGIN + (h.x + 10.0) * SCALE,
                            body_top + 14.0 + i as f32 * style.size * layout::LINE,
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let mut marks_forms = Vec::new();
    let body_at = crate::render::pdf_arrows::BodyAt {
        x: MARGIN + left * SCALE,
        y: body_top,
    };
    let arrows = |index: usize| {
        crate::render::pdf_arrows::arrows_on_page(&l, view, &parts, index, body_at, 1)
    };
    for marks in marks_svgs(
        &measure,
        &view.title,
        &pages,
        paper,
        continued,
        arrows,
        words,
    ) {
        marks_forms.push(match marks {
            Some(svg) => {
                let (chunk, form) = embed(&fonts.tree(&svg)?)?;
                chunks.push(chunk);
                Some(form)
            }
            None => None,
        });
    }
    let cover_form = if options.cover {
        let (chunk, form) =
            embed(&fonts.tree(&cover_svg(&measure, view, paper, &options.date, words))?)?;
        chunks.push(chunk);
        Some(form)
    } else {
        None
    };
    let mut action_forms = Vec::new();
    for page in &action_svgs {
        let (chunk, form) = embed(&fonts.tree(page)?)?;
        chunks.push(chunk);
        action_forms.push(form);
    }

    let (page_w, page_h) = paper.size();
    let ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (alloc.bump(), alloc.bump())).collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree)
        .kids(ids.iter().map(|(page, _)| *page))
        .count(ids.len() as i32);
    pdf.document_info(info)
        .title(TextStr(&view.title))
        .producer(TextStr("Comap"));

    let (map, marks, other) = (Name(b"M"), Name(b"K"), Name(b"P"));
    for (((page_id, content_id), page), marks_form) in ids.iter().zip(&pages).zip(&marks_forms) {
        let mut c = Content::new();
        let mut forms = Vec::new();
        let whole_page = |c: &mut Content, form: Ref, forms: &mut Vec<(Name, Ref)>| {
            c.save_state();
            c.transform([page_w, 0.0, 0.0, page_h, 0.0, 0.0]);
            c.x_object(other);
            c.restore_state();
            forms.push((other, form));
        };
        match page {
            Page::Cover => {
                if let Some(form) = cover_form {
                    whole_page(&mut c, form, &mut forms);
                }
            }
            Page::Actions(n) => {
                if let Some(form) = action_forms.get(*n) {
                    whole_page(&mut c, *form, &mut forms);
                }
            }
            Page::Whole(scale) => {
                place(
                    &mut c,
                    map,
                    (size, *scale),
                    page_h,
                    (0.0, 0.0, size.0, size.1),
                    (MARGIN, MARGIN),
                );
                forms.push((map, map_form));
            }
            Page::Part(index) => {
                let part = parts.get(*index).cloned().unwrap_or(MapPage {
                    x: (0.0, size.0),
                    y: (0.0, size.1),
                });
                let at = (size, SCALE);
                let (head_w, head_h) = (left * SCALE, (top - heads) * SCALE);
                let y = MARGIN + 2.0 * TITLE_PT * layout::LINE + 6.0;
                // The stage headings of these columns, the lane headings
                // beside the body (the corner between them left blank).
                place(
                    &mut c,
                    map,
                    at,
                    page_h,
                    (part.x.0, heads, part.x.1, top),
                    (MARGIN + head_w, y),
                );
                place(
                    &mut c,
                    map,
                    at,
                    page_h,
                    (0.0, part.y.0, left, part.y.1),
                    (MARGIN, y + head_h),
                );
                place(
                    &mut c,
                    map,
                    at,
                    page_h,
                    (part.x.0, part.y.0, part.x.1, part.y.1),
                    (MARGIN + head_w, y + head_h),
                );
                forms.push((map, map_form));
            }
        }
        if let Some(form) = marks_form {
            c.save_state();
            c.transform([page_w, 0.0, 0.0, page_h, 0.0, 0.0]);
            c.x_object(marks);
            c.restore_state();
            forms.push((marks, *form));
        }
        let mut p = pdf.page(*page_id);
        p.media_box(Rect::new(0.0, 0.0, page_w, page_h));
        p.parent(page_tree);
        p.contents(*content_id);
        let mut resources = p.resources();
        let mut objects = resources.x_objects();
        for (name, form) in forms {
            objects.pair(name, form);
        }
        objects.finish();
        resources.finish();
        p.finish();
        pdf.stream(*content_id, &c.finish());
    }
    for chunk in &chunks {
        pdf.extend(chunk);
    }
    Ok(pdf.finish())
}
