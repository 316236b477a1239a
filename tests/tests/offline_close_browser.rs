//! Nothing made offline is lost, even when the tab closes the moment after:
//! with the server unreachable, a card is posted and its tab closed at
//! once, ten times over; the map opened again offline shows all ten, and
//! they reach the server when it is back.

use anyhow::Result;
use comap_shared::Role;
use comap_tests::browser::{Driver, Page, card};
use comap_tests::{Peer, Server};
use std::time::Duration;

const OFFLINE: &str = "//p[@role='status' and normalize-space(.)='Offline \u{2014} your changes are kept on this device']";
const CONNECTED: &str = "//p[@role='status' and normalize-space(.)='Connected']";
const TIMES: usize = 10;

/// Opens `url` in a new tab of the same browser and joins the map there.
async fn open_tab(page: &Page, url: &str) -> Result<()> {
    let tab = page.client.new_window(true).await?;
    page.client.switch_to_window(tab.handle).await?;
    page.join(url, "Ann").await
}

/// Posts an idea card through the Add card dialog.
async fn post(page: &Page, text: &str) -> Result<()> {
    page.click_button("Add card").await?;
    page.choose("Stage", "Noticing a problem").await?;
    page.choose("Lane", "Ideas").await?;
    page.choose("Kind", "Idea").await?;
    page.fill("Card text", text).await?;
    page.click_button("Save card").await
}

#[tokio::test]
async fn cards_posted_offline_survive_their_tab_closing_at_once() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let map = server.create_map("Kept offline", "patient-journey").await?;
    let url = format!("{}{}", server.http(), map.edit_url);
    let mut driver = Driver::start().await?;
    let page = driver.session().await?;
    page.join(&url, "Ann").await?;
    page.find_within(CONNECTED, Duration::from_secs(10)).await?;
    page.kept_for_offline().await?;
    // The map is kept in this browser a moment after it arrives.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let first = page.client.window().await?;

    server.kill();
    page.find_within(OFFLINE, Duration::from_secs(15)).await?;
    for i in 0..TIMES {
        open_tab(&page, &url).await?;
        if i > 0 {
            // What the tabs before posted is here.
            page.find(&card(&format!("Posted offline {}", i - 1)))
                .await?;
        }
        post(&page, &format!("Posted offline {i}")).await?;
        // Gone the moment the card is posted: every other tab is closed,
        // and every third one's page crashes instead (no `pagehide`, no
        // timer: only what was written at once is kept).
        if i % 3 == 2 {
            let _ = page.client.goto("chrome://crash").await;
        }
        page.client.close_window().await?;
        page.client.switch_to_window(first.clone()).await?;
    }

    // Opened again, still offline: every card is there.
    open_tab(&page, &url).await?;
    page.find_within(OFFLINE, Duration::from_secs(15)).await?;
    for i in 0..TIMES {
        page.find(&card(&format!("Posted offline {i}"))).await?;
    }
    page.screenshot("offline-tabs-closed-at-once").await?;

    // The server is back: the cards reach it.
    server.start_again()?;
    page.find_within(CONNECTED, Duration::from_secs(20)).await?;
    let mut bo = Peer::edit(&server, &map, "Bo", Role::Carer).await?;
    let seen = bo
        .wait_for(Duration::from_secs(15), |m| {
            (0..TIMES).all(|i| {
                let text = format!("Posted offline {i}");
                m.cards.iter().any(|c| c.text == text)
            })
        })
        .await?;
    assert_eq!(
        seen.cards
            .iter()
            .filter(|c| c.text.starts_with("Posted offline"))
            .count(),
        TIMES,
        "each card once"
    );
    page.close().await?;
    Ok(())
}
