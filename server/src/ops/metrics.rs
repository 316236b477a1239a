//! Counters, gauges and histograms, served at `GET /metrics` in the
//! Prometheus text format. Never labelled with secrets or names; maps are
//! counted, not named.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BOUNDS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Default)]
pub struct Histogram {
    buckets: [AtomicU64; BOUNDS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    pub fn observe(&self, d: Duration) {
        let secs = d.as_secs_f64();
        for (bound, bucket) in BOUNDS.iter().zip(&self.buckets) {
            if secs <= *bound {
                bucket.fetch_add(1, Relaxed);
            }
        }
        self.count.fetch_add(1, Relaxed);
        self.sum_micros.fetch_add(d.as_micros() as u64, Relaxed);
    }

    fn render(&self, out: &mut String, name: &str, help: &str) {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} histogram");
        for (bound, bucket) in BOUNDS.iter().zip(&self.buckets) {
            let _ = writeln!(
                out,
                "{name}_bucket{{le=\"{bound}\"}} {}",
                bucket.load(Relaxed)
            );
        }
        let count = self.count.load(Relaxed);
        let _ = writeln!(out, "{name}_bucket{{le=\"+Inf\"}} {count}");
        let sum = self.sum_micros.load(Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum {sum}\n{name}_count {count}");
    }
}

#[derive(Default)]
pub struct Metrics {
    pub open_maps: AtomicI64,
    pub peers: AtomicI64,
    pub frames_in: AtomicU64,
    pub frames_out: AtomicU64,
    pub bytes_in: AtomicU64,
    pub bytes_out: AtomicU64,
    pub changes_stored: AtomicU64,
    /// Accepted writes whose changes could not be forwarded as they came
    /// (a dependency the room did not know): peers got a sync round.
    pub changes_not_forwarded: AtomicU64,
    /// Stored maps sent whole to newcomers while their room opened.
    pub documents_sent: AtomicU64,
    /// Background compactions that replaced a snapshot.
    pub compactions: AtomicU64,
    /// The process's open-file limit (raised to the hard limit at start).
    pub open_files_limit: AtomicU64,
    refused: Mutex<BTreeMap<String, u64>>,
    /// Receiving a sync message with changes and applying it.
    pub apply_latency: Histogram,
    /// From handing a batch of changes to the store writer to its commit.
    pub store_latency: Histogram,
    /// From a change's arrival to its ack being queued to its author.
    pub ack_latency: Histogram,
}

impl Metrics {
    /// Counts a refused request or connection by its reason.
    pub fn refused(&self, reason: &str) {
        if let Ok(mut r) = self.refused.lock() {
            *r.entry(reason.to_string()).or_default() += 1;
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let gauge = |out: &mut String, name: &str, help: &str, v: i64| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}");
        };
        let counter = |out: &mut String, name: &str, help: &str, v: u64| {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}"
            );
        };
        gauge(
            &mut out,
            "comap_open_maps",
            "Maps loaded in memory.",
            self.open_maps.load(Relaxed),
        );
        gauge(
            &mut out,
            "comap_connected_peers",
            "Connections joined to a map.",
            self.peers.load(Relaxed),
        );
        counter(
            &mut out,
            "comap_frames_in_total",
            "Frames received from clients.",
            self.frames_in.load(Relaxed),
        );
        counter(
            &mut out,
            "comap_frames_out_total",
            "Frames queued to clients.",
            self.frames_out.load(Relaxed),
        );
        counter(
            &mut out,
            "comap_bytes_in_total",
            "Bytes received from clients.",
            self.bytes_in.load(Relaxed),
        );
        counter(
            &mut out,
            "comap_bytes_out_total",
            "Bytes queued to clients.",
            self.bytes_out.load(Relaxed),
        );
        counter(
            &mut out,
            "comap_changes_stored_total",
            "Incremental writes of accepted changes.",
            self.changes_stored.load(Relaxed),
        );
        counter(
            &mut out,
            "comap_compactions_total",
            "Snapshots made again in the background from a map's stored chunks.",
            self.compactions.load(Relaxed),
        );
        counter(
            &mut out,
            "comap_changes_not_forwarded_total",
            "Accepted writes sent to peers by a sync round rather than forwarded as they came.",
            self.changes_not_forwarded.load(Relaxed),
        );
        gauge(
            &mut out,
            "comap_open_files_limit",
            "The process's open-file limit, which bounds its connections.",
            i64::try_from(self.open_files_limit.load(Relaxed)).unwrap_or(i64::MAX),
        );
        counter(
            &mut out,
            "comap_documents_sent_total",
            "Stored maps sent whole to newcomers with nothing while the map opened.",
            self.documents_sent.load(Relaxed),
        );
        let _ = writeln!(
            out,
            "# HELP comap_refused_total Requests and connections refused, by reason.\n# TYPE comap_refused_total counter"
        );
        if let Ok(r) = self.refused.lock() {
            for (reason, n) in r.iter() {
                let _ = writeln!(out, "comap_refused_total{{reason=\"{reason}\"}} {n}");
            }
        }
        self.apply_latency.render(
            &mut out,
            "comap_apply_seconds",
            "Applying a received sync message that changed the map.",
        );
        self.store_latency.render(
            &mut out,
            "comap_store_seconds",
            "Writing accepted changes to SQLite.",
        );
        self.ack_latency.render(
            &mut out,
            "comap_ack_seconds",
            "From receiving changes to queueing their ack.",
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms() {
        let m = Metrics::default();
        m.peers.fetch_add(2, Relaxed);
        m.refused("access_denied");
        m.store_latency.observe(Duration::from_micros(700));
        let text = m.render();
        assert!(text.contains("comap_connected_peers 2"));
        assert!(text.contains("comap_refused_total{reason=\"access_denied\"} 1"));
        assert!(text.contains("comap_store_seconds_bucket{le=\"0.0005\"} 0"));
        assert!(text.contains("comap_store_seconds_bucket{le=\"0.001\"} 1"));
        assert!(text.contains("comap_store_seconds_count 1"));
    }
}
