//! The HTTP application: routes, shared state, and serving until shutdown.

use crate::addr_limit::AddrLimit;
use crate::config::Config;
use crate::join_codes::GuessLimit;
use crate::metrics::Metrics;
use crate::registry::Registry;
use crate::room::RoomLimits;
use crate::sockets::Sockets;
use crate::store::Store;
use crate::{api, export, thumbnails, workshops, ws};
use axum::Router;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::services::{ServeDir, ServeFile};

#[derive(Clone)]
pub struct AppState {
    pub registry: Registry,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    pub addr_limit: AddrLimit,
    pub sockets: Sockets,
    /// Wrong join codes, counted to slow down guessing.
    pub guesses: GuessLimit,
    /// Bytes handed to sockets and not yet flushed, for all connections.
    pub send_budget: crate::outbound::SendBudget,
    /// Stored maps being sent to newcomers, one copy each.
    pub document_frames: crate::outbound::DocumentFrames,
    /// Maps made per client address.
    pub creations: crate::rate_limit::RateLimit,
    /// Reflection answers per client address.
    pub answers: crate::rate_limit::RateLimit,
    /// The memory budget: joins wait for it, idle maps make room for it.
    pub memory: crate::memory::MemoryBudget,
    /// Origins whose pages may open WebSockets (the public URL's and the
    /// listed ones); empty: the server's own, reached by address.
    pub allowed_origins: Arc<Vec<String>>,
}

pub fn app(state: AppState) -> Router {
    let static_dir = &state.config.static_dir;
    let index = static_dir.join("index.html");
    if !index.exists() {
        tracing::warn!(
            dir = %static_dir.display(),
            "the client is not built there; run `cargo xtask run` or pass --static-dir"
        );
    }
    // `cargo xtask` writes a brotli and a gzip copy beside each built file;
    // browsers get the smallest they accept, or the file as it is.
    let pages = ServeDir::new(static_dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(&index)
                .precompressed_br()
                .precompressed_gzip(),
        );
    // A workshop's dashboard is the facilitator's page, a bundle of its own.
    let dashboard = ServeFile::new(static_dir.join("facilitator/index.html"))
        .precompressed_br()
        .precompressed_gzip();
    let scripts = crate::http_guard::inline_script_hashes(&[
        index.clone(),
        static_dir.join("facilitator/index.html"),
    ]);
    let headers = crate::http_guard::SecurityHeaders::new(&scripts);
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics))
        .route("/api/maps", post(api::create))
        .route("/api/maps/{id}", delete(api::delete).get(api::about))
        .route("/api/maps/{id}/export/{format}", get(export::download))
        .route("/api/workshops", post(workshops::create))
        .route(
            "/api/workshops/{id}",
            get(workshops::get).delete(workshops::delete),
        )
        .route("/api/workshops/{id}/notice", post(workshops::notice))
        .route("/api/workshops/{id}/lock", post(workshops::lock))
        .route("/api/workshops/{id}/timer", post(workshops::timer))
        .route("/api/workshops/{id}/plenary", post(workshops::plenary))
        .route(
            "/api/workshops/{id}/actions",
            post(crate::workshop_actions::add_action),
        )
        .route(
            "/api/workshops/{id}/actions/{n}",
            delete(crate::workshop_actions::delete_action),
        )
        .route(
            "/api/workshops/{id}/export",
            get(crate::workshop_export::export_all),
        )
        .route(
            "/api/workshops/{id}/reflection",
            get(crate::reflections::get).post(crate::reflections::set),
        )
        .route(
            "/api/workshops/{id}/reflection.csv",
            get(crate::reflections::csv),
        )
        .route(
            "/api/maps/{id}/reflection",
            post(crate::reflections::answer),
        )
        .route(
            "/api/workshops/{id}/rooms/{map}/thumbnail",
            get(thumbnails::thumbnail),
        )
        .route("/api/join/{code}", get(workshops::join))
        .route("/ws", get(ws::upgrade))
        .route_service("/w/{id}", dashboard)
        .fallback_service(pages)
        .with_state(state)
        .layer(axum::middleware::from_fn(crate::http_guard::json_only))
        // A body that trickles in is cut off (the headers have their own deadline).
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            crate::http_guard::BODY_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn_with_state(
            headers,
            crate::http_guard::add_headers,
        ))
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

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
        && crate::origin::origin_of(url).is_none()
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
        send_budget: crate::outbound::SendBudget::new(crate::outbound::SEND_BUDGET_BYTES),
        document_frames: crate::outbound::DocumentFrames::default(),
        creations: crate::rate_limit::RateLimit::new(
            config.max_maps_per_hour_per_addr,
            config.max_maps_per_hour_per_addr,
        ),
        answers: crate::rate_limit::RateLimit::new(
            config.max_answers_per_hour_per_addr / 10,
            config.max_answers_per_hour_per_addr,
        ),
        memory: crate::memory::MemoryBudget::new(config.max_memory_mb.unwrap_or(0)),
        allowed_origins: Arc::new(
            config
                .public_url
                .iter()
                .filter_map(|u| crate::origin::origin_of(u))
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
    let files = crate::conn_limit::raise_open_files();
    state
        .metrics
        .open_files_limit
        .store(files, std::sync::atomic::Ordering::Relaxed);
    let limits = crate::conn_limit::ConnLimits::new(
        state.config.max_http_conns_per_addr,
        usize::try_from(files.saturating_sub(crate::conn_limit::RESERVED_FILES))
            .unwrap_or(usize::MAX)
            .max(64),
        sockets.clone(),
    );
    tracing::info!(
        open_files = files,
        "connections limited by the open-file limit"
    );
    let metrics = state.metrics.clone();
    let draining = crate::listen::serve(listener, app(state), limits, metrics, shutdown).await;
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
