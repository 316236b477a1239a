//! Making a workshop, its refusals, and the facilitator's view and rights.

use super::*;

#[tokio::test]
async fn a_workshop_is_made_with_a_map_and_a_join_code_per_room() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let resp = create(
        &server,
        serde_json::json!({
            "title": "Knee course",
            "template": "service-blueprint",
            "rooms": 3,
            "room_names": ["Red", "Green", "Blue"],
            "expiry_days": 7,
        }),
    )
    .await?;
    assert_eq!(resp.status(), 201);
    let w: Workshop = resp.json().await?;
    assert_eq!(w.title, "Knee course");
    let names: Vec<&str> = w.rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Red", "Green", "Blue", "Plenary"]);
    assert!(w.rooms[3].plenary && !w.rooms[0].plenary);
    let day = 86_400_000;
    assert!((w.expires_ms - w.created_ms - 7 * day).abs() < 1000);
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    assert!(w.facilitator_url.starts_with(&format!("/w/{}#k=", w.id)));
    let mut codes = std::collections::HashSet::new();
    for room in &w.rooms {
        assert_eq!(
            normalise_code(&room.join_code).as_deref(),
            Some(room.join_code.as_str())
        );
        codes.insert(room.join_code.clone());
        // Each room is a real map, titled after the workshop and the room,
        // from the chosen template, and the workshop's secret runs it.
        let map = as_map(room);
        assert_eq!(CreatedMap::secret(&room.facilitator_url), facilitator);
        let mut p = Peer::edit(&server, &map, "Fay", Role::Professional).await?;
        let view = p
            .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
            .await?;
        assert_eq!(view.title, format!("Knee course \u{2014} {}", room.name));
        assert!(
            view.lanes.iter().any(|l| l.name == "Backstage"),
            "{:?}",
            view.lanes
        );
        let exported = reqwest::Client::new()
            .get(format!(
                "{}/api/maps/{}/export/csv",
                server.http(),
                room.map_id
            ))
            .bearer_auth(&facilitator)
            .send()
            .await?;
        assert_eq!(exported.status(), 200);
    }
    assert_eq!(codes.len(), 4, "codes differ");

    // A join code leads to its room's edit link, however it is typed.
    let code = &w.rooms[1].join_code;
    let typed = format!(" {}-{} ", &code[..3].to_lowercase(), &code[3..]);
    let resp = join(&server, &typed).await?;
    assert_eq!(resp.status(), 200);
    let target: JoinTarget = resp.json().await?;
    assert_eq!(target.room, "Green");
    assert_eq!(target.workshop, "Knee course");
    assert_eq!(target.edit_url, w.rooms[1].edit_url);

    // Without a plenary, and with default names.
    let resp = create(
        &server,
        serde_json::json!({"title": "Short", "rooms": 2, "plenary": false}),
    )
    .await?;
    let w: Workshop = resp.json().await?;
    let names: Vec<&str> = w.rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Room 1", "Room 2"]);
    Ok(())
}

#[tokio::test]
async fn bad_workshops_are_refused_with_reasons_and_leave_nothing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    for (body, says) in [
        (serde_json::json!({"title": " ", "rooms": 2}), "title"),
        (
            serde_json::json!({"title": "A", "rooms": 2, "template": "nope"}),
            "template",
        ),
        (
            serde_json::json!({"title": "A", "rooms": 0}),
            "between 1 and 50",
        ),
        (
            serde_json::json!({"title": "A", "rooms": 51}),
            "between 1 and 50",
        ),
        (
            serde_json::json!({"title": "A", "rooms": 2, "room_names": ["One"]}),
            "one name per room",
        ),
        (
            serde_json::json!({"title": "A", "rooms": 2, "room_names": ["One", "one"]}),
            "twice",
        ),
        (
            serde_json::json!({"title": "A", "rooms": 2, "expiry_days": 400}),
            "days",
        ),
        (serde_json::json!({"rooms": 2}), "JSON"),
    ] {
        let resp = create(&server, body.clone()).await?;
        assert_eq!(resp.status(), 400, "{body}");
        let json: serde_json::Value = resp.json().await?;
        assert_eq!(json["error"], "bad_request");
        let message = json["message"].as_str().unwrap_or_default().to_lowercase();
        assert!(message.contains(&says.to_lowercase()), "{body}: {message}");
    }
    // No room's map was made, and no workshop.
    let db = rusqlite::Connection::open(dir.path().join("comap.sqlite3"))?;
    for table in ["maps", "workshops", "workshop_rooms"] {
        let rows: i64 = db.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        assert_eq!(rows, 0, "{table}");
    }
    let ok = create(&server, serde_json::json!({"title": "A", "rooms": 2})).await?;
    assert_eq!(ok.status(), 201);
    let maps: i64 = db.query_row("SELECT count(*) FROM maps", [], |r| r.get(0))?;
    assert_eq!(maps, 3, "two rooms and the plenary");
    Ok(())
}

