//! Exporting from the page: the Export menu's files, downloaded.

use super::*;

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
        // (The page's `text()` drops the file's byte order mark.)
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
