//! Text painted straight onto a PNG's pixels: each distinct glyph (of a
//! weight, at a size, at a quarter-pixel offset) is drawn once from the
//! bundled font's outlines into a coverage mask with tiny-skia, then
//! blended wherever it occurs. A 500-card map has about 45,000 glyphs but a
//! few hundred distinct ones, so this is many times faster than filling
//! every glyph's outline again. Glyphs are placed by their advance widths,
//! exactly as `layout::lay_out` measured them.

use comap_shared::layout::Placed;
use resvg::tiny_skia::{self, FillRule, Mask, PathBuilder, PixmapMut, Transform};
use std::collections::HashMap;

/// Sub-pixel positions kept apart (per axis).
const STEPS: f32 = 4.0;

/// A glyph's coverage, its top-left corner relative to the pen position.
struct GlyphMask {
    left: i32,
    top: i32,
    width: usize,
    height: usize,
    alpha: Vec<u8>,
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
struct Key {
    bold: bool,
    glyph: u16,
    /// The pixel size's bits (sizes are few and exact).
    size: u32,
    dx: u8,
    dy: u8,
}

/// Paints lines of text; keeps the glyphs it has drawn.
pub struct TextPainter<'a> {
    regular: &'a ttf_parser::Face<'a>,
    bold: &'a ttf_parser::Face<'a>,
    cache: HashMap<Key, Option<GlyphMask>>,
}

/// Where a painter draws: the image's scale and which rows of the whole
/// image this pixmap holds (it may be one band of it).
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub scale: f32,
    pub top_row: i32,
}

impl<'a> TextPainter<'a> {
    pub fn new(regular: &'a ttf_parser::Face<'a>, bold: &'a ttf_parser::Face<'a>) -> Self {
        TextPainter {
            regular,
            bold,
            cache: HashMap::new(),
        }
    }

    /// Paints one placed line in `rgb` (opaque ink over whatever is there).
    pub fn paint(&mut self, pixmap: &mut PixmapMut, line: &Placed, rgb: [u8; 3], at: Target) {
        let face = if line.style.bold {
            self.bold
        } else {
            self.regular
        };
        let px = line.style.size * at.scale;
        let per_unit = px / f32::from(face.units_per_em());
        // Skip lines wholly outside this pixmap.
        let baseline = line.y * at.scale - at.top_row as f32;
        if baseline + px < 0.0 || baseline - 2.0 * px > pixmap.height() as f32 {
            return;
        }
        let fallback = face.glyph_index('0');
        let mut pen = line.x * at.scale;
        for c in line.text.chars() {
            let Some(glyph) = face.glyph_index(c).or(fallback) else {
                continue;
            };
            let (x, y) = (pen.floor(), baseline.floor());
            let dx = ((pen - x) * STEPS).round().min(STEPS - 1.0);
            let dy = ((baseline - y) * STEPS).round().min(STEPS - 1.0);
            let key = Key {
                bold: line.style.bold,
                glyph: glyph.0,
                size: px.to_bits(),
                dx: dx as u8,
                dy: dy as u8,
            };
            let mask = self
                .cache
                .entry(key)
                .or_insert_with(|| draw_glyph(face, glyph, per_unit, dx / STEPS, dy / STEPS));
            if let Some(mask) = mask {
                blend(pixmap, mask, x as i32, y as i32, rgb);
            }
            pen += f32::from(face.glyph_hor_advance(glyph).unwrap_or(0)) * per_unit;
        }
    }
}

/// Turns a glyph's outline (font units, y up) into a path in pixels (y down)
/// around the pen at (`dx`, `dy`).
struct Outline {
    path: PathBuilder,
    per_unit: f32,
    dx: f32,
    dy: f32,
}

impl Outline {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        (x * self.per_unit + self.dx, self.dy - y * self.per_unit)
    }
}

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.at(x, y);
        self.path.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x, y) = self.at(x, y);
        self.path.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (x1, y1) = self.at(x1, y1);
        let (x2, y2) = self.at(x2, y2);
        let (x, y) = self.at(x, y);
        self.path.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

/// The glyph's coverage, or `None` for glyphs with no outline (spaces).
fn draw_glyph(
    face: &ttf_parser::Face,
    glyph: ttf_parser::GlyphId,
    per_unit: f32,
    dx: f32,
    dy: f32,
) -> Option<GlyphMask> {
    let mut outline = Outline {
        path: PathBuilder::new(),
        per_unit,
        dx,
        dy,
    };
    face.outline_glyph(glyph, &mut outline)?;
    let path = outline.path.finish()?;
    let bounds = path.bounds();
    let left = bounds.left().floor() as i32 - 1;
    let top = bounds.top().floor() as i32 - 1;
    let width = (bounds.right().ceil() as i32 + 1 - left).max(1) as u32;
    let height = (bounds.bottom().ceil() as i32 + 1 - top).max(1) as u32;
    let mut mask = Mask::new(width, height)?;
    mask.fill_path(
        &path,
        FillRule::Winding,
        true,
        Transform::from_translate(-left as f32, -top as f32),
    );
    Some(GlyphMask {
        left,
        top,
        width: width as usize,
        height: height as usize,
        alpha: mask.data().to_vec(),
    })
}

