//! The pages' catalogues (`GET /locales/<code>.ftl`, and the facilitator's
//! page's part under `/locales/facilitator/`): fetched by a page when a
//! language other than English (built into the page) is chosen.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use comap_shared::i18n::{self, Language};

/// `GET /locales/<code>.ftl`: the words every page shares.
pub async fn catalogue(Path(file): Path<String>) -> Response {
    serve(&file, i18n::source)
}

/// `GET /locales/facilitator/<code>.ftl`: the facilitator's page's words.
pub async fn facilitator(Path(file): Path<String>) -> Response {
    serve(&file, i18n::facilitator_source)
}

fn serve(file: &str, part: fn(Language) -> &'static str) -> Response {
    let language = file
        .strip_suffix(".ftl")
        .filter(|code| code.chars().all(|c| c.is_ascii_lowercase()))
        .and_then(Language::from_code);
    match language {
        Some(language) => (
            [
                (CONTENT_TYPE, "text/plain; charset=utf-8"),
                // A new server may bring new words: asked again each time,
                // answered from the cache when unchanged.
                (CACHE_CONTROL, "no-cache"),
            ],
            part(language),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such language").into_response(),
    }
}
