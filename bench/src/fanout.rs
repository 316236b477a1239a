//! Scenario 1: R maps × C clients editing at E edits/s for T seconds.

use crate::client::{self, Client};
use crate::pin;
use crate::stats::{self, Summary};
use anyhow::{Context, Result};
use comap_shared::{CardKind, Command, Role};
use comap_tests::{CreatedMap, Peer, Server};
use std::sync::atomic::Ordering;
use std::time::Duration;

/// Cards in each benchmark map, spread over its cells.
pub const MAP_CARDS: usize = 200;

#[derive(Debug, Clone, Copy)]
pub struct Fanout {
    pub maps: usize,
    pub clients: usize,
    pub edits_per_sec: f64,
    pub secs: f64,
    /// What the clients do with what they receive.
    pub receivers: Receivers,
    /// The server on the first core and the load generator on the second.
    pub pinned: bool,
}

/// What a run's clients do with the changes they receive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receivers {
    /// Apply each to a full replica, as a page does.
    PageLike,
    /// Record its arrival from its header only (the server is what is measured).
    ServerOnly,
}

impl Receivers {
    pub fn label(self) -> &'static str {
        match self {
            Receivers::PageLike => "page-like",
            Receivers::ServerOnly => "server-only",
        }
    }
}

impl Fanout {
    /// `maps` × `clients` at `edits_per_sec` for `secs`, page-like, not pinned.
    pub fn new(maps: usize, clients: usize, edits_per_sec: f64, secs: f64) -> Fanout {
        Fanout {
            maps,
            clients,
            edits_per_sec,
            secs,
            receivers: Receivers::PageLike,
            pinned: false,
        }
    }

    /// The same run measuring the server apart from its clients:
    /// server-only receivers, the server and the load generator pinned.
    pub fn apart(self) -> Fanout {
        Fanout {
            receivers: Receivers::ServerOnly,
            pinned: true,
            ..self
        }
    }
}

#[derive(Debug, Clone)]
pub struct FanoutResult {
    pub run: Fanout,
    pub latency: Summary,
    pub ack: Summary,
    pub edits: u64,
    pub deliveries: u64,
    pub expected: u64,
    pub frames_per_sec: f64,
    pub server_cpu_secs: f64,
    pub cpu_us_per_delivery: f64,
    /// CPU seconds of the load generator itself (all its clients).
    pub loadgen_cpu_secs: f64,
    pub peak_rss_mib: f64,
    pub dropped: u64,
}

/// Creates a patient-journey map holding `MAP_CARDS` cards.
pub async fn seeded_map(server: &Server) -> Result<CreatedMap> {
    let map = server
        .create_map("Benchmark pathway", "patient-journey")
        .await?;
    seed(server, &map, MAP_CARDS).await?;
    Ok(map)
}

/// Adds `cards` cards to `map`, spread over its cells, and waits until a
/// newcomer sees them all.
pub async fn seed(server: &Server, map: &CreatedMap, cards: usize) -> Result<()> {
    let mut seeder = Peer::edit(server, map, "Seeder", Role::Professional).await?;
    let view = seeder
        .wait_for(Duration::from_secs(10), |m| !m.stages.is_empty())
        .await?;
    let before = view.cards.len();
    for i in 0..cards {
        let stage = view.stages[i % view.stages.len()].id.clone();
        let lane = view.lanes[(i / view.stages.len()) % view.lanes.len()]
            .id
            .clone();
        let kind = CardKind::ALL[i % CardKind::ALL.len()];
        let text = format!("Card {i}: waited six weeks for a letter about the next appointment");
        seeder
            .apply(Command::AddCard {
                stage,
                lane,
                kind,
                text,
            })
            .await?;
    }
    // Settle, then check a newcomer sees every card (so they are stored).
    seeder.pump(Duration::from_millis(300)).await?;
    let mut check = Peer::view(server, map, "Check", Role::Other).await?;
    check
        .wait_for(Duration::from_secs(30), |m| m.cards.len() >= before + cards)
        .await
        .context("seeding the benchmark map")?;
    Ok(())
}

pub async fn run(server: &Server, run: Fanout) -> Result<FanoutResult> {
    let mut maps = Vec::new();
    for _ in 0..run.maps {
        maps.push(seeded_map(server).await?);
    }
    let mut clients = Vec::new();
    for (m, map) in maps.iter().enumerate() {
        for c in 0..run.clients {
            let index = m * run.clients + c;
            let client =
                Client::connect(&server.ws_url(), &map.id, &map.edit_secret(), index).await?;
            clients.push(match run.receivers {
                Receivers::PageLike => client,
                Receivers::ServerOnly => client.server_only(),
            });
        }
    }
    for c in clients.iter_mut() {
        c.catch_up(MAP_CARDS, Duration::from_secs(60)).await?;
    }
    eprintln!("  {} clients in sync; editing", clients.len());
    if run.pinned {
        pin::server_and_load_generator(server.pid())?;
    }
    let cpu_before = stats::cpu_seconds(server.pid()).unwrap_or(0.0);
    let own_before = stats::cpu_seconds(std::process::id()).unwrap_or(0.0);
    let shared = client::run_all(clients, Vec::new(), run.edits_per_sec, run.secs).await?;
    let cpu = stats::cpu_seconds(server.pid()).unwrap_or(0.0) - cpu_before;
    let stored = server
        .metric("comap_changes_stored_total")
        .await
        .unwrap_or(0.0);
    let not_forwarded = server
        .metric("comap_changes_not_forwarded_total")
        .await
        .unwrap_or(0.0);
    eprintln!(
        "  {stored} writes stored, {not_forwarded} of them sent by a sync round instead of forwarded"
    );
    let own = stats::cpu_seconds(std::process::id()).unwrap_or(0.0) - own_before;
    if run.pinned {
        pin::release_load_generator()?;
    }
    let frames = shared.frames_in.load(Ordering::Relaxed);
    let edits = shared.edits.load(Ordering::Relaxed);
    let deliveries = shared.deliveries.load(Ordering::Relaxed);
    let (latency, ack) = shared.latency_and_acks();
    Ok(FanoutResult {
        run,
        latency,
        ack,
        edits,
        deliveries,
        expected: edits * (run.clients as u64 - 1),
        frames_per_sec: frames as f64 / run.secs,
        server_cpu_secs: cpu,
        cpu_us_per_delivery: if deliveries > 0 {
            cpu * 1e6 / deliveries as f64
        } else {
            0.0
        },
        loadgen_cpu_secs: own,
        peak_rss_mib: stats::status_kib(server.pid(), "VmHWM").unwrap_or(0) as f64 / 1024.0,
        dropped: shared.dropped.load(Ordering::Relaxed),
    })
}
