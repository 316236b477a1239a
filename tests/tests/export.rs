//! Exports from the real server (`GET /api/maps/<id>/export/<format>`) and
//! from `comap export` reading the data directory.

use anyhow::Result;
use comap_shared::export::ExportedMap;
use comap_shared::{CardKind, Command, Role};
use comap_tests::{Peer, Server};
use std::time::Duration;

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

#[tokio::test]
async fn a_view_link_exports_every_format_and_a_wrong_secret_gets_403() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = map_with_cards(&server).await?;
    let view = map.view_secret();

    let csv = get(&server, &map.id, "csv", Some(&view)).await?;
    assert_eq!(csv.status(), 200);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let disposition = csv.headers()["content-disposition"].to_str()?.to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"Knee, 'left'.csv\""),
        "{disposition}"
    );
    let body = csv.text().await?;
    let mut rows = csv::Reader::from_reader(body.as_bytes());
    let texts: Vec<String> = rows
        .records()
        .map(|r| r.map(|r| r[3].to_string()))
        .collect::<Result<_, _>>()?;
    assert_eq!(texts, ["Waited 6 weeks", "Physio, at last"]);

    let json: ExportedMap = get(&server, &map.id, "json", Some(&view))
        .await?
        .json()
        .await?;
    assert_eq!(json.title, "Knee, \"left\"");
    assert_eq!(json.cards.len(), 2);

    let text = get(&server, &map.id, "txt", Some(&view))
        .await?
        .text()
        .await?;
    assert!(text.contains("Physio, at last"), "{text}");

    // The raw document holds everyone's names: the facilitator's only.
    for secret in [map.edit_secret(), view.clone()] {
        let raw = get(&server, &map.id, "automerge", Some(&secret)).await?;
        assert_eq!(raw.status(), 403);
    }
    // It loads in Automerge and holds the same map.
    let raw = get(
        &server,
        &map.id,
        "automerge",
        Some(&map.facilitator_secret()),
    )
    .await?;
    assert_eq!(raw.status(), 200);
    let doc = automerge::AutoCommit::load(&raw.bytes().await?)?;
    let read = comap_shared::read_map(&doc)?;
    assert_eq!(read.cards.len(), 2);

    // No secret, a wrong one, another map's, an unknown map, a bad format.
    let other = server.create_map("Other", "patient-journey").await?;
    for (id, secret) in [
        (map.id.as_str(), None),
        (map.id.as_str(), Some("not-a-secret".to_string())),
        (map.id.as_str(), Some(other.view_secret())),
        ("AAAAAAAAAAAAAAAA", Some(view.clone())),
    ] {
        let r = get(&server, id, "csv", secret.as_deref()).await?;
        assert_eq!(r.status(), 403, "{id} {secret:?}");
        let body: serde_json::Value = r.json().await?;
        assert_eq!(body["error"], "access_denied");
    }
    let r = get(&server, &map.id, "exe", Some(&view)).await?;
    assert_eq!(r.status(), 400);
    let body: serde_json::Value = r.json().await?;
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("csv, json, txt, automerge")
    );
    Ok(())
}

#[tokio::test]
async fn text_that_xml_forbids_or_that_reorders_or_calls_a_formula_breaks_no_export() -> Result<()>
{
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let texts = [
        "Odd \u{FFFE}characters\u{FFFF} pasted in",
        "\u{202E}reversed, never closed",
        " =HYPERLINK(\"http://example.invalid\")",
    ];
    let map = map_with_texts(&server, &texts).await?;
    let view = map.view_secret();
    for format in ["svg", "png", "pdf", "csv", "json", "txt"] {
        let resp = get(&server, &map.id, format, Some(&view)).await?;
        assert_eq!(resp.status(), 200, "{format}");
        let body = resp.bytes().await?;
        match format {
            "svg" => {
                let svg = std::str::from_utf8(&body)?;
                assert!(!svg.contains(['\u{FFFE}', '\u{FFFF}']), "kept in the SVG");
                resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())?;
            }
            "png" => {
                resvg::tiny_skia::Pixmap::decode_png(&body)?;
            }
            "csv" => {
                let csv = std::str::from_utf8(&body)?;
                assert!(
                    csv.contains("\"' =HYPERLINK(\"\"http://example.invalid\"\")\""),
                    "a formula after a space stays text: {csv}"
                );
            }
            _ => {}
        }
    }
    Ok(())
}

