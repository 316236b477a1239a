//! The workshop scenario: R breakout rooms × P people editing at once
//! (real WebSocket clients, 1 edit/s each, moves and text edits on a room
//! map of `ROOM_CARDS` cards) while the facilitator's dashboard is open.
//! The dashboard is driven as the page drives it: every second one
//! `GET /api/workshops/<id>` (waiting for the last), then the thumbnail of
//! every room whose version changed, all at once. One more person per room
//! adds a card every few seconds; the time from adding it until the
//! dashboard's figures count it is "the dashboard updates".

use crate::client::{Client, Shared};
use crate::stats::{self, Summary};
use anyhow::{Context, Result, bail};
use comap_shared::workshop::Workshop;
use comap_shared::{CardKind, Command, Role};
use comap_tests::workshops::as_map;
use comap_tests::{CreatedMap, Peer, Server};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Cards in each room's map before the session starts.
pub const ROOM_CARDS: usize = 40;
/// How often the page refreshes its figures (`client/src/dashboard.rs`).
const REFRESH: Duration = Duration::from_secs(1);
/// How often each room's probe adds a card.
const PROBE_EVERY: Duration = Duration::from_secs(4);
/// The target: the dashboard shows a new card within this.
pub const UPDATE_TARGET_MS: f64 = 2000.0;

#[derive(Debug, Clone, Copy)]
pub struct WorkshopRun {
    pub rooms: usize,
    pub people: usize,
    pub secs: f64,
}

#[derive(Debug, Clone)]
pub struct WorkshopResult {
    pub run: WorkshopRun,
    /// One dashboard refresh: the workshop's figures and the changed
    /// rooms' thumbnails.
    pub refresh: Summary,
    pub refreshes: usize,
    pub thumbnails: usize,
    /// From a probe card being added to the dashboard counting it.
    pub update: Summary,
    pub probes: usize,
    /// Probe cards the dashboard never counted.
    pub unseen: usize,
    /// Edits reaching the other people in the room.
    pub room_latency: Summary,
    pub deliveries: u64,
    pub expected: u64,
    pub dropped: u64,
    pub server_cpu_secs: f64,
}

/// A probe card waiting to be counted: the room's card count once it is,
/// and when it was added.
type Waiting = Arc<Mutex<Vec<Option<(usize, Instant)>>>>;

/// One person per room adding a card every `PROBE_EVERY`, staggered.
async fn probe(
    server_ws: String,
    map: CreatedMap,
    room: usize,
    rooms: usize,
    waiting: Waiting,
    stop: Instant,
) -> Result<usize> {
    let mut peer = Peer::join(
        &server_ws,
        &map.id,
        &map.edit_secret(),
        "Probe",
        Role::Carer,
    )
    .await?;
    let view = peer
        .wait_for(Duration::from_secs(30), |m| m.cards.len() >= ROOM_CARDS)
        .await?;
    let offset = PROBE_EVERY.mul_f64(room as f64 / rooms as f64);
    peer.pump_for(offset).await?;
    let mut added = 0;
    while Instant::now() + PROBE_EVERY < stop {
        let count = peer.map()?.cards.len() + 1;
        let cmd = Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: CardKind::Idea,
            text: format!("Probe card {added} in room {room}"),
        };
        let at = Instant::now();
        peer.apply(cmd).await?;
        if let Ok(mut w) = waiting.lock() {
            w[room] = Some((count, at));
        }
        added += 1;
        peer.pump_for(PROBE_EVERY).await?;
    }
    Ok(added)
}

