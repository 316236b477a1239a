//! Serving until shutdown: opens the store, builds the state and the rooms'
//! registry, accepts connections, and on shutdown closes every map and waits
//! briefly for the last frames.

use crate::http::router::app;
use crate::http::state::AppState;
use crate::ops::addr_limit::AddrLimit;
use crate::ops::config::Config;
use crate::ops::join_codes::GuessLimit;
use crate::ops::metrics::Metrics;
use crate::ops::sockets::Sockets;
use crate::rooms::registry::Registry;
use crate::rooms::room::RoomLimits;
use crate::storage::store::Store;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// How long shutdown waits for connections after the maps are closed.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Opens the store and serves on `listener` until `shutdown` completes. Then
/// stops accepting, has every map write a snapshot and tell its people the
/// server is restarting, and returns within about eight seconds.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    if let Some(url) = &config.public_url
        && crate::http::origin::origin_of(url).is_none()
    {
        anyhow::bail!("--public-url must look like https://comap.example.org, not {url:?}");
    }
    let store = Store::open(&config.data_dir)?;
    let metrics = Arc::new(Metrics::default());
    let registry = Registry::new(
        store,
        Duration::from_secs(config.idle_unload_secs),
        config.max_open_maps,
        RoomLimits {
            max_peers: config.max_peers_per_map,
            max_doc_bytes: config.max_doc_bytes,
        },
        metrics.clone(),
    );
    tokio::spawn(sweep_expired(
        registry.clone(),
        Duration::from_secs(config.sweep_interval_secs.max(1)),
    ));
    let sockets = Sockets::default();
    let config_has_budget = config.max_memory_mb.is_some();
    let state = AppState {
        sockets: sockets.clone(),
        guesses: GuessLimit::default(),
        send_budget: crate::rooms::outbound::SendBudget::new(
            crate::rooms::outbound::SEND_BUDGET_BYTES,
        ),
        document_frames: crate::rooms::outbound::DocumentFrames::default(),
        creations: crate::ops::rate_limit::RateLimit::new(
            config.max_maps_per_hour_per_addr,
            config.max_maps_per_hour_per_addr,
        ),
        answers: crate::ops::rate_limit::RateLimit::new(
            config.max_answers_per_hour_per_addr / 10,
            config.max_answers_per_hour_per_addr,
        ),
        memory: crate::rooms::memory::MemoryBudget::new(config.max_memory_mb.unwrap_or(0)),
        allowed_origins: Arc::new(
            config
                .public_url
                .iter()
                .filter_map(|u| crate::http::origin::origin_of(u))
                .chain(config.allowed_origin.iter().cloned())
                .collect(),
        ),
        registry: registry.clone(),
        addr_limit: AddrLimit::new(config.max_conns_per_addr),
        config: Arc::new(config),
        metrics,
    };
    if config_has_budget {
        tokio::spawn(state.memory.clone().watch(registry.clone()));
    }
    let files = crate::ops::conn_limit::raise_open_files();
    state
        .metrics
        .open_files_limit
        .store(files, std::sync::atomic::Ordering::Relaxed);
    let limits = crate::ops::conn_limit::ConnLimits::new(
        state.config.max_http_conns_per_addr,
        usize::try_from(files.saturating_sub(crate::ops::conn_limit::RESERVED_FILES))
            .unwrap_or(usize::MAX)
            .max(64),
        sockets.clone(),
    );
    tracing::info!(
        open_files = files,
        "connections limited by the open-file limit"
    );
    let metrics = state.metrics.clone();
    let proxies = crate::ops::proxies::TrustedProxies::new(&state.config.trusted_proxy);
    let draining =
        crate::http::listen::serve(listener, app(state), limits, proxies, metrics, shutdown).await;
    tracing::info!("shutting down: closing maps");
    registry.close_all().await;
    // HTTP exchanges finish, and every WebSocket writes its last frames.
    let finished = futures_util::future::join(draining.finish(), sockets.idle());
    if tokio::time::timeout(SHUTDOWN_GRACE, finished)
        .await
        .is_err()
    {
        tracing::warn!("connections still open after shutdown; exiting anyway");
    }
    tracing::info!("stopped");
    Ok(())
}

/// Deletes expired maps now and then, for as long as the server runs.
async fn sweep_expired(registry: Registry, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match registry.sweep_expired(crate::clock::now_ms()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(maps = n, "expired maps deleted"),
            Err(e) => tracing::error!(error = %e, "could not delete expired maps"),
        }
        match registry
            .store()
            .delete_expired_workshops(crate::clock::now_ms())
            .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(workshops = n, "expired workshops forgotten"),
            Err(e) => tracing::error!(error = %e, "could not forget expired workshops"),
        }
    }
}
