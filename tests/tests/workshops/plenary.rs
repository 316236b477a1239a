//! The plenary: rooms brought into it, Export all, and top ideas becoming
//! actions.

use super::*;

#[tokio::test]
async fn rooms_are_brought_to_the_plenary_tagged_and_only_once() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(
        &server,
        serde_json::json!({"title": "Plenary", "rooms": 2, "room_names": ["Red", "Blue"]}),
    )
    .await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let (red, blue, plenary) = (
        as_map(&w.rooms[0]),
        as_map(&w.rooms[1]),
        as_map(&w.rooms[2]),
    );
    let mut ann = Peer::edit(&server, &red, "Ann", Role::Patient).await?;
    let mut bo = Peer::edit(&server, &blue, "Bo", Role::Professional).await?;
    let mut cy = Peer::edit(&server, &plenary, "Cy", Role::Carer).await?;
    for p in [&mut ann, &mut bo, &mut cy] {
        p.wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
            .await?;
    }
    let view = ann.map()?;
    ann.apply(card(&view, "Waited weeks")).await?;
    ann.until_acked(Duration::from_secs(5)).await?;
    bo.apply(card(&bo.map()?, "Call back within a day")).await?;
    bo.until_acked(Duration::from_secs(5)).await?;

    let bring =
        |body: serde_json::Value| post_action(&server, &w.id, "plenary", &facilitator, body);
    let (status, answer) = bring(serde_json::json!({})).await?;
    assert_eq!(
        (status, answer["rooms"].as_u64(), answer["cards"].as_u64()),
        (200, Some(2), Some(2)),
        "{answer}"
    );
    let seen = cy
        .wait_for(Duration::from_secs(5), |m| m.cards.len() == 2)
        .await?;
    let mut tagged: Vec<(String, Option<String>)> = seen
        .cards
        .iter()
        .map(|c| (c.text.clone(), c.room.clone()))
        .collect();
    tagged.sort();
    assert_eq!(
        tagged,
        [
            (
                "Call back within a day".to_string(),
                Some("Blue".to_string())
            ),
            ("Waited weeks".to_string(), Some("Red".to_string())),
        ]
    );
    assert!(seen.cards.iter().all(|c| c.stage == seen.stages[0].id));

    // Again, after Red added one more: only that one comes.
    ann.apply(card(&view, "Nobody explained")).await?;
    ann.until_acked(Duration::from_secs(5)).await?;
    let (_, answer) = bring(serde_json::json!({"rooms": [red.id]})).await?;
    assert_eq!(answer["cards"].as_u64(), Some(1), "{answer}");
    let seen = cy
        .wait_for(Duration::from_secs(5), |m| m.cards.len() == 3)
        .await?;
    assert_eq!(seen.cards.len(), 3);
    // It is stored: the plenary read afresh has the three cards.
    drop(cy);
    let mut late = Peer::view(&server, &plenary, "Di", Role::Other).await?;
    late.wait_for(Duration::from_secs(5), |m| m.cards.len() == 3)
        .await?;

    // Refusals: the plenary itself, a map of another workshop, nothing
    // chosen, a room secret.
    let other = made(&server, serde_json::json!({"title": "Other", "rooms": 1})).await?;
    for body in [
        serde_json::json!({"rooms": [plenary.id]}),
        serde_json::json!({"rooms": [other.rooms[0].map_id]}),
        serde_json::json!({"rooms": []}),
        serde_json::json!({"rooms": "all"}),
    ] {
        let (status, answer) = bring(body.clone()).await?;
        assert_bad_request(status, &answer, &body);
    }
    let edit = CreatedMap::secret(&w.rooms[0].edit_url);
    let (status, _) = post_action(&server, &w.id, "plenary", &edit, serde_json::json!({})).await?;
    assert_eq!(status, 403);
    // A workshop without a plenary says so.
    let flat = made(
        &server,
        serde_json::json!({"title": "Flat", "rooms": 1, "plenary": false}),
    )
    .await?;
    let flat_secret = CreatedMap::secret(&flat.facilitator_url);
    let (status, answer) = post_action(
        &server,
        &flat.id,
        "plenary",
        &flat_secret,
        serde_json::json!({}),
    )
    .await?;
    assert_eq!(status, 400);
    // The reason for the page to word, and English for whoever reads it.
    assert_eq!(answer["reason"], "no_plenary", "{answer}");
    assert!(
        answer["message"]
            .as_str()
            .unwrap_or("")
            .contains("no shared map"),
        "{answer}"
    );
    Ok(())
}

