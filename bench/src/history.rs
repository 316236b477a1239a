//! Scenario: long histories. The same edits on maps that have been worked on
//! for a long time and on fresh maps of the same size, so that an edit is
//! seen to cost the server (and a receiving replica) what it changes, not
//! how long the map's history is.

use crate::client::{self, Client};
use crate::stats::{self, Summary};
use anyhow::{Context, Result};
use comap_tests::Server;
use std::fmt::Write;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// A map as the scenario builds it: `cards` cards and `changes` changes in
/// all (one per card, then text edits), each its own change.
#[derive(Debug, Clone, Copy)]
pub struct HistoryMap {
    pub cards: usize,
    pub changes: usize,
}

impl HistoryMap {
    /// A map whose history is only its cards being added.
    pub fn fresh(cards: usize) -> HistoryMap {
        HistoryMap {
            cards,
            changes: cards,
        }
    }

    fn is_fresh(&self) -> bool {
        self.changes <= self.cards
    }
}

/// Who edits, how fast, for how long.
#[derive(Debug, Clone, Copy)]
pub struct Workload {
    pub editors: usize,
    pub edits_per_sec: f64,
    pub secs: f64,
}

#[derive(Debug, Clone)]
pub struct HistoryRow {
    pub map: HistoryMap,
    pub load: Workload,
    /// Edits made by the editors while measured.
    pub edits: u64,
    pub deliveries: u64,
    pub expected: u64,
    pub dropped: u64,
    pub server_cpu_ms_per_edit: f64,
    pub server_cpu_us_per_delivery: f64,
    pub ack: Summary,
    pub latency: Summary,
    /// What the watching replica (the page's receive path without the
    /// page) spent per change it received: applying it alone, and applying
    /// it and reading the whole map, as the page does today.
    pub replica_apply_us: f64,
    pub replica_apply_read_us: f64,
}

/// Builds each map on a server of its own and runs every workload on it.
pub async fn run(
    server_bin: &Path,
    maps: &[HistoryMap],
    loads: &[Workload],
) -> Result<Vec<HistoryRow>> {
    let mut rows = Vec::new();
    for m in maps {
        let dir = tempfile::tempdir()?;
        // Logging as people run it: what a dependency's tracing costs counts.
        let server = Server::start_bin_as_deployed(server_bin, dir.path())?;
        let map = server.create_map("Long history", "patient-journey").await?;
        eprintln!("history: building {} cards, {} changes", m.cards, m.changes);
        let started = Instant::now();
        crate::cold::build(&server, &map, m.cards, m.changes)
            .await
            .context("building a long-history map")?;
        eprintln!("  built in {:.1} s", started.elapsed().as_secs_f64());
        for w in loads {
            rows.push(measure(&server, &map, *m, *w).await?);
        }
    }
    Ok(rows)
}

async fn measure(
    server: &Server,
    map: &comap_tests::CreatedMap,
    m: HistoryMap,
    w: Workload,
) -> Result<HistoryRow> {
    // The editors, then one watcher that only receives (so a lone editor's
    // edits reach someone, and the replica's receive path is timed).
    let mut clients = Vec::new();
    for i in 0..=w.editors {
        clients.push(Client::connect(&server.ws_url(), &map.id, &map.edit_secret(), i).await?);
    }
    for c in clients.iter_mut() {
        c.catch_up(m.cards, Duration::from_secs(120)).await?;
    }
    let watcher = clients.pop().context("no watcher")?.timed();
    eprintln!(
        "  {} editors × {} edits/s for {} s",
        w.editors, w.edits_per_sec, w.secs
    );
    let cpu_before = stats::cpu_seconds(server.pid()).unwrap_or(0.0);
    let shared = client::run_all(clients, vec![watcher], w.edits_per_sec, w.secs).await?;
    let cpu = stats::cpu_seconds(server.pid()).unwrap_or(0.0) - cpu_before;
    let edits = shared.edits.load(Ordering::Relaxed);
    let deliveries = shared.deliveries.load(Ordering::Relaxed);
    let (latency, ack) = shared.latency_and_acks();
    let (apply, apply_read, received) = shared.replica_times();
    let per = |d: Duration| {
        if received > 0 {
            d.as_secs_f64() * 1e6 / received as f64
        } else {
            0.0
        }
    };
    Ok(HistoryRow {
        map: m,
        load: w,
        edits,
        deliveries,
        expected: edits * w.editors as u64,
        dropped: shared.dropped.load(Ordering::Relaxed),
        server_cpu_ms_per_edit: if edits > 0 {
            cpu * 1e3 / edits as f64
        } else {
            0.0
        },
        server_cpu_us_per_delivery: if deliveries > 0 {
            cpu * 1e6 / deliveries as f64
        } else {
            0.0
        },
        ack,
        latency,
        replica_apply_us: per(apply),
        replica_apply_read_us: per(apply_read),
    })
}

