//! Running a server: `comap backup` while it runs and edits go on, a
//! server started on the backup, and `/healthz` telling whether the store
//! takes writes.

use anyhow::{Result, ensure};
use comap_shared::{CardKind, Role};
use comap_tests::server::binary;
use comap_tests::{Peer, Server};
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(10);

fn backup(data_dir: &Path, to: &Path) -> Result<std::process::Output> {
    Ok(std::process::Command::new(binary()?)
        .arg("backup")
        .arg(to)
        .arg("--data-dir")
        .arg(data_dir)
        .output()?)
}

/// A backup taken while someone edits holds every change acknowledged
/// before it; a server started on it serves the map; it never overwrites a
/// file; without data it says where to look.
#[tokio::test]
async fn a_backup_taken_while_people_edit_restores_the_map() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let data = dir.path().join("data");
    let server = Server::start(&data)?;
    let map = server.create_map("Knee pathway", "patient-journey").await?;
    let mut ann = Peer::edit(&server, &map, "Ann", Role::Patient).await?;
    let mut kept = Vec::new();
    for i in 0..20 {
        let text = format!("Before the backup {i}");
        ann.add_card_first_cell(CardKind::PainPoint, &text).await?;
        kept.push(text);
    }
    ann.until_acked(WAIT).await?;

    // Bo goes on editing while the backup is taken.
    let mut bo = Peer::edit(&server, &map, "Bo", Role::Professional).await?;
    let editing = tokio::spawn(async move {
        for i in 0..30 {
            bo.add_card_first_cell(CardKind::Idea, &format!("During {i}"))
                .await?;
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        bo.until_acked(WAIT).await?;
        anyhow::Ok(bo)
    });
    let file = dir.path().join("comap-backup.sqlite3");
    let out = backup(&data, &file)?;
    let said = String::from_utf8_lossy(&out.stdout);
    ensure!(
        out.status.success(),
        "backup failed: {said} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    ensure!(
        said.starts_with("Backed up 1 maps and 0 workshops"),
        "{said}"
    );
    editing.await??;

    // Taking it again to the same name is refused; the backup stays.
    let again = backup(&data, &file)?;
    ensure!(!again.status.success());
    ensure!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let missing = backup(&dir.path().join("nowhere"), &dir.path().join("x.sqlite3"))?;
    ensure!(!missing.status.success());
    ensure!(String::from_utf8_lossy(&missing.stderr).contains("no Comap data"));

    // Restored: a server on a directory holding only the backup serves the
    // map with every card acknowledged before the backup.
    let restored = dir.path().join("restored");
    std::fs::create_dir_all(&restored)?;
    std::fs::copy(&file, restored.join("comap.sqlite3"))?;
    let second = Server::start(&restored)?;
    let mut cy = Peer::edit(&second, &map, "Cy", Role::Carer).await?;
    let view = cy
        .wait_for(WAIT, |m| {
            kept.iter().all(|t| m.cards.iter().any(|c| &c.text == t))
        })
        .await?;
    ensure!(view.title == "Knee pathway");
    Ok(())
}

/// `/healthz` is `200` while the store takes writes and `503` while another
/// process holds the database's write lock; then `200` again.
#[tokio::test]
async fn healthz_says_whether_the_store_takes_writes() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path())?;
    let url = format!("{}/healthz", server.http());
    let status = || async { Ok::<_, anyhow::Error>(reqwest::get(&url).await?.status().as_u16()) };
    ensure!(status().await? == 200);

    let mut outside = rusqlite::Connection::open(dir.path().join("comap.sqlite3"))?;
    let lock = outside.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    // A fresh answer: the last one stands for a second.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    ensure!(status().await? == 503);
    lock.rollback()?;

    tokio::time::sleep(Duration::from_millis(1100)).await;
    ensure!(status().await? == 200);
    Ok(())
}

/// Behind a reverse proxy named with `--trusted-proxy`, the limits per
/// client address count the clients the proxy names, not the proxy; a
/// server without it believes no such header.
#[tokio::test]
async fn a_trusted_proxys_clients_are_counted_apart() -> Result<()> {
    let made = |server: &Server, client: &'static str| {
        let url = format!("{}/api/maps", server.http());
        async move {
            let status = reqwest::Client::new()
                .post(url)
                .header("x-forwarded-for", client)
                .json(
                    &serde_json::json!({"title": "Behind a proxy", "template": "patient-journey"}),
                )
                .send()
                .await?
                .status()
                .as_u16();
            anyhow::Ok(status)
        }
    };
    let dir = tempfile::tempdir()?;
    let limit = ["--max-maps-per-hour-per-addr", "2"];
    let behind = Server::start_with(
        dir.path(),
        &[&limit[..], &["--trusted-proxy", "127.0.0.1"]].concat(),
    )?;
    for _ in 0..2 {
        ensure!(made(&behind, "203.0.113.5").await? == 201);
    }
    ensure!(
        made(&behind, "203.0.113.5").await? == 429,
        "one client's limit"
    );
    ensure!(
        made(&behind, "10.9.9.9, 203.0.113.6").await? == 201,
        "another client"
    );

    let other = tempfile::tempdir()?;
    let direct = Server::start_with(other.path(), &limit)?;
    for client in ["203.0.113.5", "203.0.113.6"] {
        ensure!(made(&direct, client).await? == 201);
    }
    ensure!(
        made(&direct, "203.0.113.7").await? == 429,
        "a header from an untrusted address changes nothing"
    );
    Ok(())
}
