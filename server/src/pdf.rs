//! The map as a PDF document: a cover page (title, purpose, date, what the
//! map holds), then the map drawn by the same layout as the images, on A4 or
//! A3 landscape pages. A map too wide for a page is split between stage
//! columns, one too tall between cards; every page repeats the stage
//! headings at its top and the lane headings at its left. The drawing is
//! converted to PDF once (svg2pdf, text kept as text in the bundled font)
//! and each page shows its part of it. A workshop's plenary ends with its
//! actions (`pdf_actions`).

use crate::render::{Fonts, RenderError};
use comap_shared::MapView;
use comap_shared::export::count_of;
use comap_shared::layout::{self, Layout, Measure, TextStyle};
use comap_shared::svg::{self, SvgOptions, escape};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::HashMap;

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
pub(crate) const MARGIN: f32 = 28.0;
/// Points per CSS pixel of the map: card text (15 px) prints at 9 pt.
pub const SCALE: f32 = 0.6;

/// The part of the map drawing one page shows (drawing units, CSS pixels).
#[derive(Debug, Clone, PartialEq)]
pub struct MapPage {
    /// The stage columns' span, left to right.
    pub x: (f32, f32),
    /// The body's span, top to bottom (the stage headings come on top).
    pub y: (f32, f32),
}

/// Where the headings end: the lane column's right edge and the stage
/// headings' bottom edge.
fn heading_edges(l: &Layout) -> (f32, f32) {
    let left = l.stage_heads.first().map_or(0.0, |h| h.x - 4.0);
    let top = l.stage_heads.first().map_or(0.0, |h| h.bottom() + 4.0);
    (left, top)
}

/// How the map is cut into pages: stage columns in groups that fit the
/// width, each group cut down the page between cards.
pub fn plan(l: &Layout, paper: Paper) -> Vec<MapPage> {
    let (page_w, page_h) = paper.size();
    let (left, top) = heading_edges(l);
    let room_w = ((page_w - 2.0 * MARGIN) / SCALE - left).max(50.0);
    let room_h = ((page_h - 2.0 * MARGIN) / SCALE - top).max(50.0);

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

    // Cuts down the page: at a lane's top or under a card, never through one.
    let crosses = |y: f32| l.cards.iter().any(|c| c.rect.y < y && y < c.rect.bottom());
    let mut candidates: Vec<f32> = l
        .lane_heads
        .iter()
        .map(|h| h.y - 4.0)
        .chain(l.cards.iter().map(|c| c.rect.bottom() + 4.0))
        .collect();
    candidates.sort_by(f32::total_cmp);
    let mut slices = Vec::new();
    let mut y = top;
    while y < l.height - 1.0 {
        let limit = y + room_h;
        if limit >= l.height {
            slices.push((y, l.height));
            break;
        }
        let cut = candidates
            .iter()
            .rev()
            .copied()
            .find(|&c| c <= limit && c > y + room_h * 0.25 && !crosses(c))
            .unwrap_or(limit);
        slices.push((y, cut));
        y = cut;
    }
    if slices.is_empty() {
        slices.push((top, l.height.max(top + 1.0)));
    }
    groups
        .iter()
        .flat_map(|&x| slices.iter().map(move |&y| MapPage { x, y }))
        .collect()
}

/// Draws the part `(x0, y0)–(x1, y1)` of the drawing (`size`, CSS pixels)
/// with its top-left at page point `(px, py)` (from the page's top-left).
fn place(
    content: &mut Content,
    name: Name,
    size: (f32, f32),
    page_h: f32,
    (x0, y0, x1, y1): (f32, f32, f32, f32),
    (px, py): (f32, f32),
) {
    let (w, h) = ((x1 - x0) * SCALE, (y1 - y0) * SCALE);
    let bottom = page_h - py - h;
    content.save_state();
    content.rect(px, bottom, w, h).clip_nonzero().end_path();
    // The drawing is a 1 × 1 point form: stretch it, then move the part's
    // top-left corner to (px, py).
    let e = px - SCALE * x0;
    let f = page_h - py - size.1 * SCALE + SCALE * y0;
    content.transform([size.0 * SCALE, 0.0, 0.0, size.1 * SCALE, e, f]);
    content.x_object(name);
    content.restore_state();
}

fn convert(tree: &resvg::usvg::Tree) -> Result<(pdf_writer::Chunk, Ref), RenderError> {
    svg2pdf::to_chunk(tree, svg2pdf::ConversionOptions::default())
        .map_err(|e| RenderError::Draw(e.to_string()))
}