/// The fresh map's row with the same cards and workload as `row`.
fn fresh_beside<'a>(rows: &'a [HistoryRow], row: &HistoryRow) -> Option<&'a HistoryRow> {
    rows.iter().find(|f| {
        f.map.is_fresh()
            && f.map.cards == row.map.cards
            && f.load.editors == row.load.editors
            && f.load.edits_per_sec == row.load.edits_per_sec
    })
}

/// Rows that lost edits or people, and the long-history rows whose server
/// CPU per edit is more than `factor` times the fresh map's, as sentences.
pub fn regressions(rows: &[HistoryRow], factor: f64) -> Vec<String> {
    let mut out = Vec::new();
    for r in rows
        .iter()
        .filter(|r| r.dropped > 0 || r.deliveries < r.expected)
    {
        out.push(format!(
            "{} cards with {} changes, {} editors: {} clients dropped, {} of {} deliveries",
            r.map.cards, r.map.changes, r.load.editors, r.dropped, r.deliveries, r.expected
        ));
    }
    for r in rows.iter().filter(|r| !r.map.is_fresh()) {
        let Some(f) = fresh_beside(rows, r) else {
            continue;
        };
        let ratio = r.server_cpu_ms_per_edit / f.server_cpu_ms_per_edit.max(1e-9);
        if ratio > factor {
            out.push(format!(
                "{} cards with {} changes, {} editors × {} edits/s: server CPU per edit {:.2} ms, {ratio:.1}× the fresh map's {:.2} ms (limit {factor}×)",
                r.map.cards,
                r.map.changes,
                r.load.editors,
                r.load.edits_per_sec,
                r.server_cpu_ms_per_edit,
                f.server_cpu_ms_per_edit
            ));
        }
    }
    out
}

/// The scenario's section of the report.
pub fn table(out: &mut String, rows: &[HistoryRow]) {
    let _ = writeln!(out, "\n## Long histories\n");
    let _ = writeln!(
        out,
        "Each map is built through the protocol on a server of its own: its cards added one change each, then text edits until its history has the number of changes shown (a fresh map's history is only its cards). Then the editors (each with a full replica) and one watcher join, and the editors alternate moves and text edits on random cards. Server CPU is the server process's user + system time (from /proc) while they edit, divided by the edits made or by the deliveries (each edit reaching each other person). The watcher's columns are what the page's receive path costs without the page: applying each received change to the replica, and applying it plus reading the whole map (what the page does after every change today). **×fresh** compares server CPU per edit with the fresh map of the same size and workload.\n"
    );
    let _ = writeln!(
        out,
        "| cards | changes | editors × edits/s | edits | deliveries | server CPU ms/edit | ×fresh | server CPU µs/delivery | ack p50 ms | ack p99 ms | edit-to-peer p99 ms | replica apply µs/change | apply + read µs/change |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for r in rows {
        let ratio = fresh_beside(rows, r)
            .map(|f| r.server_cpu_ms_per_edit / f.server_cpu_ms_per_edit.max(1e-9))
            .map_or(String::new(), |x| format!("{x:.2}"));
        let _ = writeln!(
            out,
            "| {} | {} | {} × {} | {} | {} of {} | {:.2} | {ratio} | {:.0} | {:.1} | {:.1} | {:.1} | {:.0} | {:.0} |",
            r.map.cards,
            r.map.changes,
            r.load.editors,
            r.load.edits_per_sec,
            r.edits,
            r.deliveries,
            r.expected,
            r.server_cpu_ms_per_edit,
            r.server_cpu_us_per_delivery,
            r.ack.p50,
            r.ack.p99,
            r.latency.p99,
            r.replica_apply_us,
            r.replica_apply_read_us,
        );
    }
}
