//! Images of a map: the SVG from `comap_shared::svg`, measured with the
//! bundled Atkinson Hyperlegible TrueType files (from npm at build time,
//! copied into the built client's `fonts/`), and rasterised to PNG with
//! resvg. Only those fonts are ever used: never a system font, so every
//! server draws the same letters in the same places.

use crate::render::glyphs::{self, Target, TextPainter};
use crate::render::png_encode;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use comap_shared::MapView;
use comap_shared::i18n::Catalogue;
use comap_shared::layout::Layout;
use comap_shared::layout::{Measure, TextStyle};
use comap_shared::svg::{self, FONT_FAMILY, Layer, SvgOptions};
use resvg::tiny_skia::{Pixmap, Transform};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use thiserror::Error;

const REGULAR: &str = "fonts/AtkinsonHyperlegible_400Regular.ttf";
const BOLD: &str = "fonts/AtkinsonHyperlegible_700Bold.ttf";
/// The largest PNG drawn, in pixels (a 2,000-card map at scale 1 is about
/// 85 million); its pixels take 4 bytes each while it is drawn.
pub const MAX_PIXELS: u64 = 120_000_000;
/// One PNG is drawn at a time, so several large exports at once cannot take
/// the server's memory (each waits its turn on the blocking pool).
static DRAWING: std::sync::Mutex<()> = std::sync::Mutex::new(());
/// The scales a PNG can be drawn at.
pub const SCALES: [u32; 3] = [1, 2, 4];

#[derive(Debug, Error)]
pub enum RenderError {
    #[error("the typeface for images is missing ({0}); build the client first (cargo xtask dist)")]
    NoFonts(PathBuf),
    #[error("the bundled typeface cannot be read")]
    BadFont,
    #[error(
        "this map is too large for a PNG at scale {scale} ({width} × {height} pixels); choose a smaller scale or the SVG or PDF export"
    )]
    TooLarge { scale: u32, width: u64, height: u64 },
    #[error("the image could not be drawn: {0}")]
    Draw(String),
}

/// The two weights of the typeface, as TrueType bytes.
#[derive(Clone)]
pub struct Fonts {
    regular: Arc<Vec<u8>>,
    bold: Arc<Vec<u8>>,
}

impl Fonts {
    /// Reads them from the built client's directory.
    pub fn load(static_dir: &Path) -> Result<Fonts, RenderError> {
        let read = |name: &str| {
            let path = static_dir.join(name);
            std::fs::read(&path).map_err(|_| RenderError::NoFonts(path))
        };
        Ok(Fonts {
            regular: Arc::new(read(REGULAR)?),
            bold: Arc::new(read(BOLD)?),
        })
    }

    pub(crate) fn measure(&self) -> Result<impl Measure + '_, RenderError> {
        Ok(FontMeasure {
            regular: face(&self.regular)?,
            bold: face(&self.bold)?,
        })
    }

    /// An SVG we drew, parsed with only these fonts available.
    pub(crate) fn tree(&self, drawing: &str) -> Result<resvg::usvg::Tree, RenderError> {
        let mut db = resvg::usvg::fontdb::Database::new();
        db.load_font_data(self.regular.to_vec());
        db.load_font_data(self.bold.to_vec());
        db.set_sans_serif_family(FONT_FAMILY);
        let opts = resvg::usvg::Options {
            font_family: FONT_FAMILY.to_string(),
            fontdb: Arc::new(db),
            ..Default::default()
        };
        resvg::usvg::Tree::from_str(drawing, &opts).map_err(|e| RenderError::Draw(e.to_string()))
    }

    /// `@font-face` rules with the fonts inside, for SVG files.
    fn font_faces(&self) -> String {
        let face = |bytes: &[u8], weight: u32| {
            format!(
                "@font-face{{font-family:\"{FONT_FAMILY}\";font-weight:{weight};src:url(data:font/ttf;base64,{})}}",
                STANDARD.encode(bytes)
            )
        };
        face(&self.regular, 400) + &face(&self.bold, 700)
    }
}

