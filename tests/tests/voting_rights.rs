//! Roles the server keeps, over the real protocol: only the facilitator
//! starts, reveals and ends voting and (in a workshop's room) changes the
//! structure; a ballot goes under the voter id of the connection that casts
//! it, within its budget; and until the reveal nobody but its voter can read
//! a ballot, not even through the document or an export.

use anyhow::Result;
use automerge::transaction::Transactable;
use automerge::{ObjType, ROOT, ReadDoc};
use comap_shared::protocol::ErrorCode;
use comap_shared::structure::Axis;
use comap_shared::voting::VotingRequest;
use comap_shared::{CardId, CardKind, Command, MapView, Role, keys};
use comap_tests::workshops::{as_map, made};
use comap_tests::{CreatedMap, Peer, Server};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(5);

/// Adds an idea card in the first cell; its id.
async fn idea(peer: &mut Peer, view: &MapView, text: &str) -> Result<CardId> {
    peer.apply(Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Idea,
        text: text.into(),
    })
    .await?
    .ok_or_else(|| anyhow::anyhow!("no card id"))
}

/// Whether the raw document holds anything under `voting` but the round's
/// own fields (a ballot or a total).
fn votes_in_document(peer: &Peer) -> bool {
    let doc = peer.session.doc();
    let Ok(Some((_, voting))) = doc.get(ROOT, keys::VOTING) else {
        return false;
    };
    doc.keys(&voting)
        .any(|k| k == keys::BALLOTS || k == keys::TOTALS)
}

#[tokio::test]
async fn only_the_facilitator_runs_voting_and_ballots_stay_secret_until_the_reveal() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map: CreatedMap = server.create_map("Votes", "patient-journey").await?;
    let mut fay = Peer::facilitate(&server, &map, "Fay", Role::Professional).await?;
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let mut vic = Peer::view(&server, &map, "Vic", Role::Carer).await?;
    let view = ann.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    let card = idea(&mut ann, &view, "Ring before the letter").await?;
    let other = idea(&mut ann, &view, "A named nurse").await?;
    ann.until_acked(WAIT).await?;

    // A participant asks to start, reveal or end: refused, still connected.
    for request in [
        VotingRequest::Start { budget: 3 },
        VotingRequest::Reveal { revealed: true },
        VotingRequest::End,
    ] {
        ann.voting(request.clone()).await?;
        let e = ann.next_error(WAIT).await?;
        assert_eq!(e.code, ErrorCode::VoteRefused, "{request:?}");
        assert!(e.message.contains("Only the facilitator"), "{}", e.message);
        assert!(!ann.closed, "a refused request keeps the connection");
    }
    ann.pump(Duration::from_millis(200)).await?;
    assert!(ann.map()?.voting.is_none(), "no round was started");

    fay.voting(VotingRequest::Start { budget: 3 }).await?;
    for p in [&mut ann, &mut vic] {
        p.wait_for(WAIT, |m| m.voting.as_ref().is_some_and(|v| v.open))
            .await?;
    }
    ann.voting(VotingRequest::Reveal { revealed: true }).await?;
    assert_eq!(ann.next_error(WAIT).await?.code, ErrorCode::VoteRefused);
    ann.voting(VotingRequest::End).await?;
    assert_eq!(ann.next_error(WAIT).await?.code, ErrorCode::VoteRefused);

    // Votes within the budget, then "No votes left"; a second tab of the
    // same browser (the same voter id) shares the budget.
    for _ in 0..3 {
        ann.vote(&card).await?;
    }
    ann.voting(VotingRequest::Vote {
        card: other.clone(),
    })
    .await?;
    let e = ann.next_error(WAIT).await?;
    assert_eq!(e.code, ErrorCode::VoteRefused);
    assert!(e.message.contains("No votes left"), "{}", e.message);
    let mut ann_tab = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    ann_tab.pump(Duration::from_millis(200)).await?;
    assert_eq!(ann_tab.votes_on(&card), 3, "the tab is told its ballot");
    ann_tab
        .voting(VotingRequest::Vote {
            card: other.clone(),
        })
        .await?;
    assert_eq!(ann_tab.next_error(WAIT).await?.code, ErrorCode::VoteRefused);

    // Forged writes to the round in the document: the revealed flag, and
    // ballots under made-up voter ids. Each is refused and nothing is kept.
    let forged_reveal = |doc: &mut automerge::AutoCommit| {
        if let Ok(Some((_, voting))) = doc.get(ROOT, keys::VOTING) {
            let _ = doc.put(&voting, keys::REVEALED, true);
        }
    };
    let card_key = other.to_string();
    let forged_ballots = move |doc: &mut automerge::AutoCommit| {
        if let Ok(Some((_, voting))) = doc.get(ROOT, keys::VOTING)
            && let Ok(ballots) = doc.put_object(&voting, keys::BALLOTS, ObjType::Map)
        {
            for v in ["v1", "v2"] {
                if let Ok(b) = doc.put_object(&ballots, v, ObjType::Map) {
                    let _ = doc.put(&b, card_key.as_str(), 20);
                }
            }
        }
    };
    for (what, forge) in [
        (
            "revealed",
            Box::new(forged_reveal) as Box<dyn FnOnce(&mut automerge::AutoCommit)>,
        ),
        ("ballots", Box::new(forged_ballots)),
    ] {
        let mut eve = Peer::edit(&server, &map, "Eve", Role::Other).await?;
        eve.wait_for(WAIT, |m| m.voting.is_some()).await?;
        eve.write_unchecked(forge).await?;
        let e = eve.next_error(WAIT).await?;
        assert!(
            matches!(e.code, ErrorCode::NotAllowed | ErrorCode::InvalidChange),
            "{what}: {e:?}"
        );
    }
    fay.pump(Duration::from_millis(300)).await?;
    let round = fay.map()?.voting.expect("a round");
    assert!(
        round.open && !round.revealed,
        "the forged reveal was not kept"
    );
    assert!(!votes_in_document(&fay), "no forged ballot was kept");

    // Before the reveal: the viewer's document holds no ballot and no
    // total, the viewer is told no votes, and the export shows none.
    vic.pump(Duration::from_millis(300)).await?;
    assert!(!votes_in_document(&vic));
    assert!(vic.map()?.voting.expect("round").totals.is_empty());
    assert_eq!(vic.votes_on(&card), 0);
    assert_eq!(
        vic.ballot.as_ref().map(|b| b.voters),
        Some(1),
        "everyone may know how many have voted"
    );
    let export = |secret: String| {
        let url = format!("{}/api/maps/{}/export/json", server.http(), map.id);
        async move {
            let json: serde_json::Value = reqwest::Client::new()
                .get(url)
                .bearer_auth(secret)
                .send()
                .await?
                .json()
                .await?;
            anyhow::Ok(json)
        }
    };
    let before = export(map.view_secret()).await?;
    let votes: Vec<&serde_json::Value> = before["cards"]
        .as_array()
        .map(|cards| cards.iter().map(|c| &c["votes"]).collect())
        .unwrap_or_default();
    assert!(
        !votes.is_empty() && votes.iter().all(|v| v.is_null()),
        "{before}"
    );

    // The facilitator reveals: everyone reads the totals.
    fay.voting(VotingRequest::Reveal { revealed: true }).await?;
    let shown = vic
        .wait_for(WAIT, |m| {
            m.voting
                .as_ref()
                .is_some_and(|v| v.revealed && !v.totals.is_empty())
        })
        .await?;
    assert_eq!(
        shown.voting.expect("round").ranking(),
        vec![(card.clone(), 3)]
    );
    let after = export(map.view_secret()).await?;
    assert!(after.to_string().contains("\"votes\":3"), "{after}");
    fay.voting(VotingRequest::End).await?;
    ann.wait_for(WAIT, |m| m.voting.as_ref().is_some_and(|v| !v.open))
        .await?;
    ann.voting(VotingRequest::Vote { card }).await?;
    assert_eq!(ann.next_error(WAIT).await?.code, ErrorCode::VoteRefused);
    Ok(())
}

