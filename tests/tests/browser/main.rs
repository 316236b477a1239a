//! Browser tests in headless Chromium, one file per feature: two people
//! co-editing, offline, arrows and votes, display, seeing each other,
//! exports. The helpers they share are here.

use anyhow::{Result, bail};
use comap_tests::Server;
use comap_tests::browser::{Driver, Page, button, card, heading};
use std::time::Duration;

mod arrows_votes;
mod display;
mod editing;
mod exports;
mod languages;
mod offline;
mod together;

async fn join(page: &Page, url: &str, name: &str, role: &str) -> Result<()> {
    page.goto(url).await?;
    page.fill("Your name", name).await?;
    page.field(role).await?.click().await?;
    page.click_button("Join").await?;
    page.find("//p[@role='status' and normalize-space(.)='Connected']")
        .await?;
    Ok(())
}

const OFFLINE: &str = "//p[@role='status' and normalize-space(.)='Offline \u{2014} your changes are kept on this device']";

const CONNECTED: &str = "//p[@role='status' and normalize-space(.)='Connected']";

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

/// What must live as long as a test's pages: the server, its data and chromedriver.
struct Keep {
    _dir: tempfile::TempDir,
    /// The map's edit link.
    url: String,
    server: Server,
    driver: Driver,
}

/// One person called `name`, in `role`, joined to a new map with its edit link.
async fn one_person(title: &str, template: &str, name: &str, role: &str) -> Result<(Page, Keep)> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map(title, template).await?;
    let mut driver = Driver::start().await?;
    let page = driver.session().await?;
    let url = format!("{}{}", server.http(), map.edit_url);
    join(&page, &url, name, role).await?;
    let keep = Keep {
        url,
        _dir: dir,
        server,
        driver,
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
        url,
        _dir: dir,
        server,
        driver,
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
