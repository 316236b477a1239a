//! Workshops through the real server's HTTP API: creating one, join codes,
//! the facilitator's view with live figures, refusals, deleting it all.

use anyhow::Result;
use comap_shared::voting::VotingRequest;
use comap_shared::workshop::{JoinTarget, Workshop, normalise_code};
use comap_shared::{CardKind, Command, Role};
use comap_tests::workshops::{
    answer, as_map, assert_bad_request, create, get, made, post_action, unzip,
};
use comap_tests::{CreatedMap, Peer, Server};
use std::time::Duration;

async fn join(server: &Server, code: &str) -> Result<reqwest::Response> {
    Ok(reqwest::get(format!("{}/api/join/{code}", server.http())).await?)
}

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
        comap_shared::workshop::people_summary(&first.people),
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

#[tokio::test]
async fn wrong_join_codes_slow_an_address_down_but_a_right_code_is_never_refused() -> Result<()> {
    use comap_server::ops::join_codes::{FIRST_DELAY, FREE_PER_ADDRESS};
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(&server, serde_json::json!({"title": "Guess", "rooms": 1})).await?;
    // Not a code at all, and a well-formed code nobody has.
    let unused = if w.rooms[0].join_code == "AAAAAA" {
        "CCCCCC"
    } else {
        "AAAAAA"
    };
    for wrong in ["short", "0O1IL2", unused] {
        let resp = join(&server, wrong).await?;
        assert_eq!(resp.status(), 404, "{wrong}");
        let json: serde_json::Value = resp.json().await?;
        assert_eq!(json["error"], "not_found");
    }
    // A few wrong codes are free; then each lookup from this address waits,
    // twice as long after each further wrong code.
    for _ in 3..FREE_PER_ADDRESS + 2 {
        assert_eq!(join(&server, unused).await?.status(), 404);
    }
    // Seven wrong so far: the right code waits four times the first wait,
    // and is answered.
    let started = std::time::Instant::now();
    let resp = join(&server, &w.rooms[0].join_code).await?;
    let waited = started.elapsed();
    assert_eq!(resp.status(), 200);
    let json: serde_json::Value = resp.json().await?;
    assert!(json["edit_url"].as_str().is_some_and(|u| u.contains("#k=")));
    assert!(
        waited >= FIRST_DELAY * 4 && waited < FIRST_DELAY * 4 + std::time::Duration::from_secs(2),
        "{waited:?}"
    );
    assert!(
        server
            .metric("comap_refused_total{reason=\"join_code_slowed\"}")
            .await?
            >= 3.0
    );
    // Lookups at once from the slowed address take turns: three together
    // are answered one wait apart, so many connections guess no faster.
    let started = std::time::Instant::now();
    let answers = futures_util::future::join_all((0..3).map(|_| async {
        let status = join(&server, unused).await.map(|r| r.status().as_u16());
        (status.ok(), started.elapsed())
    }))
    .await;
    let slowest = answers.iter().map(|(_, t)| *t).max().unwrap_or_default();
    assert!(answers.iter().all(|(s, _)| *s == Some(404)), "{answers:?}");
    assert!(
        slowest >= FIRST_DELAY * 4 * 3,
        "three lookups at once took {slowest:?}"
    );
    Ok(())
}

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

/// A card in the first stage and lane of `view`.
fn card(view: &comap_shared::MapView, text: &str) -> Command {
    Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Step,
        text: text.into(),
    }
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
    assert!(
        answer["message"]
            .as_str()
            .unwrap_or("")
            .contains("no plenary"),
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
                    "What,Who (role),By when\r\n"
                );
            }
            _ if name.ends_with("Reflections.csv") => {
                assert_eq!(
                    String::from_utf8(data.clone())?,
                    "Respondent,Question,Answer,Room,Name,Role,Answered (UTC)\r\n"
                );
            }
            _ => {
                let csv = String::from_utf8(data.clone())?;
                assert!(csv.starts_with("Stage,Lane,Kind,Text"), "{name}");
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
        "What,Who (role),By when\r\nSend text reminders a week before,Reception team,2027-03-31\r\n"
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
