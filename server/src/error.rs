//! Errors of the server, and the one `AppError` at the HTTP edge.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use comap_shared::i18n::{Language, built_in};
use comap_shared::refusal::Refusal;
use serde_json::json;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("the storage task failed: {0}")]
    Task(String),
    #[error("stored document is unreadable: {0}")]
    Corrupt(String),
    /// A unique value (a join code) is already taken.
    #[error("already taken: {0}")]
    Conflict(String),
}

/// What an HTTP handler can answer with besides success.
#[derive(Debug, Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    /// A request a page sends in the normal course of things, turned down
    /// for a reason the page words in its reader's language.
    #[error("{0:?}")]
    Refused(Refusal),
    /// A missing or wrong secret, or one without the right to do this.
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("internal error")]
    Internal(#[from] StoreError),
    /// Something this server cannot do now (for example, draw images
    /// without its fonts); the log says why.
    #[error("{0}")]
    Unavailable(&'static str),
    #[error("{0}")]
    NotFound(&'static str),
    /// Too many at once from one address: try again after a while.
    #[error("{message}")]
    TooMany {
        message: &'static str,
        retry_after_secs: u64,
    },
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message) = match &self {
            AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m.clone()),
            AppError::Forbidden(m) => (StatusCode::FORBIDDEN, "access_denied", m.to_string()),
            AppError::Unavailable(m) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                m.to_string(),
            ),
            AppError::NotFound(m) => (StatusCode::NOT_FOUND, "not_found", m.to_string()),
            AppError::Refused(refusal) => {
                // The reason and its variables for the page to word, and
                // English words for whoever reads the JSON itself.
                let english = refusal.worded(built_in(Language::En));
                return (StatusCode::BAD_REQUEST, Json(refusal.to_json(english))).into_response();
            }
            AppError::TooMany {
                message,
                retry_after_secs,
            } => {
                let body = Json(json!({ "error": "rate_limited", "message": message }));
                let wait = [(
                    axum::http::header::RETRY_AFTER,
                    retry_after_secs.to_string(),
                )];
                return (StatusCode::TOO_MANY_REQUESTS, wait, body).into_response();
            }
            AppError::Internal(e) => {
                tracing::error!(error = %e, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "The server could not complete the request.".to_string(),
                )
            }
        };
        (status, Json(json!({ "error": code, "message": message }))).into_response()
    }
}
