//! A whole session by keyboard alone, in headless Chromium: join, add a
//! card, edit it, move it, connect two cards, vote, switch to the list view.
//! Every step is Tab, typing and Enter (WebDriver key actions); the page
//! counts pointer events and must see none.

use anyhow::{Result, ensure};
use comap_tests::Server;
use comap_tests::browser::{CONTROL, Page, button, card};
use std::time::Duration;

/// Focuses the field labelled `label` by Tab and types `text` (a select
/// picks the option starting with it, as typing on a closed list does).
async fn type_into(page: &Page, label: &str, text: &str) -> Result<()> {
    let field = page.field(label).await?;
    let id = field.attr("id").await?.unwrap_or_default();
    page.tab_to(&format!("//*[@id='{id}']")).await?;
    page.keys(text).await
}

async fn add_card(page: &Page, stage: &str, lane: &str, text: &str) -> Result<()> {
    page.press("Add card").await?;
    type_into(page, "Stage", stage).await?;
    type_into(page, "Lane", lane).await?;
    type_into(page, "Card text", text).await?;
    page.press("Save card").await?;
    page.find(&card(text)).await?;
    Ok(())
}

/// Tabs to the button `name` on the card showing `text` and presses Enter.
async fn press_on_card(page: &Page, text: &str, name: &str) -> Result<()> {
    page.tab_to(&format!("{}{}", card(text), button(name)))
        .await?;
    page.keys(comap_tests::browser::ENTER).await
}

#[tokio::test]
async fn a_keyboard_user_takes_a_full_part() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("By keyboard", "patient-journey").await?;
    let mut driver = comap_tests::browser::Driver::start().await?;
    let page = driver.session().await?;
    // The facilitator's link: Kim also runs the voting.
    page.goto(&format!("{}{}", server.http(), map.facilitator_url))
        .await?;
    page.find(&button("Join")).await?;
    page.client
        .execute(
            "window.pointerEvents = 0;
             for (const t of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'mousemove'])
               window.addEventListener(t, () => window.pointerEvents++, true);",
            vec![],
        )
        .await?;

    // First-time help opens from the keyboard.
    page.tab_to("//summary[normalize-space(.)='First time here? How it works']")
        .await?;
    page.keys(comap_tests::browser::ENTER).await?;
    page.find("//details[@open]//li[contains(.,'Undo takes back your own last change')]")
        .await?;

    // Join: name, role (a radio button: Space chooses it), Join.
    type_into(&page, "Your name", "Kim").await?;
    page.tab_to("//input[@type='radio']").await?;
    page.keys(" ").await?;
    page.press("Join").await?;
    page.find("//p[@role='status' and normalize-space(.)='Connected']")
        .await?;

    add_card(&page, "Diagnosis", "Pain points", "Letter never came").await?;
    add_card(&page, "Diagnosis", "Ideas", "Text message updates").await?;

    // Edit: select all the text and type anew.
    press_on_card(&page, "Letter never came", "Edit").await?;
    type_into(&page, "Card text", "").await?;
    page.chord(CONTROL, 'a').await?;
    page.keys("Letter came after the appointment").await?;
    page.press("Save card").await?;
    let edited = "Letter came after the appointment";
    page.find(&card(edited)).await?;

    // Move it to Treatment.
    press_on_card(&page, edited, "Move").await?;
    type_into(&page, "Stage", "Treatment").await?;
    page.press("Move card").await?;
    page.find(&format!(
        "//tr[th[.//span[normalize-space(.)='Pain points']]]/td[5]{}",
        card(edited)
    ))
    .await?;

    // Connect it to the idea.
    press_on_card(&page, edited, "Connect").await?;
    type_into(&page, "Points to", "Diagnosis").await?;
    page.press("Draw arrow").await?;
    page.find(&format!(
        "{}//ul[contains(@class,'card-arrows')]/li[contains(.,'Text message updates')]",
        card(edited)
    ))
    .await?;

    // Vote for the idea.
    page.press("Start voting").await?;
    press_on_card(&page, "Text message updates", "Vote").await?;
    page.find("//*[normalize-space(.)='You have 2 of 3 votes left']")
        .await?;

    // Arrow keys pan the focused board; + zooms it.
    page.tab_to("//div[@role='region' and @aria-label='The map']")
        .await?;
    let left = "return document.querySelector('.board-scroll').scrollLeft;";
    let before = page.number(left).await?;
    page.keys(&comap_tests::browser::ARROW_RIGHT.repeat(8))
        .await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while page.number(left).await? < before + 100.0 {
        ensure!(
            tokio::time::Instant::now() < deadline,
            "ArrowRight did not pan the board (scrolled from {before} to {})",
            page.number(left).await?
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    page.keys("+").await?;
    page.find("//span[contains(@class,'zoom-level')][contains(.,'125%')]")
        .await?;
    page.keys("-").await?;
    page.find("//span[contains(@class,'zoom-level')][contains(.,'100%')]")
        .await?;

    // The list view: the same cards under stage and lane headings.
    page.press("List view").await?;
    page.find(&format!(
        "//section[contains(@class,'list-stage')][.//h2[contains(.,'Treatment')]]//div[contains(@class,'list-lane')][h3[contains(.,'Pain points')]]{}",
        card(edited)
    ))
    .await?;
    page.screenshot("keyboard-list-view").await?;

    let pointer = page.number("return window.pointerEvents;").await?;
    ensure!(
        pointer == 0.0,
        "{pointer} pointer events during a keyboard session"
    );
    // The choice of list view is remembered.
    page.client.refresh().await?;
    page.press("Join").await?;
    page.find_within(
        "//section[contains(@class,'list-stage')]",
        Duration::from_secs(5),
    )
    .await?;
    page.close().await?;
    Ok(())
}