/// The cover page as SVG, one unit per point.
fn cover_svg(m: &dyn Measure, view: &MapView, paper: Paper, date: &str) -> String {
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
        for part in layout::wrap(m, text, style, w - 4.0 * MARGIN) {
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
        count_of(view.stages.len(), "stage", "stages"),
        count_of(view.lanes.len(), "lane", "lanes"),
        count_of(cards, "card", "cards"),
        count_of(view.connections.len(), "arrow", "arrows"),
    ]
    .join(", ");
    line(&held, layout::PURPOSE, "#333333", &mut y);
    line(
        &format!("Exported on {date}"),
        layout::PURPOSE,
        "#333333",
        &mut y,
    );
    y += 24.0;
    line(
        "A care pathway map made together with Comap.",
        layout::CARD_SMALL,
        "#555555",
        &mut y,
    );
    out.push_str("</svg>");
    out
}

/// The map as a PDF on `paper`, with a cover dated `date` ("29 November
/// 2026"), and `actions` (a plenary's) on pages of their own at the end.
pub fn pdf_file(
    fonts: &Fonts,
    view: &MapView,
    paper: Paper,
    date: &str,
    actions: &[comap_shared::actions::Action],
) -> Result<Vec<u8>, RenderError> {
    let measure = fonts.measure()?;
    let l = crate::render::layout_of(fonts, view)?;
    let drawing = svg::draw(
        &l,
        &view.title,
        &comap_shared::export::summary(view),
        &SvgOptions::default(),
    );
    let map_tree = fonts.tree(&drawing)?;
    let cover_tree = fonts.tree(&cover_svg(&measure, view, paper, date))?;
    let size = (map_tree.size().width(), map_tree.size().height());

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
    let (cover_chunk, cover_form) = embed(&cover_tree)?;
    let mut action_pages = Vec::new();
    for page in crate::pdf_actions::actions_pages(&measure, actions, paper) {
        action_pages.push(embed(&fonts.tree(&page)?)?);
    }

    let (page_w, page_h) = paper.size();
    let pages = plan(&l, paper);
    let ids: Vec<(Ref, Ref)> = (0..=pages.len() + action_pages.len())
        .map(|_| (alloc.bump(), alloc.bump()))
        .collect();
    let mut pdf = Pdf::new();
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree)
        .kids(ids.iter().map(|(page, _)| *page))
        .count(ids.len() as i32);
    pdf.document_info(info)
        .title(TextStr(&view.title))
        .producer(TextStr("Comap"));

    let mut streams = Vec::new();
    // The cover.
    let mut cover = Content::new();
    cover.save_state();
    cover.transform([page_w, 0.0, 0.0, page_h, 0.0, 0.0]);
    cover.x_object(Name(b"C"));
    cover.restore_state();
    streams.push((ids[0], Name(b"C"), cover_form, cover.finish()));

    let (left, top) = heading_edges(&l);
    for (n, part) in pages.iter().enumerate() {
        let mut c = Content::new();
        let head_w = left * SCALE;
        let head_h = top * SCALE;
        let name = Name(b"M");
        // Title and stage headings of these columns, lane headings beside the body.
        place(
            &mut c,
            name,
            size,
            page_h,
            (0.0, 0.0, left, top),
            (MARGIN, MARGIN),
        );
        place(
            &mut c,
            name,
            size,
            page_h,
            (part.x.0, 0.0, part.x.1, top),
            (MARGIN + head_w, MARGIN),
        );
        place(
            &mut c,
            name,
            size,
            page_h,
            (0.0, part.y.0, left, part.y.1),
            (MARGIN, MARGIN + head_h),
        );
        place(
            &mut c,
            name,
            size,
            page_h,
            (part.x.0, part.y.0, part.x.1, part.y.1),
            (MARGIN + head_w, MARGIN + head_h),
        );
        streams.push((ids[n + 1], name, map_form, c.finish()));
    }
    for (n, (_, form)) in action_pages.iter().enumerate() {
        let mut c = Content::new();
        c.save_state();
        c.transform([page_w, 0.0, 0.0, page_h, 0.0, 0.0]);
        c.x_object(Name(b"A"));
        c.restore_state();
        streams.push((ids[pages.len() + 1 + n], Name(b"A"), *form, c.finish()));
    }
    for ((page_id, content_id), name, form, bytes) in &streams {
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, page_w, page_h));
        page.parent(page_tree);
        page.contents(*content_id);
        page.resources().x_objects().pair(*name, *form);
        page.finish();
        pdf.stream(*content_id, bytes);
    }
    pdf.extend(&map_chunk);
    pdf.extend(&cover_chunk);
    for (chunk, _) in &action_pages {
        pdf.extend(chunk);
    }
    Ok(pdf.finish())
}
