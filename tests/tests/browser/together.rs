//! Seeing each other: pointers, edits and views, and announcements of others'
//! changes.

use super::*;

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
    add_card(&a, "Assessment", "Pain points", "Pain point", "Long wait").await?;
    b.find(&card("Long wait")).await?;

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
    // Only that card changes on Bo's board: every change to the page's
    // elements inside a card is recorded while it happens.
    let marker = format!(
        "{}//p[contains(@class,'editing-marker') and contains(.,'Ann (Patient) is editing')]",
        card("No parking")
    );
    b.gone("//*[contains(@class,'just-added')]").await?;
    b.client
        .execute(
            "window.cardChanges = [];
             window.cardWatch = new MutationObserver(list => {
               for (const m of list) {
                 const at = m.target.nodeType === 1 ? m.target : m.target.parentElement;
                 const inCard = at && at.closest('[data-card-id]');
                 if (inCard) window.cardChanges.push(inCard.textContent.includes('No parking') ? 'No parking' : inCard.textContent.slice(0, 60));
               }
             });
             window.cardWatch.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});",
            vec![],
        )
        .await?;
    a.press_at(&card_button("No parking", "Edit")).await?;
    b.find_within(&marker, Duration::from_secs(3)).await?;
    b.screenshot("presence-pointer-and-editing").await?;
    a.click_button("Cancel").await?;
    b.gone(&marker).await?;
    let changed = b
        .client
        .execute(
            "window.cardWatch.disconnect(); return window.cardChanges;",
            vec![],
        )
        .await?;
    let changed: Vec<String> = serde_json::from_value(changed)?;
    assert!(
        changed.iter().any(|c| c == "No parking"),
        "the edited card showed the marker: {changed:?}"
    );
    let others: Vec<&String> = changed.iter().filter(|c| *c != "No parking").collect();
    assert!(
        others.is_empty(),
        "only the card Ann edits changes on Bo's board, not {others:?}"
    );

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
