//! `GET /api/workshops/<id>/rooms/<map>/thumbnail` with the facilitator
//! secret: a room's map in miniature (`comap_shared::thumbnail`), drawn from
//! the open room's document, or the stored one when nobody is in it. The
//! dashboard asks again whenever the room's `version` changes.

use crate::error::AppError;
use crate::http::state::AppState;
use crate::http::workshop_access::{authorised, pick_rooms};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

pub async fn thumbnail(
    State(state): State<AppState>,
    Path((id, map)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (_, rooms, _) = authorised(&state, &id, &headers).await?;
    pick_rooms(&rooms, Some(&map))
        .map_err(|_| AppError::NotFound("That room is not part of this workshop."))?;
    let view = crate::rooms::reading::view_of(&state.registry, &map)
        .await
        .ok_or(AppError::NotFound("That room's map could not be read."))?;
    let svg = comap_shared::thumbnail::thumbnail_svg(&view);
    Ok((
        [(CONTENT_TYPE, "image/svg+xml"), (CACHE_CONTROL, "no-store")],
        svg,
    )
        .into_response())
}
