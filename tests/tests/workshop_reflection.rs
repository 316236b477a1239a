//! A workshop's reflection and its rooms' thumbnails through the real
//! server: opening the reflection reaches every room, anyone in a room can
//! answer (anonymously by default), answers are shown together and exported;
//! each room's thumbnail follows its map.

use anyhow::Result;
use comap_shared::reflection::ReflectionState;
use comap_shared::workshop::Workshop;
use comap_shared::{CardKind, Command, Role};
use comap_tests::workshops::{answer, as_map, assert_bad_request, get, made, post_action};
use comap_tests::{CreatedMap, Peer, Server};
use std::time::Duration;

/// `GET /api/workshops/<id>/reflection` as the facilitator.
async fn reflection_of(server: &Server, id: &str, secret: &str) -> Result<ReflectionState> {
    let resp = reqwest::Client::new()
        .get(format!("{}/api/workshops/{id}/reflection", server.http()))
        .bearer_auth(secret)
        .send()
        .await?;
    anyhow::ensure!(resp.status() == 200, "{}", resp.status());
    Ok(resp.json().await?)
}

fn questions_seen(peer: &Peer) -> Option<Vec<String>> {
    peer.room
        .as_ref()
        .and_then(|r| r.reflection.as_ref())
        .map(|r| r.questions.clone())
}

