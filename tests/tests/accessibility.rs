//! axe-core in headless Chromium: the home, join, join-by-code, workshop
//! dashboard, board and list-view pages (with
//! cards, an arrow, a vote, other people and a dialog open) have no WCAG 2.0,
//! 2.1 or 2.2 A/AA violations, in the default, larger-text and high-contrast
//! displays.

use anyhow::{Result, ensure};
use comap_tests::Server;
use comap_tests::browser::{Driver, Page, button, card};

/// The displays a person can choose (with the Larger text and High contrast
/// buttons), as the classes those buttons put on the page.
const DISPLAYS: [&str; 3] = ["", "large-text", "high-contrast"];

/// Checks the page as it is, in each display; leaves the display default.
/// The classes are set directly, since an open dialog covers the buttons.
async fn check_in_every_display(page: &Page, what: &str) -> Result<()> {
    for display in DISPLAYS {
        let set = "document.documentElement.className = arguments[0];";
        page.client
            .execute(set, vec![serde_json::json!(display)])
            .await?;
        let violations = page.axe_violations().await?;
        page.client
            .execute(set, vec![serde_json::json!("")])
            .await?;
        ensure!(
            violations.is_empty(),
            "{what} ({display:?}): {} violation(s):\n{}",
            violations.len(),
            violations.join("\n")
        );
    }
    Ok(())
}

