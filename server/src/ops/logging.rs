//! What the server logs: `RUST_LOG` (default `info`), with the tracing spans
//! of Automerge off unless `RUST_LOG` names Automerge itself.
//!
//! Automerge 0.12 instruments its loading of changes with spans whose
//! fields include the document's whole change graph, formatted with `Debug`
//! whenever the span is enabled: at `info`, every edit would pay for
//! formatting a structure that grows with the map's history (measured: 28.7
//! ms of server CPU per edit on a 200-card map with 5,700 changes, 2.7 ms
//! without). `RUST_LOG=info,automerge=debug` turns them back on.

use crate::ops::config::LogFormat;

/// The filter directives for a `RUST_LOG` value (or none).
pub fn directives(rust_log: Option<&str>) -> String {
    let asked = rust_log.map(str::trim).filter(|s| !s.is_empty());
    let base = asked.unwrap_or("info");
    if base.contains("automerge") {
        base.to_string()
    } else {
        format!("{base},automerge=warn")
    }
}

/// Starts logging to stderr in `format`.
pub fn init(format: LogFormat) {
    let asked = std::env::var("RUST_LOG").ok();
    let filter = tracing_subscriber::EnvFilter::try_new(directives(asked.as_deref()))
        .unwrap_or_else(|e| {
            eprintln!("RUST_LOG is not understood ({e}); logging at info");
            tracing_subscriber::EnvFilter::new(directives(None))
        });
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs.json().init(),
    }
}

#[cfg(test)]
mod tests {
    use super::directives;

    #[test]
    fn automerge_spans_are_off_unless_asked_for() {
        assert_eq!(directives(None), "info,automerge=warn");
        assert_eq!(directives(Some("")), "info,automerge=warn");
        assert_eq!(directives(Some("debug")), "debug,automerge=warn");
        assert_eq!(
            directives(Some("comap_server=trace")),
            "comap_server=trace,automerge=warn"
        );
        assert_eq!(
            directives(Some("info,automerge=debug")),
            "info,automerge=debug"
        );
    }

    #[test]
    fn with_these_directives_automerge_info_spans_are_disabled() {
        use tracing_subscriber::layer::SubscriberExt;
        let filter = tracing_subscriber::EnvFilter::new(directives(Some("debug")));
        let subscriber = tracing_subscriber::registry().with(filter);
        tracing::subscriber::with_default(subscriber, || {
            // A span at Automerge's target and level, as its `#[instrument]` makes.
            let span = tracing::info_span!(target: "automerge::storage::load", "load_changes");
            assert!(span.is_disabled());
            let ours = tracing::debug_span!(target: "comap_server::rooms::room", "ours");
            assert!(!ours.is_disabled());
        });
    }
}
