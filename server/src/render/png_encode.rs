//! PNG files written from horizontal bands that were filtered and
//! compressed side by side. Each band becomes one piece of a single deflate
//! stream: every piece but the last ends with a sync flush (on a byte
//! boundary, not final), and no piece refers back into another, so the
//! pieces laid end to end are one valid stream. The zlib checksum of the
//! whole is combined from the pieces' checksums.

use flate2::{Compress, Compression, FlushCompress, Status};
use resvg::tiny_skia::{Pixmap, PremultipliedColorU8};
use thiserror::Error;

#[derive(Debug, Error)]
#[error("the image could not be compressed: {0}")]
pub struct EncodeError(String);

/// One band's rows, filtered and compressed.
pub struct Piece {
    deflated: Vec<u8>,
    adler: u32,
    raw_len: u64,
}

/// Rows filtered and compressed at a time (small enough to stay in cache).
const ROWS_AT_ONCE: usize = 16;

/// Writes one band's piece: rows go in (as pixmaps of the band's width,
/// top to bottom), are filtered (each row prefixed by the Sub filter's type
/// byte) and compressed. Opaque images are written as RGB, others as
/// straight RGBA.
pub struct PieceWriter {
    transparent: bool,
    row_out: usize,
    rows: Vec<u8>,
    adler: simd_adler32::Adler32,
    deflater: Deflater,
    raw_len: u64,
}

impl PieceWriter {
    /// `rows_expected` only sizes the output buffer.
    pub fn new(width: u32, transparent: bool, rows_expected: u32) -> Self {
        let channels = if transparent { 4 } else { 3 };
        let row_out = width as usize * channels + 1;
        PieceWriter {
            transparent,
            row_out,
            rows: vec![0u8; row_out * ROWS_AT_ONCE],
            adler: simd_adler32::Adler32::new(),
            deflater: Deflater::new(row_out * rows_expected as usize / 8),
            raw_len: 0,
        }
    }

    /// The first `count` rows of `pixmap` (which must have the band's width).
    pub fn add_rows(&mut self, pixmap: &Pixmap, count: u32) -> Result<(), EncodeError> {
        let width = pixmap.width().max(1) as usize;
        let pixels = &pixmap.pixels()[..(count as usize * width).min(pixmap.pixels().len())];
        for group in pixels.chunks(width * ROWS_AT_ONCE) {
            let n = group.len() / width;
            let filtered = &mut self.rows[..n * self.row_out];
            for (row, dst) in group
                .chunks_exact(width)
                .zip(filtered.chunks_exact_mut(self.row_out))
            {
                dst[0] = 1;
                if self.transparent {
                    sub_filter_rgba(row, &mut dst[1..]);
                } else {
                    sub_filter_rgb(row, &mut dst[1..]);
                }
            }
            self.adler.write(filtered);
            self.raw_len += filtered.len() as u64;
            self.deflater.push(filtered, FlushCompress::None)?;
        }
        Ok(())
    }

    /// The piece; `last` closes the stream (the bottom band).
    pub fn finish(self, last: bool) -> Result<Piece, EncodeError> {
        let end = if last {
            FlushCompress::Finish
        } else {
            FlushCompress::Sync
        };
        Ok(Piece {
            deflated: self.deflater.end(end)?,
            adler: self.adler.finish(),
            raw_len: self.raw_len,
        })
    }
}

/// A whole pixmap as one piece.
pub fn piece(pixmap: &Pixmap, transparent: bool, last: bool) -> Result<Piece, EncodeError> {
    let mut writer = PieceWriter::new(pixmap.width(), transparent, pixmap.height());
    writer.add_rows(pixmap, pixmap.height())?;
    writer.finish(last)
}

/// Sub filter: each byte minus the same channel of the pixel to its left.
/// Opaque pixels: premultiplied and straight colours are the same.
fn sub_filter_rgb(row: &[PremultipliedColorU8], out: &mut [u8]) {
    let (mut r0, mut g0, mut b0) = (0u8, 0u8, 0u8);
    for (p, d) in row.iter().zip(out.chunks_exact_mut(3)) {
        let (r, g, b) = (p.red(), p.green(), p.blue());
        d[0] = r.wrapping_sub(r0);
        d[1] = g.wrapping_sub(g0);
        d[2] = b.wrapping_sub(b0);
        (r0, g0, b0) = (r, g, b);
    }
}

fn sub_filter_rgba(row: &[PremultipliedColorU8], out: &mut [u8]) {
    let mut left = [0u8; 4];
    for (p, d) in row.iter().zip(out.chunks_exact_mut(4)) {
        let c = p.demultiply();
        let here = [c.red(), c.green(), c.blue(), c.alpha()];
        for i in 0..4 {
            d[i] = here[i].wrapping_sub(left[i]);
        }
        left = here;
    }
}

/// Raw deflate at the fastest level (zlib-rs), fed a few rows at a time.
struct Deflater {
    c: Compress,
    out: Vec<u8>,
}

impl Deflater {
    fn new(expected: usize) -> Self {
        Deflater {
            c: Compress::new(Compression::fast(), false),
            out: Vec::with_capacity(expected + 4096),
        }
    }

