//! Scenario 5: the fan-out workload on one map against the servers people
//! would pick instead, in the same run: a plain WebSocket relay (no CRDT, the
//! floor), Hocuspocus (Yjs) and automerge-repo's sync server. Each is started
//! and driven by `bench/js/driver.mjs` (Node), whose clients speak that
//! server's own protocol; Comap's row is `fanout::run` with the same numbers.

use crate::fanout::{self, Fanout, FanoutResult};
use anyhow::{Context, Result, bail};
use comap_tests::{Server, workspace_root};
use serde::Deserialize;
use std::path::Path;
use std::process::Command;

/// The reference peers, as `driver.mjs --peer` names them.
pub const PEERS: [&str; 3] = ["relay", "hocuspocus", "automerge-repo"];

/// One run of one system.
#[derive(Debug, Clone)]
pub struct Row {
    pub system: String,
    pub clients: usize,
    pub edits: u64,
    pub deliveries: u64,
    pub expected: u64,
    pub p50: f64,
    pub p95: f64,
    pub p99: f64,
    pub max: f64,
    pub cpu_us_per_delivery: f64,
    pub dropped: u64,
}

impl Row {
    /// Whether every edit the clients made reached every other client.
    pub fn kept_up(&self) -> bool {
        self.dropped == 0 && self.edits > 0 && self.deliveries >= self.expected
    }
}

/// What `driver.mjs` prints (one JSON line).
#[derive(Deserialize)]
struct DriverLine {
    version: String,
    edits: u64,
    deliveries: u64,
    expected: u64,
    // No deliveries, no percentiles: the driver prints null.
    p50_ms: Option<f64>,
    p95_ms: Option<f64>,
    p99_ms: Option<f64>,
    max_ms: Option<f64>,
    cpu_us_per_delivery: Option<f64>,
    dropped: u64,
}

/// One comparison: Comap and each reference peer at `clients` clients.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub run: Fanout,
    pub rows: Vec<Row>,
}

impl Comparison {
    pub fn row(&self, system_prefix: &str) -> Option<&Row> {
        self.rows
            .iter()
            .find(|r| r.system.starts_with(system_prefix))
    }
}

/// Runs Comap (the release server at `server_bin`) and every reference peer
/// with `run`'s clients, rate and time on one map of `fanout::MAP_CARDS` cards.
pub async fn compare(server_bin: &Path, run: Fanout) -> Result<Comparison> {
    let js = workspace_root().join("bench/js");
    let mut rows = Vec::new();
    {
        let dir = tempfile::tempdir()?;
        let server = Server::start_bin(server_bin, dir.path())?;
        eprintln!("reference: Comap, 1 map × {} clients", run.clients);
        rows.push(comap_row(&fanout::run(&server, run).await?));
    }
    for peer in PEERS {
        eprintln!("reference: {peer}, 1 map × {} clients", run.clients);
        rows.push(drive(&js, peer, run)?);
    }
    Ok(Comparison { run, rows })
}

fn comap_row(r: &FanoutResult) -> Row {
    Row {
        system: format!("Comap {}", env!("CARGO_PKG_VERSION")),
        clients: r.run.clients,
        edits: r.edits,
        deliveries: r.deliveries,
        expected: r.expected,
        p50: r.latency.p50,
        p95: r.latency.p95,
        p99: r.latency.p99,
        max: r.latency.max,
        cpu_us_per_delivery: r.cpu_us_per_delivery,
        dropped: r.dropped,
    }
}

fn drive(js: &Path, peer: &str, run: Fanout) -> Result<Row> {
    let out = Command::new("node")
        .arg(js.join("driver.mjs"))
        .args(["--peer", peer])
        .args(["--clients", &run.clients.to_string()])
        .args(["--rate", &run.edits_per_sec.to_string()])
        .args(["--secs", &run.secs.to_string()])
        .args(["--cards", &fanout::MAP_CARDS.to_string()])
        .current_dir(js)
        .stderr(std::process::Stdio::inherit())
        .output()
        .with_context(|| format!("starting node for the {peer} reference run"))?;
    if !out.status.success() {
        bail!("the {peer} reference run failed ({})", out.status);
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .with_context(|| format!("the {peer} reference run printed no result"))?;
    let d: DriverLine = serde_json::from_str(line)
        .with_context(|| format!("reading the {peer} reference result {line:?}"))?;
    Ok(Row {
        system: d.version,
        clients: run.clients,
        edits: d.edits,
        deliveries: d.deliveries,
        expected: d.expected,
        p50: d.p50_ms.unwrap_or(f64::NAN),
        p95: d.p95_ms.unwrap_or(f64::NAN),
        p99: d.p99_ms.unwrap_or(f64::NAN),
        max: d.max_ms.unwrap_or(f64::NAN),
        cpu_us_per_delivery: d.cpu_us_per_delivery.unwrap_or(f64::NAN),
        dropped: d.dropped,
    })
}

/// The targets of this scenario that a comparison misses, in words.
pub fn missed(c: &Comparison) -> Vec<String> {
    let mut missed = Vec::new();
    let Some(ours) = c.row("Comap") else {
        return missed;
    };
    let n = c.run.clients;
    if !ours.kept_up() {
        missed.push(format!(
            "reference {n} clients: Comap delivered {} of {} edits",
            ours.deliveries, ours.expected
        ));
    }
    if let Some(h) = c.row("@hocuspocus") {
        if ours.p99 >= h.p99 {
            missed.push(format!(
                "reference {n} clients: Comap p99 {:.1} ms not below Hocuspocus {:.1} ms",
                ours.p99, h.p99
            ));
        }
        if ours.cpu_us_per_delivery >= h.cpu_us_per_delivery {
            missed.push(format!(
                "reference {n} clients: Comap {:.1} µs server CPU per delivery not below Hocuspocus {:.1}",
                ours.cpu_us_per_delivery, h.cpu_us_per_delivery
            ));
        }
    }
    if let Some(a) = c.row("@automerge") {
        // Where automerge-repo keeps up, ten times lower p99; where it does
        // not, holding the load it could not is the target.
        if a.kept_up() && ours.p99 * 10.0 > a.p99 {
            missed.push(format!(
                "reference {n} clients: Comap p99 {:.1} ms not 10× below automerge-repo {:.1} ms",
                ours.p99, a.p99
            ));
        }
    }
    missed
}