/// Source-over of an opaque colour through the mask, at pen pixel (x, y).
/// Works on premultiplied pixels, so transparent images stay right.
fn blend(pixmap: &mut PixmapMut, mask: &GlyphMask, x: i32, y: i32, rgb: [u8; 3]) {
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let pixels = pixmap.pixels_mut();
    for row in 0..mask.height as i32 {
        let py = y + mask.top + row;
        if py < 0 || py >= ph {
            continue;
        }
        for col in 0..mask.width as i32 {
            let px = x + mask.left + col;
            if px < 0 || px >= pw {
                continue;
            }
            let a = u32::from(mask.alpha[(row as usize) * mask.width + col as usize]);
            if a == 0 {
                continue;
            }
            let i = (py * pw + px) as usize;
            let d = pixels[i];
            let mix = |src: u8, dst: u8| -> u8 {
                ((u32::from(src) * a + u32::from(dst) * (255 - a) + 127) / 255) as u8
            };
            let out = tiny_skia::PremultipliedColorU8::from_rgba(
                mix(rgb[0], d.red()),
                mix(rgb[1], d.green()),
                mix(rgb[2], d.blue()),
                mix(255, d.alpha()),
            );
            if let Some(out) = out {
                pixels[i] = out;
            }
        }
    }
}

/// "#rrggbb" as bytes (black for anything else).
pub fn rgb_of(hex: &str) -> [u8; 3] {
    let byte = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    if hex.len() == 7 && hex.starts_with('#') {
        [byte(1), byte(3), byte(5)]
    } else {
        [0, 0, 0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comap_shared::layout::TextStyle;

    /// The built client's fonts: required when the tests run from
    /// `cargo xtask test` (which sets `COMAP_STATIC_DIR`), else read from
    /// `dist/` when it has been built.
    fn font(name: &str) -> Option<Vec<u8>> {
        let required = std::env::var_os("COMAP_STATIC_DIR");
        let dir = required.clone().map_or_else(
            || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../dist"),
            std::path::PathBuf::from,
        );
        let bytes = std::fs::read(dir.join("fonts").join(name)).ok();
        assert!(
            bytes.is_some() || required.is_none(),
            "{name} missing from COMAP_STATIC_DIR"
        );
        bytes
    }

    #[test]
    fn colours_parse() {
        assert_eq!(rgb_of("#1a1a1a"), [0x1a, 0x1a, 0x1a]);
        assert_eq!(rgb_of("#0b5394"), [0x0b, 0x53, 0x94]);
        assert_eq!(rgb_of("red"), [0, 0, 0]);
    }

    /// Ink lands inside the measured line, on both sides of the baseline's
    /// x-height, and nowhere else; a second band of the same image gets the
    /// same pixels.
    #[test]
    fn a_line_is_inked_where_it_was_measured() {
        let (Some(regular), Some(bold)) = (
            font("AtkinsonHyperlegible_400Regular.ttf"),
            font("AtkinsonHyperlegible_700Bold.ttf"),
        ) else {
            eprintln!("the client is not built (cargo xtask dist): skipped");
            return;
        };
        let regular = ttf_parser::Face::parse(&regular, 0).expect("regular face");
        let bold = ttf_parser::Face::parse(&bold, 0).expect("bold face");
        let line = Placed {
            x: 10.0,
            y: 30.0,
            text: "Hello, world".into(),
            style: TextStyle {
                size: 15.0,
                bold: false,
            },
            muted: false,
        };
        let width: f32 = line
            .text
            .chars()
            .filter_map(|c| regular.glyph_index(c))
            .map(|g| f32::from(regular.glyph_hor_advance(g).unwrap_or(0)))
            .sum::<f32>()
            / f32::from(regular.units_per_em())
            * 15.0
            * 2.0;
        let mut painter = TextPainter::new(&regular, &bold);
        let mut whole = tiny_skia::Pixmap::new(400, 100).expect("pixmap");
        whole.fill(tiny_skia::Color::WHITE);
        let at = Target {
            scale: 2.0,
            top_row: 0,
        };
        painter.paint(&mut whole.as_mut(), &line, [0, 0, 0], at);
        let inked: Vec<(u32, u32)> = (0..100)
            .flat_map(|y| (0..400).map(move |x| (x, y)))
            .filter(|&(x, y)| whole.pixel(x, y).is_some_and(|p| p.red() < 128))
            .collect();
        assert!(inked.len() > 300, "only {} dark pixels", inked.len());
        for &(x, y) in &inked {
            assert!(x >= 19 && (x as f32) <= 20.0 + width + 1.0, "ink at x {x}");
            assert!((32..=66).contains(&y), "ink at y {y}");
        }
        // Rows 40.. of the image drawn as a band of its own.
        let mut band = tiny_skia::Pixmap::new(400, 60).expect("pixmap");
        band.fill(tiny_skia::Color::WHITE);
        let at = Target {
            scale: 2.0,
            top_row: 40,
        };
        painter.paint(&mut band.as_mut(), &line, [0, 0, 0], at);
        for y in 0..60 {
            for x in 0..400 {
                assert_eq!(band.pixel(x, y), whole.pixel(x, y + 40), "at {x},{y}");
            }
        }
    }
}
