//! PDF files: a small map on one page, a large one split into numbered,
//! titled pages.

use super::*;

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
    let en = comap_shared::i18n::built_in(comap_shared::i18n::Language::En);
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
            words: en,
        };
        let bytes = pdf_file(&fonts, &view, &options, &[])?;
        // Kept to be looked at, as the screenshots are.
        let shots = comap_tests::workspace_root().join("target/screenshots");
        std::fs::create_dir_all(&shots)?;
        std::fs::write(shots.join(format!("pdf-500-cards-{paper:?}.pdf")), &bytes)?;
        let layout = comap_server::render::image::layout_of(&fonts, &view, en)?;
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