#[tokio::test]
async fn the_facilitator_sees_each_rooms_people_and_cards() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(&server, serde_json::json!({"title": "Live", "rooms": 2})).await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);

    let room = as_map(&w.rooms[0]);
    let mut ann = Peer::edit(&server, &room, "Ann", Role::Patient).await?;
    let _bo = Peer::edit(&server, &room, "Bo", Role::Patient).await?;
    let _cy = Peer::edit(&server, &room, "Cy", Role::Carer).await?;
    let view = ann
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    // One card made now, one an hour ago.
    let now = comap_tests::now_ms();
    for (text, at) in [("Waited weeks", now), ("Kind nurse", now - 3_600_000)] {
        let card = Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: CardKind::Step,
            text: text.into(),
        };
        ann.apply_at(card, at).await?;
    }
    ann.until_acked(Duration::from_secs(10)).await?;

    let resp = get(&server, &w.id, &facilitator).await?;
    assert_eq!(resp.status(), 200);
    let seen: Workshop = resp.json().await?;
    let first = seen.rooms[0].activity.clone().unwrap_or_default();
    assert_eq!(
        comap_shared::workshop::people_summary(&first.people, |k, a| {
            comap_shared::i18n::built_in(comap_shared::i18n::Language::En).tf(k, a)
        }),
        "2 patients, 1 carer"
    );
    assert_eq!((first.cards, first.recent_cards), (2, 1));
    assert_eq!(first.last_card_ms, Some(now));
    let quiet = first.quiet_ms.unwrap_or(i64::MAX);
    assert!((0..10_000).contains(&quiet), "active just now: {quiet}");
    // The second room, never opened, is read from the store.
    let second = seen.rooms[1].activity.clone().unwrap_or_default();
    assert_eq!((second.cards, second.people.len()), (0, 0));
    assert_eq!(second.quiet_ms, None, "nothing has happened there");
    // The links come back as they were made.
    assert_eq!(seen.rooms[0].edit_url, w.rooms[0].edit_url);
    assert_eq!(seen.facilitator_url, w.facilitator_url);
    Ok(())
}

#[tokio::test]
async fn only_the_facilitator_may_see_or_delete_a_workshop() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(&server, serde_json::json!({"title": "Private", "rooms": 2})).await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let edit = CreatedMap::secret(&w.rooms[0].edit_url);
    let view = CreatedMap::secret(&w.rooms[0].view_url);
    let client = reqwest::Client::new();
    let url = format!("{}/api/workshops/{}", server.http(), w.id);
    for secret in [edit.as_str(), view.as_str(), "not-a-secret"] {
        assert_eq!(get(&server, &w.id, secret).await?.status(), 403);
        let resp = client.delete(&url).bearer_auth(secret).send().await?;
        assert_eq!(resp.status(), 403);
        let json: serde_json::Value = resp.json().await?;
        assert_eq!(json["error"], "access_denied");
    }
    assert_eq!(client.get(&url).send().await?.status(), 403, "no secret");
    assert_eq!(
        get(&server, "unknownWorkshop1", &facilitator)
            .await?
            .status(),
        403
    );

    // An action and a reflection's answer, to be deleted with the rest.
    post_action(
        &server,
        &w.id,
        "actions",
        &facilitator,
        serde_json::json!({"what": "x", "who": "Nurse", "by": "2027-01-01"}),
    )
    .await?;
    post_action(
        &server,
        &w.id,
        "reflection",
        &facilitator,
        serde_json::json!({"open": true}),
    )
    .await?;
    let (status, _) = answer(
        &server,
        &w.rooms[0].map_id,
        &edit,
        serde_json::json!({"respondent": "r", "answers": ["a", "", ""]}),
    )
    .await?;
    assert_eq!(status, 204);

    // Someone in a room is told when the facilitator deletes it all.
    let room = as_map(&w.rooms[1]);
    let mut ann = Peer::edit(&server, &room, "Ann", Role::Patient).await?;
    ann.wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    let resp = client.delete(&url).bearer_auth(&facilitator).send().await?;
    assert_eq!(resp.status(), 204);
    ann.pump(Duration::from_millis(300)).await?;
    assert!(
        ann.errors
            .iter()
            .any(|e| e.code == comap_shared::protocol::ErrorCode::Deleted),
        "{:?}",
        ann.errors
    );
    assert!(ann.closed);
    assert_eq!(get(&server, &w.id, &facilitator).await?.status(), 403);
    for room in &w.rooms {
        let resp = client
            .get(format!(
                "{}/api/maps/{}/export/csv",
                server.http(),
                room.map_id
            ))
            .bearer_auth(&facilitator)
            .send()
            .await?;
        assert_eq!(resp.status(), 403, "map {} is gone", room.name);
        assert_eq!(join(&server, &room.join_code).await?.status(), 404);
    }
    let db = rusqlite::Connection::open(dir.path().join("comap.sqlite3"))?;
    for table in [
        "workshop_rooms",
        "workshop_actions",
        "workshop_reflections",
        "reflection_responses",
    ] {
        let left: i64 = db.query_row(
            &format!("SELECT COUNT(*) FROM {table} WHERE workshop_id = ?1"),
            [&w.id],
            |r| r.get(0),
        )?;
        assert_eq!(left, 0, "{table} keeps nothing of the workshop");
    }
    Ok(())
}