#[tokio::test]
async fn comap_export_writes_a_file_from_the_data_directory() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = map_with_cards(&server).await?;
    let out = dir.path().join("out.json");
    let status = std::process::Command::new(comap_tests::server::binary()?)
        .args(["export", &map.id, "--format", "json", "-o"])
        .arg(&out)
        .arg("--data-dir")
        .arg(dir.path())
        .status()?;
    assert!(status.success());
    let json: ExportedMap = serde_json::from_slice(&std::fs::read(&out)?)?;
    let texts: Vec<&str> = json.cards.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["Waited 6 weeks", "Physio, at last"]);

    // A clear error for an unknown map, format or data directory.
    for (args, says) in [
        (vec!["export", "AAAAAAAAAAAAAAAA"], "no map"),
        (vec!["export", &map.id, "--format", "exe"], "unknown format"),
    ] {
        let run = std::process::Command::new(comap_tests::server::binary()?)
            .args(&args)
            .arg("--data-dir")
            .arg(dir.path())
            .output()?;
        assert!(!run.status.success());
        let err = String::from_utf8_lossy(&run.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let empty = tempfile::tempdir()?;
    let run = std::process::Command::new(comap_tests::server::binary()?)
        .args(["export", &map.id, "--data-dir"])
        .arg(empty.path())
        .output()?;
    assert!(String::from_utf8_lossy(&run.stderr).contains("no Comap data"));
    drop(server);
    Ok(())
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

#[tokio::test]
async fn png_and_svg_images_are_drawn_with_the_bundled_font() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = map_with_cards(&server).await?;
    let view = map.view_secret();
    let fetch = |format: &'static str, query: &'static str| {
        let url = format!(
            "{}/api/maps/{}/export/{format}{query}",
            server.http(),
            map.id
        );
        let view = view.clone();
        async move {
            let r = reqwest::Client::new()
                .get(url)
                .bearer_auth(view)
                .send()
                .await?;
            anyhow::Ok((r.status().as_u16(), r.bytes().await?.to_vec()))
        }
    };

    let (status, svg) = fetch("svg", "").await?;
    assert_eq!(status, 200);
    let svg = String::from_utf8(svg)?;
    // It parses, holds every card's text, and carries its typeface inside.
    let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default())?;
    let width = attr_after(&svg, 0, "width")?;
    let height = attr_after(&svg, 0, "height")?;
    assert_eq!(tree.size().width(), width);
    for text in [
        "Waited 6 weeks",
        "Physio, at last",
        "Knee, &quot;left&quot;",
    ] {
        assert!(svg.contains(text), "{text}");
    }
    assert!(svg.contains("@font-face{font-family:\"Atkinson Hyperlegible\""));

    let mut seen_sizes = Vec::new();
    for (scale, query) in [(1.0, "?scale=1"), (2.0, ""), (4.0, "?scale=4")] {
        let (status, bytes) = fetch("png", query).await?;
        assert_eq!(status, 200, "{query}");
        let png = resvg::tiny_skia::Pixmap::decode_png(&bytes)?;
        assert_eq!(
            (png.width(), png.height()),
            ((width * scale) as u32, (height * scale) as u32)
        );
        seen_sizes.push(png.width());
        // Not blank: many colours.
        let colours: std::collections::BTreeSet<[u8; 4]> = png
            .pixels()
            .iter()
            .step_by(7)
            .map(|p| [p.red(), p.green(), p.blue(), p.alpha()])
            .collect();
        assert!(colours.len() > 20, "only {} colours", colours.len());
        // White page; each card's coloured edge where the layout put it.
        assert!(near(pixel(&png, 1.0, 1.0), (255, 255, 255)));
        let at = svg
            .find("<g data-card=")
            .ok_or_else(|| anyhow::anyhow!("no card"))?;
        let (x, y, h) = (
            attr_after(&svg, at, "x")?,
            attr_after(&svg, at, "y")?,
            attr_after(&svg, at, "height")?,
        );
        let edge = pixel(&png, (x + 3.5) * scale, (y + h / 2.0) * scale);
        assert!(
            near(edge, (0xb3, 0x26, 0x1e)),
            "pain point edge is {edge:?}"
        );
    }

    let (_, bytes) = fetch("png", "?scale=1&background=transparent").await?;
    let png = resvg::tiny_skia::Pixmap::decode_png(&bytes)?;
    for (x, y) in [
        (0, 0),
        (png.width() - 1, 0),
        (0, png.height() - 1),
        (png.width() - 1, png.height() - 1),
    ] {
        assert_eq!(
            pixel(&png, x as f32, y as f32).3,
            0,
            "corner {x},{y} is not transparent"
        );
    }
    for query in ["?scale=3", "?scale=two", "?background=pink"] {
        let (status, body) = fetch("png", query).await?;
        assert_eq!(status, 400, "{query}");
        let body: serde_json::Value = serde_json::from_slice(&body)?;
        assert_eq!(body["error"], "bad_request");
    }
    Ok(())
}

