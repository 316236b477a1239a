//! The HTTP API of the real server.

use anyhow::Result;
use comap_tests::Server;

#[tokio::test]
async fn healthz_and_map_creation() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let health = reqwest::get(format!("{}/healthz", server.http())).await?;
    assert_eq!(health.status(), 200);

    let map = server
        .create_map("Hip replacement", "patient-journey")
        .await?;
    assert!(map.edit_url.starts_with(&format!("/m/{}#k=", map.id)));
    assert!(map.view_url.starts_with(&format!("/m/{}#k=", map.id)));
    assert_ne!(map.edit_secret(), map.view_secret());
    assert!(
        map.edit_secret().len() >= 22,
        "secret shorter than 128 bits"
    );
    Ok(())
}

/// The join screen asks for the map's title with the link's secret; any of
/// the map's secrets will do, and a wrong secret is answered as an unknown
/// map is.
#[tokio::test]
async fn a_maps_title_is_told_to_its_links_only() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server
        .create_map(
            "Knee pain: from first twinge to living well",
            "patient-journey",
        )
        .await?;
    let client = reqwest::Client::new();
    let about = |id: String, secret: String| {
        client
            .get(format!("{}/api/maps/{id}", server.http()))
            .bearer_auth(secret)
            .send()
    };
    for secret in [
        map.edit_secret(),
        map.view_secret(),
        map.facilitator_secret(),
    ] {
        let resp = about(map.id.clone(), secret).await?;
        assert_eq!(resp.status(), 200);
        let json: serde_json::Value = resp.json().await?;
        assert_eq!(json["title"], "Knee pain: from first twinge to living well");
    }
    let wrong = about(map.id.clone(), "not-the-secret-at-all-000".into()).await?;
    let unknown = about("AAAAAAAAAAAAAAAA".into(), map.edit_secret()).await?;
    assert_eq!(wrong.status(), 403);
    assert_eq!(unknown.status(), 403);
    let (wrong, unknown) = (wrong.text().await?, unknown.text().await?);
    assert_eq!(wrong, unknown);
    assert!(!wrong.contains("Knee"), "{wrong}");
    Ok(())
}

#[tokio::test]
async fn bad_requests_get_400_with_a_json_error() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let client = reqwest::Client::new();
    let url = format!("{}/api/maps", server.http());
    let long = "x".repeat(201);
    let cases = [
        serde_json::json!({"title": "Fine", "template": "no-such-template"}),
        serde_json::json!({"title": "   ", "template": "blank"}),
        serde_json::json!({"title": long, "template": "blank"}),
        serde_json::json!({"nothing": true}),
    ];
    for body in cases {
        let resp = client.post(&url).json(&body).send().await?;
        assert_eq!(resp.status(), 400, "for {body}");
        let json: serde_json::Value = resp.json().await?;
        assert_eq!(json["error"], "bad_request");
        assert!(json["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let resp = client
        .post(&url)
        .header("content-type", "application/json")
        .body("not json")
        .send()
        .await?;
    assert_eq!(resp.status(), 400);
    Ok(())
}

#[tokio::test]
async fn only_json_is_taken_and_every_response_carries_the_security_headers() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let client = reqwest::Client::new();
    let url = format!("{}/api/maps", server.http());
    let body = r#"{"title": "Posted by another site", "template": "blank"}"#;
    // What a form or a fetch from another site can send without asking.
    for kind in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let resp = client
            .post(&url)
            .header("content-type", kind)
            .body(body)
            .send()
            .await?;
        assert_eq!(resp.status(), 415, "{kind}");
        let json: serde_json::Value = resp.json().await?;
        assert_eq!(json["error"], "unsupported_media_type");
    }
    let resp = client.post(&url).body(body).send().await?;
    assert_eq!(resp.status(), 415, "no content type");
    let db = rusqlite::Connection::open(dir.path().join("comap.sqlite3"))?;
    let maps: i64 = db.query_row("SELECT COUNT(*) FROM maps", [], |r| r.get(0))?;
    assert_eq!(maps, 0, "nothing was made");
    for path in ["/", "/healthz", "/api/join/AAAAAA"] {
        let resp = client
            .get(format!("{}{path}", server.http()))
            .send()
            .await?;
        let h = resp.headers();
        let csp = h
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}: {csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
    }
    Ok(())
}

