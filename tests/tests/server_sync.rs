//! Real WebSocket peers against the real server: convergence, late join,
//! restart, and refusals.

use anyhow::Result;
use comap_shared::protocol::{ClientFrame, ErrorCode, Hello, PROTOCOL_VERSION, ServerFrame, tag};
use comap_shared::{CardKind, Command, Role};
use comap_tests::peer::{raw, read_until_close};
use comap_tests::{Peer, Server};
use futures_util::SinkExt;
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

const WAIT: Duration = Duration::from_secs(5);
const QUIET: Duration = Duration::from_millis(200);

async fn add_pain_point(peer: &mut Peer, text: &str) -> Result<comap_shared::CardId> {
    let view = peer.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    let lane = view
        .lanes
        .iter()
        .find(|l| l.name == "Pain points")
        .map(|l| l.id.clone())
        .unwrap_or_else(|| view.lanes[0].id.clone());
    let id = peer
        .apply(Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane,
            kind: CardKind::PainPoint,
            text: text.into(),
        })
        .await?;
    Ok(id.expect("a new card id"))
}

#[tokio::test]
async fn two_peers_converge_and_a_late_joiner_gets_everything() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Knee pain", "patient-journey").await?;
    let mut a = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let mut b = Peer::edit(&server, &map, "Bo", Role::Professional).await?;
    assert!(a.welcome.can_edit);

    let id = add_pain_point(&mut a, "Six weeks for a letter").await?;
    b.wait_for(WAIT, |m| {
        m.card(&id)
            .is_some_and(|c| c.text == "Six weeks for a letter")
    })
    .await?;
    b.apply(Command::EditText {
        card: id.clone(),
        text: "Eight weeks for a letter".into(),
    })
    .await?;
    a.wait_for(WAIT, |m| {
        m.card(&id)
            .is_some_and(|c| c.text == "Eight weeks for a letter")
    })
    .await?;
    assert!(a.acks >= 1, "the author got no ack");

    // Both see each other in the people list.
    a.pump(QUIET).await?;
    let names: Vec<&str> = a.peers.iter().map(|p| p.name.as_str()).collect();
    assert!(names.contains(&"Ann") && names.contains(&"Bo"), "{names:?}");

    let mut late = Peer::view(&server, &map, "Cy", Role::Carer).await?;
    let view = late.wait_for(WAIT, |m| m.card(&id).is_some()).await?;
    assert_eq!(view.title, "Knee pain");
    assert_eq!(view.stages.len(), 6);
    a.pump(QUIET).await?;
    b.pump(QUIET).await?;
    assert_eq!(a.map()?, b.map()?);
    assert_eq!(a.map()?, late.map()?);
    Ok(())
}

#[tokio::test]
async fn acknowledged_changes_survive_kill_9() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let map = server.create_map("Stroke", "patient-journey").await?;
    let mut a = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(add_pain_point(&mut a, &format!("pain {i}")).await?);
    }
    let target = ids.clone();
    a.wait_for(WAIT, |_| true).await?;
    let deadline = tokio::time::Instant::now() + WAIT;
    while a.acks < 5 && tokio::time::Instant::now() < deadline {
        a.pump(QUIET).await?;
    }
    assert!(a.acks >= 1);
    server.restart()?;
    let mut b = Peer::edit(&server, &map, "Bo", Role::Carer).await?;
    let view = b
        .wait_for(WAIT, |m| target.iter().all(|id| m.card(id).is_some()))
        .await?;
    assert_eq!(view.cards.len(), 5);
    Ok(())
}

#[tokio::test]
async fn wrong_secret_and_unknown_map_get_the_same_refusal() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Asthma", "blank").await?;
    let other = server.create_map("Other", "blank").await?;
    let attempts = [
        (map.id.clone(), "wrong-secret".to_string()),
        ("NoSuchMap123".to_string(), map.edit_secret()),
        (map.id.clone(), other.edit_secret()),
    ];
    let mut messages = Vec::new();
    for (id, secret) in attempts {
        let err = Peer::join(&server.ws_url(), &id, &secret, "Eve", Role::Other)
            .await
            .err()
            .expect("refused");
        messages.push(err.to_string());
    }
    assert!(messages[0].contains("AccessDenied"), "{}", messages[0]);
    assert!(messages.iter().all(|m| m == &messages[0]), "{messages:?}");
    Ok(())
}

#[tokio::test]
async fn a_viewers_change_is_refused_and_not_applied() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Diabetes", "patient-journey").await?;
    let mut editor = Peer::edit(&server, &map, "Ed", Role::Professional).await?;
    editor.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    let mut viewer = Peer::view(&server, &map, "Vi", Role::Other).await?;
    assert!(!viewer.welcome.can_edit);
    let id = add_pain_point(&mut viewer, "sneaky").await?;
    viewer.pump(QUIET).await?;
    assert!(
        viewer.errors.iter().any(|e| e.code == ErrorCode::ReadOnly),
        "{:?}",
        viewer.errors
    );
    // Neither the editor nor a newcomer ever sees the card.
    editor.pump(QUIET).await?;
    assert!(editor.map()?.card(&id).is_none());
    let mut fresh = Peer::edit(&server, &map, "Fr", Role::Carer).await?;
    let view = fresh.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    assert!(view.card(&id).is_none());
    assert!(view.cards.is_empty());
    Ok(())
}

