//! Exports from the real server (`GET /api/maps/<id>/export/<format>`) and
//! from `comap export` reading the data directory.

use anyhow::Result;
use comap_shared::export::ExportedMap;
use comap_shared::{CardKind, Command, Role};
use comap_tests::{Peer, Server};
use std::time::Duration;

mod files;
mod images;
mod languages;
mod pdf;

/// A map with two cards added through a real connection, all acknowledged.
async fn map_with_cards(server: &Server) -> Result<comap_tests::CreatedMap> {
    map_with_texts(server, &["Waited 6 weeks", "Physio, at last"]).await
}

/// A map with a card for each of `texts`, all acknowledged.
async fn map_with_texts(server: &Server, texts: &[&str]) -> Result<comap_tests::CreatedMap> {
    let map = server
        .create_map("Knee, \"left\"", "patient-journey")
        .await?;
    let mut p = Peer::edit(server, &map, "Ann", Role::Patient).await?;
    let view = p
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    for (i, text) in texts.iter().enumerate() {
        p.apply(Command::AddCard {
            stage: view.stages[i % view.stages.len()].id.clone(),
            lane: view.lanes[i % view.lanes.len()].id.clone(),
            kind: CardKind::PainPoint,
            text: (*text).to_string(),
        })
        .await?;
    }
    p.until_acked(Duration::from_secs(10)).await?;
    Ok(map)
}

async fn get(
    server: &Server,
    id: &str,
    format: &str,
    secret: Option<&str>,
) -> Result<reqwest::Response> {
    let mut req =
        reqwest::Client::new().get(format!("{}/api/maps/{id}/export/{format}", server.http()));
    if let Some(s) = secret {
        req = req.bearer_auth(s);
    }
    Ok(req.send().await?)
}

/// The number in `name="…"` after `from` in an SVG we drew.
fn attr_after(svg: &str, from: usize, name: &str) -> Result<f32> {
    let key = format!(" {name}=\"");
    let at = svg[from..]
        .find(&key)
        .ok_or_else(|| anyhow::anyhow!("no {name} after {from}"))?
        + from
        + key.len();
    let end = svg[at..].find('"').unwrap_or(0) + at;
    Ok(svg[at..end].parse()?)
}

/// A pixel as (r, g, b, a), alpha not premultiplied away.
fn pixel(png: &resvg::tiny_skia::Pixmap, x: f32, y: f32) -> (u8, u8, u8, u8) {
    png.pixel(x as u32, y as u32)
        .map(|p| p.demultiply())
        .map_or((0, 0, 0, 0), |c| (c.red(), c.green(), c.blue(), c.alpha()))
}

fn near(a: (u8, u8, u8, u8), b: (u8, u8, u8)) -> bool {
    let d = |x: u8, y: u8| (i16::from(x) - i16::from(y)).abs() <= 6;
    d(a.0, b.0) && d(a.1, b.1) && d(a.2, b.2) && a.3 == 255
}

/// The pages of a PDF and each page's size in points.
fn pdf_pages(bytes: &[u8]) -> Result<Vec<(f32, f32)>> {
    let doc = lopdf::Document::load_mem(bytes)?;
    let mut sizes = Vec::new();
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id)?;
        let b = page.get(b"MediaBox")?.as_array()?;
        let num = |o: &lopdf::Object| o.as_float().or_else(|_| o.as_i64().map(|i| i as f32));
        sizes.push((num(&b[2])? - num(&b[0])?, num(&b[3])? - num(&b[1])?));
    }
    Ok(sizes)
}

/// Darkness of a pixel: 255 − mean of r, g, b.
fn darkness(png: &resvg::tiny_skia::Pixmap, x: u32, y: u32) -> f32 {
    let (r, g, b, _) = pixel(png, x as f32, y as f32);
    255.0 - (f32::from(r) + f32::from(g) + f32::from(b)) / 3.0
}

/// Mean darkness of each 16 × 16 tile.
fn tile_darkness(png: &resvg::tiny_skia::Pixmap) -> Vec<f32> {
    let mut tiles = Vec::new();
    for ty in 0..png.height() / 16 {
        for tx in 0..png.width() / 16 {
            let sum: f32 = (0..256)
                .map(|i| darkness(png, tx * 16 + i % 16, ty * 16 + i / 16))
                .sum();
            tiles.push(sum / 256.0);
        }
    }
    tiles
}

/// Total darkness of each row: letters moved up or down show here, while
/// kerning (which moves letters sideways) does not.
fn row_darkness(png: &resvg::tiny_skia::Pixmap) -> Vec<f32> {
    (0..png.height())
        .map(|y| (0..png.width()).map(|x| darkness(png, x, y)).sum())
        .collect()
}