#[test]
fn a_2000_card_map_is_drawn_whole_as_svg_and_png() -> Result<()> {
    let fonts =
        comap_server::render::image::Fonts::load(&comap_tests::workspace_root().join("dist"))?;
    let view = comap_tests::maps::map_of(2000)?;
    let svg = comap_server::render::image::svg_file(&fonts, &view, false)?;
    assert_eq!(svg.matches("<g data-card=").count(), 2000);
    for card in &view.cards {
        assert!(svg.contains(&card.text), "{}", card.text);
    }
    let bytes = comap_server::render::image::png_file(&fonts, &view, 1, false)?;
    let png = resvg::tiny_skia::Pixmap::decode_png(&bytes)?;
    assert!(png.height() > 10_000, "{}x{}", png.width(), png.height());
    // Too large at scale 4: a clear refusal, not a crash.
    let refused = comap_server::render::image::png_file(&fonts, &view, 4, false);
    assert!(matches!(
        refused,
        Err(comap_server::render::image::RenderError::TooLarge { scale: 4, .. })
    ));
    Ok(())
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

#[tokio::test]
async fn a_small_map_prints_on_one_pdf_page_and_a_cover_only_on_request() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = map_with_texts(
        &server,
        &[
            "Waited 6 weeks",
            "Physio, at last",
            "Nobody called back",
            "Text reminders",
        ],
    )
    .await?;
    let view = map.view_secret();
    for (query, pages, size) in [
        // Six stages and four cards: one page, whichever paper.
        ("", 1, (841.89, 595.28)),
        ("?paper=a3", 1, (1190.55, 841.89)),
        ("?cover=true", 2, (841.89, 595.28)),
    ] {
        let r = reqwest::Client::new()
            .get(format!(
                "{}/api/maps/{}/export/pdf{query}",
                server.http(),
                map.id
            ))
            .bearer_auth(&view)
            .send()
            .await?;
        assert_eq!(r.status(), 200);
        assert_eq!(r.headers()["content-type"], "application/pdf");
        let sizes = pdf_pages(&r.bytes().await?)?;
        assert_eq!(sizes.len(), pages, "{query}");
        for (w, h) in sizes {
            assert!(
                (w - size.0).abs() < 0.1 && (h - size.1).abs() < 0.1,
                "{w}x{h}"
            );
        }
    }
    for bad in ["pdf?paper=letter", "pdf?cover=maybe"] {
        let r = get(&server, &map.id, bad, Some(&view)).await?;
        assert_eq!(r.status(), 400, "{bad}");
    }
    Ok(())
}