#[tokio::test]
async fn malformed_frames_get_an_error_and_the_room_keeps_working() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("COPD", "patient-journey").await?;
    let mut a = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    a.wait_for(WAIT, |m| !m.stages.is_empty()).await?;

    // Garbage as the first frame.
    let mut bad = raw(&server.ws_url()).await?;
    bad.send(Message::Binary(vec![0xde, 0xad, 0xbe, 0xef].into()))
        .await?;
    let frames = read_until_close(&mut bad, WAIT).await;
    assert!(
        matches!(frames.as_slice(), [ServerFrame::Error(e)] if e.code == ErrorCode::BadFrame),
        "{frames:?}"
    );
    // A hello with a wrong protocol version.
    let mut old = raw(&server.ws_url()).await?;
    let hello = ClientFrame::Hello(Hello {
        version: PROTOCOL_VERSION + 99,
        map: map.id.clone(),
        secret: map.edit_secret(),
        name: "Old".into(),
        role: Role::Other,
        features: vec![],
        voter: None,
    });
    old.send(Message::Binary(hello.encode().into())).await?;
    let frames = read_until_close(&mut old, WAIT).await;
    assert!(
        matches!(frames.as_slice(), [ServerFrame::Error(e)] if e.code == ErrorCode::UnsupportedVersion),
        "{frames:?}"
    );
    // A valid peer that then sends a garbage sync frame is refused and closed.
    let mut c = Peer::edit(&server, &map, "Cy", Role::Carer).await?;
    c.send_raw(vec![tag::SYNC, 0xff, 0x00, 0x13]).await?;
    c.pump(QUIET).await?;
    assert!(
        c.errors.iter().any(|e| e.code == ErrorCode::BadSync),
        "{:?}",
        c.errors
    );
    assert!(c.closed);

    // The room still works for everyone else.
    let id = add_pain_point(&mut a, "still here").await?;
    // Ann's page goes on talking with the server until its card is stored
    // (a test peer only reads when pumped).
    a.until_acked(WAIT).await?;
    let mut b = Peer::edit(&server, &map, "Bo", Role::Professional).await?;
    b.wait_for(WAIT, |m| m.card(&id).is_some()).await?;
    Ok(())
}

#[tokio::test]
async fn concurrent_editors_converge_through_forwarded_changes() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Busy room", "patient-journey").await?;
    let mut peers = Vec::new();
    for (i, role) in Role::ALL.into_iter().enumerate() {
        let name = format!("P{i}");
        peers.push(Peer::edit(&server, &map, &name, role).await?);
    }
    let mut first = Vec::new();
    for p in peers.iter_mut() {
        first.push(add_pain_point(p, "seed").await?);
    }
    // Everyone edits, moves and adds at once, without waiting for the others.
    for round in 0..8 {
        for (i, p) in peers.iter_mut().enumerate() {
            let view = p.map()?;
            let card = first[(i + round) % first.len()].clone();
            let cmd = match round % 3 {
                0 => Command::EditText {
                    card,
                    text: format!("round {round} by {i}"),
                },
                1 => Command::MoveCard {
                    card,
                    stage: view.stages[round % view.stages.len()].id.clone(),
                    lane: view.lanes[i % view.lanes.len()].id.clone(),
                },
                _ => Command::AddCard {
                    stage: view.stages[i].id.clone(),
                    lane: view.lanes[round % view.lanes.len()].id.clone(),
                    kind: CardKind::Idea,
                    text: format!("idea {round} from {i}"),
                },
            };
            if p.map()?.card(&first[(i + round) % first.len()]).is_some() || round % 3 == 2 {
                p.apply(cmd).await?;
            }
            p.pump(Duration::from_millis(5)).await?;
        }
    }
    for _ in 0..3 {
        for p in peers.iter_mut() {
            p.pump(QUIET).await?;
        }
    }
    let reference = peers[0].map()?;
    assert_eq!(
        reference.cards.len(),
        4 + 4 * 2,
        "every added card is there"
    );
    for p in &peers {
        assert_eq!(p.map()?, reference);
        assert!(p.errors.is_empty(), "{:?}", p.errors);
    }
    let forwarded: usize = peers.iter().map(|p| p.forwarded).sum();
    assert!(forwarded > 0, "no change was forwarded as a change frame");
    // A newcomer that uses only the sync protocol converges too.
    let mut late = Peer::view(&server, &map, "Late", Role::Other).await?;
    late.wait_for(WAIT, |m| m == &reference).await?;
    Ok(())
}