    fn push(&mut self, data: &[u8], flush: FlushCompress) -> Result<(), EncodeError> {
        let start = self.c.total_in();
        loop {
            if self.out.capacity() - self.out.len() < 4096 {
                self.out.reserve(self.out.capacity() / 2 + 4096);
            }
            let taken = (self.c.total_in() - start) as usize;
            let (before_in, before_out) = (self.c.total_in(), self.c.total_out());
            let status = self
                .c
                .compress_vec(&data[taken..], &mut self.out, flush)
                .map_err(|e| EncodeError(e.to_string()))?;
            let all_in = (self.c.total_in() - start) as usize == data.len();
            // Done once everything is in and the output was not cut short
            // by a full buffer (a flush may need more room to finish).
            let done = match flush {
                FlushCompress::Finish => status == Status::StreamEnd,
                _ => all_in && self.out.len() < self.out.capacity(),
            };
            if done {
                return Ok(());
            }
            if self.c.total_in() == before_in
                && self.c.total_out() == before_out
                && status != Status::Ok
            {
                return Err(EncodeError(format!("no progress ({status:?})")));
            }
        }
    }

    fn end(mut self, flush: FlushCompress) -> Result<Vec<u8>, EncodeError> {
        self.push(&[], flush)?;
        Ok(self.out)
    }
}

/// The Adler-32 of two pieces of data end to end, from each one's checksum
/// and the second one's length.
fn adler_combine(first: u32, second: u32, second_len: u64) -> u32 {
    const MOD: u64 = 65_521;
    let rem = second_len % MOD;
    let (a1, b1) = (u64::from(first & 0xffff), u64::from(first >> 16));
    let (a2, b2) = (u64::from(second & 0xffff), u64::from(second >> 16));
    // a = 1 + all bytes; b = sum of the running a's.
    let a = (a1 + a2 + MOD - 1) % MOD;
    let b = (b1 + b2 + rem * a1 + MOD * 2 - rem) % MOD;
    ((b << 16) | a) as u32
}

/// A whole PNG file from the bands' pieces, top to bottom.
pub fn assemble(width: u32, height: u32, transparent: bool, pieces: &[Piece]) -> Vec<u8> {
    let deflated: usize = pieces.iter().map(|p| p.deflated.len()).sum();
    let mut stream = Vec::with_capacity(deflated + 6);
    // zlib header: deflate, 32 KiB window, fastest level; check bits so
    // that the two bytes are a multiple of 31.
    stream.extend_from_slice(&[0x78, 0x01]);
    let mut adler = 1u32;
    for p in pieces {
        stream.extend_from_slice(&p.deflated);
        adler = adler_combine(adler, p.adler, p.raw_len);
    }
    stream.extend_from_slice(&adler.to_be_bytes());

    let mut file = Vec::with_capacity(stream.len() + 1024);
    file.extend_from_slice(b"\x89PNG\r\n\x1a\n");
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    // 8 bits per channel; colour type 6 = RGBA, 2 = RGB; deflate; adaptive
    // filtering (each row names its filter); not interlaced.
    header.extend_from_slice(&[8, if transparent { 6 } else { 2 }, 0, 0, 0]);
    chunk(&mut file, b"IHDR", &header);
    for part in stream.chunks(1 << 20) {
        chunk(&mut file, b"IDAT", part);
    }
    chunk(&mut file, b"IEND", &[]);
    file
}

fn chunk(file: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    file.extend_from_slice(&(data.len() as u32).to_be_bytes());
    file.extend_from_slice(kind);
    file.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    file.extend_from_slice(&crc.finalize().to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{Color, Paint, Rect, Transform};

    fn adler(data: &[u8]) -> u32 {
        let mut a = simd_adler32::Adler32::new();
        a.write(data);
        a.finish()
    }

    #[test]
    fn checksums_combine_like_the_whole() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for cut in [0, 1, 65_520, 65_521, 100_000, 200_000] {
            let (a, b) = data.split_at(cut);
            assert_eq!(
                adler_combine(adler(a), adler(b), b.len() as u64),
                adler(&data),
                "cut at {cut}"
            );
        }
    }

    fn picture(width: u32, height: u32, alpha: u8) -> Pixmap {
        let mut p = Pixmap::new(width, height).expect("pixmap");
        p.fill(Color::from_rgba8(255, 255, 255, alpha));
        let mut paint = Paint::default();
        paint.set_color_rgba8(200, 40, 30, 255);
        for i in 0..20 {
            let r = Rect::from_xywh(i as f32 * 7.5, i as f32 * 4.0, 30.0, 9.0).expect("rect");
            p.fill_rect(r, &paint, Transform::identity(), None);
        }
        p
    }

    /// Three bands written as one file decode to the pixels of the whole.
    #[test]
    fn bands_make_one_png() {
        for transparent in [false, true] {
            let whole = picture(157, 90, if transparent { 0 } else { 255 });
            let pieces: Vec<Piece> = [(0u32, 31u32), (31, 62), (62, 90)]
                .iter()
                .map(|&(top, bottom)| {
                    let rows =
                        resvg::tiny_skia::IntRect::from_xywh(0, top as i32, 157, bottom - top)
                            .expect("rect");
                    let band = whole.clone_rect(rows).expect("band");
                    piece(&band, transparent, bottom == 90).expect("piece")
                })
                .collect();
            let file = assemble(157, 90, transparent, &pieces);
            let decoded = Pixmap::decode_png(&file).expect("decodes");
            assert_eq!((decoded.width(), decoded.height()), (157, 90));
            assert_eq!(decoded.data(), whole.data(), "transparent: {transparent}");
        }
    }
}
