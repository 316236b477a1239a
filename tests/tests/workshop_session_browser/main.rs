//! A whole course session in headless Chromium, as the workshop issue words
//! it: a facilitator creates a 3-room workshop; three participants join by
//! code, each in their own browser, and add a card; the dashboard shows
//! their counts and the thumbnails follow; a notice and the timer reach all
//! rooms; locking a room stops its edits (the server holds them back, the
//! page says so); the plenary gets every card with its room's tag; an idea
//! becomes an action, shown in the plenary; two participants answer the
//! reflection; Export all gives a ZIP whose every room file decodes and
//! which holds the actions and the reflection's answers.

use anyhow::Result;
use comap_shared::workshop::Workshop;
use comap_shared::{CardKind, Command, Role};
use comap_tests::browser::{Driver, Page, button, card};
use comap_tests::workshops::{get, unzip};
use comap_tests::{CreatedMap, Peer, Server};
use std::time::Duration;

mod session;

const ROOMS: [&str; 3] = ["Room 1", "Room 2", "Room 3"];

fn room_panel(room: &str) -> String {
    format!("//li[.//h3[normalize-space(.)='{room}']]")
}

/// The thumbnail's address and its alternative text, once it has loaded.
async fn thumbnail(fac: &Page, room: &str, alt: &str) -> Result<String> {
    let img = fac
        .find_within(
            &format!(
                "{}//div[@class='room-thumb']/img[@alt='{alt}']",
                room_panel(room)
            ),
            Duration::from_secs(10),
        )
        .await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        let loaded = fac
            .client
            .execute(
                "return arguments[0].complete && arguments[0].naturalWidth;",
                vec![serde_json::to_value(&img)?],
            )
            .await?;
        if loaded.as_f64().unwrap_or(0.0) > 0.0 {
            break;
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "{room}: thumbnail not drawn"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(img.attr("src").await?.unwrap_or_default())
}

/// A participant joins by typing the room's code on /join.
async fn join_by_code(
    page: &Page,
    server: &Server,
    code: &str,
    name: &str,
    role: &str,
) -> Result<()> {
    page.goto(&format!("{}/join", server.http())).await?;
    page.fill("Join code", code).await?;
    page.click_button("Join the room").await?;
    page.find("//h1[normalize-space(.)='Join this map']")
        .await?;
    page.fill("Your name", name).await?;
    page.field(role).await?.click().await?;
    page.click_button("Join").await?;
    Ok(())
}

async fn add_card(page: &Page, kind: &str, text: &str) -> Result<()> {
    page.click_button("Add card").await?;
    page.choose("Stage", "Diagnosis").await?;
    page.choose("Lane", "Pain points").await?;
    page.choose("Kind", kind).await?;
    page.fill("Card text", text).await?;
    page.click_button("Save card").await?;
    page.find(&card(text)).await?;
    page.find("//p[contains(@class,'saved') and normalize-space(.)='Saved']")
        .await?;
    Ok(())
}
