//! Browser tests in headless Chromium: two people co-edit one map.

use anyhow::{Result, bail};
use comap_tests::Server;
use comap_tests::browser::{Driver, Page, button, card, heading};
use std::time::Duration;

async fn join(page: &Page, url: &str, name: &str, role: &str) -> Result<()> {
    page.goto(url).await?;
    page.fill("Your name", name).await?;
    page.field(role).await?.click().await?;
    page.click_button("Join").await?;
    page.find("//p[@role='status' and normalize-space(.)='Connected']")
        .await?;
    Ok(())
}

#[tokio::test]
async fn two_browsers_co_edit_one_map() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server
        .create_map("Knee pain pathway", "patient-journey")
        .await?;
    let edit_url = format!("{}{}", server.http(), map.edit_url);
    let view_url = format!("{}{}", server.http(), map.view_url);

    let mut driver = Driver::start().await?;
    let a = driver.session().await?;
    let b = driver.session().await?;
    join(&a, &edit_url, "Ann", "Patient").await?;
    join(&b, &edit_url, "Bo", "Health professional").await?;

    // Everyone is listed by name and role.
    for page in [&a, &b] {
        page.find("//section[.//h2[normalize-space(.)='People in this map']]//li/span[normalize-space(.)='Ann (Patient)']").await?;
        page.find("//section[.//h2[normalize-space(.)='People in this map']]//li/span[normalize-space(.)='Bo (Health professional)']").await?;
    }

    // A adds a pain point in Diagnosis.
    a.click_button("Add card").await?;
    a.choose("Stage", "Diagnosis").await?;
    a.choose("Lane", "Pain points").await?;
    a.choose("Kind", "Pain point").await?;
    a.fill("Card text", "Waited six weeks for the scan").await?;
    a.click_button("Save card").await?;
    a.find(&card("Waited six weeks for the scan")).await?;
    // The focus is on the new card (shown and highlighted), so a person
    // sees where it went and can act on it.
    let focused = a.client.active_element().await?;
    assert_eq!(
        focused
            .attr("class")
            .await?
            .as_deref()
            .map(|c| c.contains("card")),
        Some(true)
    );
    assert!(
        focused
            .text()
            .await?
            .contains("Waited six weeks for the scan")
    );
    // The server's ack turns "Saving…" into "Saved".
    a.find("//p[contains(@class,'saved') and normalize-space(.)='Saved']")
        .await?;

    // B sees it within 2 s, in the right cell, with its kind and author role.
    let seen = b
        .find_within(
            &card("Waited six weeks for the scan"),
            Duration::from_secs(2),
        )
        .await?;
    let shown = seen.text().await?;
    assert!(shown.contains("Pain point"), "{shown}");
    assert!(shown.contains("Ann (Patient)"), "{shown}");
    b.screenshot("board-b-sees-card").await?;

    // B edits its text; A sees the edit.
    b.press_at(&card_button("Waited six weeks for the scan", "Edit"))
        .await?;
    b.fill("Card text", "Waited eight weeks for the scan")
        .await?;
    b.click_button("Save card").await?;
    a.find_within(
        &card("Waited eight weeks for the scan"),
        Duration::from_secs(2),
    )
    .await?;

    // B moves it with the keyboard alternative to dragging: the Move dialog.
    b.press_at(&card_button("Waited eight weeks for the scan", "Move"))
        .await?;
    b.choose("Stage", "Treatment").await?;
    b.click_button("Move card").await?;
    let moved = format!(
        "//tr[{}]/td[5]//article//p[normalize-space(.)='Waited eight weeks for the scan']",
        heading("Pain points").trim_start_matches("//")
    );
    a.find_within(&moved, Duration::from_secs(2)).await?;

    // After a reload the card is still there, and the name was remembered.
    a.client.refresh().await?;
    assert_eq!(a.value("Your name").await?, "Ann");
    a.click_button("Join").await?;
    a.find(&card("Waited eight weeks for the scan")).await?;
    a.screenshot("board-after-reload").await?;

    // A viewer sees the card and is offered no way to change the map.
    let v = driver.session().await?;
    join(&v, &view_url, "Vi", "Other").await?;
    v.find(&card("Waited eight weeks for the scan")).await?;
    assert!(!v.exists(&button("Add card")).await?);
    assert!(!v.exists(&button("Edit")).await?);
    v.screenshot("board-viewer").await?;

    // Delete asks first, then the card goes for everyone.
    a.press_at(&card_button("Waited eight weeks for the scan", "Delete"))
        .await?;
    a.click_button("Delete card").await?;
    for page in [&a, &b, &v] {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
        while page
            .exists(&card("Waited eight weeks for the scan"))
            .await?
        {
            assert!(
                tokio::time::Instant::now() < deadline,
                "card not deleted everywhere"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    for page in [a, b, v] {
        page.close().await?;
    }
    Ok(())
}

#[tokio::test]
async fn home_page_creates_a_map_shows_its_links_and_the_facilitator_deletes_it() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let mut driver = Driver::start().await?;
    let page = driver.session().await?;
    page.goto(&server.http()).await?;
    page.screenshot("home").await?;
    page.click_button("Create a map").await?;
    page.find("//p[@role='alert']").await?;
    page.fill("Map title", "Heart failure clinic").await?;
    page.click_button("Create a map").await?;
    page.find("//h2[normalize-space(.)='Your map is ready']")
        .await?;
    let edit_link = page.value("Link for participants").await?;
    assert!(
        edit_link.starts_with(&format!("{}/m/", server.http())),
        "{edit_link}"
    );
    page.field("View-only link").await?;
    page.field("Your facilitator link").await?;
    page.find(&button("Copy link for participants")).await?;
    page.screenshot("links").await?;
    page.find("//a[normalize-space(.)='Open the map']")
        .await?
        .click()
        .await?;
    page.find("//h1[normalize-space(.)='Join this map']")
        .await?;
    // The join screen names the map the person is joining.
    page.find(
        "//p[@class='join-map' and normalize-space(.)='\u{201c}Heart failure clinic\u{201d}']",
    )
    .await?;
    page.screenshot("join").await?;
    page.fill("Your name", "Fay").await?;
    // No role is chosen for a newcomer: Join asks for one.
    page.click_button("Join").await?;
    page.find("//p[@role='alert'][starts-with(normalize-space(.), 'Please choose your role')]")
        .await?;
    page.field("Family or carer").await?.click().await?;
    page.click_button("Join").await?;
    page.find("//h1[normalize-space(.)='Heart failure clinic']")
        .await?;
    page.find(&button("Add card")).await?;
    page.find(&heading("Noticing a problem")).await?;
    page.find("//p[starts-with(normalize-space(.), 'Kept until')]")
        .await?;

    // A participant with the edit link is told when the facilitator deletes the map.
    let other = driver.session().await?;
    join(&other, &edit_link, "Pat", "Patient").await?;
    other.find(&button("Add card")).await?;
    // Deleting is in the header's More menu, and only for the facilitator.
    other.click_button("More").await?;
    other.find("//div[@id='more-menu']").await?;
    assert!(!other.exists(&button("Delete map")).await?);
    page.click_button("More").await?;
    page.click_button("Delete map").await?;
    page.screenshot("delete-map").await?;
    page.find(&format!("//div[@role='dialog']{}", button("Delete map")))
        .await?
        .click()
        .await?;
    other
        .find("//*[@role='alert'][contains(., 'deleted')]")
        .await?;
    other.screenshot("deleted").await?;
    page.close().await?;
    other.close().await?;
    Ok(())
}

const OFFLINE: &str = "//p[@role='status' and normalize-space(.)='Offline \u{2014} your changes are kept on this device']";
const CONNECTED: &str = "//p[@role='status' and normalize-space(.)='Connected']";

#[tokio::test]
async fn offline_edits_are_kept_and_merge_when_the_server_is_back() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let map = server.create_map("Offline test", "patient-journey").await?;
    let url = format!("{}{}", server.http(), map.edit_url);
    let mut driver = Driver::start().await?;
    let a = driver.session().await?;
    let b = driver.session().await?;
    join(&a, &url, "Ann", "Patient").await?;
    join(&b, &url, "Bo", "Health professional").await?;
    add_card(
        &a,
        "Assessment",
        "Pain points",
        "Pain point",
        "Before the cut",
    )
    .await?;
    b.find(&card("Before the cut")).await?;
    a.kept_for_offline().await?;

    // The server goes away. Both pages say so, and both go on editing.
    server.kill();
    for page in [&a, &b] {
        page.find_within(OFFLINE, Duration::from_secs(15)).await?;
    }
    add_card(&a, "Diagnosis", "Pain points", "Pain point", "Ann offline").await?;
    add_card(&b, "Treatment", "Ideas", "Idea", "Bo offline").await?;
    b.press_at(&card_button("Before the cut", "Edit")).await?;
    b.fill("Card text", "Before the cut, edited offline")
        .await?;
    b.click_button("Save card").await?;
    a.find("//p[contains(@class,'saved') and normalize-space(.)='Not on the server yet']")
        .await?;
    a.screenshot("offline").await?;

    // Ann reloads the page with the server still down: the page and her map,
    // offline card included, come from this browser.
    a.client.refresh().await?;
    a.click_button("Join").await?;
    a.find(&card("Ann offline")).await?;
    a.find(&card("Before the cut")).await?;
    a.find_within(OFFLINE, Duration::from_secs(15)).await?;
    // What she made offline before the reload is not on the server yet.
    a.find("//p[contains(@class,'saved') and normalize-space(.)='Not on the server yet']")
        .await?;
    add_card(&a, "Treatment", "Ideas", "Idea", "Ann after reload").await?;

    // The server is back: both reconnect by themselves and end with every edit.
    server.start_again()?;
    for page in [&a, &b] {
        page.find_within(CONNECTED, Duration::from_secs(20)).await?;
        for text in [
            "Ann offline",
            "Bo offline",
            "Before the cut, edited offline",
            "Ann after reload",
        ] {
            page.find_within(&card(text), Duration::from_secs(10))
                .await?;
        }
        page.find("//p[contains(@class,'saved') and normalize-space(.)='Saved']")
            .await?;
    }
    // A newcomer gets it all from the server.
    let c = driver.session().await?;
    join(&c, &url, "Cy", "Family or carer").await?;
    for text in ["Ann offline", "Bo offline", "Ann after reload"] {
        c.find(&card(text)).await?;
    }
    // Reloaded online, Ann's kept copy (all of it on the server) shows Saved
    // once the server has shown it holds everything.
    a.client.refresh().await?;
    a.click_button("Join").await?;
    a.find_within(CONNECTED, Duration::from_secs(10)).await?;
    a.find_within(
        "//p[contains(@class,'saved') and normalize-space(.)='Saved']",
        Duration::from_secs(10),
    )
    .await?;
    for page in [a, b, c] {
        page.close().await?;
    }
    Ok(())
}

