//! A client written in JavaScript with the reference `@automerge/automerge`
//! package, from docs/protocol.md alone, joins a map and edits it; and a map
//! saved by the server loads in that package with everything in it.

use anyhow::{Context, Result, bail};
use comap_shared::voting::VotingRequest;
use comap_shared::{CardId, CardKind, Role};
use comap_tests::{Peer, Server, workspace_root};
use std::time::Duration;

/// The folder of the JavaScript clients, with their packages installed.
fn js_dir() -> Result<std::path::PathBuf> {
    let js = workspace_root().join("tests/js");
    if !js.join("node_modules/@automerge/automerge").exists() {
        bail!("run `npm ci` in tests/js first (cargo xtask test does)");
    }
    Ok(js)
}

#[tokio::test]
async fn a_javascript_automerge_client_can_join_and_add_a_card() -> Result<()> {
    let js = js_dir()?;
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server
        .create_map("From JavaScript", "patient-journey")
        .await?;
    let out = tokio::process::Command::new("node")
        .current_dir(&js)
        .args([
            "add-card.mjs",
            &server.ws_url(),
            &map.id,
            &map.edit_secret(),
            "Written in JS",
        ])
        .output()
        .await
        .context("running node")?;
    if !out.status.success() {
        bail!(
            "node client failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let id = CardId::from_key(String::from_utf8(out.stdout)?.trim());
    let mut rust = Peer::view(&server, &map, "Rust", Role::Other).await?;
    let view = rust
        .wait_for(Duration::from_secs(5), |m| m.card(&id).is_some())
        .await?;
    let card = view.card(&id).expect("card");
    assert_eq!(card.text, "Written in JS");
    assert_eq!(card.kind, CardKind::Idea);
    assert_eq!(card.stage, view.stages[0].id);
    assert_eq!(card.lane, view.lanes[0].id);
    Ok(())
}

/// What `read-saved.mjs` prints.
#[derive(serde::Deserialize, Debug)]
struct JsView {
    title: String,
    stages: Vec<String>,
    lanes: Vec<String>,
    cards: Vec<JsCard>,
    connections: Vec<JsConnection>,
    votes: std::collections::BTreeMap<String, u32>,
}

#[derive(serde::Deserialize, Debug)]
struct JsCard {
    id: String,
    kind: String,
    text: String,
    author: String,
    role: String,
    stage: String,
    lane: String,
    emotion: Option<i64>,
}

#[derive(serde::Deserialize, Debug)]
struct JsConnection {
    from: String,
    to: String,
    label: String,
}

#[tokio::test]
async fn a_map_saved_by_the_server_loads_in_javascript_automerge() -> Result<()> {
    use comap_shared::structure::{Axis, Step};
    use comap_shared::{Command, Feeling};
    let js = js_dir()?;
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let map = server.create_map("Saved map", "patient-journey").await?;
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let view = ann
        .wait_for(Duration::from_secs(5), |m| !m.stages.is_empty())
        .await?;
    let (s0, s1) = (view.stages[0].id.clone(), view.stages[1].id.clone());
    let lane = view.lanes[1].id.clone();
    let mut add = async |kind: CardKind, text: &str, stage| -> Result<CardId> {
        ann.apply(Command::AddCard {
            stage,
            lane: lane.clone(),
            kind,
            text: text.into(),
        })
        .await?
        .context("an id")
    };
    let wait = add(CardKind::PainPoint, "Six weeks' wait\nfor a letter", s0).await?;
    let idea = add(CardKind::Idea, "Text updates — ça va ✓", s1.clone()).await?;
    let feeling = add(CardKind::Feeling, "Scared", s1).await?;
    for cmd in [
        Command::SetFeeling {
            card: feeling.clone(),
            feeling: Some(Feeling {
                emotion: -2,
                word: "scared".into(),
            }),
        },
        Command::Connect {
            from: wait.clone(),
            to: idea.clone(),
            label: "fixed by".into(),
        },
        Command::Reorder {
            axis: Axis::Stages,
            id: view.stages[0].id.to_string(),
            step: Step::Later,
        },
    ] {
        ann.apply(cmd).await?;
    }
    // The facilitator runs a round; Ann's two votes are shown at the reveal.
    let mut fay = Peer::facilitate(&server, &map, "Fay", Role::Professional).await?;
    fay.voting(VotingRequest::Start { budget: 3 }).await?;
    ann.wait_for(Duration::from_secs(5), |m| m.voting.is_some())
        .await?;
    ann.vote(&idea).await?;
    ann.vote(&idea).await?;
    fay.voting(VotingRequest::Reveal { revealed: true }).await?;
    ann.wait_for(Duration::from_secs(5), |m| {
        m.voting.as_ref().is_some_and(|v| !v.totals.is_empty())
    })
    .await?;
    ann.apply(Command::EditText {
        card: idea.clone(),
        text: "Text updates — ça va ✓ (weekly)".into(),
    })
    .await?;
    let rust_view = ann.map()?;
    let mut acked = false;
    for _ in 0..50 {
        ann.pump(Duration::from_millis(100)).await?;
        if ann.all_acked() {
            acked = true;
            break;
        }
    }
    assert!(acked, "every edit is stored");
    server.terminate(Duration::from_secs(10))?;

    // The map exactly as the server stored it: its snapshot and any chunks.
    let store = comap_server::storage::store::Store::open(dir.path())?;
    let stored = store
        .load(map.id.clone())
        .await?
        .context("the map is stored")?;
    let mut bytes = stored.snapshot.clone();
    for chunk in &stored.chunks {
        bytes.extend_from_slice(chunk);
    }
    let file = dir.path().join("saved.automerge");
    std::fs::write(&file, &bytes)?;
    let out = tokio::process::Command::new("node")
        .current_dir(&js)
        .arg("read-saved.mjs")
        .arg(&file)
        .output()
        .await
        .context("running node")?;
    if !out.status.success() {
        bail!(
            "node could not read the map: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let js_view: JsView = serde_json::from_slice(&out.stdout)?;

    assert_eq!(js_view.title, rust_view.title);
    assert_eq!(
        js_view.stages,
        rust_view
            .stages
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        js_view.lanes,
        rust_view
            .lanes
            .iter()
            .map(|l| l.name.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(js_view.cards.len(), 3);
    for js_card in &js_view.cards {
        let card = rust_view
            .card(&CardId::from_key(js_card.id.as_str()))
            .context("the same card ids")?;
        assert_eq!(js_card.text, card.text);
        assert_eq!(js_card.kind, card.kind.key());
        assert_eq!(js_card.author, card.author);
        assert_eq!(js_card.role, card.role.key());
        assert_eq!(js_card.stage, card.stage.as_str());
        assert_eq!(js_card.lane, card.lane.as_str());
        assert_eq!(
            js_card.emotion,
            card.feeling.as_ref().map(|f| i64::from(f.emotion))
        );
    }
    assert_eq!(js_view.connections.len(), 1);
    let arrow = &js_view.connections[0];
    assert_eq!(
        (arrow.from.as_str(), arrow.to.as_str(), arrow.label.as_str()),
        (wait.as_str(), idea.as_str(), "fixed by")
    );
    assert_eq!(js_view.votes.get(idea.as_str()), Some(&2));
    Ok(())
}
