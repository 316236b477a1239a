//! Scenario: compaction of a large map while people edit it. A map of
//! `cards` cards and `changes` changes is built through the protocol; then
//! `clients` server-only receivers edit it at one edit a second each for
//! long enough that the room gathers 500 chunks at least twice, so the
//! store compacts the map in the background while edits flow. The table
//! shows how many compactions ran and the latency an edit met meanwhile:
//! a compaction that stalled the room would show as the maximum.

use crate::client::{self, Client};
use crate::pin;
use crate::stats::{self, Summary};
use anyhow::{Context, Result};
use comap_tests::Server;
use std::fmt::Write;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct CompactionResult {
    pub cards: usize,
    pub changes: usize,
    pub clients: usize,
    pub secs: f64,
    pub pinned: bool,
    pub compactions: f64,
    pub edits: u64,
    pub deliveries: u64,
    pub expected: u64,
    pub dropped: u64,
    pub latency: Summary,
    pub ack: Summary,
    pub server_cpu_us_per_delivery: f64,
}

pub async fn run(
    server_bin: &Path,
    cards: usize,
    changes: usize,
    clients: usize,
    secs: f64,
    pinned: bool,
) -> Result<CompactionResult> {
    let dir = tempfile::tempdir()?;
    let server = Server::start_bin_as_deployed(server_bin, dir.path())?;
    let map = server
        .create_map("Compaction under load", "patient-journey")
        .await?;
    eprintln!("compaction: building {cards} cards, {changes} changes");
    let started = Instant::now();
    crate::cold::build(&server, &map, cards, changes)
        .await
        .context("building the large map")?;
    eprintln!("  built in {:.1} s", started.elapsed().as_secs_f64());
    let mut editors = Vec::new();
    for i in 0..clients {
        let c = Client::connect(&server.ws_url(), &map.id, &map.edit_secret(), i).await?;
        editors.push(c.server_only());
    }
    for c in editors.iter_mut() {
        c.catch_up(cards, Duration::from_secs(300)).await?;
    }
    eprintln!("  {clients} server-only clients in sync; editing for {secs} s");
    if pinned {
        pin::server_and_load_generator(server.pid())?;
    }
    let compactions_before = server.metric("comap_compactions_total").await?;
    let cpu_before = stats::cpu_seconds(server.pid()).unwrap_or(0.0);
    let shared = client::run_all(editors, Vec::new(), 1.0, secs).await?;
    let cpu = stats::cpu_seconds(server.pid()).unwrap_or(0.0) - cpu_before;
    // A compaction that started near the end finishes on its own time.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let compactions = server.metric("comap_compactions_total").await? - compactions_before;
    if pinned {
        pin::release_load_generator()?;
    }
    let edits = shared.edits.load(Ordering::Relaxed);
    let deliveries = shared.deliveries.load(Ordering::Relaxed);
    let (latency, ack) = shared.latency_and_acks();
    Ok(CompactionResult {
        cards,
        changes,
        clients,
        secs,
        pinned,
        compactions,
        edits,
        deliveries,
        expected: edits * (clients as u64 - 1),
        dropped: shared.dropped.load(Ordering::Relaxed),
        latency,
        ack,
        server_cpu_us_per_delivery: if deliveries > 0 {
            cpu * 1e6 / deliveries as f64
        } else {
            0.0
        },
    })
}

/// Runs the scenario at its full size (quick: a small map and a short run,
/// which checks that it works but is too short for a compaction).
pub async fn sized(server_bin: &Path, quick: bool, pinned: bool) -> Result<CompactionResult> {
    let (cards, changes, clients, secs) = if quick {
        (200, 2_000, 5, 10.0)
    } else {
        (2_000, 50_000, 20, 90.0)
    };
    run(server_bin, cards, changes, clients, secs, pinned).await
}

/// Runs the scenario alone and prints its table.
pub async fn print(server_bin: &Path, quick: bool, pinned: bool) -> Result<()> {
    let result = sized(server_bin, quick, pinned).await?;
    let mut md = String::new();
    table(&mut md, &result);
    println!("{md}");
    Ok(())
}

/// The scenario's section of the report.
pub fn section(out: &mut String, r: &CompactionResult) {
    let _ = writeln!(out, "\n## Compaction of a large map under load\n");
    let _ = writeln!(
        out,
        "A map built through the protocol, then server-only receivers editing it at one edit a second each while the store compacts it in the background (every 500 stored chunks). A compaction that stalled the room would show in the maximum.\n"
    );
    table(out, r);
}

pub fn table(out: &mut String, r: &CompactionResult) {
    let _ = writeln!(
        out,
        "| cards | changes | clients × edits/s × s | pinned | compactions | edits | deliveries | edit-to-peer p50 / p99 / max ms | ack p99 / max ms | server CPU µs/delivery |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
    let _ = writeln!(
        out,
        "| {} | {} | {} × 1 × {} | {} | {} | {} | {} of {}{} | {:.1} / {:.1} / {:.1} | {:.1} / {:.1} | {:.0} |",
        r.cards,
        r.changes,
        r.clients,
        r.secs,
        if r.pinned { "yes" } else { "no" },
        r.compactions,
        r.edits,
        r.deliveries,
        r.expected,
        if r.dropped > 0 {
            format!(" ({} dropped)", r.dropped)
        } else {
            String::new()
        },
        r.latency.p50,
        r.latency.p99,
        r.latency.max,
        r.ack.p99,
        r.ack.max,
        r.server_cpu_us_per_delivery,
    );
}