/// The names of the stages, left to right, as the page shows them.
async fn stage_names(page: &Page) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for el in page
        .client
        .find_all(fantoccini::Locator::XPath(
            "//thead//th//span[contains(@class,'column-name')]",
        ))
        .await?
    {
        names.push(el.text().await?.trim().to_string());
    }
    Ok(names)
}

#[tokio::test]
async fn an_editor_reshapes_the_map_by_keyboard_and_mouse_and_nothing_is_lost() -> Result<()> {
    let (page, _keep) = one_person("Reshape", "patient-journey", "Ed", "Patient").await?;

    // Title and purpose (Map details is in the header's More menu).
    page.click_button("More").await?;
    page.click_button("Map details").await?;
    page.fill("Purpose", "Mrs K's knee, from first pain to living with it")
        .await?;
    page.click_button("Save").await?;
    page.find("//*[contains(@class,'purpose') and contains(., 'Mrs K')]")
        .await?;

    // Rename a stage and move it one place left.
    page.click_button("Options for stage Diagnosis").await?;
    page.fill("Name", "Getting a diagnosis").await?;
    page.click_button("Save name").await?;
    page.find(&heading("Getting a diagnosis")).await?;
    page.click_button("Options for stage Getting a diagnosis")
        .await?;
    page.click_button("Move left").await?;
    page.click_button("Close").await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while stage_names(&page).await?.get(2).map(String::as_str) != Some("Getting a diagnosis") {
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "{:?}",
            stage_names(&page).await?
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Add a stage at the end.
    page.click_button("Add stage").await?;
    page.fill("Name", "Follow-up").await?;
    page.find("//div[@role='dialog']//button[normalize-space(.)='Add stage']")
        .await?
        .click()
        .await?;
    page.find(&heading("Follow-up")).await?;
    assert_eq!(
        stage_names(&page).await?.last().map(String::as_str),
        Some("Follow-up")
    );
    // Dragged by its heading onto the first stage, it becomes the first.
    drag_onto(
        &page,
        &format!(
            "{}//span[contains(@class,'column-head')]",
            heading("Follow-up")
        ),
        &format!(
            "{}//span[contains(@class,'column-head')]",
            heading("Noticing a problem")
        ),
    )
    .await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while stage_names(&page).await?.first().map(String::as_str) != Some("Follow-up") {
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "{:?}",
            stage_names(&page).await?
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // A card in Treatment survives the removal of its stage.
    page.click_button("Add card").await?;
    page.choose("Stage", "Treatment").await?;
    page.choose("Lane", "Ideas").await?;
    page.fill("Card text", "A physio class near home").await?;
    page.click_button("Save card").await?;
    page.find(&card("A physio class near home")).await?;
    page.click_button("Options for stage Treatment").await?;
    page.click_button("Remove stage").await?;
    page.find("//div[@role='dialog']//p[contains(., 'It holds 1 card')]")
        .await?;
    page.screenshot("remove-stage").await?;
    page.find("//div[@role='dialog']//button[normalize-space(.)='Remove stage']")
        .await?
        .click()
        .await?;
    page.find("//section[contains(@class,'unsorted')]//h2[normalize-space(.)='Unsorted (1)']")
        .await?;
    assert!(!stage_names(&page).await?.contains(&"Treatment".to_string()));
    page.screenshot("unsorted").await?;

    // Moved back from the tray with the Move dialog.
    page.press_at(&format!(
        "{}//button[normalize-space(.)='Move']",
        card("A physio class near home")
    ))
    .await?;
    page.choose("Stage", "Follow-up").await?;
    page.choose("Lane", "Ideas").await?;
    page.click_button("Move card").await?;
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while page
        .exists("//section[contains(@class,'unsorted')]")
        .await?
    {
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the tray did not empty"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    page.find(&card("A physio class near home")).await?;
    page.close().await?;
    Ok(())
}

#[tokio::test]
async fn a_feeling_card_shows_its_emotion_in_the_curve_and_the_balance() -> Result<()> {
    let (page, _keep) = one_person("Feelings", "emotional-mapping", "Pat", "Patient").await?;
    page.click_button("Add card").await?;
    page.choose("Stage", "Results").await?;
    page.choose("Lane", "Feelings").await?;
    page.choose("Kind", "Feeling").await?;
    page.fill("Card text", "Waiting for the phone call").await?;
    page.field("Very bad (\u{2212}2)").await?.click().await?;
    page.fill("A word for the feeling (optional)", "scared")
        .await?;
    page.click_button("Save card").await?;
    page.find(&format!(
        "{}//p[normalize-space(.)='Very bad (\u{2212}2): scared']",
        card("Waiting for the phone call")
    ))
    .await?;
    // The curve's table and the voice balance count it.
    page.find("//table[contains(@class,'curve-table')]//tr[th[normalize-space(.)='Results']]/td[1][normalize-space(.)='\u{2212}2.0 (1 feeling)']")
        .await?;
    page.find("//ul[contains(@class,'balance')]/li[normalize-space(.)='Patient: 1']")
        .await?;
    page.screenshot("feelings").await?;

    // Editing the card changes the feeling everywhere.
    page.press_at(&format!(
        "{}//button[normalize-space(.)='Edit']",
        card("Waiting for the phone call")
    ))
    .await?;
    page.field("Bad (\u{2212}1)").await?.click().await?;
    page.click_button("Save card").await?;
    page.find("//table[contains(@class,'curve-table')]//tr[th[normalize-space(.)='Results']]/td[1][normalize-space(.)='\u{2212}1.0 (1 feeling)']")
        .await?;
    page.close().await?;
    Ok(())
}

/// Drags the element at `from` onto the element at `to`. WebDriver cannot
/// drive HTML drag and drop, so the page's own drag events are dispatched,
/// carrying one DataTransfer from start to drop, as a browser does.
async fn drag_onto(page: &Page, from: &str, to: &str) -> Result<()> {
    let (from, to) = (page.find(from).await?, page.find(to).await?);
    page.client
        .execute(
            "const [from, to] = arguments;
             const dt = new DataTransfer();
             from.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));
             to.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));
             to.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));",
            vec![serde_json::to_value(from)?, serde_json::to_value(to)?],
        )
        .await?;
    Ok(())
}

