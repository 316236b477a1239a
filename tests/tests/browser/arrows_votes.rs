//! Arrows between cards, dot votes and undo, by keyboard and by mouse.

use super::*;

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
