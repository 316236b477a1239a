//! The Markdown report.

use crate::bundle::Asset;
use crate::fanout::FanoutResult;
use crate::tables::*;
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
    pub compaction: crate::compaction::CompactionResult,
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
        crate::compaction::section(&mut out, &self.compaction);
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
        if c.cards >= 2000 && c.rss_settled_mib > COLD_RSS_MIB {
            missed.push(format!(
                "cold load of {} cards: {:.1} MiB per open map (settled) > {COLD_RSS_MIB:.0} MiB",
                c.cards, c.rss_settled_mib
            ));
        }
        missed.extend(workshop_missed(&self.workshop));
        let c = &self.compaction;
        if c.cards >= 2000 && c.compactions < 1.0 {
            missed.push(format!(
                "compaction under load: no compaction ran in {} edits",
                c.edits
            ));
        }
        missed.extend(crate::history::regressions(
            &self.history,
            crate::HISTORY_LIMIT,
        ));
        for (page, assets) in [
            ("participants' page", &self.bundle),
            ("dashboard", &self.dashboard_bundle),
        ] {
            let kib = crate::bundle::served_total(assets) / 1024;
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
