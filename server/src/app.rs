//! The HTTP application: routes, shared state, and serving until shutdown.

use crate::config::Config;
use crate::registry::Registry;
use crate::store::Store;
use crate::{api, ws};
use axum::Router;
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
        .route("/api/maps", post(api::create))
        .route("/ws", get(ws::upgrade))
        .fallback_service(pages)
        .with_state(state)
}

/// Opens the store and serves on `listener` until `shutdown` completes.
pub async fn serve(
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let store = Store::open(&config.data_dir)?;
    let registry = Registry::new(
        store,
        Duration::from_secs(config.idle_unload_secs),
        config.max_peers_per_map,
    );
    let state = AppState {
        registry,
        config: Arc::new(config),
    };
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}