async fn add_card(page: &Page, stage: &str, lane: &str, kind: &str, text: &str) -> Result<()> {
    page.click_button("Add card").await?;
    page.choose("Stage", stage).await?;
    page.choose("Lane", lane).await?;
    page.choose("Kind", kind).await?;
    page.fill("Card text", text).await?;
    page.click_button("Save card").await?;
    page.find(&card(text)).await?;
    Ok(())
}

/// The card's own button called `name`.
fn card_button(text: &str, name: &str) -> String {
    format!("{}{}", card(text), button(name))
}

/// A line of a card's arrows, in words.
fn arrow_line(text: &str, line: &str) -> String {
    format!(
        "{}//ul[contains(@class,'card-arrows')]/li[span[normalize-space(.)='{line}']]",
        card(text)
    )
}

const DRAWN_ARROW: &str =
    "//*[local-name()='svg' and contains(@class,'arrows')]/*[local-name()='line']";

#[tokio::test]
async fn arrows_votes_and_undo_by_keyboard_and_mouse() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server
        .create_map("Arrows and votes", "patient-journey")
        .await?;
    let url = format!("{}{}", server.http(), map.edit_url);
    let facilitator = format!("{}{}", server.http(), map.facilitator_url);
    let mut driver = Driver::start().await?;
    let a = driver.session().await?;
    let b = driver.session().await?;
    // Ann holds the facilitator link: she runs the voting. Bo takes part.
    join(&a, &facilitator, "Ann", "Patient").await?;
    join(&b, &url, "Bo", "Health professional").await?;
    let (pain, idea) = ("Waited six weeks", "Text updates");
    add_card(&a, "Diagnosis", "Pain points", "Pain point", pain).await?;
    add_card(&a, "Diagnosis", "Ideas", "Idea", idea).await?;

    // By keyboard: Connect, choose the target from the list, label it.
    a.press_at(&card_button(pain, "Connect")).await?;
    a.choose("Points to", &format!("Diagnosis \u{b7} Ideas: {idea}"))
        .await?;
    a.fill(
        "Label (optional, e.g. \u{201c}leads to\u{201d})",
        "fixed by",
    )
    .await?;
    a.click_button("Draw arrow").await?;
    a.find(&arrow_line(pain, &format!("\u{2192} fixed by: {idea}")))
        .await?;
    b.find(&arrow_line(
        idea,
        &format!("\u{2190} from {pain} (fixed by)"),
    ))
    .await?;
    b.find(DRAWN_ARROW).await?;
    // Its label can be changed.
    a.click_button(&format!("Edit label of arrow to {idea}"))
        .await?;
    a.fill(
        "Label (optional, e.g. \u{201c}leads to\u{201d})",
        "solved by",
    )
    .await?;
    a.click_button("Save").await?;
    b.find(&arrow_line(
        idea,
        &format!("\u{2190} from {pain} (solved by)"),
    ))
    .await?;

    // By mouse: drag the idea's arrow handle onto the pain point.
    drag_onto(
        &a,
        &format!("{}//span[contains(@class,'arrow-handle')]", card(idea)),
        &card(pain),
    )
    .await?;
    a.find(&arrow_line(idea, &format!("\u{2192} {pain}")))
        .await?;
    b.find(&arrow_line(pain, &format!("\u{2190} from {idea}")))
        .await?;

    // Bo adds a card; Ann's Ctrl+Z undoes her own last change (the dragged
    // arrow), never Bo's card; Redo brings the arrow back.
    add_card(&b, "Treatment", "What I do", "Step", "Called the clinic").await?;
    a.find(&card("Called the clinic")).await?;
    a.find(&button("Add card"))
        .await?
        .send_keys("\u{E009}z")
        .await?;
    a.gone(&arrow_line(idea, &format!("\u{2192} {pain}")))
        .await?;
    b.gone(&arrow_line(pain, &format!("\u{2190} from {idea}")))
        .await?;
    b.find(&card("Called the clinic")).await?;
    a.click_button("Redo").await?;
    b.find(&arrow_line(pain, &format!("\u{2190} from {idea}")))
        .await?;
    a.click_button("Undo").await?;
    a.gone(&arrow_line(idea, &format!("\u{2192} {pain}")))
        .await?;

    // Dot voting: Ann starts it; each person spends votes on ideas and pain points.
    b.find("//p[normalize-space(.)='The facilitator starts a round when the group is ready, and reveals the results.']")
        .await?;
    a.click_button("Start voting").await?;
    a.find(
        "//p[contains(@class,'votes-left') and normalize-space(.)='You have 3 of 3 votes left']",
    )
    .await?;
    assert!(
        !a.exists(&card_button(
            "Called the clinic",
            "Vote for \u{201c}Called the clinic\u{201d}"
        ))
        .await?,
        "steps take no votes"
    );
    // While voting, everything but ideas and pain points can be put away.
    let shown = "return [...document.querySelectorAll('article.card')].filter(c => c.textContent.includes('Called the clinic') && c.getClientRects().length > 0).length;";
    assert_eq!(a.number(shown).await?, 1.0);
    a.click_button("Show only ideas and pain points").await?;
    assert_eq!(a.number(shown).await?, 0.0, "a step is hidden");
    a.click_button("Show only ideas and pain points").await?;
    assert_eq!(a.number(shown).await?, 1.0, "and shown again");
    // A card near the board's lower right corner opens its buttons under
    // the map overview, which takes the mouse's clicks there: Ann closes it.
    let hide_overview = button("Hide the map overview (More brings it back)");
    if a.exists(&hide_overview).await? {
        a.click_button("Hide the map overview (More brings it back)")
            .await?;
    }
    let vote_idea = button(&format!("Vote for \u{201c}{idea}\u{201d}"));
    for _ in 0..3 {
        a.press_at(&vote_idea).await?;
    }
    a.find(
        "//p[contains(@class,'votes-left') and normalize-space(.)='You have 0 of 3 votes left']",
    )
    .await?;
    // With no votes left, Vote is off (it once stayed on and then showed a
    // raw "no votes left" error).
    a.find(&format!(
        "//button[@aria-label='Vote for \u{201c}{pain}\u{201d}' and @disabled]"
    ))
    .await?;
    a.click_button(&format!("Take back a vote from \u{201c}{idea}\u{201d}"))
        .await?;
    a.click_button(&format!("Vote for \u{201c}{pain}\u{201d}"))
        .await?;
    b.press_at(&vote_idea).await?;
    b.find(
        "//p[contains(@class,'votes-left') and normalize-space(.)='You have 2 of 3 votes left']",
    )
    .await?;
    b.find("//p[normalize-space(.)='Results are hidden until the facilitator reveals them.']")
        .await?;
    // Only the facilitator is offered to reveal or end the round.
    for control in ["Reveal results", "End voting", "Start voting"] {
        assert!(
            !b.exists(&button(control)).await?,
            "Bo is offered {control}"
        );
    }
    assert!(!b.exists("//span[contains(@class,'vote-count')]").await?);
    a.click_button("Reveal results").await?;
    b.find(&format!(
        "{}//span[contains(@class,'vote-count') and normalize-space(.)='3 votes']",
        card(idea)
    ))
    .await?;
    b.find(&format!(
        "//ol[contains(@class,'ranking')]/li[1][normalize-space(.)='{idea} \u{2014} 3 votes']"
    ))
    .await?;
    b.find(&format!(
        "//ol[contains(@class,'ranking')]/li[2][normalize-space(.)='{pain} \u{2014} 1 vote']"
    ))
    .await?;
    a.screenshot("arrows-and-votes").await?;
    a.click_button("End voting").await?;
    b.find("//p[contains(@class,'votes-left') and normalize-space(.)='Voting has ended.']")
        .await?;
    assert!(!b.exists(&vote_idea).await?, "no votes after the end");
    b.screenshot("voting-ended").await?;
    a.close().await?;
    b.close().await?;
    Ok(())
}

