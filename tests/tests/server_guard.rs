//! The server's guards: origin checks, the hello timeout, a full map, and a
//! flooding connection.

use anyhow::Result;
use comap_shared::protocol::{ClientFrame, ErrorCode, ServerFrame};
use comap_shared::session::SyncSession;
use comap_shared::{CardKind, Command, Role};
use comap_tests::peer::{raw, read_until_close};
use comap_tests::{Peer, Server};
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

const WAIT: Duration = Duration::from_secs(5);

async fn upgrade_with_origin(server: &Server, origin: &str) -> Result<u16> {
    upgrade_as(server, origin, None).await
}

/// An upgrade with `origin`, and with `host` as its Host header when given
/// (as a page on another name that resolves to this server sends).
async fn upgrade_as(server: &Server, origin: &str, host: Option<&str>) -> Result<u16> {
    let mut req = server.ws_url().into_client_request()?;
    req.headers_mut()
        .insert("origin", HeaderValue::from_str(origin)?);
    if let Some(host) = host {
        req.headers_mut()
            .insert("host", HeaderValue::from_str(host)?);
    }
    match tokio_tungstenite::connect_async(req).await {
        Ok((_, resp)) => Ok(resp.status().as_u16()),
        Err(tokio_tungstenite::tungstenite::Error::Http(resp)) => Ok(resp.status().as_u16()),
        Err(e) => Err(e.into()),
    }
}

#[tokio::test]
async fn websocket_upgrades_from_other_origins_are_refused() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    assert_eq!(
        upgrade_with_origin(&server, "http://evil.example").await?,
        403
    );
    assert_eq!(upgrade_with_origin(&server, &server.http()).await?, 101);
    // DNS rebinding: a page on the attacker's name, resolved to this server,
    // sends an Origin that matches its Host.
    let port = server.addr.port();
    let rebound = format!("evil.example:{port}");
    assert_eq!(
        upgrade_as(&server, &format!("http://{rebound}"), Some(&rebound)).await?,
        403
    );

    let dir = tempfile::tempdir()?;
    let public = Server::start_with(dir.path(), &["--public-url", "https://comap.example.org/"])?;
    assert_eq!(
        upgrade_as(
            &public,
            "https://comap.example.org",
            Some("comap.example.org")
        )
        .await?,
        101
    );
    assert_eq!(
        upgrade_with_origin(&public, "https://evil.example").await?,
        403
    );

    let dir = tempfile::tempdir()?;
    let listed = Server::start_with(
        dir.path(),
        &["--allowed-origin", "https://comap.example.org"],
    )?;
    assert_eq!(
        upgrade_with_origin(&listed, "https://comap.example.org").await?,
        101
    );
    assert_eq!(upgrade_with_origin(&listed, &listed.http()).await?, 403);
    Ok(())
}

#[tokio::test]
async fn a_connection_without_hello_is_closed_with_a_typed_error() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--hello-timeout-secs", "1"])?;
    let mut ws = raw(&server.ws_url()).await?;
    let frames = read_until_close(&mut ws, Duration::from_secs(5)).await;
    assert!(
        matches!(frames.as_slice(), [ServerFrame::Error(e)] if e.code == ErrorCode::HelloTimeout),
        "{frames:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_full_map_refuses_one_more_person() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--max-peers-per-map", "2"])?;
    let map = server.create_map("Small room", "blank").await?;
    let _a = Peer::edit(&server, &map, "A", Role::Patient).await?;
    let _b = Peer::edit(&server, &map, "B", Role::Carer).await?;
    let third = Peer::edit(&server, &map, "C", Role::Other).await;
    let err = third
        .err()
        .expect("the third person is refused")
        .to_string();
    assert!(err.contains("RoomFull"), "{err}");
    Ok(())
}