fn face(bytes: &[u8]) -> Result<ttf_parser::Face<'_>, RenderError> {
    ttf_parser::Face::parse(bytes, 0).map_err(|_| RenderError::BadFont)
}

/// Text widths from the fonts' advance widths.
struct FontMeasure<'a> {
    regular: ttf_parser::Face<'a>,
    bold: ttf_parser::Face<'a>,
}

impl Measure for FontMeasure<'_> {
    fn width(&self, text: &str, style: TextStyle) -> f32 {
        let face = if style.bold {
            &self.bold
        } else {
            &self.regular
        };
        let units = f32::from(face.units_per_em());
        let fallback = face
            .glyph_index('0')
            .and_then(|g| face.glyph_hor_advance(g))
            .unwrap_or(600);
        let advance: u32 = text
            .chars()
            .map(|c| {
                u32::from(
                    face.glyph_index(c)
                        .and_then(|g| face.glyph_hor_advance(g))
                        .unwrap_or(fallback),
                )
            })
            .sum();
        advance as f32 / units * style.size
    }
}

/// Where everything goes when the map is drawn with these fonts.
pub fn layout_of(
    fonts: &Fonts,
    view: &MapView,
    words: &Catalogue,
) -> Result<comap_shared::layout::Layout, RenderError> {
    let votes = view
        .voting
        .as_ref()
        .filter(|v| v.revealed)
        .map(|v| v.tally());
    Ok(comap_shared::layout::lay_out(
        &fonts.measure()?,
        view,
        votes.as_ref(),
        words,
    ))
}

/// The map as a standalone SVG file, its typeface inside, its own words in
/// the language of `words`.
pub fn svg_file(
    fonts: &Fonts,
    view: &MapView,
    transparent: bool,
    words: &Catalogue,
) -> Result<String, RenderError> {
    let options = SvgOptions {
        transparent,
        font_faces: fonts.font_faces(),
        ..SvgOptions::default()
    };
    Ok(svg::map_svg(&fonts.measure()?, view, &options, words))
}

/// The map as a PNG at `scale` (1, 2 or 4). Drawn in three coats from one
/// layout (see `svg::Layer`): resvg draws what lies under the text, the
/// text is painted from the layout's lines with `glyphs::TextPainter`, and
/// resvg draws the arrows over it. The image is cut into horizontal bands
/// drawn side by side, one per core.
pub fn png_file(
    fonts: &Fonts,
    view: &MapView,
    scale: u32,
    transparent: bool,
    words: &Catalogue,
) -> Result<Vec<u8>, RenderError> {
    let layout = layout_of(fonts, view, words)?;
    let (width, height) = (
        layout.width.ceil() as u64 * u64::from(scale),
        layout.height.ceil() as u64 * u64::from(scale),
    );
    if width * height > MAX_PIXELS {
        return Err(RenderError::TooLarge {
            scale,
            width,
            height,
        });
    }
    let coat = |layer| {
        let options = SvgOptions {
            transparent,
            layer,
            ..SvgOptions::default()
        };
        fonts.tree(&svg::draw(&layout, &view.title, "", &options))
    };
    let (under, over) = (coat(Layer::UnderText)?, coat(Layer::OverText)?);
    let _turn = DRAWING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let (width, height) = (width as u32, height as u32);
    let bands = std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4)) as u32;
    // Bands of whole strips.
    let band_rows = height.div_ceil(bands).div_ceil(STRIP_ROWS) * STRIP_ROWS;
    let (regular, bold) = (face(&fonts.regular)?, face(&fonts.bold)?);
    let pieces = std::thread::scope(|s| {
        let jobs: Vec<_> = (0..height.div_ceil(band_rows))
            .map(|i| {
                let top_row = i * band_rows;
                let band = Band {
                    scale: scale as f32,
                    top_row,
                    rows: band_rows.min(height - top_row),
                    width,
                    transparent,
                    last: top_row + band_rows >= height,
                };
                let (under, over, layout) = (&under, &over, &layout);
                let (regular, bold) = (&regular, &bold);
                s.spawn(move || {
                    let mut painter = TextPainter::new(regular, bold);
                    draw_band(&band, under, over, layout, &mut painter)
                })
            })
            .collect();
        jobs.into_iter()
            .map(|job| {
                job.join()
                    .map_err(|_| RenderError::Draw("a drawing thread failed".into()))?
            })
            .collect::<Result<Vec<_>, RenderError>>()
    })?;
    Ok(png_encode::assemble(width, height, transparent, &pieces))
}

