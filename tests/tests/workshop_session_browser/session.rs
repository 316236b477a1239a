//! A facilitator runs a three-room course session from Comap alone.

use super::*;

#[tokio::test]
async fn a_facilitator_runs_a_three_room_course_session_from_comap_alone() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let mut driver = Driver::start().await?;
    let fac = driver.session().await?;
    let dashboard =
        comap_tests::workshops::create_in_page(&fac, &server.http(), "Course", 3, &[]).await?;
    let id = dashboard
        .split("/w/")
        .nth(1)
        .and_then(|r| r.split('#').next())
        .unwrap_or_default()
        .to_string();
    let secret = CreatedMap::secret(&dashboard);

    // Empty rooms draw empty thumbnails.
    let mut codes = Vec::new();
    let mut before = Vec::new();
    for room in ROOMS {
        let code = fac
            .find(&format!("{}//strong[@class='code']", room_panel(room)))
            .await?
            .text()
            .await?;
        codes.push(code);
        before.push(thumbnail(&fac, room, &format!("Map of {room}: no cards yet")).await?);
    }

    // Three participants, each in their own browser, join by code and add
    // a card (Room 3's is an idea, for the plenary's vote).
    let people = [
        ("Pat", "Patient", "Pain point", "Waited weeks for a call"),
        (
            "Cara",
            "Family or carer",
            "Pain point",
            "Nobody told us what next",
        ),
        ("Dev", "Health professional", "Idea", "Text reminders"),
    ];
    let mut pages = Vec::new();
    for (i, (name, role, _, _)) in people.iter().enumerate() {
        let page = driver.session().await?;
        join_by_code(&page, &server, &codes[i], name, role).await?;
        page.find(&format!(
            "//h1[normalize-space(.)='Course \u{2014} {}']",
            ROOMS[i]
        ))
        .await?;
        pages.push(page);
    }
    for (page, (_, _, kind, text)) in pages.iter().zip(&people) {
        add_card(page, kind, text).await?;
    }

    // The dashboard: each room's people and cards, and its thumbnail
    // redrawn with the card.
    for (i, room) in ROOMS.iter().enumerate() {
        let panel = room_panel(room);
        fac.find_within(
            &format!("{panel}//p[@class='room-cards' and normalize-space(.)='1 card, 1 in the last 5 minutes']"),
            Duration::from_secs(10),
        )
        .await?;
        let people = ["1 patient", "1 carer", "1 professional"][i];
        fac.find(&format!(
            "{panel}//p[@class='room-people' and normalize-space(.)='{people}']"
        ))
        .await?;
        fac.find(&format!(
            "{panel}//p[@class='room-quiet' and normalize-space(.)='Last activity less than a minute ago']"
        ))
        .await?;
        let after = thumbnail(&fac, room, &format!("Map of {room}: 1 card")).await?;
        assert_ne!(after, before[i], "{room}: a fresh thumbnail");
    }
    fac.show(&room_panel("Room 2")).await?;
    fac.screenshot("session-dashboard-thumbnails").await?;

    // A notice and the timer reach all three rooms.
    fac.fill("Notice", "10 minutes left").await?;
    fac.click_button("Send").await?;
    fac.fill("Minutes", "10").await?;
    fac.click_button("Start timer").await?;
    for page in &pages {
        page.find("//div[@role='alert'][contains(normalize-space(.), 'From the facilitator: 10 minutes left')]")
            .await?;
        page.find("//p[@role='timer'][starts-with(normalize-space(.), 'Time left 9:') or normalize-space(.)='Time left 10:00']")
            .await?;
    }

    // Locking Room 1: the page says so and offers no edits; a change sent
    // anyway (over the room's own WebSocket link) is held back by the
    // server until the room is unlocked, then taken: nothing is lost.
    fac.click_button("Lock Room 1").await?;
    pages[0]
        .find("//p[@role='status'][contains(., 'locked this room')]")
        .await?;
    pages[0].gone(&button("Add card")).await?;
    pages[1].find(&button("Add card")).await?;
    let seen: Workshop = get(&server, &id, &secret).await?.json().await?;
    let room1 = CreatedMap {
        id: seen.rooms[0].map_id.clone(),
        facilitator_url: String::new(),
        edit_url: seen.rooms[0].edit_url.clone(),
        view_url: String::new(),
        expires_ms: 0,
    };
    let mut sneaky = Peer::edit(&server, &room1, "Sam", Role::Other).await?;
    let view = sneaky
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    sneaky
        .apply(Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: CardKind::Note,
            text: "Sent while locked".into(),
        })
        .await?;
    sneaky.pump(Duration::from_millis(1500)).await?;
    assert!(!sneaky.all_acked(), "not stored while locked");
    assert!(!pages[0].exists(&card("Sent while locked")).await?);
    fac.find(&format!(
        "{}//p[@class='room-cards' and starts-with(normalize-space(.), '1 card')]",
        room_panel("Room 1")
    ))
    .await?;
    fac.click_button("Unlock Room 1").await?;
    sneaky.until_acked(Duration::from_secs(5)).await?;
    pages[0]
        .find_within(&card("Sent while locked"), Duration::from_secs(5))
        .await?;
    drop(sneaky);

    // The plenary gets every card, each tagged with its room.
    fac.click_button("Bring to plenary").await?;
    fac.find("//section[contains(@class,'bring')]//p[@role='status' and normalize-space(.)='Brought 4 cards from 3 rooms into the plenary.']")
        .await?;
    let plenary_url = fac
        .find(&format!(
            "{}//a[contains(@aria-label, 'as facilitator')]",
            room_panel("Plenary")
        ))
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    let ple = driver.session().await?;
    ple.goto(&format!("{}{plenary_url}", server.http())).await?;
    ple.fill("Your name", "Fran").await?;
    ple.field("Health professional").await?.click().await?;
    ple.click_button("Join").await?;
    for (i, (_, _, _, text)) in people.iter().enumerate() {
        ple.find(&format!(
            "//article[contains(., '{text}')]//p[@class='room-tag' and normalize-space(.)='From {}']",
            ROOMS[i]
        ))
        .await?;
    }
    ple.find("//article[contains(., 'Sent while locked')]//p[@class='room-tag' and normalize-space(.)='From Room 1']")
        .await?;

    // The plenary votes (over its WebSocket); the top idea becomes an
    // action on the dashboard, and the plenary shows it.
    let plenary = CreatedMap {
        id: seen.rooms[3].map_id.clone(),
        facilitator_url: seen.rooms[3].facilitator_url.clone(),
        edit_url: seen.rooms[3].edit_url.clone(),
        view_url: String::new(),
        expires_ms: 0,
    };
    let mut voter = Peer::edit(&server, &plenary, "Vi", Role::Patient).await?;
    let view = voter
        .wait_for(Duration::from_secs(5), |m| m.cards.len() == 4)
        .await?;
    let idea = view
        .cards
        .iter()
        .find(|c| c.text == "Text reminders")
        .map(|c| c.id.clone())
        .ok_or_else(|| anyhow::anyhow!("the idea is not in the plenary"))?;
    // The facilitator starts the round; two people vote for the idea.
    let mut runner = Peer::facilitate(&server, &plenary, "Fa", Role::Professional).await?;
    runner
        .voting(comap_shared::voting::VotingRequest::Start { budget: 3 })
        .await?;
    voter
        .wait_for(Duration::from_secs(5), |m| m.voting.is_some())
        .await?;
    let mut second = Peer::edit(&server, &plenary, "Wen", Role::Carer).await?;
    second
        .wait_for(Duration::from_secs(5), |m| m.voting.is_some())
        .await?;
    voter.vote(&idea).await?;
    second.vote(&idea).await?;
    let make = button("Make an action of: Text reminders");
    fac.find_within(&make, Duration::from_secs(10))
        .await?
        .click()
        .await?;
    assert_eq!(fac.value("What will be done").await?, "Text reminders");
    fac.fill("Who (a role)", "Reception team").await?;
    let by = comap_tests::browser::next_year_day("03-31");
    fac.choose_day("action-by", &by).await?;
    fac.click_button("Add action").await?;
    ple.find_within(
        "//section[contains(@class,'plenary-actions')]//li[contains(., 'Text reminders') and contains(., 'Who: Reception team') and contains(., 'By: ') and contains(., 'March') and contains(., '31')]",
        Duration::from_secs(5),
    )
    .await?;
    ple.show("//section[contains(@class,'plenary-actions')]")
        .await?;
    ple.screenshot("plenary-actions").await?;

    // A question taken away can be added back, as a question of one's own.
    // (The "Add a question" button once showed its own Rust source as its
    // label and was always disabled; no test pressed it.)
    let last = comap_shared::reflection::DEFAULT_QUESTIONS.len();
    fac.click_button(&format!("Remove question {last}")).await?;
    fac.gone(&format!("//input[@id='reflection-question-{}']", last - 1))
        .await?;
    fac.click_button("Add a question").await?;
    fac.fill(&format!("Question {last}"), "What will you change first?")
        .await?;
    // The reflection: opened for everyone with those questions; two
    // participants answer; the dashboard shows the answers together.
    fac.click_button("Open reflection for everyone").await?;
    pages[0]
        .find_within(
            "//details[contains(@class,'reflection')]//label[normalize-space(.)='What will you change first?']",
            Duration::from_secs(5),
        )
        .await?;
    for page in &pages {
        page.find("//details[contains(@class,'reflection')]//label[normalize-space(.)='What surprised you?']")
            .await?;
    }
    for (page, words) in pages
        .iter()
        .zip(["How much we agreed", "That the nurse waited too"])
    {
        page.fill("What surprised you?", words).await?;
        page.click_button("Send answers").await?;
        page.find("//details[contains(@class,'reflection')]//p[@role='status'][starts-with(., 'Thank you')]")
            .await?;
    }
    pages[0].screenshot("reflection-answered").await?;
    fac.find_within(
        "//section[contains(@class,'reflection-admin')]//p[normalize-space(.)='Open: 2 people have answered.']",
        Duration::from_secs(5),
    )
    .await?;
    for words in ["How much we agreed", "That the nurse waited too"] {
        fac.find(&format!(
            "//section[contains(@class,'reflection-admin')]//h4[normalize-space(.)='What surprised you?']/following-sibling::ul[1]/li[normalize-space(.)='{words}']"
        ))
        .await?;
    }
    fac.show("//section[contains(@class,'reflection-admin')]//h3")
        .await?;
    fac.screenshot("session-reflection").await?;
    // Closing it: the third person, who had not answered, is told.
    fac.click_button("Close reflection").await?;
    pages[2]
        .find("//p[@role='status'][contains(., 'closed the reflection')]")
        .await?;
    pages[2]
        .gone("//details[contains(@class,'reflection')]//textarea")
        .await?;

    // Export all, captured byte for byte.
    fac.capture_downloads().await?;
    fac.click_button("Download all rooms (ZIP)").await?;
    let (name, bytes) = fac.downloaded(Duration::from_secs(30)).await?;
    assert_eq!(name, "Course.zip");
    let files = unzip(&bytes)?;
    for room in ROOMS.iter().chain(&["Plenary"]) {
        let file = |ext: &str| {
            let name = format!("Course/Course \u{2014} {room}.{ext}");
            files
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, d)| d.clone())
                .ok_or_else(|| anyhow::anyhow!("{name} missing"))
        };
        let png = resvg::tiny_skia::Pixmap::decode_png(&file("png")?)?;
        assert!(png.width() > 100, "{room}");
        let pdf = lopdf::Document::load_mem(&file("pdf")?)?;
        assert!(!pdf.get_pages().is_empty(), "{room}");
        let csv = String::from_utf8(file("csv")?)?;
        assert!(csv.starts_with("\u{feff}Stage,Lane,Kind,Text"), "{room}");
    }
    let text_of = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| String::from_utf8_lossy(d).to_string())
            .unwrap_or_default()
    };
    assert!(
        text_of("Course/Actions.csv").contains("Text reminders,Reception team,2027-03-31"),
        "{}",
        text_of("Course/Actions.csv")
    );
    let reflections = text_of("Course/Reflections.csv");
    assert!(
        reflections.contains("What surprised you?,How much we agreed"),
        "{reflections}"
    );
    assert!(
        reflections.contains("What surprised you?,That the nurse waited too"),
        "{reflections}"
    );
    assert!(
        !reflections.contains("Pat") && !reflections.contains("Cara"),
        "anonymous: {reflections}"
    );

    for page in pages {
        page.close().await?;
    }
    ple.close().await?;
    fac.close().await?;
    Ok(())
}
