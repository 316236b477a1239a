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
    let resp = client.post(&url).body("not json").send().await?;
    assert_eq!(resp.status(), 400);
    Ok(())
}
