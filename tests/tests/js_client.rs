//! A client written in JavaScript with the reference `@automerge/automerge`
//! package, from docs/protocol.md alone, joins a map and edits it.

use anyhow::{Context, Result, bail};
use comap_shared::{CardId, CardKind, Role};
use comap_tests::{Peer, Server, workspace_root};
use std::time::Duration;

#[tokio::test]
async fn a_javascript_automerge_client_can_join_and_add_a_card() -> Result<()> {
    let js = workspace_root().join("tests/js");
    if !js.join("node_modules/@automerge/automerge").exists() {
        bail!("run `npm ci` in tests/js first (cargo xtask test does)");
    }
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
