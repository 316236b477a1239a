//! Plain HTTP abuse: connections that trickle their bodies, and requests
//! that are not JSON. The server stays reachable from other addresses, a
//! person editing meanwhile has every edit acknowledged within 250 ms, and
//! memory stays bounded.

use anyhow::{Result, ensure};
use comap_tests::Server;
use comap_tests::bystander::{Bystander, MemoryWatch};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// A POST that says its body is 10,000 bytes and sends one byte of it.
async fn trickling_post(server: SocketAddr) -> Result<TcpStream> {
    let mut tcp = TcpStream::connect(server).await?;
    tcp.write_all(
        b"POST /api/maps HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{",
    )
    .await?;
    Ok(tcp)
}

/// `GET <path>` from another loopback address (127.0.0.2): the answer,
/// and how long it took.
async fn get_from_elsewhere(server: SocketAddr, path: &str) -> Result<(String, Duration)> {
    let started = Instant::now();
    let socket = TcpSocket::new_v4()?;
    socket.bind("127.0.0.2:0".parse()?)?;
    let mut tcp = socket.connect(server).await?;
    tcp.write_all(
        format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
    )
    .await?;
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).await?;
    ensure!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    Ok((answer, started.elapsed()))
}

/// One counter of `/metrics`, read from another address.
async fn metric_from_elsewhere(server: SocketAddr, name: &str) -> Result<f64> {
    let (text, _) = get_from_elsewhere(server, "/metrics").await?;
    Ok(text
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
        .unwrap_or(0.0))
}

/// Whether the server has closed `tcp` (read gives its answer or the end).
async fn closed(tcp: &mut TcpStream) -> bool {
    let mut buf = [0u8; 512];
    match tokio::time::timeout(Duration::from_millis(200), tcp.read(&mut buf)).await {
        Ok(Ok(0)) | Ok(Err(_)) => true,
        // Some answer (408 or 400), then the end.
        Ok(Ok(_)) => true,
        Err(_) => false,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trickling_bodies_from_one_address_cannot_make_the_server_unreachable() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--max-http-conns-per-addr", "100"])?;
    let bystander = Bystander::start(&server).await?;
    let watch = MemoryWatch::start(server.pid());
    let mut held = Vec::new();
    for _ in 0..300 {
        if let Ok(tcp) = trickling_post(server.addr).await {
            held.push(tcp);
        }
    }
    // Reachable from elsewhere while they trickle.
    let (_, took) = get_from_elsewhere(server.addr, "/healthz").await?;
    ensure!(took < Duration::from_secs(1), "healthz took {took:?}");
    // The server accepts what waits in its backlog and closes the excess
    // (this address cannot even read the metrics now: ask from another).
    let mut refused = 0.0;
    let deadline = Instant::now() + Duration::from_secs(5);
    while refused < 200.0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        refused = metric_from_elsewhere(
            server.addr,
            "comap_refused_total{reason=\"too_many_connections_from_address\"}",
        )
        .await?;
    }
    ensure!(
        refused >= 200.0,
        "only {refused} connections were closed on arrival"
    );
    // Past the body deadline every trickling request is cut off.
    tokio::time::sleep(Duration::from_secs(11)).await;
    let mut still_open = 0;
    for tcp in held.iter_mut() {
        if !closed(tcp).await {
            still_open += 1;
        }
    }
    ensure!(
        still_open == 0,
        "{still_open} trickling connections still open"
    );
    let grew = watch.finish().await?;
    let calm = bystander.finish().await?;
    eprintln!(
        "300 trickling POSTs: {refused} closed on arrival, the rest cut off after the body deadline; memory grew {grew:.1} MiB; healthz from elsewhere in {took:?}; bystander slowest ack {:?}",
        calm.slowest_ack
    );
    calm.check(Duration::from_millis(250))?;
    ensure!(grew < 128.0, "memory grew {grew:.0} MiB");
    Ok(())
}

#[tokio::test]
async fn the_open_file_limit_is_raised_and_reported() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let limit = server.metric("comap_open_files_limit").await?;
    let hard = std::fs::read_to_string(format!("/proc/{}/limits", server.pid()))?
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(4).map(str::to_string))
        .unwrap_or_default();
    ensure!(limit >= 1024.0, "limit {limit}");
    if let Ok(hard) = hard.parse::<f64>() {
        ensure!(limit == hard, "raised to {limit}, hard limit {hard}");
    }
    Ok(())
}

/// `POST <path>` with a JSON body from `local` (a loopback address): the status.
async fn post_from(server: SocketAddr, local: &str, path: &str, body: &str) -> Result<u16> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(format!("{local}:0").parse()?)?;
    let mut tcp = socket.connect(server).await?;
    tcp.write_all(
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
    .await?;
    let mut answer = String::new();
    tcp.read_to_string(&mut answer).await?;
    Ok(answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0))
}

#[tokio::test]
async fn making_maps_is_limited_per_address() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_with(dir.path(), &["--max-maps-per-hour-per-addr", "30"])?;
    let map = r#"{"title": "Many", "template": "blank"}"#;
    let workshop = r#"{"title": "Many rooms", "rooms": 10}"#;
    // 30 maps: two workshops of ten rooms and a plenary each, then 8 maps.
    for _ in 0..2 {
        assert_eq!(
            post_from(server.addr, "127.0.0.1", "/api/workshops", workshop).await?,
            201
        );
    }
    for _ in 0..8 {
        assert_eq!(
            post_from(server.addr, "127.0.0.1", "/api/maps", map).await?,
            201
        );
    }
    assert_eq!(
        post_from(server.addr, "127.0.0.1", "/api/maps", map).await?,
        429
    );
    assert_eq!(
        post_from(server.addr, "127.0.0.1", "/api/workshops", workshop).await?,
        429
    );
    // Another address has its own allowance.
    assert_eq!(
        post_from(server.addr, "127.0.0.2", "/api/maps", map).await?,
        201
    );
    let db = rusqlite::Connection::open(dir.path().join("comap.sqlite3"))?;
    let maps: i64 = db.query_row("SELECT COUNT(*) FROM maps", [], |r| r.get(0))?;
    assert_eq!(maps, 31, "nothing refused was made");
    Ok(())
}