#[tokio::test]
async fn a_card_that_seems_to_identify_someone_asks_before_posting() -> Result<()> {
    let (page, _keep) = one_person("Privacy", "patient-journey", "Ann", "Family or carer").await?;
    let text = "Ring my daughter on 07700 900123";
    page.click_button("Add card").await?;
    page.fill("Card text", text).await?;
    page.click_button("Save card").await?;
    page.find("//div[@role='alert' and contains(@class,'privacy-warning')]//li[normalize-space(.)='This looks like a phone number: 07700 900123']")
        .await?;
    // The focus is on Edit, so Enter never posts by accident.
    let focused = page.client.active_element().await?;
    assert_eq!(focused.text().await?.trim(), "Edit");
    page.screenshot("privacy-warning").await?;
    assert!(!page.exists(&card(text)).await?, "nothing posted yet");
    focused.click().await?;
    page.gone("//div[contains(@class,'privacy-warning')]")
        .await?;
    page.fill("Card text", "Ring my daughter").await?;
    page.click_button("Save card").await?;
    page.find(&card("Ring my daughter")).await?;

    // Post anyway keeps the text as written.
    page.click_button("Add card").await?;
    page.fill("Card text", text).await?;
    page.click_button("Save card").await?;
    page.click_button("Post anyway").await?;
    page.find(&card(text)).await?;
    page.close().await?;
    Ok(())
}

