//! The report's tables, one per scenario, in Markdown, and the targets a
//! scenario's results missed.

use crate::bundle::Asset;
use crate::fanout::FanoutResult;
use std::fmt::Write;

/// The cold-load scenario's section.
pub fn cold_table(out: &mut String, c: &crate::cold::ColdResult) {
    let _ = writeln!(out, "\n## Cold load\n");
    let _ = writeln!(
        out,
        "A map of {} cards with {} changes of history, built through the protocol (each change its own), then unloaded by the server (idle for 1 s, a snapshot written). Each load: a new person with an empty replica joins; timed from opening the WebSocket (hello) until their replica holds every change the server has (the server sends what it has stored first, while it opens the map); **welcome** is until the server has the map open and says so (edits made before it wait in the newcomer's replica). Memory: a fresh server process's resident set with the map open (first load) minus before it, right after the load and 5 s later with the map still open (settled).\n",
        c.cards, c.changes
    );
    let _ = writeln!(
        out,
        "| cards | changes | data dir KiB | loads | p50 ms | p95 ms | max ms | welcome p50 ms | welcome p95 ms | RSS per open map MiB | settled MiB | targets |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|---|");
    let _ = writeln!(
        out,
        "| {} | {} | {:.0} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | p95 ≤ {COLD_P95_MS:.0} ms, ≤ {COLD_RSS_MIB:.0} MiB |",
        c.cards,
        c.changes,
        c.stored_kib,
        c.loads,
        c.load.p50,
        c.load.p95,
        c.load.max,
        c.welcome.p50,
        c.welcome.p95,
        c.rss_per_map_mib,
        c.rss_settled_mib
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

pub fn bundle_table(out: &mut String, assets: &[Asset], budget_kib: u64) {
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
        kib(crate::bundle::served_total(assets)),
    );
}

/// Cold-load targets: p95 from hello to synced, and memory per open map.
pub const COLD_P95_MS: f64 = 150.0;
/// Resident memory an open 2,000-card, 50,000-change map keeps (issue 26).
pub const COLD_RSS_MIB: f64 = 16.0;