#[tokio::test]
async fn a_reflection_reaches_every_room_and_its_answers_are_kept_together() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(&server, serde_json::json!({"title": "Reflect", "rooms": 2})).await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let (red, blue) = (as_map(&w.rooms[0]), as_map(&w.rooms[1]));
    let mut ann = Peer::edit(&server, &red, "Ann", Role::Patient).await?;
    ann.pump(Duration::from_millis(200)).await?;
    assert_eq!(questions_seen(&ann), None);

    // Before it opens: the default questions, closed, and no answers taken.
    let seen: Workshop = get(&server, &w.id, &facilitator).await?.json().await?;
    let state = seen
        .reflection
        .ok_or_else(|| anyhow::anyhow!("no reflection"))?;
    assert!(!state.open && state.anonymous && state.answered == 0);
    assert_eq!(state.questions, english_questions());
    let three = |a: &str, b: &str, c: &str| serde_json::json!([a, b, c]);
    let body = serde_json::json!({"respondent": "ann-1", "answers": three("a", "", "")});
    let (status, said) = answer(&server, &red.id, &red.edit_secret(), body.clone()).await?;
    assert_bad_request(status, &said, &body);
    assert_eq!(said["reason"], "reflection_closed", "{said}");
    assert!(
        said["message"].as_str().unwrap_or("").contains("closed"),
        "{said}"
    );

    // Only the facilitator opens it.
    let edit = red.edit_secret();
    let (status, _) = post_action(
        &server,
        &w.id,
        "reflection",
        &edit,
        serde_json::json!({"open": true}),
    )
    .await?;
    assert_eq!(status, 403);
    let (status, opened) = post_action(
        &server,
        &w.id,
        "reflection",
        &facilitator,
        serde_json::json!({"open": true}),
    )
    .await?;
    assert_eq!(status, 200, "{opened}");
    assert_eq!(opened["open"], true);
    let opened_version = opened["version"].as_i64().unwrap_or(i64::MAX);

    // Everyone in a room sees it at once; people joining later too.
    ann.pump(Duration::from_millis(300)).await?;
    let defaults = english_questions();
    assert_eq!(questions_seen(&ann).as_ref(), Some(&defaults));
    let mut bo = Peer::view(&server, &blue, "Bo", Role::Professional).await?;
    bo.pump(Duration::from_millis(300)).await?;
    assert_eq!(questions_seen(&bo).as_ref(), Some(&defaults));

    // Ann answers with the edit link, Bo with the view link; Ann changes
    // her mind (same respondent: replaced, not added).
    let ann_says = |a: &str| {
        serde_json::json!({"respondent": "ann-1", "answers": three(a, "", "The doctor"),
            "name": "Ann", "role": "patient"})
    };
    for (map, secret, body) in [
        (&red.id, red.edit_secret(), ann_says("Listening")),
        (
            &blue.id,
            blue.view_secret(),
            serde_json::json!({"respondent": "bo-1", "answers": three("Patience", "=1+1", "")}),
        ),
        (&red.id, red.edit_secret(), ann_says("Listening properly")),
    ] {
        let (status, said) = answer(&server, map, &secret, body).await?;
        assert_eq!(status, 204, "{said}");
    }
    // Refused, changing nothing: a wrong secret, the wrong count, nothing
    // answered, a bad respondent token.
    let (status, _) = answer(&server, &red.id, &blue.edit_secret(), ann_says("x")).await?;
    assert_eq!(status, 403);
    for bad in [
        serde_json::json!({"respondent": "cy", "answers": ["only one"]}),
        serde_json::json!({"respondent": "cy", "answers": three(" ", "", "")}),
        serde_json::json!({"respondent": "<cy>", "answers": three("a", "", "")}),
        serde_json::json!({"answers": three("a", "", "")}),
    ] {
        let (status, said) = answer(&server, &red.id, &red.edit_secret(), bad.clone()).await?;
        assert_bad_request(status, &said, &bad);
    }

    // Counted in the dashboard's figures, its version moved on; shown
    // together, anonymously: nobody's name, role or room.
    let seen: Workshop = get(&server, &w.id, &facilitator).await?.json().await?;
    let summary = seen
        .reflection
        .ok_or_else(|| anyhow::anyhow!("no reflection"))?;
    assert_eq!(summary.answered, 2);
    let state = reflection_of(&server, &w.id, &facilitator).await?;
    assert_eq!(state.version, summary.version);
    assert!(
        state.version > opened_version,
        "{} then {}",
        opened_version,
        state.version
    );
    assert_eq!(state.responses.len(), 2);
    let first: Vec<&str> = state
        .responses
        .iter()
        .map(|r| r.answers[0].answer.as_str())
        .collect();
    assert_eq!(first, ["Listening properly", "Patience"]);
    assert!(
        state
            .responses
            .iter()
            .all(|r| r.name.is_none() && r.role.is_none() && r.room.is_none())
    );

    // The CSV (and the same file in Export all).
    let csv_url = format!("{}/api/workshops/{}/reflection.csv", server.http(), w.id);
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(&csv_url)
            .bearer_auth(&edit)
            .send()
            .await?
            .status(),
        403
    );
    let resp = client
        .get(format!(
            "{}/api/workshops/{}/reflection",
            server.http(),
            w.id
        ))
        .bearer_auth(&edit)
        .send()
        .await?;
    assert_eq!(resp.status(), 403, "the answers are the facilitator's");
    let csv = client
        .get(&csv_url)
        .bearer_auth(&facilitator)
        .send()
        .await?
        .text()
        .await?;
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(
        rows[0],
        "\u{feff}Respondent,Question,Answer,Room,Name,Role,Answered (UTC)"
    );
    assert!(
        rows[1].starts_with("1,What did you learn about working together?,Listening properly,,,,"),
        "{csv}"
    );
    assert!(
        rows[2].starts_with("1,\"Whose voice was heard most, and least?\",The doctor,,,,"),
        "{csv}"
    );
    assert!(
        rows[4].starts_with("2,What surprised you?,'=1+1,,,,"),
        "formulas stay text: {csv}"
    );
    assert_eq!(rows.len(), 5, "{csv}");

    // Closed: the rooms are told; no more answers.
    let (status, _) = post_action(
        &server,
        &w.id,
        "reflection",
        &facilitator,
        serde_json::json!({"open": false}),
    )
    .await?;
    assert_eq!(status, 200);
    ann.pump(Duration::from_millis(300)).await?;
    assert_eq!(questions_seen(&ann), None);
    let (status, _) = answer(&server, &red.id, &red.edit_secret(), ann_says("late")).await?;
    assert_eq!(status, 400);

    // Opened again, named, with its own question: who answered is kept.
    let body =
        serde_json::json!({"open": true, "anonymous": false, "questions": [" What helped? ", ""]});
    let (status, opened) = post_action(&server, &w.id, "reflection", &facilitator, body).await?;
    assert_eq!(status, 200, "{opened}");
    assert_eq!(opened["questions"], serde_json::json!(["What helped?"]));
    bo.pump(Duration::from_millis(300)).await?;
    assert_eq!(questions_seen(&bo), Some(vec!["What helped?".to_string()]));
    let body = serde_json::json!({"respondent": "bo-1", "answers": ["Being asked"], "name": "Bo", "role": "professional"});
    let (status, said) = answer(&server, &blue.id, &blue.view_secret(), body).await?;
    assert_eq!(status, 204, "{said}");
    let state = reflection_of(&server, &w.id, &facilitator).await?;
    let bo_said = &state.responses[1];
    assert_eq!(bo_said.answers[0].question, "What helped?");
    assert_eq!(
        (
            bo_said.name.as_deref(),
            bo_said.role,
            bo_said.room.as_deref()
        ),
        (Some("Bo"), Some(Role::Professional), Some("Room 2"))
    );
    for bad in [
        serde_json::json!({"open": true, "questions": [" "]}),
        serde_json::json!({"open": true, "questions": vec!["q"; 9]}),
        serde_json::json!({"open": "yes"}),
    ] {
        let (status, said) =
            post_action(&server, &w.id, "reflection", &facilitator, bad.clone()).await?;
        assert_bad_request(status, &said, &bad);
    }
    Ok(())
}

