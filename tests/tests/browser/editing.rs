//! Making and changing a map in the browser: two people co-editing, the home
//! page, reshaping the map by keyboard and mouse, feelings in the curve, the
//! privacy check.

use super::*;

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
