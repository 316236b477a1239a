//! The whole pathway at a glance, and cards typed in place.

use super::*;

#[tokio::test]
async fn the_whole_pathway_shows_at_a_glance_and_cards_are_typed_in_place() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server
        .create_map(
            "Knee pain: from first GP visit to recovery",
            "patient-journey",
        )
        .await?;
    let url = format!("{}{}", server.http(), map.edit_url);
    let mut driver = Driver::start().await?;
    let page = driver.sized(1366, 768).await?;
    page.join(&url, "Ann").await?;
    page.find("//table[contains(@class,'board')]").await?;

    // An empty map: quiet cells, low rows, a one-row header.
    page.screenshot("board-empty").await?;
    let rows = page
        .boxes(".board tbody tr:has(th[scope=row]):not(.curve-row)")
        .await?;
    ensure!(rows.len() == 7, "{} lanes", rows.len());
    let tallest = rows.iter().map(|b| b[3] - b[1]).fold(0.0, f64::max);
    eprintln!("empty map: tallest lane row {tallest:.0} px");
    ensure!(tallest <= 56.0, "an empty lane row is {tallest:.0} px tall");
    let header = height(&page, ".topbar").await?;
    eprintln!("header {header:.0} px");
    ensure!(header <= 64.0, "the header is {header:.0} px tall");

    fill(&server, &map).await?;
    page.find_within("(//article[contains(@class,'card')])[24]", WAIT)
        .await?;
    page.click_button("Hide the side panels").await?;

    // Actual size: cards are small, and most of the pathway shows.
    page.click_button("Actual size").await?;
    ensure!(settled_zoom(&page).await? == 1.0);
    let cards = page.boxes(".board .card").await?;
    ensure!(cards.len() == 24, "{} cards", cards.len());
    let tallest = cards.iter().map(|b| b[3] - b[1]).fold(0.0, f64::max);
    ensure!(tallest <= 100.0, "a two-line card is {tallest:.0} px tall");
    // The emotion curve: tall enough to read, one line across the stages.
    let curve = height(&page, ".board .curve-row").await?;
    let bridges = page.boxes(".curve-cell line.bridge").await?.len();
    eprintln!("emotion curve {curve:.0} px, {bridges} bridging half-segments");
    ensure!(curve >= 80.0, "the emotion curve is {curve:.0} px tall");
    ensure!(
        bridges == 4,
        "{bridges} half-segments bridge the stage nobody felt at"
    );
    let (stages, lanes) = whole_stages_and_lanes(&page).await?;
    eprintln!("actual size: tallest card {tallest:.0} px, {stages} stages and {lanes} lanes whole");
    page.screenshot("board-24-actual-size").await?;
    ensure!(
        stages >= 4 && lanes >= 5,
        "at actual size {stages} stages and {lanes} lanes show whole"
    );
    overview_moves_the_view(&page).await?;

    // Fit map: everything, at a size still readable.
    page.click_button("Fit map").await?;
    let zoom = settled_zoom(&page).await?;
    let (stages, lanes) = whole_stages_and_lanes(&page).await?;
    let text = smallest_card_text(&page).await?;
    page.screenshot("board-24-fit").await?;
    eprintln!("Fit map: {zoom}, {stages} stages and {lanes} lanes whole, card text {text:.1} px");
    ensure!(
        stages == 6 && lanes == 7,
        "Fit map ({zoom}) shows {stages} stages and {lanes} lanes whole"
    );
    ensure!(
        text >= 11.0,
        "at Fit map ({zoom}) card text is {text:.1} px"
    );
    // The whole map shows, so there is no overview to get in the way.
    page.gone("//div[contains(@class,'minimap')]").await?;

    // A card typed in place: its words and one Enter, and it is in sight.
    page.click_button("Actual size").await?;
    settled_zoom(&page).await?;
    let cell = "(//table[contains(@class,'board')]/tbody/tr[th[@scope='row']][not(contains(@class,'curve-row'))])[2]/td[contains(@class,'cell')][1]";
    let el = page.find(cell).await?;
    page.client
        .execute(
            "arguments[0].dispatchEvent(new MouseEvent('dblclick', {bubbles: true}))",
            vec![serde_json::to_value(&el)?],
        )
        .await?;
    let typing = page.find("//textarea[@id='inline-card-text']").await?;
    typing
        .send_keys(&format!("Asked for a longer slot{ENTER}"))
        .await?;
    let posted = page
        .find_within(
            "//article[contains(@class,'card')][.//p[contains(@class,'text') and normalize-space(.)='Asked for a longer slot']]",
            WAIT,
        )
        .await?;
    let b: [f64; 4] = serde_json::from_value(
        page.client
            .execute(
                "const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];",
                vec![serde_json::to_value(&posted)?],
            )
            .await?,
    )?;
    let view = board_view(&page).await?;
    ensure!(
        b[0] >= view[0] && b[1] >= view[1] && b[2] <= view[2] && b[3] <= view[3],
        "the new card at {b:?} is outside the board's view {view:?}"
    );
    let still_typing: Value = page
        .eval("document.activeElement && document.activeElement.id")
        .await?;
    ensure!(
        still_typing == "inline-card-text",
        "the box closed after posting (focus on {still_typing})"
    );
    page.keys("\u{e00c}").await?;
    page.gone("//textarea[@id='inline-card-text']").await?;

    // Its words edited in place: a double-click on them, new words, Enter.
    let words = page
        .find("//article[contains(@class,'card')]//p[contains(@class,'text') and normalize-space(.)='Asked for a longer slot']")
        .await?;
    page.client
        .execute(
            "arguments[0].dispatchEvent(new MouseEvent('dblclick', {bubbles: true}))",
            vec![serde_json::to_value(&words)?],
        )
        .await?;
    let editing = page.find("//textarea[@id='inline-edit-text']").await?;
    page.client
        .execute(
            "arguments[0].value = 'Asked for a longer appointment'; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            vec![serde_json::to_value(&editing)?],
        )
        .await?;
    editing.send_keys(ENTER).await?;
    page.find_within(
        "//article[contains(@class,'card')]//p[contains(@class,'text') and normalize-space(.)='Asked for a longer appointment']",
        WAIT,
    )
    .await?;
    page.gone("//textarea[@id='inline-edit-text']").await?;

    // Add card at the top puts the card in the selected cell (the one just
    // typed in) without asking where; Change place asks.
    page.click_button("Add card").await?;
    let place = page.find("//span[@id='dlg-place']").await?.text().await?;
    ensure!(
        place.starts_with("In Noticing a problem, "),
        "Add card would put the card {place:?}"
    );
    ensure!(!page.exists("//select[@id='dlg-stage']").await?);
    page.fill("Card text", "Wrote down my questions").await?;
    page.click_button("Save card").await?;
    page.find_within(
        &format!("{cell}//article[contains(@class,'card')][.//p[normalize-space(.)='Wrote down my questions']]"),
        WAIT,
    )
    .await?;
    page.click_button("Add card").await?;
    page.click_button("Change place").await?;
    page.find("//select[@id='dlg-stage']").await?;
    page.click_button("Cancel").await?;
    page.gone("//select[@id='dlg-stage']").await?;

    // Someone else's new card lights up for a moment where it lands.
    let mut dee = Peer::edit(&server, &map, "Dee", Role::Carer).await?;
    let view = dee.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    dee.apply(Command::AddCard {
        stage: view.stages[1].id.clone(),
        lane: view.lanes[1].id.clone(),
        kind: CardKind::Step,
        text: "Took the bus, then a taxi".into(),
    })
    .await?;
    page.find_within(
        "//article[contains(@class,'card') and contains(@class,'just-added')][.//p[normalize-space(.)='Took the bus, then a taxi']]",
        Duration::from_secs(2),
    )
    .await?;
    // A note says so, and Show me takes the person there.
    page.find(
        "//div[contains(@class,'arrival')]/p[contains(., 'Dee (Family or carer) added a card')]",
    )
    .await?;
    page.click_button("Show me").await?;
    let (focused, _, _) = focused_card(&page, "Took the bus, then a taxi").await?;
    ensure!(
        focused.contains("Took the bus, then a taxi"),
        "Show me left the focus on {focused}"
    );
    page.gone("//div[contains(@class,'arrival')]").await?;

    // Larger text: the header wraps, never a word per line.
    page.click_button("More").await?;
    page.click_button("Larger text").await?;
    page.click_button("More").await?;
    let header = height(&page, ".topbar").await?;
    page.screenshot("board-larger-text").await?;
    eprintln!("larger text: header {header:.0} px");
    ensure!(
        header <= 112.0,
        "with larger text the header is {header:.0} px"
    );
    page.click_button("More").await?;
    page.click_button("Larger text").await?;
    page.click_button("High contrast").await?;
    page.click_button("More").await?;
    page.screenshot("board-high-contrast").await?;
    page.click_button("More").await?;
    page.click_button("High contrast").await?;
    page.click_button("More").await?;
    page.close().await?;

    // A phone: one line of header, only the lanes that hold cards.
    let phone = driver.phone(390, 844).await?;
    phone.join(&url, "Cy").await?;
    phone
        .find_within("//section[contains(@class,'list-stage')]", WAIT)
        .await?;
    let header = height(&phone, ".topbar").await?;
    phone.screenshot("board-phone").await?;
    eprintln!("phone: header {header:.0} px");
    ensure!(header <= 56.0, "on a phone the header is {header:.0} px");
    let lanes = phone.boxes(".list-stage:first-of-type .list-lane").await?;
    // Its four lanes with cards and the one typed in place above.
    ensure!(
        lanes.len() == 5,
        "the first stage lists {} lanes",
        lanes.len()
    );
    phone
        .find("//section[contains(@class,'list-stage')][1]//button[normalize-space(.)='Add a card to Noticing a problem']")
        .await?;

    // Someone else's card far down the list: a note at the foot of the
    // screen, and Show me scrolls to the card and gives it the focus.
    let later = dee.map()?;
    dee.apply(Command::AddCard {
        stage: later.stages[5].id.clone(),
        lane: later.lanes[6].id.clone(),
        kind: CardKind::Idea,
        text: "A leaflet about the exercises".into(),
    })
    .await?;
    phone
        .find_within(
            "//div[contains(@class,'arrival')]/p[contains(., 'Dee (Family or carer) added a card')]",
            WAIT,
        )
        .await?;
    phone.screenshot("board-phone-new-card").await?;
    let note = phone.boxes(".arrival").await?;
    eprintln!("phone: the new-card note at {:?}", note[0]);
    ensure!(
        note[0][1] >= 844.0 - 120.0 && note[0][3] <= 844.0,
        "on a phone the new-card note is at {:?}, not at the foot of the screen",
        note[0]
    );
    phone.click_button("Show me").await?;
    let (shown, top, bottom) = focused_card(&phone, "A leaflet about the exercises").await?;
    ensure!(
        shown.contains("A leaflet about the exercises") && top >= 0.0 && bottom <= 844.0,
        "Show me on the phone left the focus on {shown:?} at {top:.0}..{bottom:.0} px"
    );
    phone.close().await?;
    Ok(())
}
