//! The Markdown report.

use crate::bundle::Asset;
use crate::fanout::FanoutResult;
use std::fmt::Write;

/// The heading from which hand-written notes start; kept across runs.
pub const NOTES: &str = "## Notes";

pub struct Report {
    pub command: String,
    pub machine: String,
    pub date: String,
    pub server_build: String,
    pub fanout: Vec<FanoutResult>,
    pub ramp: Vec<FanoutResult>,
    /// The participants' page (home, join, the map).
    pub bundle: Vec<Asset>,
    /// The facilitator's workshop dashboard, a page of its own.
    pub dashboard_bundle: Vec<Asset>,
    pub bundle_budget_kib: u64,
    pub export: Vec<crate::export::ExportResult>,
    pub board: crate::board::BoardResult,
    /// Comap beside the reference servers, one map at a few client counts.
    pub reference: Vec<crate::reference::Comparison>,
    pub cold: crate::cold::ColdResult,
    pub workshop: crate::workshop::WorkshopResult,
    pub history: Vec<crate::history::HistoryRow>,
}

/// Cold-load targets: p95 from hello to synced, and memory per open map.
const COLD_P95_MS: f64 = 150.0;
const COLD_RSS_MIB: f64 = 8.0;

/// The cold-load scenario's section.
pub fn cold_table(out: &mut String, c: &crate::cold::ColdResult) {
    let _ = writeln!(out, "\n## Cold load\n");
    let _ = writeln!(
        out,
        "A map of {} cards with {} changes of history, built through the protocol (each change its own), then unloaded by the server (idle for 1 s, a snapshot written). Each load: a new person with an empty replica joins; timed from opening the WebSocket (hello) until their replica holds every change the server has (the server sends what it has stored first, while it opens the map); **welcome** is until the server has the map open and says so (edits made before it wait in the newcomer's replica). Memory: a fresh server process's resident set with the map open (first load) minus before it.\n",
        c.cards, c.changes
    );
    let _ = writeln!(
        out,
        "| cards | changes | data dir KiB | loads | p50 ms | p95 ms | max ms | welcome p50 ms | welcome p95 ms | RSS per open map MiB | targets |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|");
    let _ = writeln!(
        out,
        "| {} | {} | {:.0} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | p95 ≤ {COLD_P95_MS:.0} ms, ≤ {COLD_RSS_MIB:.0} MiB |",
        c.cards,
        c.changes,
        c.stored_kib,
        c.loads,
        c.load.p50,
        c.load.p95,
        c.load.max,
        c.welcome.p50,
        c.welcome.p95,
        c.rss_per_map_mib
    );
}

/// The workshop scenario's section.
pub fn workshop_table(out: &mut String, w: &crate::workshop::WorkshopResult) {
    let _ = writeln!(out, "\n## A workshop with its dashboard open\n");
    let _ = writeln!(
        out,
        "{} breakout rooms × {} people, each with its own replica of a room map of {} cards, 1 edit/s each (moves and text edits) for {} s, while the facilitator's dashboard refreshes as the page does: every second one `GET /api/workshops/<id>`, then the thumbnails of the rooms whose version changed, all at once. One more person per room adds a card every 4 s; **update** is from adding it to the dashboard's figures counting it (the page's 1 s refresh included). **Refresh** is one whole refresh, figures and thumbnails.\n",
        w.run.rooms,
        w.run.people,
        crate::workshop::ROOM_CARDS,
        w.run.secs
    );
    let _ = writeln!(
        out,
        "| rooms × people | refreshes | thumbnails fetched | refresh p50 ms | refresh p99 ms | refresh max ms | cards added | not counted | update p50 ms | update p95 ms | update max ms | in-room p99 ms | deliveries (expected) | dropped | server CPU s | target |"
    );
    let _ = writeln!(
        out,
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    );
    let _ = writeln!(
        out,
        "| {} × {} | {} | {} | {:.1} | {:.1} | {:.1} | {} | {} | {:.0} | {:.0} | {:.0} | {:.1} | {} ({}) | {} | {:.1} | update ≤ {:.0} ms |",
        w.run.rooms,
        w.run.people,
        w.refreshes,
        w.thumbnails,
        w.refresh.p50,
        w.refresh.p99,
        w.refresh.max,
        w.probes,
        w.unseen,
        w.update.p50,
        w.update.p95,
        w.update.max,
        w.room_latency.p99,
        w.deliveries,
        w.expected,
        w.dropped,
        w.server_cpu_secs,
        crate::workshop::UPDATE_TARGET_MS
    );
}