#[tokio::test]
async fn a_connection_flooding_pings_is_cut_off() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Pinged", "blank").await?;
    let mut flooder = Peer::edit(&server, &map, "Pings", Role::Other).await?;
    flooder.wait_for(WAIT, |m| m.title == "Pinged").await?;
    let mut sent = 0;
    for _ in 0..5_000 {
        if flooder.send_ping().await.is_err() {
            break;
        }
        sent += 1;
    }
    flooder.pump(Duration::from_millis(300)).await?;
    // (The error frame may be lost to the reset of a socket still being
    // written to; the server counts why it closed it.)
    let limited = server
        .metric("comap_refused_total{reason=\"rate_limited\"}")
        .await
        .unwrap_or(0.0);
    assert!(
        limited >= 1.0 && flooder.closed,
        "after {sent} pings: {:?}, closed: {}",
        flooder.errors,
        flooder.closed
    );
    Ok(())
}

#[tokio::test]
async fn a_flooding_connection_is_cut_off_and_other_maps_keep_working() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let busy = server.create_map("Flooded", "blank").await?;
    let calm = server.create_map("Calm", "patient-journey").await?;
    let mut good = Peer::edit(&server, &calm, "Good", Role::Professional).await?;
    let view = good.wait_for(WAIT, |m| !m.stages.is_empty()).await?;

    let mut flooder = Peer::edit(&server, &busy, "Flood", Role::Other).await?;
    let hello_sync = SyncSession::new(b"flooder")
        .outgoing()
        .expect("a first sync message");
    let frame = ClientFrame::Sync(hello_sync).encode();
    let mut sent = 0;
    for _ in 0..10_000 {
        if flooder.send_raw(frame.clone()).await.is_err() {
            break;
        }
        sent += 1;
    }
    flooder.pump(Duration::from_millis(300)).await?;
    // The error frame itself may be lost to the reset of a socket the
    // flooder still writes to; the server counts why it closed it.
    let limited = server
        .metric("comap_refused_total{reason=\"rate_limited\"}")
        .await
        .unwrap_or(0.0);
    assert!(
        limited >= 1.0
            || flooder
                .errors
                .iter()
                .any(|e| e.code == ErrorCode::RateLimited),
        "after {sent} messages: {:?}",
        flooder.errors
    );
    assert!(flooder.closed);

    // Meanwhile the other map works as ever.
    let id = good
        .apply(Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: CardKind::Idea,
            text: "still fine".into(),
        })
        .await?
        .expect("card id");
    // Good's page goes on talking with the server until its card is stored
    // (a page never stops reading; a test peer only reads when pumped).
    good.until_acked(WAIT).await?;
    let mut other = Peer::view(&server, &calm, "Other", Role::Carer).await?;
    other.wait_for(WAIT, |m| m.card(&id).is_some()).await?;
    Ok(())
}

#[tokio::test]
async fn an_oversized_frame_gets_a_typed_error_and_the_map_keeps_working() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let map = server.create_map("Big frames", "patient-journey").await?;
    let mut good = Peer::edit(&server, &map, "Good", Role::Patient).await?;
    let view = good.wait_for(WAIT, |m| !m.stages.is_empty()).await?;

    let mut big = Peer::edit(&server, &map, "Big", Role::Other).await?;
    let mut frame = vec![comap_shared::protocol::tag::SYNC];
    frame.resize(300 * 1024, 0x42);
    big.send_raw(frame).await?;
    big.pump(Duration::from_millis(300)).await?;
    assert!(
        big.errors
            .iter()
            .any(|e| e.code == ErrorCode::FrameTooLarge),
        "{:?}",
        big.errors
    );
    assert!(big.closed);

    let id = good
        .apply(Command::AddCard {
            stage: view.stages[1].id.clone(),
            lane: view.lanes[1].id.clone(),
            kind: CardKind::Step,
            text: "unaffected".into(),
        })
        .await?
        .expect("card id");
    good.until_acked(WAIT).await?;
    let mut other = Peer::view(&server, &map, "Other", Role::Carer).await?;
    other.wait_for(WAIT, |m| m.card(&id).is_some()).await?;
    Ok(())
}