#[tokio::test]
async fn larger_text_and_high_contrast_are_remembered_by_the_browser() -> Result<()> {
    let (page, _keep) = one_person("Display", "patient-journey", "Pat", "Patient").await?;
    // The legible typeface is loaded, from Comap's own server only.
    let loaded = page
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             document.fonts.load('700 17px \"Atkinson Hyperlegible\"')
               .then(() => document.fonts.load('17px \"Atkinson Hyperlegible\"'))
               .then(() => done([...document.fonts].filter(f =>
                 f.family.replaceAll('\"', '') === 'Atkinson Hyperlegible'
                 && f.status === 'loaded').length));",
            vec![],
        )
        .await?;
    assert_eq!(
        loaded,
        serde_json::json!(2),
        "regular and bold Atkinson Hyperlegible loaded"
    );
    let from_us = page
        .number(
            "return performance.getEntriesByType('resource')
               .filter(r => r.name.startsWith(location.origin + '/fonts/')).length;",
        )
        .await?;
    assert!(from_us >= 2.0, "the fonts came from Comap's server");
    let foreign = page
        .number(
            "return performance.getEntriesByType('resource')
               .filter(r => new URL(r.name).origin !== location.origin).length;",
        )
        .await?;
    assert_eq!(foreign, 0.0, "a request left Comap's own server");
    const FONT_SIZE: &str =
        "return parseFloat(getComputedStyle(document.documentElement).fontSize);";
    let before = page.number(FONT_SIZE).await?;
    // On the board, the display switches are in the header's More menu.
    page.click_button("More").await?;
    page.click_button("Larger text").await?;
    page.click_button("High contrast").await?;
    page.find("//html[contains(@class,'large-text') and contains(@class,'high-contrast')]")
        .await?;
    page.find("//button[normalize-space(.)='Larger text' and @aria-pressed='true']")
        .await?;
    let after = page.number(FONT_SIZE).await?;
    assert!(after > before * 1.2, "{before} -> {after}");
    page.screenshot("large-text-high-contrast").await?;

    // Remembered after a reload; turned off again with the same button.
    page.client.refresh().await?;
    page.find("//label[normalize-space(.)='Your name']").await?;
    page.find("//html[contains(@class,'large-text') and contains(@class,'high-contrast')]")
        .await?;
    page.find("//button[normalize-space(.)='High contrast' and @aria-pressed='true']")
        .await?;
    page.click_button("High contrast").await?;
    page.gone("//html[contains(@class,'high-contrast')]")
        .await?;
    page.close().await?;
    Ok(())
}

/// What must live as long as a test's pages: the server, its data and chromedriver.
struct Keep {
    _dir: tempfile::TempDir,
    _server: Server,
    _driver: Driver,
}