#[tokio::test]
async fn metrics_count_activity_and_never_show_secrets() -> Result<()> {
    use comap_shared::{CardKind, Command, Role};
    use comap_tests::Peer;
    use std::time::Duration;

    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Counted", "patient-journey").await?;
    let mut a = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let view = a
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    a.apply(Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Note,
        text: "counted".into(),
    })
    .await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    while a.acks == 0 && tokio::time::Instant::now() < deadline {
        a.pump(Duration::from_millis(50)).await?;
    }
    assert!(a.acks >= 1);
    let refused = Peer::join(
        &server.ws_url(),
        &map.id,
        "not-the-secret",
        "Eve",
        Role::Other,
    )
    .await;
    assert!(refused.is_err());

    let body = reqwest::get(format!("{}/metrics", server.http()))
        .await?
        .text()
        .await?;
    let value = |name: &str| -> f64 {
        body.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or(-1.0)
    };
    assert_eq!(value("comap_open_maps"), 1.0, "{body}");
    assert_eq!(value("comap_connected_peers"), 1.0, "{body}");
    assert!(value("comap_changes_stored_total") >= 1.0, "{body}");
    assert!(value("comap_frames_in_total") >= 1.0, "{body}");
    assert!(value("comap_ack_seconds_count") >= 1.0, "{body}");
    assert_eq!(
        value("comap_refused_total{reason=\"access_denied\"}"),
        1.0,
        "{body}"
    );
    assert!(!body.contains(&map.edit_secret()) && !body.contains(&map.view_secret()));
    Ok(())
}

/// The built client goes out precompressed: brotli to browsers that accept
/// it (all do over HTTPS), else gzip to those that accept that, else
/// unchanged; all are the same file once decoded.
#[tokio::test]
async fn the_client_is_sent_compressed_to_browsers_that_accept_it() -> Result<()> {
    use std::io::Read;
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let static_dir = std::env::var("COMAP_STATIC_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| comap_tests::workspace_root().join("dist"));
    let wasm = std::fs::read_dir(&static_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "wasm"))
        .ok_or_else(|| anyhow::anyhow!("no built client in {}", static_dir.display()))?;
    let name = wasm
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let original = std::fs::read(&wasm)?;
    let client = reqwest::Client::new();
    let url = format!("{}/{name}", server.http());

    let packed = client
        .get(&url)
        .header("accept-encoding", "gzip")
        .send()
        .await?;
    assert_eq!(packed.status(), 200);
    assert_eq!(
        packed
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    let body = packed.bytes().await?;
    assert!(body.len() < original.len() / 2, "{} bytes", body.len());
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(&body[..]).read_to_end(&mut decoded)?;
    assert!(decoded == original, "the gzip copy is not the built file");

    let smallest = client
        .get(&url)
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .send()
        .await?;
    assert_eq!(
        smallest
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("br")
    );
    let brotli = smallest.bytes().await?;
    assert!(brotli.len() < body.len(), "{} bytes", brotli.len());
    let mut decoded = Vec::new();
    brotli_decompressor::Decompressor::new(&brotli[..], 4096).read_to_end(&mut decoded)?;
    assert!(decoded == original, "the brotli copy is not the built file");

    let plain = client.get(&url).send().await?;
    assert!(plain.headers().get("content-encoding").is_none());
    assert!(plain.bytes().await?[..] == original[..]);

    // Pages too, including a map's address (the same HTML).
    let page = client
        .get(format!("{}/m/anything", server.http()))
        .header("accept-encoding", "gzip")
        .send()
        .await?;
    assert_eq!(page.status(), 200);
    assert_eq!(
        page.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    Ok(())
}
