//! The structure as the page offers it: in a workshop's room a participant
//! is offered no way to change the title, stages or lanes until the
//! facilitator turns on "Everyone can change the structure"; and a page
//! whose offline changes to the structure the server refuses (the
//! facilitator closed it meanwhile) starts again from the server's map and
//! keeps the person's cards, instead of sending the refused changes forever.

use anyhow::Result;
use comap_shared::{Command, Role};
use comap_tests::browser::{Driver, Page, button, card};
use comap_tests::workshops::{as_map, made};
use comap_tests::{Peer, Server};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);
const CONNECTED: &str = "//p[@role='status' and normalize-space(.)='Connected']";
const OFFLINE: &str = "//p[@role='status' and normalize-space(.)='Offline \u{2014} your changes are kept on this device']";
const STRUCTURE_SWITCH: &str = "//button[contains(@class,'switch') and normalize-space(.)='Everyone can change the structure']";

/// Whether the page offers any change to the structure: adding a stage or
/// lane, a heading's options, or the map's details in More.
async fn offers_structure(page: &Page) -> Result<bool> {
    let mut any = false;
    for xpath in [
        button("Add stage"),
        button("Add lane"),
        "//button[contains(@class,'column-options')]".to_string(),
    ] {
        any |= page.exists(&xpath).await?;
    }
    page.click_button("More").await?;
    any |= page.exists(&button("Map details")).await?;
    page.click_button("More").await?;
    Ok(any)
}

#[tokio::test]
async fn a_participant_is_offered_the_structure_only_once_the_facilitator_opens_it() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(
        &server,
        serde_json::json!({"title": "Knee pain", "rooms": 1}),
    )
    .await?;
    let room = as_map(&w.rooms[0]);
    let mut driver = Driver::start().await?;
    let pat = driver.session().await?;
    pat.join(&format!("{}{}", server.http(), room.edit_url), "Pat")
        .await?;
    pat.find_within(CONNECTED, WAIT).await?;
    let fac = driver.session().await?;
    fac.join(&format!("{}{}", server.http(), room.facilitator_url), "Fay")
        .await?;
    fac.find_within(CONNECTED, WAIT).await?;

    assert!(!offers_structure(&pat).await?, "closed in a workshop room");
    assert!(offers_structure(&fac).await?, "the facilitator's own");
    // The participant may still add cards.
    assert!(pat.exists(&button("Add card")).await?);
    pat.screenshot("structure-closed-participant").await?;

    // The switch is the facilitator's alone, off to start with.
    pat.click_button("More").await?;
    assert!(!pat.exists(STRUCTURE_SWITCH).await?);
    pat.click_button("More").await?;
    fac.click_button("More").await?;
    let switch = fac.find(STRUCTURE_SWITCH).await?;
    assert_eq!(switch.attr("aria-pressed").await?.as_deref(), Some("false"));
    fac.screenshot("structure-switch-facilitator").await?;
    switch.click().await?;
    fac.find_within(&format!("{STRUCTURE_SWITCH}[@aria-pressed='true']"), WAIT)
        .await?;

    // The participant's page offers the structure at once.
    pat.find_within(&button("Add stage"), WAIT).await?;
    assert!(offers_structure(&pat).await?);
    Ok(())
}

#[tokio::test]
async fn refused_offline_changes_to_the_structure_leave_the_persons_cards() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let map = server.create_map("Own map", "patient-journey").await?;
    let mut driver = Driver::start().await?;
    let ed = driver.session().await?;
    ed.join(&format!("{}{}", server.http(), map.edit_url), "Ed")
        .await?;
    ed.find_within(CONNECTED, WAIT).await?;
    let first = {
        let mut probe = Peer::edit(&server, &map, "Probe", Role::Other).await?;
        probe.wait_for(WAIT, |m| !m.stages.is_empty()).await?.stages[0]
            .name
            .clone()
    };

    // Offline, Ed renames the first stage (his map is open to everyone)
    // and adds a card.
    server.kill();
    ed.find_within(OFFLINE, Duration::from_secs(15)).await?;
    ed.click_button(&format!("Options for stage {first}"))
        .await?;
    ed.fill("Name", "Renamed offline").await?;
    ed.click_button("Save name").await?;
    ed.click_button("Add card").await?;
    ed.choose("Stage", "Renamed offline").await?;
    ed.choose("Kind", "Idea").await?;
    ed.fill("Card text", "Written offline").await?;
    ed.click_button("Save card").await?;
    ed.find(&card("Written offline")).await?;

    // Meanwhile the facilitator closes the structure. Ed's page cannot
    // reach the server until she has (else his rename could come first).
    let offline = |off: bool| {
        serde_json::json!({
            "offline": off, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1
        })
    };
    ed.cdp("Network.enable", serde_json::json!({})).await?;
    ed.cdp("Network.emulateNetworkConditions", offline(true))
        .await?;
    server.start_again()?;
    let mut fay = Peer::facilitate(&server, &map, "Fay", Role::Professional).await?;
    fay.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    fay.apply(Command::SetStructureOpen { open: false }).await?;
    fay.until_acked(WAIT).await?;
    // Still offline while she did.
    ed.find(OFFLINE).await?;
    ed.cdp("Network.emulateNetworkConditions", offline(false))
        .await?;

    // Ed's page is refused once, starts again from the server's map and
    // puts his card back; the stage keeps the server's name.
    ed.find_within(
        "//*[contains(., 'the cards you added were kept')]",
        Duration::from_secs(30),
    )
    .await?;
    ed.find_within(CONNECTED, WAIT).await?;
    ed.find_within(&card("Written offline"), WAIT).await?;
    ed.screenshot("structure-refused-cards-kept").await?;
    let seen = fay
        .wait_for(Duration::from_secs(15), |m| {
            m.cards.iter().any(|c| c.text == "Written offline")
        })
        .await?;
    assert_eq!(seen.stages[0].name, first, "the refused rename is not kept");
    assert!(!offers_structure(&ed).await?, "closed now");
    Ok(())
}