#[tokio::test]
async fn export_all_gives_every_rooms_png_pdf_and_csv_in_one_zip() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(
        &server,
        serde_json::json!({"title": "Knee course", "rooms": 2, "room_names": ["Red", "Blue"]}),
    )
    .await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let mut ann = Peer::edit(&server, &as_map(&w.rooms[0]), "Ann", Role::Patient).await?;
    let view = ann
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    ann.apply(card(&view, "Waited weeks, nobody called"))
        .await?;
    ann.until_acked(Duration::from_secs(5)).await?;

    let url = format!("{}/api/workshops/{}/export", server.http(), w.id);
    let resp = reqwest::Client::new()
        .get(&url)
        .bearer_auth(&facilitator)
        .send()
        .await?;
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/zip");
    let disposition = resp.headers()["content-disposition"].to_str()?.to_string();
    assert!(disposition.contains("Knee course.zip"), "{disposition}");
    let files = unzip(&resp.bytes().await?)?;
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for room in ["Red", "Blue", "Plenary"] {
        for ext in ["png", "pdf", "csv"] {
            let name = format!("Knee course/Knee course \u{2014} {room}.{ext}");
            assert!(names.contains(&name.as_str()), "{name} in {names:?}");
        }
    }
    assert!(names.contains(&"Knee course/Actions.csv"), "{names:?}");
    assert!(names.contains(&"Knee course/Reflections.csv"), "{names:?}");
    assert_eq!(files.len(), 11);
    for (name, data) in &files {
        match name.rsplit('.').next() {
            Some("png") => {
                let png = resvg::tiny_skia::Pixmap::decode_png(data)?;
                assert!(png.width() > 100 && png.height() > 100, "{name}");
            }
            Some("pdf") => {
                let pdf = lopdf::Document::load_mem(data)?;
                assert!(!pdf.get_pages().is_empty(), "{name}");
            }
            _ if name.ends_with("Actions.csv") => {
                assert_eq!(
                    String::from_utf8(data.clone())?,
                    "\u{feff}What,Who (role),By when\r\n"
                );
            }
            _ if name.ends_with("Reflections.csv") => {
                assert_eq!(
                    String::from_utf8(data.clone())?,
                    "\u{feff}Respondent,Question,Answer,Room,Name,Role,Answered (UTC)\r\n"
                );
            }
            _ => {
                let csv = String::from_utf8(data.clone())?;
                assert!(csv.starts_with("\u{feff}Stage,Lane,Kind,Text"), "{name}");
                assert_eq!(
                    csv.contains("Waited weeks, nobody called"),
                    name.contains("Red"),
                    "{name}"
                );
            }
        }
    }
    // Only the facilitator may.
    let edit = CreatedMap::secret(&w.rooms[0].edit_url);
    let resp = reqwest::Client::new()
        .get(&url)
        .bearer_auth(&edit)
        .send()
        .await?;
    assert_eq!(resp.status(), 403);
    Ok(())
}

