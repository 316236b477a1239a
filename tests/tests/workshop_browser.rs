//! A workshop in headless Chromium: a facilitator makes one from the home
//! page, a participant joins a room by its code, the dashboard shows who is
//! in each room and its cards, a notice, the timer and the lock reach the
//! room, a room's cards are brought to the plenary with their room's tag,
//! every room is exported as one ZIP, an action is recorded, and deleting
//! the workshop reaches the room.

use anyhow::Result;
use comap_shared::{CardKind, Command, Role};
use comap_tests::browser::{Driver, button};
use comap_tests::{CreatedMap, Peer, Server};
use std::time::Duration;

#[tokio::test]
async fn a_facilitator_runs_a_workshop_and_a_participant_joins_by_code() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let mut driver = Driver::start().await?;
    let fac = driver.session().await?;
    // The dashboard: the private link, then each room with its code.
    let dashboard = comap_tests::workshops::create_in_page(
        &fac,
        &server.http(),
        "Knee course",
        2,
        &["Red", "Blue"],
    )
    .await?;
    assert!(
        dashboard.starts_with(&format!("{}/w/", server.http())),
        "{dashboard}"
    );
    for room in ["Red", "Blue", "Plenary"] {
        fac.find(&format!("//li//h3[normalize-space(.)='{room}']"))
            .await?;
        fac.find(&button(&format!("Copy the join code of {room}")))
            .await?;
    }
    let code = fac
        .find("//li[.//h3[normalize-space(.)='Blue']]//strong[@class='code']")
        .await?
        .text()
        .await?;
    assert_eq!(code.len(), 7, "shown as two groups of three: {code:?}");
    let blue_edit = fac
        .find("//li[.//h3[normalize-space(.)='Blue']]//input[contains(@id, '-edit')]")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    fac.screenshot("workshop-dashboard").await?;

    // Blue's links and QR code open from its tile; the QR code, shown on
    // asking, scans (from the screen) to its link.
    fac.click_button("Links and QR code of Blue").await?;
    let blue_qr =
        "//li[.//h3[normalize-space(.)='Blue']]//button[normalize-space(.)='Show QR code']";
    fac.find(blue_qr).await?.click().await?;
    let qr = fac
        .find("//li[.//h3[normalize-space(.)='Blue']]//*[name()='svg'][@role='img'][@aria-label='QR code to join Blue']")
        .await?;
    fac.client
        .execute(
            "arguments[0].scrollIntoView({block: 'center'})",
            vec![serde_json::to_value(&qr)?],
        )
        .await?;
    fac.screenshot("workshop-qr").await?;
    assert_eq!(scan(&fac.pixels().await?)?, blue_edit);
    fac.find("//li[.//h3[normalize-space(.)='Blue']]//button[normalize-space(.)='Hide QR code'][@aria-expanded='true']")
        .await?
        .click()
        .await?;

    // A participant types the code (lower case, a dash) on /join.
    let pat = driver.session().await?;
    pat.goto(&format!("{}/join", server.http())).await?;
    pat.fill("Join code", "WRONG1").await?;
    pat.click_button("Join the room").await?;
    pat.find("//p[@role='alert'][normalize-space(.)='No room has the code WRO NG1 \u{2014} check it with your facilitator.']")
        .await?;
    pat.fill("Join code", "zzz-zzz").await?;
    pat.click_button("Join the room").await?;
    pat.find("//p[@role='alert'][normalize-space(.)='No room has the code ZZZ ZZZ \u{2014} check it with your facilitator.']")
        .await?;
    pat.fill("Join code", "kcm qtx").await?;
    pat.click_button("Join the room").await?;
    pat.find("//p[@role='alert'][normalize-space(.)='No room has the code KCM QTX \u{2014} check it with your facilitator.']")
        .await?;
    pat.fill("Join code", "KCM").await?;
    pat.click_button("Join the room").await?;
    pat.find("//p[@role='alert'][contains(., 'six letters and digits')]")
        .await?;
    let typed = format!("{}-{}", &code[..3], &code[4..]).to_lowercase();
    pat.fill("Join code", &typed).await?;
    pat.screenshot("join-by-code").await?;
    pat.click_button("Join the room").await?;
    pat.find("//h1[normalize-space(.)='Join this map']").await?;
    pat.fill("Your name", "Pat").await?;
    pat.field("Patient").await?.click().await?;
    pat.click_button("Join").await?;
    pat.find("//h1[normalize-space(.)='Knee course \u{2014} Blue']")
        .await?;

    // The dashboard sees Pat arrive, then a card added in the room.
    let blue = "//li[.//h3[normalize-space(.)='Blue']]";
    fac.find_within(
        &format!("{blue}//p[@class='room-people' and normalize-space(.)='1 patient']"),
        Duration::from_secs(10),
    )
    .await?;
    // A notice to every room appears on Pat's board and is announced.
    fac.fill("Notice", "10 minutes left").await?;
    fac.click_button("Send").await?;
    fac.find("//section[contains(@class,'send-notice')]//p[@role='status' and normalize-space(.)='Sent to 3 rooms.']")
        .await?;
    pat.find("//div[@role='alert'][contains(normalize-space(.), 'From the facilitator: 10 minutes left')]")
        .await?;
    pat.screenshot("facilitator-notice").await?;
    pat.click_button("Dismiss").await?;
    pat.gone("//div[@role='alert'][contains(., '10 minutes left')]")
        .await?;

    // What the facilitator is typing survives the dashboard's refreshes.
    fac.fill("Notice", "Draft words").await?;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    assert_eq!(fac.value("Notice").await?, "Draft words");

    // The timer: started on the dashboard, counting down on Pat's board;
    // paused, it says so.
    fac.fill("Minutes", "15").await?;
    fac.click_button("Start timer").await?;
    fac.find("//section[contains(@class,'timer-controls')]//p[@role='timer'][contains(., 'Time left 1')]")
        .await?;
    pat.find("//p[@role='timer'][starts-with(normalize-space(.), 'Time left 14:') or normalize-space(.)='Time left 15:00']")
        .await?;
    fac.click_button("Pause timer").await?;
    pat.find("//p[@role='timer'][contains(., '(paused)')]")
        .await?;
    fac.find(&button("Resume timer")).await?;

    // Locking Blue: Pat's board says so and offers no way to change the map;
    // unlocking gives it back.
    fac.click_button("Lock Blue").await?;
    fac.find(&button("Unlock Blue")).await?;
    pat.find("//p[@role='status'][contains(., 'locked this room')]")
        .await?;
    pat.gone(&button("Add card")).await?;
    pat.screenshot("room-locked").await?;
    fac.screenshot("workshop-dashboard-locked").await?;
    fac.click_button("Unlock Blue").await?;
    pat.find(&button("Add card")).await?;
    pat.gone("//p[@role='status'][contains(., 'locked this room')]")
        .await?;

    let map = CreatedMap {
        id: blue_edit
            .split("/m/")
            .nth(1)
            .and_then(|r| r.split('#').next())
            .unwrap_or_default()
            .to_string(),
        facilitator_url: String::new(),
        edit_url: blue_edit.trim_start_matches(&server.http()).to_string(),
        view_url: String::new(),
        expires_ms: 0,
    };
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Carer).await?;
    let view = ann
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    let now = comap_tests::now_ms();
    let card = Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::PainPoint,
        text: "Nobody called back".into(),
    };
    ann.apply_at(card, now).await?;
    ann.until_acked(Duration::from_secs(10)).await?;
    fac.find_within(
        &format!(
            "{blue}//p[@class='room-cards' and normalize-space(.)='1 card, 1 in the last 5 minutes']"
        ),
        Duration::from_secs(10),
    )
    .await?;
    fac.find_within(
        &format!("{blue}//p[@class='room-people' and normalize-space(.)='1 patient, 1 carer']"),
        Duration::from_secs(10),
    )
    .await?;
    fac.screenshot("workshop-dashboard-live").await?;

    // Bring to plenary: Blue's card arrives in the plenary, tagged.
    fac.click_button("Bring to plenary").await?;
    fac.find("//section[contains(@class,'bring')]//p[@role='status' and normalize-space(.)='Brought 1 card from 2 rooms into the plenary.']")
        .await?;
    let plenary = fac
        .find(
            "//li[.//h3[normalize-space(.)='Plenary']]//a[contains(@aria-label, 'as facilitator')]",
        )
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    let ple = driver.session().await?;
    ple.goto(&format!("{}{plenary}", server.http())).await?;
    ple.fill("Your name", "Fran").await?;
    ple.field("Health professional").await?.click().await?;
    ple.click_button("Join").await?;
    ple.find("//article[contains(., 'Nobody called back')]//p[@class='room-tag' and normalize-space(.)='From Blue']")
        .await?;
    ple.screenshot("plenary-tagged").await?;
    ple.close().await?;

    // Export all: the page saves one ZIP (the download is captured here).
    fac.capture_downloads().await?;
    fac.click_button("Download all rooms (ZIP)").await?;
    fac.find("//section[contains(@class,'export-all')]//p[@role='status' and normalize-space(.)='Saved Knee course.zip.']")
        .await?;
    let (name, bytes) = fac.downloaded(Duration::from_secs(10)).await?;
    assert_eq!(name, "Knee course.zip");
    assert!(bytes.starts_with(b"PK\x03\x04"));
    assert!(bytes.len() > 10_000, "{} bytes", bytes.len());

    // An action: what, who (a role), by when; listed, kept.
    fac.fill("What will be done", "Call back within a day")
        .await?;
    fac.fill("Who (a role)", "Reception team").await?;
    let by = comap_tests::browser::next_year_day("03-31");
    fac.choose_day("action-by", &by).await?;
    fac.click_button("Add action").await?;
    let year = &by[..4];
    fac.find(&format!("//table[contains(@class,'action-list')]//tr[td[1][normalize-space(.)='Call back within a day'] and td[2][normalize-space(.)='Reception team'] and td[3]/time[@datetime='{by}' and contains(., 'March') and contains(., '{year}')]]"))
        .await?;
    fac.screenshot("workshop-actions").await?;

    // Deleting asks first, naming the rooms; then the room is told.
    fac.click_button("Delete workshop").await?;
    fac.find("//section[@class='workshop-delete']//p[contains(., '3 rooms (Red, Blue, Plenary)')]")
        .await?;
    fac.click_button("Delete everything").await?;
    fac.find("//p[@role='status'][contains(., 'have been deleted')]")
        .await?;
    pat.find("//*[@role='alert'][contains(., 'deleted')]")
        .await?;
    fac.close().await?;
    pat.close().await?;
    Ok(())
}

/// Reads the one QR code in an image, as a phone camera would.
fn scan(image: &resvg::tiny_skia::Pixmap) -> Result<String> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let data = image.data();
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| {
        let i = (y * w + x) * 4;
        ((u16::from(data[i]) + u16::from(data[i + 1]) + u16::from(data[i + 2])) / 3) as u8
    });
    let grids = prepared.detect_grids();
    anyhow::ensure!(grids.len() == 1, "{} QR codes on the screen", grids.len());
    let (_, content) = grids[0].decode()?;
    Ok(content)
}