#[tokio::test]
async fn axe_finds_nothing_on_any_page_in_any_display() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Hip care", "patient-journey").await?;
    let url = format!("{}{}", server.http(), map.edit_url);
    let mut driver = Driver::start().await?;
    let page = driver.session().await?;
    let other = driver.session().await?;

    page.goto(&server.http()).await?;
    page.find(&button("Create a map")).await?;
    check_in_every_display(&page, "home").await?;

    page.goto(&url).await?;
    page.find(&button("Join")).await?;
    check_in_every_display(&page, "join").await?;

    page.goto(&format!("{}/join", server.http())).await?;
    page.find(&button("Join the room")).await?;
    check_in_every_display(&page, "join by code").await?;

    let workshop: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/api/workshops", server.http()))
        .json(&serde_json::json!({"title": "Hip course", "rooms": 2}))
        .send()
        .await?
        .json()
        .await?;
    let dashboard = workshop["facilitator_url"].as_str().unwrap_or_default();
    page.goto(&format!("{}{dashboard}", server.http())).await?;
    page.find("//li//h3[normalize-space(.)='Plenary']").await?;
    check_in_every_display(&page, "workshop dashboard").await?;

    // The reflection open and answered, an action recorded: the dashboard,
    // and the plenary (a room: its reflection form and its actions).
    let secret = dashboard.rsplit("#k=").next().unwrap_or_default();
    let id = workshop["id"].as_str().unwrap_or_default();
    let client = reqwest::Client::new();
    let post = |url: String, body: serde_json::Value, bearer: String| {
        let client = client.clone();
        async move {
            let resp = client
                .post(url)
                .bearer_auth(bearer)
                .json(&body)
                .send()
                .await?;
            anyhow::ensure!(resp.status().is_success(), "{}", resp.status());
            Ok::<(), anyhow::Error>(())
        }
    };
    let base = format!("{}/api/workshops/{id}", server.http());
    post(
        format!("{base}/reflection"),
        serde_json::json!({"open": true}),
        secret.into(),
    )
    .await?;
    post(
        format!("{base}/actions"),
        serde_json::json!({"what": "Call back within a day", "who": "Reception team", "by": "2027-03-31"}),
        secret.into(),
    )
    .await?;
    let plenary = &workshop["rooms"][2];
    let plenary_url = plenary["edit_url"].as_str().unwrap_or_default();
    let plenary_secret = plenary_url.rsplit("#k=").next().unwrap_or_default();
    post(
        format!(
            "{}/api/maps/{}/reflection",
            server.http(),
            plenary["map_id"].as_str().unwrap_or_default()
        ),
        serde_json::json!({"respondent": "r1", "answers": ["Listening", "", ""]}),
        plenary_secret.into(),
    )
    .await?;
    page.find_within(
        "//p[normalize-space(.)='Open: 1 person has answered.']",
        std::time::Duration::from_secs(5),
    )
    .await?;
    check_in_every_display(&page, "workshop dashboard, reflection open").await?;
    page.click_button("Delete workshop").await?;
    page.find(&button("Keep the workshop")).await?;
    check_in_every_display(&page, "workshop dashboard, deleting").await?;
    other
        .goto(&format!("{}{plenary_url}", server.http()))
        .await?;
    other.fill("Your name", "Cy").await?;
    other.field("Patient").await?.click().await?;
    other.click_button("Join").await?;
    other
        .find("//section[contains(@class,'plenary-actions')]")
        .await?;
    other
        .find("//label[normalize-space(.)='What surprised you?']")
        .await?;
    check_in_every_display(&other, "plenary with the reflection and actions").await?;

    // Ann holds the facilitator link (she runs the voting); Bo the participants'.
    let facilitator = format!("{}{}", server.http(), map.facilitator_url);
    for (p, name, role, link) in [
        (&page, "Ann", "Patient", &facilitator),
        (&other, "Bo", "Other", &url),
    ] {
        p.goto(link).await?;
        p.fill("Your name", name).await?;
        p.field(role).await?.click().await?;
        p.click_button("Join").await?;
        p.find("//p[@role='status' and normalize-space(.)='Connected']")
            .await?;
    }
    for (text, kind) in [
        ("Long wait at the desk", "Pain point"),
        ("Text reminders", "Idea"),
    ] {
        page.click_button("Add card").await?;
        page.choose("Kind", kind).await?;
        page.fill("Card text", text).await?;
        page.click_button("Save card").await?;
        page.find(&card(text)).await?;
    }
    page.press_at(&format!("{}{}", card("Text reminders"), button("Connect")))
        .await?;
    page.click_button("Draw arrow").await?;
    page.click_button("Start voting").await?;
    page.press_at(&format!("{}{}", card("Text reminders"), button("Vote")))
        .await?;
    // Bo is editing a card, so Ann sees the marker.
    other
        .press_at(&format!("{}{}", card("Text reminders"), button("Edit")))
        .await?;
    page.find("//p[contains(@class,'editing-marker')]").await?;
    check_in_every_display(&page, "board").await?;
    check_in_every_display(&other, "board with the edit dialog open").await?;

    page.click_button("List view").await?;
    page.find("//section[contains(@class,'list-stage')]")
        .await?;
    check_in_every_display(&page, "list view").await?;
    page.click_button("Board view").await?;
    page.click_button("Export").await?;
    page.find("//div[@id='export-menu']").await?;
    check_in_every_display(&page, "export menu").await?;
    page.click_button("Export").await?;
    page.click_button("More").await?;
    page.find("//div[@id='more-menu']").await?;
    check_in_every_display(&page, "the header's More menu").await?;
    page.click_button("More").await?;
    // A card typed in place: its box in the cell.
    page.press_at("(//button[contains(@class,'add-here')])[1]")
        .await?;
    page.find("//textarea[@id='inline-card-text']").await?;
    check_in_every_display(&page, "a card typed in place").await?;
    page.keys("\u{e00c}").await?;
    page.click_button("Add card").await?;
    check_in_every_display(&page, "add card dialog").await?;
    page.screenshot("axe-board-dialog").await?;

    // The check can fail: a button without a name and grey-on-white text are found.
    page.client
        .execute(
            "const b = document.createElement('button'); document.body.append(b);
             const p = document.createElement('p'); p.textContent = 'faint';
             p.style.color = '#bbbbbb'; document.body.append(p);",
            vec![],
        )
        .await?;
    let found = page.axe_violations().await?;
    for rule in ["button-name", "color-contrast"] {
        ensure!(
            found.iter().any(|v| v.starts_with(rule)),
            "axe missed {rule}: {found:?}"
        );
    }
    page.close().await?;
    other.close().await?;
    Ok(())
}
