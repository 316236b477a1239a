//! Images of a map: the SVG from `comap_shared::svg`, measured with the
//! bundled Atkinson Hyperlegible TrueType files (from npm at build time,
//! copied into the built client's `fonts/`), and rasterised to PNG with
//! resvg. Only those fonts are ever used: never a system font, so every
//! server draws the same letters in the same places.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use comap_shared::MapView;
use comap_shared::layout::{Measure, TextStyle};
use comap_shared::svg::{self, FONT_FAMILY, SvgOptions};
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
    ))
}

/// The map as a standalone SVG file, its typeface inside.
pub fn svg_file(fonts: &Fonts, view: &MapView, transparent: bool) -> Result<String, RenderError> {
    let options = SvgOptions {
        transparent,
        font_faces: fonts.font_faces(),
    };
    Ok(svg::map_svg(&fonts.measure()?, view, &options))
}

/// The map as a PNG at `scale` (1, 2 or 4).
pub fn png_file(
    fonts: &Fonts,
    view: &MapView,
    scale: u32,
    transparent: bool,
) -> Result<Vec<u8>, RenderError> {
    let options = SvgOptions {
        transparent,
        font_faces: String::new(),
    };
    let drawing = svg::map_svg(&fonts.measure()?, view, &options);
    let tree = fonts.tree(&drawing)?;
    let size = tree.size().to_int_size();
    let (width, height) = (
        u64::from(size.width()) * u64::from(scale),
        u64::from(size.height()) * u64::from(scale),
    );
    if width * height > MAX_PIXELS {
        return Err(RenderError::TooLarge {
            scale,
            width,
            height,
        });
    }
    let _turn = DRAWING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width as u32, height as u32)
        .ok_or_else(|| RenderError::Draw("no room for the image".into()))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale as f32, scale as f32),
        &mut pixmap.as_mut(),
    );
    encode_png(&pixmap, transparent).map_err(|e| RenderError::Draw(e.to_string()))
}

/// PNG bytes with fast compression (a large map's best compression takes
/// seconds for a few percent); opaque images are written without alpha.
fn encode_png(
    pixmap: &resvg::tiny_skia::Pixmap,
    transparent: bool,
) -> Result<Vec<u8>, png::EncodingError> {
    let pixels = pixmap.pixels();
    let data: Vec<u8> = if transparent {
        pixels
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect()
    } else {
        // Opaque: premultiplied and straight colours are the same.
        pixels
            .iter()
            .flat_map(|p| [p.red(), p.green(), p.blue()])
            .collect()
    };
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(if transparent {
        png::ColorType::Rgba
    } else {
        png::ColorType::Rgb
    });
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::FilterType::Sub);
    encoder.set_adaptive_filter(png::AdaptiveFilterType::NonAdaptive);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&data)?;
    writer.finish()?;
    Ok(out)
}
