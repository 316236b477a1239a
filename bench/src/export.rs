//! Scenario: exporting maps as images and PDF documents. A patient-journey map of N cards
//! (every kind, feelings on some, arrows between neighbours) is drawn as SVG
//! and PNG with the bundled fonts, in this process, the way the server's
//! export endpoint draws it.

use anyhow::Result;
use comap_server::render::image::{self as render, Fonts};
use comap_server::render::pdf::Paper;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct ExportResult {
    pub what: String,
    pub cards: usize,
    pub runs: usize,
    pub median_ms: f64,
    pub max_ms: f64,
    pub bytes: usize,
    /// The goal for this row (ms), if the issue sets one.
    pub target_ms: Option<f64>,
}

fn time(
    what: &str,
    cards: usize,
    runs: usize,
    target_ms: Option<f64>,
    mut draw: impl FnMut() -> Result<usize>,
) -> Result<ExportResult> {
    let mut times = Vec::new();
    let mut bytes = 0;
    for _ in 0..runs {
        let started = Instant::now();
        bytes = draw()?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    Ok(ExportResult {
        what: what.to_string(),
        cards,
        runs,
        median_ms: times[times.len() / 2],
        max_ms: times.last().copied().unwrap_or(0.0),
        bytes,
        target_ms,
    })
}

/// Quick mode (CI, debug build) checks that the scenario works on a small
/// map; the full run measures the 500-card target and a 2,000-card
/// map (at scale 1: at scale 2 it would pass the 120-megapixel limit).
pub fn run(dist: &Path, quick: bool) -> Result<Vec<ExportResult>> {
    let en = comap_shared::i18n::built_in(comap_shared::i18n::Language::En);
    let fonts = Fonts::load(dist)?;
    let (runs, sizes): (usize, &[(usize, bool)]) = if quick {
        (1, &[(100, false)])
    } else {
        (7, &[(500, true), (2000, false)])
    };
    let mut out = Vec::new();
    for &(cards, scale_2) in sizes {
        let view = comap_tests::maps::map_of(cards)?;
        out.push(time("SVG", cards, runs, None, || {
            Ok(render::svg_file(&fonts, &view, false, en)?.len())
        })?);
        out.push(time("PNG, scale 1", cards, runs, None, || {
            Ok(render::png_file(&fonts, &view, 1, false, en)?.len())
        })?);
        if scale_2 {
            out.push(time("PNG, scale 2", cards, runs, Some(1000.0), || {
                Ok(render::png_file(&fonts, &view, 2, false, en)?.len())
            })?);
        }
        let target = (cards == 500).then_some(2000.0);
        out.push(time("PDF, A4", cards, runs, target, || {
            Ok(comap_server::render::pdf::pdf_file(
                &fonts,
                &view,
                &comap_server::render::pdf::PdfOptions {
                    paper: Paper::A4,
                    cover: false,
                    date: "1 January 2027".into(),
                    words: en,
                },
                &[],
            )?
            .len())
        })?);
    }
    Ok(out)
}
