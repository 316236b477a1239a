//! How the board is shown: larger text and high contrast remembered by the
//! browser, zooming and fitting the map.

use super::*;

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
