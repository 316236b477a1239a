//! Working offline: edits kept in the browser and merged when the server is
//! back.

use super::*;

#[tokio::test]
async fn offline_edits_are_kept_and_merge_when_the_server_is_back() -> Result<()> {
    let (a, b, mut keep) = two_people("Offline test").await?;
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
    keep.server.kill();
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
    // Swedish was never fetched in this browser: choosing it offline says
    // so, and the page stays in English.
    a.click_button("More").await?;
    a.choose("Language", "Svenska").await?;
    a.find("//*[@role='status'][starts-with(normalize-space(.),'Svenska could not be fetched just now')]")
        .await?;
    assert_eq!(a.value("Language").await?, "en");
    a.screenshot("offline-language").await?;
    a.click_button("More").await?;
    add_card(&a, "Treatment", "Ideas", "Idea", "Ann after reload").await?;

    // The server is back: both reconnect by themselves and end with every edit.
    keep.server.start_again()?;
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
    let c = keep.driver.session().await?;
    join(&c, &keep.url, "Cy", "Family or carer").await?;
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
