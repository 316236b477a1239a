//! Every export format through the API and `comap export`, and text that
//! could break a file.

use super::*;

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
