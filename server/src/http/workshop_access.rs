//! What every facilitator request about a workshop begins with: checking
//! the facilitator secret (`authorised`), reading its JSON body, choosing
//! its rooms, and telling the rooms that are open.

use crate::error::AppError;
use crate::http::maps::bearer;
use crate::http::state::AppState;
use crate::rooms::room::RoomMsg;
use crate::secrets;
use crate::storage::workshops::{RoomRow, WorkshopRow};
use axum::http::HeaderMap;

const NOT_FACILITATOR: &str = "Only the workshop's facilitator link can do this. Send it as `Authorization: Bearer <secret>`.";

/// The workshop, when `headers` carry its facilitator secret (returned).
pub async fn authorised(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<(WorkshopRow, Vec<RoomRow>, String), AppError> {
    let secret = bearer(headers).ok_or(AppError::Forbidden(NOT_FACILITATOR))?;
    let found = if comap_shared::protocol::valid_map_id(id) {
        state.registry.store().workshop(id.to_string()).await?
    } else {
        None
    };
    // An unknown workshop and a wrong secret take the same path.
    let hash = found
        .as_ref()
        .map_or(&[0u8; 32][..], |(w, _)| w.facilitator_hash.as_slice());
    let right = secrets::matches(secret, hash);
    match found {
        Some((w, rooms)) if right => Ok((w, rooms, secret.to_string())),
        _ => {
            state.metrics.refused("workshop_denied");
            Err(AppError::Forbidden(NOT_FACILITATOR))
        }
    }
}

/// A request body as JSON of the `expected` shape, or a 400 saying so.
pub fn read_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
    expected: &str,
) -> Result<T, AppError> {
    serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("Expected JSON {expected}: {e}")))
}

/// Every room, or the one whose map is `room`.
pub fn pick_rooms<'a>(
    rooms: &'a [RoomRow],
    room: Option<&str>,
) -> Result<Vec<&'a RoomRow>, AppError> {
    match room {
        None => Ok(rooms.iter().collect()),
        Some(map) => {
            let one: Vec<&RoomRow> = rooms.iter().filter(|r| r.map_id == map).collect();
            if one.is_empty() {
                return Err(AppError::BadRequest(
                    "That room is not part of this workshop.".into(),
                ));
            }
            Ok(one)
        }
    }
}

/// Tells the rooms that are open; the others read the store when they open.
pub async fn tell_open_rooms(state: &AppState, rooms: &[&RoomRow], msg: impl Fn() -> RoomMsg) {
    for room in rooms {
        if let Some(h) = state.registry.loaded(&room.map_id).await {
            let _ = h.tx.send(msg()).await;
        }
    }
}
