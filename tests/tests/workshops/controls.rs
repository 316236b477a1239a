//! The facilitator's controls while a workshop runs: notices, locks and the
//! timer.

use super::*;

#[tokio::test]
async fn a_notice_reaches_everyone_in_the_rooms_and_people_who_join_soon_after() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(
        &server,
        serde_json::json!({"title": "Timed", "rooms": 2, "plenary": false}),
    )
    .await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let (one, two) = (as_map(&w.rooms[0]), as_map(&w.rooms[1]));
    let mut ann = Peer::edit(&server, &one, "Ann", Role::Patient).await?;
    let mut bo = Peer::view(&server, &two, "Bo", Role::Carer).await?;
    let send = |body: serde_json::Value, secret: String| {
        let id = w.id.clone();
        let server = &server;
        async move { post_action(server, &id, "notice", &secret, body).await }
    };

    let (status, answer) = send(
        serde_json::json!({"text": " 10 minutes left "}),
        facilitator.clone(),
    )
    .await?;
    assert_eq!((status, answer["rooms"].as_u64()), (200, Some(2)));
    let (status, _) = send(
        serde_json::json!({"text": "Blue: please write ideas", "room": two.id}),
        facilitator.clone(),
    )
    .await?;
    assert_eq!(status, 200);
    ann.pump(Duration::from_millis(300)).await?;
    bo.pump(Duration::from_millis(300)).await?;
    let texts = |p: &Peer| p.notices.iter().map(|n| n.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&ann), ["10 minutes left"]);
    assert_eq!(texts(&bo), ["10 minutes left", "Blue: please write ideas"]);

    // Someone joining room one now still gets its latest notice.
    let mut late = Peer::edit(&server, &one, "Cy", Role::Professional).await?;
    late.pump(Duration::from_millis(300)).await?;
    assert_eq!(texts(&late), ["10 minutes left"]);

    // Refusals: no words, too many, a room of another workshop, not the
    // facilitator.
    let other = made(&server, serde_json::json!({"title": "Other", "rooms": 1})).await?;
    for body in [
        serde_json::json!({"text": "  "}),
        serde_json::json!({"text": "x".repeat(281)}),
        serde_json::json!({"text": "Hi", "room": other.rooms[0].map_id}),
        serde_json::json!({"words": "Hi"}),
    ] {
        let (status, answer) = send(body.clone(), facilitator.clone()).await?;
        assert_bad_request(status, &answer, &body);
    }
    let edit = CreatedMap::secret(&w.rooms[0].edit_url);
    let (status, _) = send(serde_json::json!({"text": "Hi"}), edit).await?;
    assert_eq!(status, 403);
    ann.pump(Duration::from_millis(200)).await?;
    assert_eq!(texts(&ann), ["10 minutes left"], "nothing more arrived");
    Ok(())
}

#[tokio::test]
async fn a_locked_room_takes_no_changes_but_the_facilitators_and_nothing_is_lost() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(
        &server,
        serde_json::json!({"title": "Locks", "rooms": 2, "plenary": false}),
    )
    .await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let (one, two) = (as_map(&w.rooms[0]), as_map(&w.rooms[1]));
    let mut ann = Peer::edit(&server, &one, "Ann", Role::Patient).await?;
    let mut fac = Peer::join(
        &server.ws_url(),
        &one.id,
        &facilitator,
        "Fran",
        Role::Professional,
    )
    .await?;
    let view = ann
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    fac.wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    assert_eq!(
        ann.room.as_ref().map(|r| (r.locked, r.timer)),
        Some((false, None)),
        "a workshop room's status comes on joining, even with nothing set"
    );

    // Lock room one only.
    let (status, answer) = post_action(
        &server,
        &w.id,
        "lock",
        &facilitator,
        serde_json::json!({"locked": true, "room": one.id}),
    )
    .await?;
    assert_eq!((status, answer["rooms"].as_u64()), (200, Some(1)));
    ann.pump(Duration::from_millis(300)).await?;
    assert_eq!(ann.room.as_ref().map(|r| r.locked), Some(true));

    // Ann's card is not taken (and she is not thrown out); the facilitator's is.
    ann.apply(card(&view, "Made while locked")).await?;
    fac.apply(card(&view, "Facilitator's note")).await?;
    fac.until_acked(Duration::from_secs(5)).await?;
    ann.pump(Duration::from_millis(500)).await?;
    assert!(!ann.all_acked(), "a locked room acknowledged a change");
    assert!(!ann.closed && ann.errors.is_empty(), "{:?}", ann.errors);
    let texts = |m: &comap_shared::MapView| {
        let mut t: Vec<String> = m.cards.iter().map(|c| c.text.clone()).collect();
        t.sort();
        t
    };
    fac.pump(Duration::from_millis(300)).await?;
    assert_eq!(texts(&fac.map()?), ["Facilitator's note"]);
    // Ann still sees what the facilitator adds, beside her own held-back card.
    assert_eq!(
        texts(&ann.map()?),
        ["Facilitator's note", "Made while locked"]
    );

    // The dashboard shows which room is locked; a room that opens later
    // (nobody was in room two) knows it too.
    let seen: Workshop = get(&server, &w.id, &facilitator).await?.json().await?;
    assert_eq!((seen.rooms[0].locked, seen.rooms[1].locked), (true, false));
    post_action(
        &server,
        &w.id,
        "lock",
        &facilitator,
        serde_json::json!({"locked": true}),
    )
    .await?;
    let mut bo = Peer::edit(&server, &two, "Bo", Role::Carer).await?;
    bo.pump(Duration::from_millis(300)).await?;
    assert_eq!(bo.room.as_ref().map(|r| r.locked), Some(true));

    // Unlocking everything: Ann's held-back card arrives, nothing lost.
    let (status, _) = post_action(
        &server,
        &w.id,
        "lock",
        &facilitator,
        serde_json::json!({"locked": false}),
    )
    .await?;
    assert_eq!(status, 200);
    ann.pump(Duration::from_millis(300)).await?;
    ann.until_acked(Duration::from_secs(5)).await?;
    fac.wait_for(Duration::from_secs(5), |m| m.cards.len() == 2)
        .await?;
    assert_eq!(
        texts(&fac.map()?),
        ["Facilitator's note", "Made while locked"]
    );

    // Room secrets may not lock; bad bodies are refused.
    let edit = CreatedMap::secret(&w.rooms[0].edit_url);
    let (status, _) = post_action(
        &server,
        &w.id,
        "lock",
        &edit,
        serde_json::json!({"locked": true}),
    )
    .await?;
    assert_eq!(status, 403);
    for body in [
        serde_json::json!({"lock": true}),
        serde_json::json!({"locked": true, "room": "elsewhere"}),
    ] {
        let (status, _) = post_action(&server, &w.id, "lock", &facilitator, body).await?;
        assert_eq!(status, 400);
    }
    Ok(())
}