/// One person called `name`, in `role`, joined to a new map with its edit link.
async fn one_person(title: &str, template: &str, name: &str, role: &str) -> Result<(Page, Keep)> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map(title, template).await?;
    let mut driver = Driver::start().await?;
    let page = driver.session().await?;
    join(
        &page,
        &format!("{}{}", server.http(), map.edit_url),
        name,
        role,
    )
    .await?;
    let keep = Keep {
        _dir: dir,
        _server: server,
        _driver: driver,
    };
    Ok((page, keep))
}

/// Two people, Ann (Patient) and Bo (Health professional), joined to a new
/// patient-journey map called `title` with its edit link.
async fn two_people(title: &str) -> Result<(Page, Page, Keep)> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map(title, "patient-journey").await?;
    let url = format!("{}{}", server.http(), map.edit_url);
    let mut driver = Driver::start().await?;
    let a = driver.session().await?;
    let b = driver.session().await?;
    join(&a, &url, "Ann", "Patient").await?;
    join(&b, &url, "Bo", "Health professional").await?;
    let keep = Keep {
        _dir: dir,
        _server: server,
        _driver: driver,
    };
    Ok((a, b, keep))
}

/// The board's horizontal scroll on a page.
async fn board_scroll_left(page: &Page) -> Result<f64> {
    page.number("return document.querySelector('.board-scroll').scrollLeft;")
        .await
}

/// Scrolls a page's board as a person would with its scroll bar.
async fn scroll_board_to(page: &Page, x: f64) -> Result<f64> {
    page.client
        .execute(
            "const el = document.querySelector('.board-scroll'); el.scrollLeft = arguments[0];",
            vec![serde_json::json!(x)],
        )
        .await?;
    tokio::time::sleep(Duration::from_millis(100)).await;
    board_scroll_left(page).await
}