#[test]
fn a_large_map_is_split_into_pages_that_each_carry_the_title_and_their_number() -> Result<()> {
    use comap_server::render::pdf::{Paper, PdfOptions, pdf_file, plan, whole_page_scale};
    let fonts =
        comap_server::render::image::Fonts::load(&comap_tests::workspace_root().join("dist"))?;
    let mut view = comap_tests::maps::map_of(500)?;
    // A label no card's text holds, to count where each arrow is drawn.
    for arrow in &mut view.connections {
        arrow.label = "onward".into();
    }
    // And one from the first card to the last, pages apart.
    let (first, last) = (view.cards[0].id.clone(), view.cards[499].id.clone());
    view.connections.push(comap_shared::Connection {
        id: comap_shared::ConnectionId::from_key("afar"),
        from: first,
        to: last,
        label: "onward".into(),
    });
    for paper in [Paper::A4, Paper::A3] {
        let options = PdfOptions {
            paper,
            cover: false,
            date: "1 January 2027".into(),
        };
        let bytes = pdf_file(&fonts, &view, &options, &[])?;
        // Kept to be looked at, as the screenshots are.
        let shots = comap_tests::workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&shots)?;
        std::fs::write(shots.join(format!("pdf-500-cards-{paper:?}.pdf")), &bytes)?;
        let layout = comap_server::render::image::layout_of(&fonts, &view)?;
        assert_eq!(
            whole_page_scale((layout.width, layout.height), paper),
            None,
            "{paper:?}: 500 cards on one page"
        );
        let planned = plan(&layout, paper).len();
        assert!(planned > 2, "{paper:?}: a 500-card map needs several pages");
        let doc = lopdf::Document::load_mem(&bytes)?;
        let pages = doc.get_pages();
        assert_eq!(pages.len(), planned, "{paper:?}: every planned page");
        let (mut labels, mut notes) = (0, 0);
        for &n in pages.keys() {
            let text = comap_tests::pdf_text::page_text(&doc, n)?;
            // Each arrow is drawn once, on the page of the card it starts
            // from; one that goes on to another page says which.
            labels += text.matches("onward").count();
            for note in text.split("to page ").skip(1) {
                let to: u32 = note
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()?;
                assert!(
                    to != n && to as usize <= planned,
                    "{paper:?} page {n}: to page {to}"
                );
                notes += 1;
            }
            for wanted in ["Hip replacement pathway", &format!("Page {n} of {planned}")] {
                assert!(
                    text.contains(wanted),
                    "{paper:?} page {n} lacks {wanted:?}: {text:.200}"
                );
            }
            let other = if n == 1 { 2 } else { 1 };
            assert!(
                !text.contains(&format!("Page {other} of {planned}")),
                "{paper:?} page {n} also says it is page {other}"
            );
        }
        // (A label is text twice in the PDF: its white halo, then its ink.)
        assert_eq!(
            labels,
            2 * view.connections.len(),
            "{paper:?}: every arrow's label once"
        );
        assert!(notes > 0, "{paper:?}: some arrows go on to another page");
    }
    Ok(())
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

/// The PNG is drawn in coats (shapes by resvg, text painted from cached
/// glyphs, arrows by resvg) and in strips and bands side by side; it must
/// look like the whole SVG drawn by resvg in one go: same size, the same
/// ink in the same places. Glyphs are placed by advance widths as the
/// layout measured them, so kerning may move a letter sideways by a pixel.
/// (Checked to fail when the text is painted 1.5 px too low.)
#[test]
fn the_png_looks_like_the_svg_drawn_whole() -> Result<()> {
    let dist = comap_tests::workspace_root().join("dist");
    let fonts = comap_server::render::image::Fonts::load(&dist)?;
    let view = comap_tests::maps::map_of(60)?;
    let svg = comap_server::render::image::svg_file(&fonts, &view, false)?;
    let mut db = resvg::usvg::fontdb::Database::new();
    db.load_fonts_dir(dist.join("fonts"));
    let options = resvg::usvg::Options {
        fontdb: std::sync::Arc::new(db),
        ..Default::default()
    };
    let tree = resvg::usvg::Tree::from_str(&svg, &options)?;
    for scale in [1u32, 2] {
        let size = tree.size().to_int_size();
        let mut whole = resvg::tiny_skia::Pixmap::new(size.width() * scale, size.height() * scale)
            .ok_or_else(|| anyhow::anyhow!("no pixmap"))?;
        let s = scale as f32;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(s, s),
            &mut whole.as_mut(),
        );
        let bytes = comap_server::render::image::png_file(&fonts, &view, scale, false)?;
        let png = resvg::tiny_skia::Pixmap::decode_png(&bytes)?;
        assert_eq!((png.width(), png.height()), (whole.width(), whole.height()));

        let (ours, theirs) = (row_darkness(&png), row_darkness(&whole));
        let ink: f32 = theirs.iter().sum();
        let ratio = ours.iter().sum::<f32>() / ink;
        assert!(
            (0.95..1.05).contains(&ratio),
            "ink ratio {ratio} at scale {scale}"
        );
        let moved: f32 = ours.iter().zip(&theirs).map(|(a, b)| (a - b).abs()).sum();
        assert!(
            moved < 0.1 * ink,
            "rows differ by {:.0}% of the ink at scale {scale}",
            100.0 * moved / ink
        );

        let (ours, theirs) = (tile_darkness(&png), tile_darkness(&whole));
        let inked: Vec<(f32, f32)> = ours
            .iter()
            .zip(&theirs)
            .filter(|(a, b)| **a > 8.0 || **b > 8.0)
            .map(|(a, b)| (*a, *b))
            .collect();
        let off = inked.iter().filter(|(a, b)| (a - b).abs() > 25.0).count();
        assert!(
            off * 100 < inked.len() * 3,
            "{off} of {} inked tiles differ at scale {scale}",
            inked.len()
        );
    }
    Ok(())
}