#[tokio::test]
async fn the_timer_reaches_every_room_and_survives_the_room_closing() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(&server, serde_json::json!({"title": "Clock", "rooms": 2})).await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let mut ann = Peer::edit(&server, &as_map(&w.rooms[0]), "Ann", Role::Patient).await?;
    let timer = |body: serde_json::Value| post_action(&server, &w.id, "timer", &facilitator, body);

    let (status, answer) = timer(serde_json::json!({"action": "start", "minutes": 10})).await?;
    assert_eq!(status, 200);
    assert_eq!(answer["timer"]["running"], true);
    ann.pump(Duration::from_millis(300)).await?;
    let shown = ann
        .room
        .as_ref()
        .and_then(|r| r.timer)
        .ok_or_else(|| anyhow::anyhow!("no timer"))?;
    assert!(
        shown.running && shown.left_ms > 595_000 && shown.left_ms <= 600_000,
        "{shown:?}"
    );

    // Paused with 10 minutes left, plus 5: 15 minutes, standing still.
    timer(serde_json::json!({"action": "pause"})).await?;
    let (_, answer) = timer(serde_json::json!({"action": "add", "minutes": 5})).await?;
    assert_eq!(answer["timer"]["running"], false);
    let left = answer["timer"]["left_ms"].as_i64().unwrap_or(0);
    assert!((895_000..=900_000).contains(&left), "{left}");
    ann.pump(Duration::from_millis(300)).await?;
    assert_eq!(
        ann.room
            .as_ref()
            .and_then(|r| r.timer)
            .map(|t| (t.running, t.left_ms)),
        Some((false, left))
    );

    // Someone joining another room, opened only now, sees the same.
    let mut bo = Peer::edit(&server, &as_map(&w.rooms[2]), "Bo", Role::Carer).await?;
    bo.pump(Duration::from_millis(300)).await?;
    assert_eq!(
        bo.room
            .as_ref()
            .and_then(|r| r.timer)
            .map(|t| (t.running, t.left_ms)),
        Some((false, left))
    );
    let seen: Workshop = get(&server, &w.id, &facilitator).await?.json().await?;
    assert_eq!(seen.timer.map(|t| t.left_ms), Some(left));

    // Stopped: the rooms are told there is none.
    timer(serde_json::json!({"action": "stop"})).await?;
    ann.pump(Duration::from_millis(300)).await?;
    assert_eq!(ann.room.as_ref().map(|r| r.timer), Some(None));

    // Refusals, each changing nothing.
    for body in [
        serde_json::json!({"action": "pause"}),
        serde_json::json!({"action": "start", "minutes": 0}),
        serde_json::json!({"action": "start", "minutes": 241}),
        serde_json::json!({"action": "wind"}),
    ] {
        let (status, answer) = timer(body.clone()).await?;
        assert_bad_request(status, &answer, &body);
    }
    let seen: Workshop = get(&server, &w.id, &facilitator).await?.json().await?;
    assert_eq!(seen.timer, None);
    let edit = CreatedMap::secret(&w.rooms[0].edit_url);
    let (status, _) = post_action(
        &server,
        &w.id,
        "timer",
        &edit,
        serde_json::json!({"action": "start", "minutes": 5}),
    )
    .await?;
    assert_eq!(status, 403);
    Ok(())
}

#[tokio::test]
async fn a_notice_waits_in_a_room_nobody_is_in_even_over_a_restart() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let texts = |p: &Peer| p.notices.iter().map(|n| n.text.clone()).collect::<Vec<_>>();
    // A room nobody is in keeps its notice for the first to come, even
    // over a restart of the server.
    let quiet = made(
        &server,
        serde_json::json!({"title": "Quiet", "rooms": 1, "plenary": false}),
    )
    .await?;
    let quiet_secret = CreatedMap::secret(&quiet.facilitator_url);
    let (status, _) = post_action(
        &server,
        &quiet.id,
        "notice",
        &quiet_secret,
        serde_json::json!({"text": "Start with the first stage"}),
    )
    .await?;
    assert_eq!(status, 200);
    server.restart()?;
    let mut first = Peer::edit(&server, &as_map(&quiet.rooms[0]), "Dee", Role::Patient).await?;
    first.pump(Duration::from_millis(300)).await?;
    assert_eq!(texts(&first), ["Start with the first stage"]);

    Ok(())
}