/// Waits until a page's board is scrolled to `x`.
async fn board_reaches(page: &Page, x: f64) -> Result<()> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    loop {
        let now = board_scroll_left(page).await?;
        if (now - x).abs() < 1.0 {
            return Ok(());
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "board at {now}, expected {x}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn people_see_each_others_pointers_edits_and_views() -> Result<()> {
    use fantoccini::actions::{InputSource, MouseActions, PointerAction};
    let (a, b, _keep) = two_people("Together").await?;
    add_card(
        &a,
        "First contact",
        "Pain points",
        "Pain point",
        "No parking",
    )
    .await?;
    b.find(&card("No parking")).await?;

    // Ann's real pointer over the card shows on Bo's board over the same card.
    let target = a.find(&card("No parking")).await?;
    let moves = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: target,
        duration: Some(Duration::from_millis(200)),
        x: 0.0,
        y: 0.0,
    });
    a.client.perform_actions(moves).await?;
    let pointer = b
        .find_within(
            "//div[@class='pointer'][span[normalize-space(.)='Ann (Patient)']]",
            Duration::from_secs(3),
        )
        .await?;
    let (px, py, _, _) = pointer.rectangle().await?;
    let (cx, cy, cw, ch) = b.find(&card("No parking")).await?.rectangle().await?;
    assert!(
        px > cx && px < cx + cw && py > cy && py < cy + ch,
        "pointer at {px},{py}; card at {cx},{cy} size {cw}x{ch}"
    );

    // Ann's pointer over the card's Edit button never covers Bo's focus on
    // it: with the pointers made hit-testable for this probe, the topmost
    // element at the middle of Bo's focused button is still the button.
    let on_edit = a.find(&card_button("No parking", "Edit")).await?;
    a.reveal(&on_edit).await?;
    let onto_button = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element: on_edit,
        duration: Some(Duration::from_millis(100)),
        x: -4.0,
        y: -4.0,
    });
    a.client.perform_actions(onto_button).await?;
    let bo_edit = b.find(&card_button("No parking", "Edit")).await?;
    b.client
        .execute(
            "arguments[0].focus();",
            vec![serde_json::to_value(&bo_edit)?],
        )
        .await?;
    let probe = "const button = arguments[0];
         const pointer = document.querySelector('.pointer');
         if (!pointer) return false;
         const p = pointer.getBoundingClientRect(), r = button.getBoundingClientRect();
         const overlaps = p.left < r.right && p.right > r.left && p.top < r.bottom && p.bottom > r.top;
         if (!overlaps) return false;
         document.querySelectorAll('.pointer, .pointer *').forEach(e => e.style.pointerEvents = 'auto');
         const x = Math.min(Math.max(p.left + 2, r.left + 1), r.right - 1);
         const y = Math.min(Math.max(p.top + 2, r.top + 1), r.bottom - 1);
         const hit = document.elementFromPoint(x, y);
         document.querySelectorAll('.pointer, .pointer *').forEach(e => e.style.pointerEvents = '');
         return button === hit || button.contains(hit);";
    let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
    while b
        .client
        .execute(probe, vec![serde_json::to_value(&bo_edit)?])
        .await?
        .as_bool()
        != Some(true)
    {
        if tokio::time::Instant::now() > deadline {
            let why = b.client.execute("const button = arguments[0]; const pointer = document.querySelector('.pointer'); const p = pointer && pointer.getBoundingClientRect(), r = button.getBoundingClientRect(); const hit = p && document.elementFromPoint(p.left+2, p.top+2); return JSON.stringify({p, r, hit: hit && hit.outerHTML.slice(0,200), focus: document.activeElement.outerHTML.slice(0,100)});", vec![serde_json::to_value(&bo_edit)?]).await?;
            panic!("Ann's pointer covers Bo's focused button (or never reached it): {why}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // Ann edits the card: Bo sees who is in it; it goes when she closes it.
    let marker = format!(
        "{}//p[contains(@class,'editing-marker') and contains(.,'Ann (Patient) is editing')]",
        card("No parking")
    );
    a.press_at(&card_button("No parking", "Edit")).await?;
    b.find_within(&marker, Duration::from_secs(3)).await?;
    b.screenshot("presence-pointer-and-editing").await?;
    a.click_button("Cancel").await?;
    b.gone(&marker).await?;

    // Bo follows Ann's view, then stops following.
    let far = scroll_board_to(&a, 10_000.0).await?;
    assert!(far > 50.0, "the board should scroll sideways ({far})");
    b.click_button("Follow Ann").await?;
    board_reaches(&b, far).await?;
    scroll_board_to(&a, 0.0).await?;
    board_reaches(&b, 0.0).await?;
    b.find("//button[@aria-label='Stop following Ann' and @aria-pressed='true']")
        .await?
        .click()
        .await?;

    // Ann brings everyone to where she is: Bo is asked, not moved, and goes.
    scroll_board_to(&a, far).await?;
    a.click_button("Bring everyone here").await?;
    b.find("//div[@role='status' and contains(@class,'summon')]/p[normalize-space(.)='Ann (Patient) asks everyone to look at the same part of the map.']")
        .await?;
    assert_eq!(board_scroll_left(&b).await?, 0.0, "never moved unasked");
    b.click_button("Go there").await?;
    board_reaches(&b, far).await?;
    b.gone("//div[contains(@class,'summon')]").await?;

    // When Ann leaves, her pointer leaves with her.
    a.close().await?;
    b.gone("//div[@class='pointer']").await?;
    b.close().await?;
    Ok(())
}

#[tokio::test]
async fn others_changes_are_announced_unless_muted() -> Result<()> {
    let (a, b, _keep) = two_people("Announced").await?;

    let region = "//div[@id='announcer' and @aria-live='polite']";
    add_card(&b, "Diagnosis", "Pain points", "Pain point", "Scan lost").await?;
    a.find(&format!(
        "{region}[normalize-space(.)='Bo (Health professional) added a card in Diagnosis, Pain points. Pain point: Scan lost']"
    ))
    .await?;
    // Bo hears nothing of his own change.
    assert!(
        !b.exists(&format!("{region}[contains(.,'Scan lost')]"))
            .await?
    );

    b.press_at(&card_button("Scan lost", "Move")).await?;
    b.choose("Stage", "Treatment").await?;
    b.click_button("Move card").await?;
    a.find(&format!(
        "{region}[normalize-space(.)='A card moved to Treatment, Pain points: Scan lost']"
    ))
    .await?;

    // Muted: nothing more is read out, and the choice is remembered.
    a.find("//button[normalize-space(.)='Announce changes' and @aria-pressed='true']")
        .await?
        .click()
        .await?;
    add_card(&b, "Assessment", "Ideas", "Idea", "Call me back").await?;
    a.find(&card("Call me back")).await?;
    assert_eq!(a.find(region).await?.text().await?.trim(), "");
    a.client.refresh().await?;
    a.click_button("Join").await?;
    a.find("//button[normalize-space(.)='Announce changes' and @aria-pressed='false']")
        .await?;
    a.close().await?;
    b.close().await?;
    Ok(())
}

#[tokio::test]
async fn the_board_zooms_by_buttons_and_keys_and_fits_the_map() -> Result<()> {
    use comap_tests::browser::TAB;
    let (page, _keep) = one_person("Zoom", "patient-journey", "Zed", "Other").await?;
    add_card(&page, "Diagnosis", "Ideas", "Idea", "Zoom me").await?;
    let level =
        |p: &'static str| format!("//span[contains(@class,'zoom-level')][contains(.,'{p}')]");

    page.click_button("Zoom in").await?;
    page.find(&level("125%")).await?;
    // The single keys work while the board has the focus.
    page.tab_to("//div[@role='region' and @aria-label='The map']")
        .await?;
    page.keys("-").await?;
    page.find(&level("100%")).await?;
    page.keys("-").await?;
    page.find(&level("80%")).await?;

    // Fit map: the whole table is in view (measured in the page's own
    // fonts, not a fallback that is narrower).
    page.fonts_loaded().await?;
    page.click_button("Fit map").await?;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    loop {
        // The drawing of arrows follows the new size a frame later.
        let overflow = page
            .number(
                "const b = document.querySelector('.board-scroll');
                 return Math.max(b.scrollWidth - b.clientWidth, b.scrollHeight - b.clientHeight);",
            )
            .await?;
        if overflow <= 1.0 {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the map still overflows by {overflow}px"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Far out (below 60 %; Fit map may stop just above it, depending on the
    // window and fonts), once zooming pauses and the board is laid out
    // again, cards show their text without their buttons.
    let far = "//div[contains(@class,'board-scroll') and contains(@class,'zoom-far')]";
    let mut presses = 0;
    while page.find_within(far, Duration::from_secs(1)).await.is_err() {
        let shown = page
            .client
            .execute(
                "return document.querySelector('.zoom-level')?.textContent;",
                vec![],
            )
            .await?;
        if presses == 4 {
            bail!(
                "not far out after Fit map and {presses} presses of Zoom out (the zoom shown: {shown})"
            );
        }
        page.click_button("Zoom out").await?;
        presses += 1;
    }
    page.find(&card("Zoom me")).await?;
    assert!(
        !page
            .find(&card_button("Zoom me", "Edit"))
            .await?
            .is_displayed()
            .await?
    );
    page.click_button("Actual size").await?;
    page.find(&level("100%")).await?;
    page.gone("//div[contains(@class,'zoom-far')]").await?;
    // (A card's buttons show while it has the focus.)
    let edit = page.find(&card_button("Zoom me", "Edit")).await?;
    page.reveal(&edit).await?;
    assert!(edit.is_displayed().await?);

    // Single-key shortcuts turned off: + does nothing.
    page.click_button("More").await?;
    page.click_button("Single-key shortcuts").await?;
    page.click_button("More").await?;
    page.tab_to("//div[@role='region' and @aria-label='The map']")
        .await?;
    page.keys("+").await?;
    page.keys(TAB).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    page.find(&level("100%")).await?;
    page.screenshot("zoom").await?;
    page.close().await?;
    Ok(())
}

/// Replaces the browser's download (a click on a temporary link) with a
/// record of the file's name and text, read from the real blob.
const CAPTURE_DOWNLOADS: &str = "window.downloads = [];
    HTMLAnchorElement.prototype.click = function () {
        const name = this.download;
        fetch(this.href).then(r => r.text()).then(text => window.downloads.push({ name, text }));
    };";

/// The files downloaded so far, once `count` have arrived.
async fn downloads(page: &Page, count: usize) -> Result<Vec<(String, String)>> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let got = page
            .client
            .execute("return window.downloads;", vec![])
            .await?;
        let got: Vec<serde_json::Value> = serde_json::from_value(got)?;
        if got.len() >= count {
            return Ok(got
                .iter()
                .map(|d| {
                    (
                        d["name"].as_str().unwrap_or_default().to_string(),
                        d["text"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect());
        }
        anyhow::ensure!(
            tokio::time::Instant::now() < deadline,
            "{count} downloads expected, {} arrived",
            got.len()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_viewer_exports_the_map_from_the_export_menu() -> Result<()> {
    use comap_shared::{CardKind, Command, Role};
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Knee pain", "patient-journey").await?;
    let mut ann = comap_tests::Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let view = ann
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    ann.apply(Command::AddCard {
        stage: view.stages[1].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::PainPoint,
        text: "Six weeks, no letter".into(),
    })
    .await?;
    ann.until_acked(Duration::from_secs(10)).await?;

    let mut driver = Driver::start().await?;
    let page = driver.session().await?;
    join(
        &page,
        &format!("{}{}", server.http(), map.view_url),
        "Vi",
        "Family or carer",
    )
    .await?;
    page.find(&card("Six weeks, no letter")).await?;
    page.client.execute(CAPTURE_DOWNLOADS, vec![]).await?;

    page.click_button("Export").await?;
    page.find("//button[normalize-space(.)='Export' and @aria-expanded='true']")
        .await?;
    page.screenshot("export-menu").await?;
    page.click_button("CSV spreadsheet").await?;
    page.find(
        "//p[@role='status' and normalize-space(.)='Downloaded \u{201c}Knee pain.csv\u{201d}.']",
    )
    .await?;
    // The menu closes and gives the focus back to its button.
    page.gone("//div[@id='export-menu']").await?;
    assert!(
        page.focused_is("//button[normalize-space(.)='Export']")
            .await?
    );
    page.click_button("Export").await?;
    page.click_button("Text summary").await?;
    let files = downloads(&page, 2).await?;
    assert_eq!(files[0].0, "Knee pain.csv");
    assert!(
        files[0].1.starts_with("Stage,Lane,Kind,Text,Author role")
            && files[0].1.contains("Six weeks, no letter"),
        "{}",
        files[0].1
    );
    assert_eq!(files[1].0, "Knee pain.txt");
    assert!(
        files[1].1.contains("Pain point: Six weeks, no letter"),
        "{}",
        files[1].1
    );

    // Images: a normal-size PNG and an SVG, both without the white page.
    page.click_button("Export").await?;
    page.choose("Image size (PNG)", "Normal").await?;
    page.field("Transparent background").await?.click().await?;
    page.click_button("PNG image").await?;
    page.find(
        "//p[@role='status' and normalize-space(.)='Downloaded \u{201c}Knee pain.png\u{201d}.']",
    )
    .await?;
    page.click_button("Export").await?;
    page.click_button("SVG image").await?;
    let files = downloads(&page, 4).await?;
    assert_eq!(files[2].0, "Knee pain.png");
    assert_eq!(files[2].1.get(3..6), Some("PNG"), "not a PNG");
    assert_eq!(files[3].0, "Knee pain.svg");
    let svg = &files[3].1;
    assert!(svg.starts_with("<svg") && svg.contains("Six weeks, no letter"));
    assert!(
        !svg.contains(r#"<rect width="100%" height="100%""#),
        "the page is not transparent"
    );
    // A slow export (the answer held back 2.5 s in the page) shows that it
    // is under way, and for how long, until the file arrives.
    page.client
        .execute(
            "const real = window.fetch;
             window.fetch = (...a) => new Promise(r => setTimeout(r, 2500)).then(() => real(...a));",
            vec![],
        )
        .await?;
    page.click_button("Export").await?;
    page.choose("Paper (PDF, landscape)", "A3").await?;
    page.field("Cover page (PDF)").await?.click().await?;
    page.click_button("PDF document").await?;
    page.find("//progress[@aria-label='Export in progress']")
        .await?;
    page.find("//p[@role='status' and normalize-space(.)='Preparing PDF document\u{2026}']")
        .await?;
    page.find("//div[@class='export-progress']/span[normalize-space(.)='2 s']")
        .await?;
    page.screenshot("export-in-progress").await?;
    let files = downloads(&page, 5).await?;
    page.gone("//progress").await?;
    assert_eq!(files[4].0, "Knee pain.pdf");
    assert!(files[4].1.starts_with("%PDF-"), "not a PDF");
    // The small map on one A3 page, after the cover asked for (the
    // download is read as text here: its page objects are counted).
    let pdf = &files[4].1;
    let pages = pdf.matches("/Type /Page").count() - pdf.matches("/Type /Pages").count();
    assert_eq!(pages, 2, "a cover and the map");

    // Escape closes the menu.
    page.click_button("Export").await?;
    page.find("//div[@id='export-menu']").await?;
    page.keys("\u{e00c}").await?;
    page.gone("//div[@id='export-menu']").await?;
    // "Downloaded …" (shown above) goes away by itself after a few seconds.
    page.gone("//p[@role='status' and starts-with(normalize-space(.), 'Downloaded')]")
        .await?;
    page.close().await?;
    Ok(())
}