/// What the workshop scenario missed.
pub fn workshop_missed(w: &crate::workshop::WorkshopResult) -> Vec<String> {
    let mut missed = Vec::new();
    let name = format!("workshop {} × {}", w.run.rooms, w.run.people);
    if w.update.max > crate::workshop::UPDATE_TARGET_MS || w.unseen > 0 {
        missed.push(format!(
            "{name}: the dashboard counted a new card after {:.0} ms at worst (target ≤ {:.0} ms), {} of {} never",
            w.update.max,
            crate::workshop::UPDATE_TARGET_MS,
            w.unseen,
            w.probes
        ));
    }
    if w.dropped > 0 {
        missed.push(format!("{name}: {} clients dropped", w.dropped));
    }
    missed
}

/// The reference scenario's section: Comap beside a plain relay, Hocuspocus
/// and automerge-repo, same workload, same machine, same run.
pub fn reference_table(out: &mut String, comparisons: &[crate::reference::Comparison]) {
    let _ = writeln!(out, "\n## Against the reference servers\n");
    let Some(first) = comparisons.first() else {
        return;
    };
    let _ = writeln!(
        out,
        "One map of {} cards, each client 1 edit every {:.1} s for {} s, on the same 2 cores (each system's clients in one process beside its server). Comap's clients are the Rust load generator's (own Automerge replicas); the others' are `bench/js/driver.mjs` (Node) speaking each server's own protocol with its reference client library. Latency as above: from the edit at its author to it being applied at each other client. Server CPU is the server process's alone, divided by edit deliveries. Ratios are the other system's number over Comap's (above 1: Comap is lower).\n",
        crate::fanout::MAP_CARDS,
        1.0 / first.run.edits_per_sec,
        first.run.secs
    );
    let _ = writeln!(
        out,
        "| clients | system | edits | deliveries (expected) | p50 ms | p95 ms | p99 ms | max ms | server CPU µs / delivery | p99 ÷ Comap's | CPU ÷ Comap's |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|");
    for c in comparisons {
        let ours = c.row("Comap");
        for r in &c.rows {
            let ratio = |theirs: f64, ours: f64| {
                if ours > 0.0 {
                    format!("{:.1}", theirs / ours)
                } else {
                    String::new()
                }
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} ({}) | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {} |",
                r.clients,
                r.system,
                r.edits,
                r.deliveries,
                r.expected,
                r.p50,
                r.p95,
                r.p99,
                r.max,
                r.cpu_us_per_delivery,
                ours.map_or(String::new(), |o| ratio(r.p99, o.p99)),
                ours.map_or(String::new(), |o| ratio(
                    r.cpu_us_per_delivery,
                    o.cpu_us_per_delivery
                )),
            );
        }
    }
}

/// The export scenario's section.
pub fn export_table(out: &mut String, rows: &[crate::export::ExportResult]) {
    let _ = writeln!(out, "\n## Export\n");
    let _ = writeln!(
        out,
        "Drawn in the bench process with the server's renderer and the bundled fonts (layout, SVG, resvg, text, PNG encoding).\n"
    );
    let _ = writeln!(
        out,
        "| map | export | runs | median ms | max ms | size KiB | target |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for e in rows {
        let _ = writeln!(
            out,
            "| {} cards | {} | {} | {:.0} | {:.0} | {:.0} | {} |",
            e.cards,
            e.what,
            e.runs,
            e.median_ms,
            e.max_ms,
            e.bytes as f64 / 1024.0,
            e.target_ms
                .map_or(String::new(), |t| format!("< {t:.0} ms"))
        );
    }
}

pub fn fanout_table(out: &mut String, rows: &[FanoutResult]) {
    let _ = writeln!(
        out,
        "| maps × clients | receivers | pinned | edits/s each | secs | edits | deliveries (expected) | p50 ms | p95 ms | p99 ms | max ms | ack p50 ms | ack p99 ms | frames in/s | server CPU s | CPU µs / delivery | load gen CPU s | peak RSS MiB | dropped |"
    );
    let _ = writeln!(
        out,
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    );
    for r in rows {
        let _ = writeln!(
            out,
            "| {} × {} | {} | {} | {} | {} | {} | {} ({}) | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.0} | {:.2} | {:.1} | {:.1} | {:.1} | {} |",
            r.run.maps,
            r.run.clients,
            r.run.receivers.label(),
            if r.run.pinned { "yes" } else { "no" },
            r.run.edits_per_sec,
            r.run.secs,
            r.edits,
            r.deliveries,
            r.expected,
            r.latency.p50,
            r.latency.p95,
            r.latency.p99,
            r.latency.max,
            r.ack.p50,
            r.ack.p99,
            r.frames_per_sec,
            r.server_cpu_secs,
            r.cpu_us_per_delivery,
            r.loadgen_cpu_secs,
            r.peak_rss_mib,
            r.dropped,
        );
    }
}

