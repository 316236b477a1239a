//! A newcomer with nothing of a map that is not open gets the stored map
//! first (a `document` frame) and loads it while the server opens the room;
//! the sync protocol then only confirms it. Before the document comes the
//! map as it reads (a `view` frame) whenever the server has it at hand: from
//! an open room, or stored beside a snapshot with nothing after it. Nobody else gets one: not a
//! client that did not say it is empty, not anyone joining an open map, not a
//! wrong secret.

use anyhow::{Result, bail, ensure};
use automerge::ChangeHash;
use comap_shared::protocol::{
    ClientFrame, ErrorCode, FEATURE_CHANGES, FEATURE_EMPTY, Hello, PROTOCOL_VERSION, ServerFrame,
};
use comap_shared::session::SyncSession;
use comap_shared::{CardKind, Command, Role};
use comap_tests::peer::raw;
use comap_tests::{CreatedMap, Peer, Server};
use futures_util::{SinkExt, StreamExt};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;

const WAIT: Duration = Duration::from_secs(10);

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn hello(server: &Server, map: &CreatedMap, secret: String, empty: bool) -> Result<Ws> {
    let mut ws = raw(&server.ws_url()).await?;
    let mut features = vec![FEATURE_CHANGES.to_string()];
    if empty {
        features.push(FEATURE_EMPTY.to_string());
    }
    let frame = ClientFrame::Hello(Hello {
        version: PROTOCOL_VERSION,
        map: map.id.clone(),
        secret,
        name: "Newcomer".into(),
        role: Role::Carer,
        features,
        voter: None,
    });
    ws.send(Message::Binary(frame.encode().into())).await?;
    Ok(ws)
}

async fn next_frame(ws: &mut Ws) -> Result<ServerFrame> {
    loop {
        let Some(msg) = tokio::time::timeout(WAIT, ws.next()).await? else {
            bail!("the server closed the connection");
        };
        if let Message::Binary(b) = msg? {
            return Ok(ServerFrame::decode(&b)?);
        }
    }
}

/// Syncs until the server's sync messages say it has what `session` has
/// and nothing more arrives for a moment. Returns how many changes the
/// server's sync messages carried.
async fn sync_until_quiet(ws: &mut Ws, session: &mut SyncSession) -> Result<usize> {
    let mut carried = 0;
    if let Some(bytes) = session.outgoing() {
        ws.send(Message::Binary(ClientFrame::Sync(bytes).encode().into()))
            .await?;
    }
    loop {
        let msg = match tokio::time::timeout(Duration::from_millis(500), ws.next()).await {
            Err(_) if session.peer_has_everything() => return Ok(carried),
            Err(_) => bail!("the server stopped answering before the replicas agreed"),
            Ok(None) => bail!("the server closed the connection"),
            Ok(Some(msg)) => msg?,
        };
        let Message::Binary(b) = msg else { continue };
        if let ServerFrame::Sync(bytes) = ServerFrame::decode(&b)? {
            let before = session.heads();
            session.receive(&bytes)?;
            carried += session.changes_since(&before).len();
            if let Some(reply) = session.outgoing() {
                ws.send(Message::Binary(ClientFrame::Sync(reply).encode().into()))
                    .await?;
            }
        }
    }
}

fn sorted(mut heads: Vec<ChangeHash>) -> Vec<ChangeHash> {
    heads.sort();
    heads
}

/// A map holding cards with `texts`, all acknowledged, on a server that was
/// then killed and started again: the map is stored as a snapshot and
/// chunks after it, and not open. Returns the map and its heads.
async fn closed_map_with(
    server: &mut Server,
    title: &str,
    texts: &[&str],
) -> Result<(CreatedMap, Vec<ChangeHash>)> {
    let map = server.create_map(title, "patient-journey").await?;
    let mut ann = Peer::edit(server, &map, "Ann", Role::Patient).await?;
    let view = ann.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    for text in texts {
        ann.apply(Command::AddCard {
            stage: view.stages[1].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: CardKind::PainPoint,
            text: (*text).into(),
        })
        .await?;
    }
    ann.until_acked(WAIT).await?;
    let heads = sorted(ann.session.heads());
    drop(ann);
    server.restart()?;
    Ok((map, heads))
}