/// Some rows of the image, drawn by one thread.
struct Band {
    scale: f32,
    top_row: u32,
    rows: u32,
    width: u32,
    transparent: bool,
    /// The bottom band, which ends the compressed stream.
    last: bool,
}

/// Rows drawn at a time: one strip's pixels are reused down the band, so
/// they stay in the processor's cache and the image's full size is never
/// allocated. Strips start at fixed rows whatever the number of bands, so
/// every server draws the same pixels (anti-aliasing at a strip's edge can
/// differ by a shade from drawing the shape whole).
const STRIP_ROWS: u32 = 128;

/// Draws a band's three coats strip by strip and compresses its rows.
fn draw_band(
    band: &Band,
    under: &resvg::usvg::Tree,
    over: &resvg::usvg::Tree,
    layout: &Layout,
    painter: &mut TextPainter,
) -> Result<png_encode::Piece, RenderError> {
    let mut pixmap = Pixmap::new(band.width, STRIP_ROWS.min(band.rows))
        .ok_or_else(|| RenderError::Draw("no room for the image".into()))?;
    let mut writer = png_encode::PieceWriter::new(band.width, band.transparent, band.rows);
    let (ink, muted) = (
        glyphs::rgb_of(svg::text_colour(false)),
        glyphs::rgb_of(svg::text_colour(true)),
    );
    let mut top = band.top_row;
    while top < band.top_row + band.rows {
        let rows = STRIP_ROWS.min(band.top_row + band.rows - top);
        pixmap.fill(resvg::tiny_skia::Color::TRANSPARENT);
        let place =
            Transform::from_scale(band.scale, band.scale).post_translate(0.0, -(top as f32));
        let strip = (top as f32 / band.scale, (top + rows) as f32 / band.scale);
        render_rows(under, place, strip, &mut pixmap);
        let at = Target {
            scale: band.scale,
            top_row: top as i32,
        };
        for line in &layout.texts {
            let colour = if line.muted { muted } else { ink };
            painter.paint(&mut pixmap.as_mut(), line, colour, at);
        }
        render_rows(over, place, strip, &mut pixmap);
        writer
            .add_rows(&pixmap, rows)
            .map_err(|e| RenderError::Draw(e.to_string()))?;
        top += rows;
    }
    writer
        .finish(band.last)
        .map_err(|e| RenderError::Draw(e.to_string()))
}

/// Draws the drawing's top-level shapes that reach into rows `strip` (in
/// the drawing's units) and leaves out the rest, so drawing a strip costs
/// what is in it rather than the whole map.
fn render_rows(tree: &resvg::usvg::Tree, place: Transform, strip: (f32, f32), pixmap: &mut Pixmap) {
    for node in tree.root().children() {
        let Some(bounds) = node.abs_layer_bounding_box() else {
            continue;
        };
        if bounds.bottom() < strip.0 - 1.0 || bounds.top() > strip.1 + 1.0 {
            continue;
        }
        // render_node draws a node as if its box began at the origin.
        let at = place.pre_translate(bounds.x(), bounds.y());
        resvg::render_node(node, at, &mut pixmap.as_mut());
    }
}
