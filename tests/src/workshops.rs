//! Workshops through the real server's HTTP API, for the tests: making
//! one, reading it as its facilitator, posting to its facilitator actions.

use crate::{CreatedMap, Server};
use anyhow::Result;
use comap_shared::workshop::Workshop;

pub async fn create(server: &Server, body: serde_json::Value) -> Result<reqwest::Response> {
    Ok(reqwest::Client::new()
        .post(format!("{}/api/workshops", server.http()))
        .json(&body)
        .send()
        .await?)
}

/// A workshop made from `body` (which must be valid).
pub async fn made(server: &Server, body: serde_json::Value) -> Result<Workshop> {
    let resp = create(server, body).await?;
    anyhow::ensure!(resp.status() == 201, "{}", resp.status());
    Ok(resp.json().await?)
}

pub async fn get(server: &Server, id: &str, secret: &str) -> Result<reqwest::Response> {
    Ok(reqwest::Client::new()
        .get(format!("{}/api/workshops/{id}", server.http()))
        .bearer_auth(secret)
        .send()
        .await?)
}

/// Posts `body` to one of a workshop's facilitator actions (`notice`,
/// `lock`, `timer`) with `secret`: the status and the JSON answer.
pub async fn post_action(
    server: &Server,
    id: &str,
    action: &str,
    secret: &str,
    body: serde_json::Value,
) -> Result<(u16, serde_json::Value)> {
    let resp = reqwest::Client::new()
        .post(format!("{}/api/workshops/{id}/{action}", server.http()))
        .bearer_auth(secret)
        .json(&body)
        .send()
        .await?;
    let status = resp.status().as_u16();
    Ok((status, resp.json().await?))
}

/// The answer is `400 bad_request` (to `body`).
pub fn assert_bad_request(status: u16, answer: &serde_json::Value, body: &serde_json::Value) {
    assert_eq!(
        (status, answer["error"].as_str()),
        (400, Some("bad_request")),
        "{body}"
    );
}

/// A room as the `CreatedMap` the peers of the test crate take.
pub fn as_map(room: &comap_shared::workshop::WorkshopRoom) -> CreatedMap {
    CreatedMap {
        id: room.map_id.clone(),
        facilitator_url: room.facilitator_url.clone(),
        edit_url: room.edit_url.clone(),
        view_url: room.view_url.clone(),
        expires_ms: 0,
    }
}

/// The files of a ZIP of stored entries (what Export all writes), each
/// checked against its CRC.
pub fn unzip(bytes: &[u8]) -> Result<Vec<(String, Vec<u8>)>> {
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]) as usize;
    let u32_at =
        |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
    let mut files = Vec::new();
    let mut at = 0;
    while bytes.len() >= at + 30 && u32_at(at) == 0x0403_4b50 {
        anyhow::ensure!(u16_at(at + 8) == 0, "stored entries only");
        let (crc, size) = (u32_at(at + 14), u32_at(at + 18) as usize);
        let (name_len, extra) = (u16_at(at + 26), u16_at(at + 28));
        let name = String::from_utf8(bytes[at + 30..at + 30 + name_len].to_vec())?;
        let start = at + 30 + name_len + extra;
        let data = bytes[start..start + size].to_vec();
        let mut check = flate2::Crc::new();
        check.update(&data);
        anyhow::ensure!(check.sum() == crc, "{name}: CRC");
        files.push((name, data));
        at = start + size;
    }
    anyhow::ensure!(
        u32_at(at) == 0x0201_4b50,
        "central directory after the files"
    );
    let end = bytes.len() - 22;
    anyhow::ensure!(u32_at(end) == 0x0605_4b50 && u16_at(end + 10) == files.len());
    Ok(files)
}

/// Posts answers to a room's reflection with `secret`: the status and the
/// answer's JSON (`Null` when it has none).
pub async fn answer(
    server: &Server,
    map: &str,
    secret: &str,
    body: serde_json::Value,
) -> Result<(u16, serde_json::Value)> {
    let resp = reqwest::Client::new()
        .post(format!("{}/api/maps/{map}/reflection", server.http()))
        .bearer_auth(secret)
        .json(&body)
        .send()
        .await?;
    let status = resp.status().as_u16();
    let text = resp.text().await?;
    Ok((status, serde_json::from_str(&text).unwrap_or_default()))
}

/// Makes a workshop from the home page at `http` as a facilitator would:
/// its title, the number of rooms and (if any) their names, then Create.
/// Returns the dashboard link once the dashboard shows.
pub async fn create_in_page(
    page: &crate::browser::Page,
    http: &str,
    title: &str,
    rooms: usize,
    names: &[&str],
) -> Result<String> {
    page.goto(http).await?;
    page.fill("Workshop title", title).await?;
    page.fill("Number of breakout rooms (1 to 50)", &rooms.to_string())
        .await?;
    if !names.is_empty() {
        page.fill("Room names (optional)", &names.join("\n"))
            .await?;
    }
    page.click_button("Create the workshop").await?;
    page.find(&format!("//h1[normalize-space(.)='{title}']"))
        .await?;
    page.value("Your dashboard link").await
}
