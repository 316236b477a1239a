//! A map made in Swedish exports in Swedish: CSV headings (with a BOM, and
//! the separator a Swedish Excel expects when asked), the drawing's words
//! and the PDF's, whose text extracts with å, ä and ö intact. Asked for
//! another language (`?language=`, `--language`), the same map's files
//! speak it; people's words are never translated.

use super::*;
use comap_shared::Feeling;

/// A Swedish map with one card by a carer, her feeling said.
async fn swedish_map(server: &Server) -> Result<comap_tests::CreatedMap> {
    let map = server
        .create_map_in("Höftprotes i Örebro", "patient-journey", "sv")
        .await?;
    let mut p = Peer::edit(server, &map, "Åsa", Role::Carer).await?;
    let view = p
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    p.apply(Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::PainPoint,
        text: "Väntade på besked; ringde själv två gånger".into(),
    })
    .await?;
    let card = p
        .wait_for(Duration::from_secs(5), |m| !m.cards.is_empty())
        .await?
        .cards[0]
        .id
        .clone();
    p.apply(Command::SetFeeling {
        card,
        feeling: Some(Feeling {
            emotion: -1,
            word: "orolig".into(),
        }),
    })
    .await?;
    p.until_acked(Duration::from_secs(10)).await?;
    Ok(map)
}

async fn text_of(server: &Server, id: &str, format: &str, secret: &str) -> Result<String> {
    let r = get(server, id, format, Some(secret)).await?;
    assert_eq!(r.status(), 200, "{format}");
    Ok(r.text().await?)
}

#[tokio::test]
async fn a_swedish_map_exports_in_swedish_unless_asked_otherwise() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = swedish_map(&server).await?;
    let secret = map.view_secret();

    // CSV: a BOM, Swedish headings, kinds and roles; `;` when asked.
    let csv = text_of(&server, &map.id, "csv", &secret).await?;
    assert!(
        csv.starts_with("\u{feff}Skede,Rad,Typ,Text,Författarens roll,"),
        "{csv}"
    );
    assert!(
        csv.contains(",Problem,Väntade på besked; ringde själv två gånger,Närstående,-1,orolig,"),
        "{csv}"
    );
    let csv = text_of(&server, &map.id, "csv?separator=%3B", &secret).await?;
    assert!(csv.starts_with("\u{feff}Skede;Rad;Typ;Text;"), "{csv}");
    assert!(
        csv.contains(";\"Väntade på besked; ringde själv två gånger\";Närstående;"),
        "{csv}"
    );
    let csv = text_of(&server, &map.id, "csv?language=en", &secret).await?;
    assert!(
        csv.starts_with("\u{feff}Stage,Lane,Kind,Text,Author role,"),
        "{csv}"
    );
    assert!(
        csv.contains("Märker att något är fel,Det som är viktigt för mig,Pain point,"),
        "{csv}"
    );

    // The drawing's own words, and its description.
    let svg = text_of(&server, &map.id, "svg", &secret).await?;
    for words in [
        "Hur det kändes",
        ">Närstående<",
        ">Problem<",
        "Kändes: Dåligt",
        "En karta över en vårdresa med 6 skeden",
    ] {
        assert!(svg.contains(words), "{words} in the SVG");
    }
    let text = text_of(&server, &map.id, "txt", &secret).await?;
    assert!(
        text.contains("Skede 1 av 6: Märker att något är fel (1 kort)"),
        "{text}"
    );

    // The PNG is drawn with those words: asked for English, it differs.
    let png = |query: &'static str| {
        let (server, id, secret) = (&server, map.id.clone(), secret.clone());
        async move {
            let r = get(server, &id, &format!("png{query}"), Some(&secret)).await?;
            assert_eq!(r.status(), 200, "png{query}");
            Ok::<_, anyhow::Error>(r.bytes().await?)
        }
    };
    let (swedish, english) = (png("").await?, png("?language=en").await?);
    assert!(swedish.starts_with(b"\x89PNG") && english.starts_with(b"\x89PNG"));
    assert_ne!(swedish, english, "the PNG's words follow the language");

    // The PDF: its cover and its page in Swedish, å, ä and ö intact.
    let r = get(&server, &map.id, "pdf?cover=true", Some(&secret)).await?;
    assert_eq!(r.status(), 200);
    let doc = lopdf::Document::load_mem(&r.bytes().await?)?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    assert_eq!(pages.len(), 2, "a cover and the map");
    let cover = comap_tests::pdf_text::page_text(&doc, pages[0])?;
    for words in [
        "Höftprotes i Örebro",
        "6 skeden",
        "1 kort",
        "Exporterad ",
        "gjord tillsammans i Comap",
    ] {
        assert!(cover.contains(words), "{words:?} on the cover: {cover}");
    }
    let page = comap_tests::pdf_text::page_text(&doc, pages[1])?;
    for words in [
        "Märker att något är fel",
        "Det personalen gör",
        "Närstående",
        "Hur det kändes",
        "orolig",
    ] {
        assert!(page.contains(words), "{words:?} on the map's page: {page}");
    }

    // A language or separator Comap does not know is a clear error.
    for bad in ["csv?language=xx", "csv?separator=%7C", "pdf?language="] {
        let r = get(&server, &map.id, bad, Some(&secret)).await?;
        assert_eq!(r.status(), 400, "{bad}");
        let said = r.text().await?;
        assert!(said.contains("must be"), "{bad}: {said}");
    }

    // The command line: `--language` and `--csv-separator`.
    let cli = |args: &[&str]| -> Result<std::process::Output> {
        Ok(std::process::Command::new(comap_tests::server::binary()?)
            .args(["export", &map.id, "--format", "csv", "-o", "-"])
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .output()?)
    };
    let out = cli(&[])?;
    assert!(String::from_utf8(out.stdout)?.starts_with("\u{feff}Skede,Rad"));
    let out = cli(&["--language", "en", "--csv-separator", ";"])?;
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout)?;
    assert!(
        csv.starts_with("\u{feff}Stage;Lane;Kind;Text;Author role;"),
        "{csv}"
    );
    assert!(csv.contains(";Family or carer;"), "{csv}");
    for (args, says) in [
        (["--language", "xx"], "--language must be one of en, sv"),
        (["--csv-separator", "|"], "--csv-separator must be"),
    ] {
        let out = cli(&args)?;
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    drop(server);
    Ok(())
}
