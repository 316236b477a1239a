//! The facilitator's dashboard as a facilitator running ten breakout rooms
//! from a 1366×768 laptop sees it: the rooms first, as tiles, at least six
//! whole in the first screen and all of them within two; a full room and a
//! room quiet for five minutes stand out; a room's links open from its tile;
//! the workshop's controls sit beside the tiles. Screenshots (3 and 10
//! rooms) in `target/screenshots/dashboard-*.png`.

use anyhow::{Result, ensure};
use comap_shared::{CardKind, Command, Role};
use comap_tests::browser::{Driver, Page};
use comap_tests::workshops::{as_map, get, made};
use comap_tests::{CreatedMap, Peer, Server};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const SCREEN: f64 = 768.0;

/// How many room tiles show whole in the window, and the bottom of the last.
async fn tiles_in_view(page: &Page) -> Result<(usize, usize, f64)> {
    let tiles = page.boxes(".rooms > li").await?;
    let whole = tiles
        .iter()
        .filter(|b| b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= 1366.0 && b[3] <= SCREEN)
        .count();
    let last = tiles.iter().map(|b| b[3]).fold(0.0, f64::max);
    Ok((tiles.len(), whole, last))
}

/// The dashboard of the workshop made from `body`, open at laptop size.
async fn open_dashboard(driver: &mut Driver, server: &Server, url: &str) -> Result<Page> {
    let page = driver.sized(1366, 768).await?;
    page.goto(&format!("{}{url}", server.http())).await?;
    page.find_within("//ul[@class='rooms']/li", WAIT).await?;
    Ok(page)
}

#[tokio::test]
async fn ten_rooms_fit_a_laptop_and_rooms_that_need_the_facilitator_stand_out() -> Result<()> {
    let dir = tempfile::tempdir()?;
    // One person fills a room; an empty room is unloaded after a second.
    let server = Server::start_with(
        dir.path(),
        &["--max-peers-per-map", "1", "--idle-unload-secs", "1"],
    )?;
    let w = made(
        &server,
        serde_json::json!({"title": "Knee course, spring cohort", "rooms": 10}),
    )
    .await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);

    // Room 1 is full; in room 2 the last card was posted six minutes ago
    // and everyone has left.
    let _ann = Peer::edit(&server, &as_map(&w.rooms[0]), "Ann", Role::Patient).await?;
    {
        let mut bo = Peer::edit(&server, &as_map(&w.rooms[1]), "Bo", Role::Carer).await?;
        let view = bo.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
        let six_minutes_ago = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_millis() as i64
            - 6 * 60_000;
        bo.apply_at(
            Command::AddCard {
                stage: view.stages[0].id.clone(),
                lane: view.lanes[0].id.clone(),
                kind: CardKind::Step,
                text: "Waited for the letter".into(),
            },
            six_minutes_ago,
        )
        .await?;
        bo.until_acked(WAIT).await?;
    }
    // Asking an open room for its figures keeps it open a second more:
    // ask less often, until it is unloaded and its card's time is all there is.
    let mut quiet = None;
    for _ in 0..8 {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let answer: serde_json::Value = get(&server, &w.id, &facilitator).await?.json().await?;
        quiet = answer["rooms"][1]["activity"]["quiet_ms"].as_i64();
        if quiet.is_some_and(|q| q >= 5 * 60_000) {
            break;
        }
    }
    ensure!(
        quiet.is_some_and(|q| q >= 5 * 60_000),
        "room 2 is quiet for {quiet:?} ms"
    );

    let mut driver = Driver::start().await?;
    let page = open_dashboard(&mut driver, &server, &w.facilitator_url).await?;
    page.find_within(
        "//li[contains(@class,'full')][.//h3[normalize-space(.)='Room 1']]//span[normalize-space(.)='Full']",
        WAIT,
    )
    .await?;
    page.find_within(
        "//li[contains(@class,'quiet')][.//h3[normalize-space(.)='Room 2']]//span[normalize-space(.)='Quiet']",
        WAIT,
    )
    .await?;
    ensure!(
        !page
            .exists("//li[contains(@class,'quiet') or contains(@class,'full')][.//h3[normalize-space(.)='Room 3']]")
            .await?,
        "room 3, open and empty since just now, stands out"
    );
    let (count, whole, last) = tiles_in_view(&page).await?;
    page.screenshot("dashboard-10-rooms").await?;
    eprintln!(
        "10 rooms and the plenary: {count} tiles, {whole} whole in the first screen, the last ends at {last:.0} px"
    );
    ensure!(count == 11, "{count} tiles");
    ensure!(whole >= 6, "only {whole} room tiles show whole at 1366×768");
    ensure!(
        last <= 2.0 * SCREEN,
        "the last room ends at {last:.0} px, beyond two screens"
    );
    // The controls are beside the rooms, not above them.
    let rooms = page.boxes(".rooms").await?;
    let side = page.boxes(".workshop-side").await?;
    ensure!(
        side[0][0] >= rooms[0][2] && side[0][1] < SCREEN,
        "the workshop's controls at {:?} are not beside the rooms at {:?}",
        side[0],
        rooms[0]
    );

    // A room's links open from its tile.
    ensure!(
        !page
            .exists("//input[@id='room-2-edit'][not(ancestor::*[@hidden])]")
            .await?
    );
    page.click_button("Links and QR code of Room 3").await?;
    let link = page
        .find("//input[@id='room-2-edit'][not(ancestor::*[@hidden])]")
        .await?;
    ensure!(
        link.prop("value")
            .await?
            .is_some_and(|v| v.ends_with(&w.rooms[2].edit_url)),
        "the tile's participant link is not room 3's"
    );
    page.screenshot("dashboard-10-rooms-links").await?;
    let violations = page.axe_violations().await?;
    ensure!(violations.is_empty(), "axe: {violations:#?}");
    page.close().await?;

    // Three rooms: every tile and the first controls in one screen.
    let small = made(
        &server,
        serde_json::json!({"title": "Knee course, evening group", "rooms": 3}),
    )
    .await?;
    let page = open_dashboard(&mut driver, &server, &small.facilitator_url).await?;
    let (count, whole, _) = tiles_in_view(&page).await?;
    page.screenshot("dashboard-3-rooms").await?;
    ensure!(
        count == 4 && whole == 4,
        "3 rooms and the plenary: {whole} of {count} tiles whole"
    );
    page.close().await?;
    Ok(())
}