#[tokio::test]
async fn a_newcomer_to_a_closed_map_loads_the_stored_map_first() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let (map, heads) = closed_map_with(
        &mut server,
        "Stored",
        &["Letter came late", "Parking was full"],
    )
    .await?;

    // A wrong secret gets the refusal, not the map.
    let mut stranger = hello(&server, &map, "not-the-secret".into(), true).await?;
    match next_frame(&mut stranger).await? {
        ServerFrame::Error(e) => ensure!(e.code == ErrorCode::AccessDenied, "{e:?}"),
        other => bail!("a wrong secret got {other:?}"),
    }

    let mut ws = hello(&server, &map, map.view_secret(), true).await?;
    let ServerFrame::Document(bytes) = next_frame(&mut ws).await? else {
        bail!("the first frame to an empty newcomer of a closed map is not the document");
    };
    let mut session = SyncSession::new(b"newcomer-replica");
    ensure!(
        session.adopt_document(&bytes)?,
        "the document was not taken"
    );
    ensure!(
        sorted(session.heads()) == heads,
        "the document lacks changes"
    );
    let texts: Vec<String> = session.read()?.cards.into_iter().map(|c| c.text).collect();
    ensure!(texts.len() == 2 && texts.contains(&"Parking was full".to_string()));
    let ServerFrame::Welcome(_) = next_frame(&mut ws).await? else {
        bail!("no welcome after the document");
    };
    let carried = sync_until_quiet(&mut ws, &mut session).await?;
    ensure!(
        carried == 0,
        "the sync protocol sent {carried} changes again"
    );
    ensure!(sorted(session.heads()) == heads);
    assert_eq!(server.metric("comap_documents_sent_total").await?, 1.0);

    // The map is open now: an empty newcomer gets the room's view and copy
    // first, made once for every newcomer until the map changes.
    let mut sessions = Vec::new();
    let expected = session.read()?;
    for name in [&b"late-replica"[..], b"later-replica"] {
        let mut late = hello(&server, &map, map.edit_secret(), true).await?;
        let ServerFrame::View(view) = next_frame(&mut late).await? else {
            bail!("a newcomer to an open map got no view first");
        };
        ensure!(
            comap_shared::view_bytes::decode(&view)? == expected,
            "the view is the map as it reads"
        );
        let ServerFrame::Document(bytes) = next_frame(&mut late).await? else {
            bail!("a newcomer to an open map got no document after the view");
        };
        let ServerFrame::Welcome(_) = next_frame(&mut late).await? else {
            bail!("no welcome after the room's document");
        };
        let mut late_session = SyncSession::new(name);
        ensure!(late_session.adopt_document(&bytes)?);
        let carried = sync_until_quiet(&mut late, &mut late_session).await?;
        ensure!(
            carried == 0,
            "the sync protocol sent {carried} changes again"
        );
        ensure!(sorted(late_session.heads()) == heads);
        sessions.push((late, bytes));
    }
    ensure!(
        sessions[0].1 == sessions[1].1,
        "the same map, the same frame"
    );
    assert_eq!(server.metric("comap_documents_sent_total").await?, 3.0);
    Ok(())
}

#[tokio::test]
async fn a_newcomer_to_a_map_unloaded_while_idle_gets_its_stored_view_first() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--idle-unload-secs", "1"])?;
    let map = server.create_map("Idle", "patient-journey").await?;
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let start = ann.wait_for(WAIT, |m| !m.stages.is_empty()).await?;
    ann.apply(Command::AddCard {
        stage: start.stages[2].id.clone(),
        lane: start.lanes[1].id.clone(),
        kind: CardKind::Idea,
        text: "Ring before the letter".into(),
    })
    .await?;
    ann.until_acked(WAIT).await?;
    let expected = ann.session.read()?;
    drop(ann);
    // Unloading writes a snapshot, and the view beside it.
    server.wait_no_open_maps(WAIT).await?;
    let mut ws = hello(&server, &map, map.view_secret(), true).await?;
    let ServerFrame::View(view) = next_frame(&mut ws).await? else {
        bail!("the first frame to an empty newcomer of an unloaded map is not its view");
    };
    ensure!(comap_shared::view_bytes::decode(&view)? == expected);
    let ServerFrame::Document(bytes) = next_frame(&mut ws).await? else {
        bail!("no document after the view");
    };
    let mut session = SyncSession::new(b"idle-newcomer");
    ensure!(session.adopt_document(&bytes)?);
    ensure!(session.read()? == expected, "view and document agree");
    let ServerFrame::Welcome(_) = next_frame(&mut ws).await? else {
        bail!("no welcome after the document");
    };
    Ok(())
}

#[tokio::test]
async fn a_client_that_does_not_say_it_is_empty_gets_no_document() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Closed", "patient-journey").await?;
    let mut ws = hello(&server, &map, map.edit_secret(), false).await?;
    let ServerFrame::Welcome(_) = next_frame(&mut ws).await? else {
        bail!("the first frame is not the welcome");
    };
    let mut session = SyncSession::new(b"plain-replica");
    let carried = sync_until_quiet(&mut ws, &mut session).await?;
    ensure!(carried > 0 && session.has_map());
    assert_eq!(server.metric("comap_documents_sent_total").await?, 0.0);
    Ok(())
}

/// The page, as a person's first visit: the map is not open (the server
/// restarted), so the page gets the stored map first and shows it.
#[tokio::test]
async fn a_first_visit_in_the_browser_shows_the_stored_map() -> Result<()> {
    use comap_tests::browser::{Driver, card};
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path())?;
    let (map, _) = closed_map_with(
        &mut server,
        "Hip replacement",
        &["Nobody said how long the wait would be"],
    )
    .await?;

    let mut driver = Driver::start().await?;
    let page = driver.session().await?;
    page.goto(&format!("{}{}", server.http(), map.edit_url))
        .await?;
    page.fill("Your name", "Bo").await?;
    page.field("Family or carer").await?.click().await?;
    page.click_button("Join").await?;
    page.find("//p[@role='status' and normalize-space(.)='Connected']")
        .await?;
    page.find(&card("Nobody said how long the wait would be"))
        .await?;
    page.screenshot("newcomer-document").await?;
    assert_eq!(server.metric("comap_documents_sent_total").await?, 1.0);
    page.close().await?;
    Ok(())
}