impl Report {
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Benchmarks\n");
        let _ = writeln!(out, "- Command: `{}`", self.command);
        let _ = writeln!(out, "- Machine: {}", self.machine);
        let _ = writeln!(out, "- Date: {}", self.date);
        let _ = writeln!(out, "- Server build: {}", self.server_build);
        let _ = writeln!(
            out,
            "- Workload: every client holds its own Automerge replica of a {}-card patient-journey map and alternates moves and text edits on random cards. Latency is from the edit being committed at its author to the change being applied at each other client in the same map; ack latency is from the edit to the author receiving the server's durable ack. The load generator runs on the same 2 cores as the server.\n",
            crate::fanout::MAP_CARDS
        );
        let _ = writeln!(out, "## Fan-out\n");
        fanout_table(&mut out, &self.fanout);
        let _ = writeln!(out, "\n## One map, ramped\n");
        fanout_table(&mut out, &self.ramp);
        let _ = writeln!(out, "\n## Client bundle\n");
        let _ = writeln!(
            out,
            "What a browser downloads for each page (fonts aside). The facilitator's dashboard is a page of its own, built without the board and Automerge.\n"
        );
        for (page, assets) in [
            ("Participants' page (home, join, map)", &self.bundle),
            (
                "Facilitator's dashboard (`/w/<id>`)",
                &self.dashboard_bundle,
            ),
        ] {
            let _ = writeln!(out, "{page}:\n");
            bundle_table(&mut out, assets, self.bundle_budget_kib);
            let _ = writeln!(out);
        }
        let _ = writeln!(out, "\n## The board in headless Chromium\n");
        let _ = writeln!(
            out,
            "A {}-card map, the release client, one page. Times are measured in the page from the action to the second animation frame after it (layout and paint included). JS heap after the run: {:.1} MiB.\n",
            self.board.cards, self.board.heap_mib
        );
        let _ = writeln!(out, "| action | tries, ms | slowest ms | goal |");
        let _ = writeln!(out, "|---|---|---|---|");
        for r in &self.board.rows {
            let tries: Vec<String> = r.ms.iter().map(|m| format!("{m:.0}")).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} | {} |",
                r.action,
                tries.join(", "),
                r.ms.iter().copied().fold(0.0, f64::max),
                r.target_ms
                    .map_or(String::new(), |t| format!("< {t:.0} ms"))
            );
        }
        export_table(&mut out, &self.export);
        reference_table(&mut out, &self.reference);
        cold_table(&mut out, &self.cold);
        workshop_table(&mut out, &self.workshop);
        crate::history::table(&mut out, &self.history);
        let _ = writeln!(out, "\n## Targets missed in this run\n");
        let missed = self.missed_targets();
        if missed.is_empty() {
            let _ = writeln!(out, "None.");
        }
        for m in missed {
            let _ = writeln!(out, "- {m}");
        }
        out
    }

    /// Each target (from the benchmark issue) this run missed, as a sentence.
    pub fn missed_targets(&self) -> Vec<String> {
        let mut missed = Vec::new();
        for r in &self.fanout {
            let name = format!(
                "fan-out {} × {} ({} receivers)",
                r.run.maps,
                r.run.clients,
                r.run.receivers.label()
            );
            // The server measured apart from its clients (the server-house issue's targets).
            if r.run.receivers == crate::fanout::Receivers::ServerOnly && r.run.pinned {
                if r.run.maps >= 8 && r.latency.p99 > 10.0 {
                    missed.push(format!("{name}: p99 {:.1} ms > 10 ms", r.latency.p99));
                }
                if r.run.maps == 1 && r.run.clients >= 40 {
                    if r.cpu_us_per_delivery > 15.0 {
                        missed.push(format!(
                            "{name}: {:.1} µs server CPU per delivery > 15",
                            r.cpu_us_per_delivery
                        ));
                    }
                    if r.ack.p99 > 25.0 {
                        missed.push(format!(
                            "{name}: durable ack p99 {:.1} ms > 25 ms",
                            r.ack.p99
                        ));
                    }
                }
            }
            if r.latency.p99 > 50.0 {
                missed.push(format!("{name}: p99 {:.1} ms > 50 ms", r.latency.p99));
            }
            if r.latency.p50 > 10.0 {
                missed.push(format!("{name}: p50 {:.1} ms > 10 ms", r.latency.p50));
            }
            if r.ack.p99 > 100.0 {
                missed.push(format!("{name}: ack p99 {:.1} ms > 100 ms", r.ack.p99));
            }
            if r.dropped > 0 || r.deliveries < r.expected {
                missed.push(format!(
                    "{name}: {} clients dropped, {} of {} deliveries in time",
                    r.dropped, r.deliveries, r.expected
                ));
            }
        }
        for r in self.ramp.iter().filter(|r| r.run.clients >= 100) {
            if r.latency.p99 > 100.0 || r.deliveries < r.expected {
                missed.push(format!(
                    "one map × {}: p99 {:.1} ms (target ≤ 100 ms), {} of {} deliveries in time",
                    r.run.clients, r.latency.p99, r.deliveries, r.expected
                ));
            }
        }
        for r in &self.board.rows {
            let slowest = r.ms.iter().copied().fold(0.0, f64::max);
            if let Some(t) = r.target_ms.filter(|t| slowest > *t) {
                missed.push(format!(
                    "board of {} cards, {}: slowest {slowest:.0} ms > {t:.0} ms",
                    self.board.cards, r.action
                ));
            }
        }
        for e in &self.export {
            if let Some(t) = e.target_ms.filter(|t| e.median_ms > *t) {
                missed.push(format!(
                    "export {} of {} cards: median {:.0} ms > {t:.0} ms",
                    e.what, e.cards, e.median_ms
                ));
            }
        }
        for c in &self.reference {
            missed.extend(crate::reference::missed(c));
        }
        let c = &self.cold;
        if c.cards >= 2000 && c.load.p95 > COLD_P95_MS {
            missed.push(format!(
                "cold load of {} cards, {} changes: p95 {:.1} ms > {COLD_P95_MS:.0} ms",
                c.cards, c.changes, c.load.p95
            ));
        }
        if c.cards >= 2000 && c.rss_per_map_mib > COLD_RSS_MIB {
            missed.push(format!(
                "cold load of {} cards: {:.1} MiB per open map > {COLD_RSS_MIB:.0} MiB",
                c.cards, c.rss_per_map_mib
            ));
        }
        missed.extend(workshop_missed(&self.workshop));
        missed.extend(crate::history::regressions(
            &self.history,
            crate::HISTORY_LIMIT,
        ));
        for (page, assets) in [
            ("participants' page", &self.bundle),
            ("dashboard", &self.dashboard_bundle),
        ] {
            let kib = served_total(assets) / 1024;
            if kib > self.bundle_budget_kib {
                missed.push(format!(
                    "bundle of the {page}: {kib} KiB as served over HTTPS > {} KiB",
                    self.bundle_budget_kib
                ));
            }
        }
        missed
    }
}

/// What a browser downloads over HTTPS, compressed as the server sends it.
fn served_total(assets: &[Asset]) -> u64 {
    assets.iter().map(|a| a.served).sum()
}

fn bundle_table(out: &mut String, assets: &[Asset], budget_kib: u64) {
    let _ = writeln!(
        out,
        "| asset | raw KiB | gzip -9 KiB | as served over HTTP KiB (precompressed gzip) | as served over HTTPS KiB (precompressed brotli) |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    let (mut raw, mut gz, mut served_gz) = (0, 0, 0);
    let kib = |b: u64| b as f64 / 1024.0;
    for a in assets {
        raw += a.raw;
        gz += a.gzip;
        served_gz += a.served_gzip;
        let _ = writeln!(
            out,
            "| {} | {:.1} | {:.1} | {:.1} | {:.1} |",
            a.kind,
            kib(a.raw),
            kib(a.gzip),
            kib(a.served_gzip),
            kib(a.served)
        );
    }
    let _ = writeln!(
        out,
        "| **total** | {:.1} | {:.1} | {:.1} | {:.1} (budget {budget_kib} KiB) |",
        kib(raw),
        kib(gz),
        kib(served_gz),
        kib(served_total(assets)),
    );
}