/// The tiles of a thumbnail: rectangles with rounded corners.
fn tiles(svg: &str) -> usize {
    svg.matches("rx=\"1\"").count()
}

#[tokio::test]
async fn each_rooms_thumbnail_follows_its_map() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(&server, serde_json::json!({"title": "Thumbs", "rooms": 2})).await?;
    let facilitator = CreatedMap::secret(&w.facilitator_url);
    let red = as_map(&w.rooms[0]);
    let url = |map: &str| {
        format!(
            "{}/api/workshops/{}/rooms/{map}/thumbnail",
            server.http(),
            w.id
        )
    };
    let client = reqwest::Client::new();
    let thumbnail = || async {
        let resp = client
            .get(url(&red.id))
            .bearer_auth(&facilitator)
            .send()
            .await?;
        anyhow::ensure!(resp.status() == 200, "{}", resp.status());
        let kind = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        anyhow::ensure!(kind == "image/svg+xml", "{kind}");
        Ok::<String, anyhow::Error>(resp.text().await?)
    };
    let version = || async {
        let seen: Workshop = get(&server, &w.id, &facilitator).await?.json().await?;
        Ok::<String, anyhow::Error>(
            seen.rooms[0]
                .activity
                .as_ref()
                .map(|a| a.version.clone())
                .unwrap_or_default(),
        )
    };
    let empty = thumbnail().await?;
    assert!(empty.starts_with("<svg"), "{empty}");
    assert_eq!(tiles(&empty), 0);
    let before = version().await?;
    assert!(!before.is_empty());

    let mut ann = Peer::edit(&server, &red, "Ann", Role::Patient).await?;
    let view = ann
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    for (kind, text) in [
        (CardKind::PainPoint, "Long wait"),
        (CardKind::Idea, "Texts"),
    ] {
        ann.apply(Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind,
            text: text.into(),
        })
        .await?;
    }
    ann.until_acked(Duration::from_secs(5)).await?;
    let after = version().await?;
    assert_ne!(after, before, "the version follows the map");
    let drawn = thumbnail().await?;
    assert_eq!(tiles(&drawn), 2, "{drawn}");
    assert!(drawn.contains(comap_shared::layout::kind_colour(CardKind::PainPoint)));
    assert!(!drawn.contains("Long wait"), "no text in a thumbnail");
    assert_eq!(version().await?, after, "unchanged map, same version");

    // Only the facilitator; only this workshop's rooms.
    let resp = client
        .get(url(&red.id))
        .bearer_auth(red.edit_secret())
        .send()
        .await?;
    assert_eq!(resp.status(), 403);
    let other = made(&server, serde_json::json!({"title": "Other", "rooms": 1})).await?;
    let resp = client
        .get(url(&other.rooms[0].map_id))
        .bearer_auth(&facilitator)
        .send()
        .await?;
    assert_eq!(resp.status(), 404);
    Ok(())
}

/// The reflection's default questions in English.
fn english_questions() -> Vec<String> {
    use comap_shared::i18n::{Language, built_in};
    comap_shared::reflection::default_questions(built_in(Language::En))
}