#[tokio::test]
async fn the_plenarys_top_ideas_become_actions_kept_with_the_workshop() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(&server, serde_json::json!({"title": "Actions", "rooms": 1})).await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let plenary = as_map(&w.rooms[1]);
    let mut cy = Peer::edit(&server, &plenary, "Cy", Role::Carer).await?;
    let view = cy
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    let idea = |text: &str| Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Idea,
        text: text.into(),
    };
    let reminders = cy.apply(idea("Text reminders")).await?;
    let leaflet = cy.apply(idea("A leaflet")).await?;
    cy.apply(idea("Nobody voted for this")).await?;
    cy.until_acked(Duration::from_secs(5)).await?;
    // The facilitator runs the round; the votes stay secret (not revealed),
    // yet the dashboard counts them.
    let mut fa = Peer::facilitate(&server, &plenary, "Fa", Role::Professional).await?;
    fa.voting(VotingRequest::Start { budget: 3 }).await?;
    let mut dee = Peer::edit(&server, &plenary, "Dee", Role::Patient).await?;
    dee.wait_for(Duration::from_secs(5), |m| m.voting.is_some())
        .await?;
    cy.wait_for(Duration::from_secs(5), |m| m.voting.is_some())
        .await?;
    let (Some(reminders), Some(leaflet)) = (reminders, leaflet) else {
        anyhow::bail!("cards without ids");
    };
    cy.vote(&reminders).await?;
    cy.vote(&leaflet).await?;
    dee.vote(&reminders).await?;

    let seen: Workshop = get(&server, &w.id, &facilitator).await?.json().await?;
    let top: Vec<(&str, u32)> = seen
        .top_ideas
        .iter()
        .map(|i| (i.text.as_str(), i.votes))
        .collect();
    assert_eq!(top, [("Text reminders", 2), ("A leaflet", 1)]);
    assert!(seen.actions.is_empty());

    let pdf_pages = || async {
        let pdf = reqwest::Client::new()
            .get(format!(
                "{}/api/maps/{}/export/pdf",
                server.http(),
                plenary.id
            ))
            .bearer_auth(&facilitator)
            .send()
            .await?
            .bytes()
            .await?;
        Ok::<usize, anyhow::Error>(lopdf::Document::load_mem(&pdf)?.get_pages().len())
    };
    let pages_before = pdf_pages().await?;
    let add = |body: serde_json::Value| post_action(&server, &w.id, "actions", &facilitator, body);
    let (status, kept) = add(serde_json::json!({
        "what": " Send text reminders a week before ",
        "who": "Reception team",
        "by": "2027-03-31",
        "card": seen.top_ideas[0].card,
    }))
    .await?;
    assert_eq!(status, 201, "{kept}");
    assert_eq!(kept["what"], "Send text reminders a week before");
    for bad in [
        serde_json::json!({"what": "x", "who": "Nurse", "by": "31/03/2027"}),
        serde_json::json!({"what": "", "who": "Nurse", "by": "2027-03-31"}),
        serde_json::json!({"what": "x", "who": " ", "by": "2027-03-31"}),
        serde_json::json!({"what": "x"}),
    ] {
        let (status, answer) = add(bad.clone()).await?;
        assert_bad_request(status, &answer, &bad);
    }
    let seen: Workshop = get(&server, &w.id, &facilitator).await?.json().await?;
    assert_eq!(seen.actions.len(), 1, "refused ones are not kept");
    assert_eq!(seen.actions[0].who, "Reception team");

    // Everyone in the plenary sees it, people joining later too, and the
    // plenary's PDF ends with a page of actions.
    let actions_seen = |peer: &Peer| -> Vec<String> {
        peer.room
            .as_ref()
            .map(|r| r.actions.iter().map(|a| a.what.clone()).collect())
            .unwrap_or_default()
    };
    cy.pump(Duration::from_millis(300)).await?;
    assert_eq!(actions_seen(&cy), ["Send text reminders a week before"]);
    let mut dee = Peer::view(&server, &plenary, "Dee", Role::Patient).await?;
    dee.pump(Duration::from_millis(300)).await?;
    assert_eq!(actions_seen(&dee), ["Send text reminders a week before"]);
    assert_eq!(pdf_pages().await?, pages_before + 1);

    // In the ZIP, as CSV.
    let zip = reqwest::Client::new()
        .get(format!("{}/api/workshops/{}/export", server.http(), w.id))
        .bearer_auth(&facilitator)
        .send()
        .await?
        .bytes()
        .await?;
    let files = unzip(&zip)?;
    let actions = files
        .iter()
        .find(|(n, _)| n.ends_with("Actions.csv"))
        .map(|(_, d)| String::from_utf8_lossy(d).to_string())
        .unwrap_or_default();
    assert_eq!(
        actions,
        "\u{feff}What,Who (role),By when\r\nSend text reminders a week before,Reception team,2027-03-31\r\n"
    );

    // Deleting: once; a room secret may not.
    let url = format!(
        "{}/api/workshops/{}/actions/{}",
        server.http(),
        w.id,
        seen.actions[0].id
    );
    let edit = CreatedMap::secret(&w.rooms[0].edit_url);
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .delete(&url)
            .bearer_auth(&edit)
            .send()
            .await?
            .status(),
        403
    );
    assert_eq!(
        client
            .delete(&url)
            .bearer_auth(&facilitator)
            .send()
            .await?
            .status(),
        204
    );
    assert_eq!(
        client
            .delete(&url)
            .bearer_auth(&facilitator)
            .send()
            .await?
            .status(),
        404
    );
    cy.pump(Duration::from_millis(300)).await?;
    assert!(actions_seen(&cy).is_empty(), "the plenary is told");
    assert_eq!(pdf_pages().await?, pages_before);
    let junk = format!("{}/api/workshops/{}/actions/x1", server.http(), w.id);
    let resp = client
        .delete(&junk)
        .bearer_auth(&facilitator)
        .send()
        .await?;
    assert_eq!(resp.status(), 404);
    let answer: serde_json::Value = resp.json().await?;
    assert_eq!(
        answer["error"], "not_found",
        "a typed answer, not axum's text"
    );
    let (status, _) = post_action(
        &server,
        &w.id,
        "actions",
        &edit,
        serde_json::json!({"what": "x", "who": "y", "by": "2027-01-01"}),
    )
    .await?;
    assert_eq!(status, 403);
    Ok(())
}
