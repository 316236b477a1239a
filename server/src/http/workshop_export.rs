//! "Export all" of a workshop: `GET /api/workshops/<id>/export` with the
//! facilitator secret gives one ZIP with every room's map as PNG, PDF and
//! CSV, the actions and the reflection's answers, from what the store holds.

use crate::clock::now_ms;
use crate::error::{AppError, StoreError};
use crate::export::{ExportError, ExportOptions, export};
use crate::http::map_export::{asked_language, asked_separator, content_disposition};
use crate::http::state::AppState;
use crate::render::image::RenderError;
use crate::render::pdf::Paper;
use crate::render::zip_write::ZipWriter;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use comap_shared::export::Format;
use comap_shared::i18n::{Arg, built_in};
use comap_shared::refusal::Refusal;
use serde::Deserialize;

/// What each room brings to the archive.
const FORMATS: [Format; 3] = [Format::Png, Format::Pdf, Format::Csv];

/// `?language=sv&separator=;` (see `map_export`).
#[derive(Debug, Deserialize)]
pub struct ExportAllQuery {
    language: Option<String>,
    separator: Option<String>,
}

/// `GET /api/workshops/<id>/export[?language=en|sv&separator=,|;|tab]`:
/// each room's files in its map's language, and the workshop's own (the
/// actions, the reflection) in the workshop's, unless a language is asked
/// for.
pub async fn export_all(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<ExportAllQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (workshop, rooms, _) =
        crate::http::workshop_access::authorised(&state, &id, &headers).await?;
    let folder = Format::Csv
        .file_name(&workshop.title)
        .trim_end_matches(".csv")
        .to_string();
    let image = ExportOptions {
        scale: 1,
        transparent: false,
        paper: Paper::A4,
        cover: false,
        static_dir: state.config.static_dir.clone(),
        language: asked_language(query.language.as_deref())?,
        separator: asked_separator(query.separator.as_deref())?,
    };
    // The workshop's own files (and what the archive says is missing).
    let words = built_in(image.language.unwrap_or(workshop.language));
    let store = state.registry.store();
    let mut zip = ZipWriter::new(now_ms());
    let mut missing = Vec::new();
    for room in &rooms {
        for format in FORMATS {
            match export(store, &room.map_id, format, &image).await {
                Ok(file) => zip
                    .add(&format!("{folder}/{}", file.file_name), &file.bytes)
                    .map_err(|_| TOO_LARGE)?,
                // Too large to draw, or drawing unavailable: the other files
                // still come, and the archive says what is missing.
                Err(ExportError::Render(e)) => {
                    tracing::warn!(map = %room.map_id, error = %e, "left out of the workshop export");
                    let why = match e {
                        RenderError::TooLarge { scale, .. } => {
                            Refusal::ImageTooLarge { scale }.worded(words)
                        }
                        _ => words.t("missing-not-drawn"),
                    };
                    missing.push(format!("{} ({}): {why}", room.name, format.key()));
                }
                Err(ExportError::NoSuchMap(_)) => {
                    missing.push(words.tf("missing-map-gone", &[("room", Arg::from(&room.name))]))
                }
                Err(ExportError::Unreadable(e)) => {
                    return Err(AppError::Internal(StoreError::Corrupt(e)));
                }
                Err(ExportError::Store(e)) => return Err(AppError::Internal(e)),
            }
        }
    }
    let separator = image.separator;
    let actions = store.actions(id.clone()).await?;
    zip.add(
        &format!("{folder}/{}.csv", words.t("file-actions")),
        comap_shared::workshop_actions::to_csv(&actions, words, separator).as_bytes(),
    )
    .map_err(|_| TOO_LARGE)?;
    let reflection = crate::http::reflections::state_of(&state, &id, workshop.language).await?;
    zip.add(
        &format!("{folder}/{}.csv", words.t("file-reflections")),
        crate::http::reflections::csv_of(&reflection, words, separator).as_bytes(),
    )
    .map_err(|_| TOO_LARGE)?;
    if !missing.is_empty() {
        let note = format!("{}\n{}\n", words.t("missing-heading"), missing.join("\n"));
        zip.add(&format!("{folder}/MISSING.txt"), note.as_bytes())
            .map_err(|_| TOO_LARGE)?;
    }
    let bytes = zip.finish().map_err(|_| TOO_LARGE)?;
    tracing::info!(workshop = %id, rooms = rooms.len(), bytes = bytes.len(), "workshop exported");
    let mut response = bytes.into_response();
    let h = response.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/zip"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&content_disposition(&format!("{folder}.zip"))) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// The workshop's files are more than one archive holds.
const TOO_LARGE: AppError = AppError::Refused(Refusal::WorkshopTooLarge);
