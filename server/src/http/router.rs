//! The HTTP application's routes: which handler answers which request, and
//! the layers every exchange passes through.

use crate::http::state::AppState;
use crate::http::{
    guard, locales, map_export, maps, reflections, thumbnails, workshop_actions, workshop_controls,
    workshop_export, workshops, ws,
};
use axum::Router;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post};
use tower_http::services::{ServeDir, ServeFile};

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
    let scripts =
        guard::inline_script_hashes(&[index.clone(), static_dir.join("facilitator/index.html")]);
    let headers = guard::SecurityHeaders::new(&scripts);
    Router::new()
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/api/maps", post(maps::create))
        .route("/api/maps/{id}", delete(maps::delete).get(maps::about))
        .route("/api/maps/{id}/export/{format}", get(map_export::download))
        .route("/api/workshops", post(workshops::create))
        .route(
            "/api/workshops/{id}",
            get(workshops::get).delete(workshops::delete),
        )
        .route(
            "/api/workshops/{id}/notice",
            post(workshop_controls::notice),
        )
        .route("/api/workshops/{id}/lock", post(workshop_controls::lock))
        .route("/api/workshops/{id}/timer", post(workshop_controls::timer))
        .route(
            "/api/workshops/{id}/plenary",
            post(workshop_controls::plenary),
        )
        .route(
            "/api/workshops/{id}/actions",
            post(workshop_actions::add_action),
        )
        .route(
            "/api/workshops/{id}/actions/{n}",
            delete(workshop_actions::delete_action),
        )
        .route(
            "/api/workshops/{id}/export",
            get(workshop_export::export_all),
        )
        .route(
            "/api/workshops/{id}/reflection",
            get(reflections::get).post(reflections::set),
        )
        .route("/api/workshops/{id}/reflection.csv", get(reflections::csv))
        .route("/api/maps/{id}/reflection", post(reflections::answer))
        .route(
            "/api/workshops/{id}/rooms/{map}/thumbnail",
            get(thumbnails::thumbnail),
        )
        .route("/api/join/{code}", get(workshops::join))
        .route("/ws", get(ws::upgrade))
        .route("/locales/{file}", get(locales::catalogue))
        .route("/locales/facilitator/{file}", get(locales::facilitator))
        .route_service("/w/{id}", dashboard.clone())
        // The home page (making maps and workshops) is the facilitator's
        // page too, so the participants' page need not carry it.
        .route_service("/", dashboard)
        .fallback_service(pages)
        .with_state(state)
        .layer(axum::middleware::from_fn(guard::json_only))
        // A body that trickles in is cut off (the headers have their own deadline).
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            guard::BODY_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn_with_state(
            headers,
            guard::add_headers,
        ))
}

/// `200 ok` while the store can take writes; `503` when it cannot (a load
/// balancer then sends people elsewhere, or a supervisor is told).
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    if state.registry.store().healthy().await {
        (axum::http::StatusCode::OK, "ok")
    } else {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            "store unavailable",
        )
    }
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4")],
        state.metrics.render(),
    )
}