#[tokio::test]
async fn the_structure_of_a_workshop_room_is_the_facilitators_until_opened() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let w = made(&server, serde_json::json!({"title": "Rights", "rooms": 1})).await?;
    let room = as_map(&w.rooms[0]);
    let mut pat = Peer::edit(&server, &room, "Pat", Role::Patient).await?;
    let view = pat.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    assert_eq!(view.structure_open, Some(false), "closed in a workshop");
    let first = view.stages[0].clone();

    // A card is anyone's to add.
    idea(&mut pat, &view, "Parking help").await?;
    pat.until_acked(WAIT).await?;

    // Renaming a stage, or opening the structure to all: refused, not kept.
    for change in [
        Command::Rename {
            axis: Axis::Stages,
            id: first.id.to_string(),
            name: "Renamed".into(),
        },
        Command::SetStructureOpen { open: true },
    ] {
        let mut p = Peer::edit(&server, &room, "Pat", Role::Patient).await?;
        p.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
        p.apply(change.clone()).await?;
        let e = p.next_error(WAIT).await?;
        assert_eq!(e.code, ErrorCode::NotAllowed, "{change:?}");
    }
    let mut fay = Peer::facilitate(&server, &room, "Fay", Role::Professional).await?;
    let seen = fay.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    assert_eq!(seen.stages[0].name, first.name, "the rename was not kept");
    assert_eq!(seen.structure_open, Some(false));

    // The facilitator renames; then opens the structure to everyone.
    fay.apply(Command::Rename {
        axis: Axis::Stages,
        id: first.id.to_string(),
        name: "First signs".into(),
    })
    .await?;
    fay.apply(Command::SetStructureOpen { open: true }).await?;
    fay.until_acked(WAIT).await?;
    let mut pat2 = Peer::edit(&server, &room, "Pat", Role::Patient).await?;
    pat2.wait_for(WAIT, |m| m.structure_open == Some(true))
        .await?;
    pat2.apply(Command::Rename {
        axis: Axis::Stages,
        id: first.id.to_string(),
        name: "Pat's name".into(),
    })
    .await?;
    pat2.until_acked(WAIT).await?;
    assert!(pat2.errors.is_empty(), "{:?}", pat2.errors);
    fay.wait_for(WAIT, |m| m.stages[0].name == "Pat's name")
        .await?;

    // A map of one's own is open to everyone who may edit.
    let own = server.create_map("Mine", "patient-journey").await?;
    let mut ed = Peer::edit(&server, &own, "Ed", Role::Carer).await?;
    let mine = ed.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    assert_eq!(mine.structure_open, Some(true));
    ed.apply(Command::SetTitle {
        title: "Mine, renamed".into(),
    })
    .await?;
    ed.until_acked(WAIT).await?;
    assert!(ed.errors.is_empty(), "{:?}", ed.errors);
    Ok(())
}
