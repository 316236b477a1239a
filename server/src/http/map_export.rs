//! `GET /api/maps/<id>/export/<format>` with any of the map's secrets as
//! `Authorization: Bearer <secret>` (a view link is enough): the file of
//! `crate::export`, with the headers that make the browser save it.

use crate::error::{AppError, StoreError};
use crate::export::{ExportError, ExportOptions, export};
use crate::http::maps::bearer;
use crate::http::state::AppState;
use crate::render::image::{self as render, RenderError};
use crate::render::pdf::Paper;
use crate::secrets;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use comap_shared::csv::Separator;
use comap_shared::export::Format;
use comap_shared::i18n::Language;
use comap_shared::refusal::Refusal;
use serde::Deserialize;

const NO_ACCESS: &str = "This link cannot export this map. Send any of the map's links' secrets as `Authorization: Bearer <secret>`.";

fn unknown_format(asked: &str) -> AppError {
    let known: Vec<&str> = Format::ALL.iter().map(|f| f.key()).collect();
    AppError::BadRequest(format!(
        "Unknown export format {asked:?}; choose one of {}.",
        known.join(", ")
    ))
}

/// `?scale=2&background=transparent` for images, `?language=sv` for any
/// file, `?separator=;` for CSV.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    scale: Option<String>,
    background: Option<String>,
    paper: Option<String>,
    cover: Option<String>,
    language: Option<String>,
    separator: Option<String>,
}

/// The `language` asked for: `None` (the map's own) when not asked.
pub fn asked_language(asked: Option<&str>) -> Result<Option<Language>, AppError> {
    asked
        .map(|code| {
            Language::from_code(code).ok_or_else(|| {
                let known: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
                AppError::BadRequest(format!(
                    "language must be one of {}, not {code:?}.",
                    known.join(", ")
                ))
            })
        })
        .transpose()
}

/// The CSV `separator` asked for: `,` when not asked.
pub fn asked_separator(asked: Option<&str>) -> Result<Separator, AppError> {
    match asked {
        None => Ok(Separator::default()),
        Some(s) => Separator::parse(s).ok_or_else(|| {
            AppError::BadRequest(format!("separator must be ',', ';' or 'tab', not {s:?}."))
        }),
    }
}

/// `GET /api/maps/<id>/export/<format>[?scale=1|2|4&background=white|transparent&language=en|sv&separator=,|;|tab]`.
pub async fn download(
    State(state): State<AppState>,
    Path((id, format)): Path<(String, String)>,
    Query(query): Query<ExportQuery>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let format = Format::from_key(&format).ok_or_else(|| unknown_format(&format))?;
    let scale = match query.scale.as_deref() {
        None => 2,
        Some(s) => s
            .parse()
            .ok()
            .filter(|n| render::SCALES.contains(n))
            .ok_or_else(|| AppError::BadRequest(format!("scale must be 1, 2 or 4, not {s:?}.")))?,
    };
    let transparent = match query.background.as_deref() {
        None | Some("white") => false,
        Some("transparent") => true,
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "background must be white or transparent, not {other:?}."
            )));
        }
    };
    let secret = bearer(&headers).ok_or(AppError::Forbidden(NO_ACCESS))?;
    if !comap_shared::protocol::valid_map_id(&id) {
        return Err(AppError::Forbidden(NO_ACCESS));
    }
    let store = state.registry.store();
    let access = store.access(id.clone()).await?;
    let Some(grant) = secrets::grant(access.as_ref(), secret) else {
        state.metrics.refused("export_denied");
        return Err(AppError::Forbidden(NO_ACCESS));
    };
    // The whole document holds every name anyone gave: the facilitator's.
    if format == Format::Automerge && !grant.facilitator {
        state.metrics.refused("export_denied");
        return Err(AppError::Forbidden(
            "Only the facilitator's link can download the whole document, which holds everyone's names.",
        ));
    }
    let cover = match query.cover.as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "cover must be true or false, not {other:?}."
            )));
        }
    };
    let paper = match query.paper.as_deref() {
        None => Paper::A4,
        Some(p) => Paper::from_key(p)
            .ok_or_else(|| AppError::BadRequest(format!("paper must be a4 or a3, not {p:?}.")))?,
    };
    let options = ExportOptions {
        scale,
        transparent,
        paper,
        cover,
        static_dir: state.config.static_dir.clone(),
        language: asked_language(query.language.as_deref())?,
        separator: asked_separator(query.separator.as_deref())?,
    };
    let file = match export(store, &id, format, &options).await {
        Ok(f) => f,
        Err(ExportError::NoSuchMap(_)) => return Err(AppError::Forbidden(NO_ACCESS)),
        Err(ExportError::Unreadable(e)) => {
            return Err(AppError::Internal(StoreError::Corrupt(e)));
        }
        Err(ExportError::Store(e)) => return Err(AppError::Internal(e)),
        Err(ExportError::Render(RenderError::TooLarge { scale, .. })) => {
            return Err(AppError::Refused(Refusal::ImageTooLarge { scale }));
        }
        Err(ExportError::Render(e)) => {
            tracing::error!(map = %id, error = %e, "could not draw an export");
            return Err(AppError::Unavailable(
                "The server cannot draw images of maps just now. The other exports work.",
            ));
        }
    };
    tracing::info!(map = %id, format = format.key(), bytes = file.bytes.len(), "map exported");
    let disposition = content_disposition(&file.file_name);
    let mut response = file.bytes.into_response();
    let h = response.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(format.content_type()),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// `attachment` with an ASCII file name and the exact UTF-8 one (RFC 6266).
pub fn content_disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut exact = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            exact.push(char::from(b));
        } else {
            exact.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{exact}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn file_names_are_safe_in_the_header_and_exact_for_browsers() {
        assert_eq!(
            content_disposition("Hip \"new\" café.csv"),
            "attachment; filename=\"Hip _new_ caf_.csv\"; filename*=UTF-8''Hip%20%22new%22%20caf%C3%A9.csv"
        );
    }
}
