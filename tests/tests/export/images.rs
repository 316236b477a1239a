//! PNG and SVG images: drawn with the bundled font, whole for a 2,000-card
//! map, the PNG like the SVG.

use super::*;

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
    let en = comap_shared::i18n::built_in(comap_shared::i18n::Language::En);
    let fonts =
        comap_server::render::image::Fonts::load(&comap_tests::workspace_root().join("dist"))?;
    let view = comap_tests::maps::map_of(2000)?;
    let svg = comap_server::render::image::svg_file(&fonts, &view, false, en)?;
    assert_eq!(svg.matches("<g data-card=").count(), 2000);
    for card in &view.cards {
        assert!(svg.contains(&card.text), "{}", card.text);
    }
    let bytes = comap_server::render::image::png_file(&fonts, &view, 1, false, en)?;
    let png = resvg::tiny_skia::Pixmap::decode_png(&bytes)?;
    assert!(png.height() > 10_000, "{}x{}", png.width(), png.height());
    // Too large at scale 4: a clear refusal, not a crash.
    let refused = comap_server::render::image::png_file(&fonts, &view, 4, false, en);
    assert!(matches!(
        refused,
        Err(comap_server::render::image::RenderError::TooLarge { scale: 4, .. })
    ));
    Ok(())
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
    let en = comap_shared::i18n::built_in(comap_shared::i18n::Language::En);
    let fonts = comap_server::render::image::Fonts::load(&dist)?;
    let view = comap_tests::maps::map_of(60)?;
    let svg = comap_server::render::image::svg_file(&fonts, &view, false, en)?;
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
        let bytes = comap_server::render::image::png_file(&fonts, &view, scale, false, en)?;
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