/// The dashboard, refreshing as the page does until `stop`.
async fn dashboard(
    http: String,
    w: Workshop,
    secret: String,
    waiting: Waiting,
    stop: Instant,
) -> Result<(Vec<Duration>, Vec<Duration>, usize)> {
    let client = reqwest::Client::new();
    let mut versions = vec![String::new(); w.rooms.len()];
    let (mut refreshes, mut updates, mut thumbnails) = (Vec::new(), Vec::new(), 0);
    let mut tick = tokio::time::interval(REFRESH);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while Instant::now() < stop {
        tick.tick().await;
        let started = Instant::now();
        let seen: Workshop = client
            .get(format!("{http}/api/workshops/{}", w.id))
            .bearer_auth(&secret)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        let got = Instant::now();
        let mut fetches = Vec::new();
        for (i, room) in seen.rooms.iter().enumerate() {
            let Some(activity) = &room.activity else {
                continue;
            };
            if let Ok(mut waiting) = waiting.lock()
                && let Some((count, at)) = waiting[i]
                && activity.cards >= count
            {
                updates.push(got - at);
                waiting[i] = None;
            }
            if activity.version != versions[i] {
                versions[i] = activity.version.clone();
                let url = format!(
                    "{http}/api/workshops/{}/rooms/{}/thumbnail",
                    w.id, room.map_id
                );
                fetches.push(client.get(url).bearer_auth(&secret).send());
            }
        }
        thumbnails += fetches.len();
        for resp in futures_util::future::join_all(fetches).await {
            resp?.error_for_status()?.bytes().await?;
        }
        refreshes.push(started.elapsed());
    }
    Ok((refreshes, updates, thumbnails))
}

pub async fn run(server: &Server, run: WorkshopRun) -> Result<WorkshopResult> {
    let resp = reqwest::Client::new()
        .post(format!("{}/api/workshops", server.http()))
        .json(&serde_json::json!({"title": "Bench course", "rooms": run.rooms}))
        .send()
        .await?;
    if resp.status() != 201 {
        bail!("creating the workshop: {}", resp.status());
    }
    let w: Workshop = resp.json().await?;
    let secret = CreatedMap::secret(&w.facilitator_url);
    let rooms: Vec<CreatedMap> = w.rooms.iter().filter(|r| !r.plenary).map(as_map).collect();
    for map in &rooms {
        crate::fanout::seed(server, map, ROOM_CARDS).await?;
    }
    let mut clients = Vec::new();
    for (r, map) in rooms.iter().enumerate() {
        for p in 0..run.people {
            let index = r * run.people + p;
            clients
                .push(Client::connect(&server.ws_url(), &map.id, &map.edit_secret(), index).await?);
        }
    }
    for c in clients.iter_mut() {
        c.catch_up(ROOM_CARDS, Duration::from_secs(60))
            .await
            .context("a workshop client catching up")?;
    }
    eprintln!(
        "  {} people in {} rooms in sync; editing",
        clients.len(),
        rooms.len()
    );
    let shared = Arc::new(Shared::default());
    let waiting: Waiting = Arc::new(Mutex::new(vec![None; w.rooms.len()]));
    let cpu_before = stats::cpu_seconds(server.pid()).unwrap_or(0.0);
    let start = Instant::now();
    let stop = start + Duration::from_secs_f64(run.secs);
    let end = stop + Duration::from_secs(2);
    let mut tasks = Vec::new();
    for c in clients {
        let shared = shared.clone();
        tasks.push(tokio::spawn(async move {
            c.run(&shared, Duration::from_secs(1), stop, end).await
        }));
    }
    let mut probes = Vec::new();
    for (r, map) in rooms.iter().enumerate() {
        probes.push(tokio::spawn(probe(
            server.ws_url(),
            map.clone(),
            r,
            rooms.len(),
            waiting.clone(),
            stop,
        )));
    }
    let board = tokio::spawn(dashboard(
        server.http(),
        w.clone(),
        secret,
        waiting.clone(),
        end,
    ));
    for t in tasks {
        t.await?;
    }
    let mut added = 0;
    for p in probes {
        added += p.await??;
    }
    let (mut refreshes, mut updates, thumbnails) = board.await??;
    let cpu = stats::cpu_seconds(server.pid()).unwrap_or(0.0) - cpu_before;
    let unseen = added.saturating_sub(updates.len());
    let edits = shared.edits.load(std::sync::atomic::Ordering::Relaxed);
    let mut lat = shared
        .latencies
        .lock()
        .map(|v| v.clone())
        .unwrap_or_default();
    Ok(WorkshopResult {
        run,
        refreshes: refreshes.len(),
        refresh: stats::summarize(&mut refreshes),
        thumbnails,
        update: stats::summarize(&mut updates),
        probes: added,
        unseen,
        room_latency: stats::summarize(&mut lat),
        deliveries: shared.deliveries.load(std::sync::atomic::Ordering::Relaxed),
        expected: edits * (run.people as u64 - 1),
        dropped: shared.dropped.load(std::sync::atomic::Ordering::Relaxed),
        server_cpu_secs: cpu,
    })
}
