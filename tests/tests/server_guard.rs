//! The server's guards at the door: origin checks and the hello timeout.

use anyhow::Result;
use comap_shared::protocol::{ErrorCode, ServerFrame};
use comap_tests::Server;
use comap_tests::peer::{raw, read_until_close};
use std::time::Duration;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

async fn upgrade_with_origin(server: &Server, origin: &str) -> Result<u16> {
    let mut req = server.ws_url().into_client_request()?;
    req.headers_mut()
        .insert("origin", HeaderValue::from_str(origin)?);
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
