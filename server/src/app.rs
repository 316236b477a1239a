//! The HTTP application: routes, shared state, and serving until shutdown.

use crate::config::Config;
use crate::metrics::Metrics;
use crate::registry::Registry;
use crate::store::Store;
use crate::{api, ws};
use axum::Router;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{get, post};
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
    let pages = ServeDir::new(static_dir).fallback(ServeFile::new(index));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics))
        .route("/api/maps", post(api::create))
        .route("/ws", get(ws::upgrade))
        .fallback_service(pages)
        .with_state(state)
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}

/// Opens the store and serves on `listener` until `shutdown` completes.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let store = Store::open(&config.data_dir)?;
    let metrics = Arc::new(Metrics::default());
    let registry = Registry::new(
        store,
        Duration::from_secs(config.idle_unload_secs),
        config.max_peers_per_map,
        metrics.clone(),
    );
    let state = AppState {
        registry,
        config: Arc::new(config),
        metrics,
    };
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}
