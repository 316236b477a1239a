//! A workshop's reflection over HTTP (`docs/api.md`):
//! - `POST /api/workshops/<id>/reflection` (facilitator): open it with its
//!   questions, or close it; every room is told at once.
//! - `GET /api/workshops/<id>/reflection` (facilitator): it with every
//!   answer (`GET /api/workshops/<id>` has only how many, and a version).
//! - `GET /api/workshops/<id>/reflection.csv` (facilitator): the answers.
//! - `POST /api/maps/<id>/reflection` with any of the room's secrets: one
//!   person's answers, replacing what they answered before.
//!
//! The answers also come in Export all.

use crate::clock::now_ms;
use crate::error::AppError;
use crate::http::map_export::{asked_language, asked_separator, content_disposition};
use crate::http::maps::bearer;
use crate::http::state::AppState;
use crate::http::workshop_access::{authorised, read_json, tell_open_rooms};
use crate::rooms::room::RoomMsg;
use crate::secrets;
use crate::storage::workshops::RoomRow;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use comap_shared::csv::Separator;
use comap_shared::i18n::{Catalogue, Language, built_in};
use comap_shared::reflection::{
    Answering, MAX_RESPONSES, ReflectionError, ReflectionState, ReflectionSummary, SetReflection,
    default_questions,
};

use comap_shared::refusal::Refusal;
use serde::Deserialize;

const NO_ROOM_ACCESS: &str = "This link cannot answer in this room. Send any of the room's links' secrets as `Authorization: Bearer <secret>`.";

/// The reflection as the dashboard shows it: the default questions (in the
/// workshop's language), closed, until the facilitator opens one.
pub(crate) async fn state_of(
    state: &AppState,
    id: &str,
    language: Language,
) -> Result<ReflectionState, AppError> {
    Ok(state
        .registry
        .store()
        .reflection_state(id.to_string())
        .await?
        .unwrap_or_else(|| ReflectionState {
            open: false,
            questions: default_questions(built_in(language)),
            anonymous: true,
            responses: Vec::new(),
            version: 0,
        }))
}

/// The reflection without its answers, for `GET /api/workshops/<id>`.
pub(crate) async fn summary_of(
    state: &AppState,
    id: &str,
    language: Language,
) -> Result<ReflectionSummary, AppError> {
    Ok(state
        .registry
        .store()
        .reflection_summary(id.to_string())
        .await?
        .unwrap_or_else(|| ReflectionSummary {
            open: false,
            questions: default_questions(built_in(language)),
            anonymous: true,
            answered: 0,
            version: 0,
        }))
}

/// `GET /api/workshops/<id>/reflection`: the reflection and every answer.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<ReflectionState>, AppError> {
    let (workshop, _, _) = authorised(&state, &id, &headers).await?;
    Ok(Json(state_of(&state, &id, workshop.language).await?))
}

/// `POST /api/workshops/<id>/reflection`: `{"open": true, "questions"?,
/// "anonymous"?}` or `{"open": false}`. Answers with the reflection.
pub async fn set(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ReflectionState>, AppError> {
    let (workshop, rooms, _) = authorised(&state, &id, &headers).await?;
    let req: SetReflection = read_json(
        &body,
        r#"{"open": true|false, "questions": ["…"], "anonymous": true|false}"#,
    )?;
    let store = state.registry.store();
    let reflection = if req.open || req.questions.is_some() {
        req.checked(&default_questions(built_in(workshop.language)))
            .map_err(|e| AppError::BadRequest(e.to_string()))?
    } else {
        // Closing keeps the questions that were asked.
        match store.reflection(id.clone()).await? {
            Some((r, _)) => r,
            None => {
                return Err(AppError::Refused(Refusal::NoReflection));
            }
        }
    };
    store
        .set_reflection(id.clone(), reflection.clone(), req.open)
        .await?;
    let everyone: Vec<&RoomRow> = rooms.iter().collect();
    let shown = req.open.then_some(reflection);
    tell_open_rooms(&state, &everyone, || RoomMsg::Reflection(shown.clone())).await;
    tracing::info!(workshop = %id, open = req.open, "reflection opened or closed");
    Ok(Json(state_of(&state, &id, workshop.language).await?))
}

/// The answers as CSV, with their times in UTC.
pub(crate) fn csv_of(
    reflection: &ReflectionState,
    words: &Catalogue,
    separator: Separator,
) -> String {
    comap_shared::reflection::to_csv(
        &reflection.responses,
        crate::export::utc_time,
        words,
        separator,
    )
}

/// `?language=sv&separator=;` for the reflection's CSV.
#[derive(Debug, Deserialize)]
pub struct CsvQuery {
    language: Option<String>,
    separator: Option<String>,
}

/// `GET /api/workshops/<id>/reflection.csv[?language=en|sv&separator=,|;|tab]`
/// (headings in the workshop's language unless asked).
pub async fn csv(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<CsvQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (workshop, _, _) = authorised(&state, &id, &headers).await?;
    let language = asked_language(query.language.as_deref())?.unwrap_or(workshop.language);
    let separator = asked_separator(query.separator.as_deref())?;
    let words = built_in(language);
    let reflection = state_of(&state, &id, workshop.language).await?;
    let mut response = csv_of(&reflection, words, separator).into_response();
    let h = response.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let name = format!("{} - {}.csv", workshop.title, words.t("file-reflections"));
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&name)) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// `POST /api/maps/<id>/reflection`: `{"respondent", "answers": ["…"],
/// "name"?, "role"?}` with any of the room's secrets.
pub async fn answer(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(client): axum::extract::ConnectInfo<std::net::SocketAddr>,
    Path(map): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    let secret = bearer(&headers).ok_or(AppError::Forbidden(NO_ROOM_ACCESS))?;
    if !comap_shared::protocol::valid_map_id(&map) {
        return Err(AppError::Forbidden(NO_ROOM_ACCESS));
    }
    let store = state.registry.store();
    let access = store.access(map.clone()).await?;
    if secrets::grant(access.as_ref(), secret).is_none() {
        state.metrics.refused("reflection_denied");
        return Err(AppError::Forbidden(NO_ROOM_ACCESS));
    }
    if let Err(wait) = state
        .answers
        .take(client.ip(), 1, std::time::Instant::now())
    {
        state.metrics.refused("answers_limited");
        return Err(AppError::TooMany {
            message: "Many answers have come from your network just now. Please send yours again in a minute.",
            retry_after_secs: wait.as_secs().max(1),
        });
    }
    let req: Answering = read_json(&body, r#"{"respondent", "answers": ["…"], "name", "role"}"#)?;
    let open = store.reflection_for_map(map.clone()).await?;
    let response = req
        .checked(
            open.as_ref().map(|o| &o.reflection),
            open.as_ref().map_or("", |o| o.room.as_str()),
            now_ms(),
        )
        .map_err(|e| match e {
            ReflectionError::Closed => AppError::Refused(Refusal::ReflectionClosed),
            other => AppError::BadRequest(other.to_string()),
        })?;
    let Some(open) = open else {
        return Err(AppError::Refused(Refusal::ReflectionClosed));
    };
    if !store
        .keep_response(open.workshop.clone(), req.respondent, response)
        .await?
    {
        return Err(AppError::Refused(Refusal::ReflectionFull {
            max: MAX_RESPONSES as u32,
        }));
    }
    tracing::info!(workshop = %open.workshop, "reflection answered");
    Ok(StatusCode::NO_CONTENT)
}
