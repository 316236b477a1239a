//! What a facilitator does to a workshop's rooms while it runs: a notice to
//! everyone, locking rooms, the timer, and bringing breakout rooms into the
//! plenary (`docs/api.md`).

use crate::clock::now_ms;
use crate::error::AppError;
use crate::http::state::AppState;
use crate::http::workshop_access::{authorised, pick_rooms, read_json, tell_open_rooms};
use crate::rooms::room::{RoomMsg, RoomToBring};
use crate::storage::workshops::RoomRow;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use comap_shared::refusal::Refusal;
use comap_shared::timer::TimerAction;
use tokio::sync::oneshot;

#[derive(serde::Deserialize)]
struct NoticeRequest {
    text: String,
    /// One room's map id; every room when absent.
    #[serde(default)]
    room: Option<String>,
}

/// `POST /api/workshops/<id>/notice` with the facilitator secret:
/// `{"text": "10 minutes left", "room": "<map id>"}` (no `room`: every
/// room). Everyone in the rooms sees it until they dismiss it; people
/// joining in the next 15 minutes get it too. Answers `{"rooms": n}`.
pub async fn notice(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    let (_, rooms, _) = authorised(&state, &id, &headers).await?;
    let req: NoticeRequest = read_json(&body, r#"{"text", "room"}"#)?;
    let text = req.text.trim().to_string();
    let max = comap_shared::protocol::MAX_NOTICE_CHARS;
    if text.is_empty() {
        return Err(AppError::Refused(Refusal::NoticeEmpty));
    }
    if text.chars().count() > max {
        return Err(AppError::Refused(Refusal::NoticeTooLong {
            max: max as u32,
        }));
    }
    let targets = pick_rooms(&rooms, req.room.as_deref())?;
    let notice = comap_shared::protocol::Notice {
        text,
        sent_ms: now_ms(),
    };
    // Kept, so people arriving soon see it even in a room nobody has
    // opened yet (or one that closed since).
    let maps = targets.iter().map(|r| r.map_id.clone()).collect();
    state
        .registry
        .store()
        .set_notice(maps, notice.clone())
        .await?;
    tell_open_rooms(&state, &targets, || RoomMsg::Notice(notice.clone())).await;
    let sent = targets.len();
    Ok(Json(serde_json::json!({ "rooms": sent })))
}

#[derive(serde::Deserialize)]
struct LockRequest {
    locked: bool,
    /// One room's map id; every room when absent.
    #[serde(default)]
    room: Option<String>,
}

/// `POST /api/workshops/<id>/lock`: `{"locked": true|false, "room"?}`. While
/// a room is locked only the facilitator's link may change its map.
pub async fn lock(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    let (_, rooms, _) = authorised(&state, &id, &headers).await?;
    let req: LockRequest = read_json(&body, r#"{"locked", "room"}"#)?;
    let targets = pick_rooms(&rooms, req.room.as_deref())?;
    let maps = targets.iter().map(|r| r.map_id.clone()).collect();
    state.registry.store().set_locked(maps, req.locked).await?;
    tell_open_rooms(&state, &targets, || RoomMsg::Lock(req.locked)).await;
    tracing::info!(workshop = %id, rooms = targets.len(), locked = req.locked, "rooms locked or unlocked");
    Ok(Json(
        serde_json::json!({ "rooms": targets.len(), "locked": req.locked }),
    ))
}

/// `POST /api/workshops/<id>/timer`: start, pause, resume, add minutes or
/// stop the workshop's timer, shown in every room.
pub async fn timer(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    let (_, rooms, _) = authorised(&state, &id, &headers).await?;
    let action: TimerAction = read_json(
        &body,
        r#"{"action": "start" | "pause" | "resume" | "add" | "stop", "minutes"}"#,
    )?;
    let store = state.registry.store();
    let now = now_ms();
    let current = store.workshop_timer(id.clone()).await?;
    let next = comap_shared::timer::apply(current, action, now)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    store.set_workshop_timer(id, next).await?;
    let all: Vec<&RoomRow> = rooms.iter().collect();
    tell_open_rooms(&state, &all, || RoomMsg::Timer(next)).await;
    Ok(Json(
        serde_json::json!({ "timer": next.map(|t| t.shown_at(now)) }),
    ))
}

#[derive(serde::Deserialize)]
struct PlenaryRequest {
    /// The rooms' map ids; every breakout room when absent.
    #[serde(default)]
    rooms: Option<Vec<String>>,
}

/// `POST /api/workshops/<id>/plenary`: copies breakout rooms' maps into the
/// plenary map (stages and lanes merged by name, each card tagged with its
/// room; again later, only what is new).
pub async fn plenary(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    let (_, rooms, _) = authorised(&state, &id, &headers).await?;
    let req: PlenaryRequest = read_json(&body, r#"{"rooms": ["<map id>", …]}"#)?;
    let plenary = rooms
        .iter()
        .find(|r| r.plenary)
        .ok_or(AppError::Refused(Refusal::NoPlenary))?;
    let chosen: Vec<&RoomRow> = match &req.rooms {
        None => rooms.iter().filter(|r| !r.plenary).collect(),
        Some(maps) => {
            let mut chosen = Vec::new();
            for map in maps {
                match rooms.iter().find(|r| &r.map_id == map && !r.plenary) {
                    Some(r) => chosen.push(r),
                    None => {
                        return Err(AppError::Refused(Refusal::NotABreakoutRoom));
                    }
                }
            }
            chosen
        }
    };
    if chosen.is_empty() {
        return Err(AppError::Refused(Refusal::NoRoomChosen));
    }
    let store = state.registry.store();
    let mut to_bring = Vec::with_capacity(chosen.len());
    for r in &chosen {
        // Everything acknowledged to the room's people is in the store.
        let Some(stored) = store.load(r.map_id.clone()).await? else {
            continue;
        };
        let view = stored
            .doc()
            .ok()
            .and_then(|doc| comap_shared::read_map(&doc).ok())
            .ok_or(AppError::Unavailable("A room's map could not be read."))?;
        to_bring.push(RoomToBring {
            map_id: r.map_id.clone(),
            name: r.name.clone(),
            view,
        });
    }
    let handle = state
        .registry
        .get_or_load(&plenary.map_id)
        .await
        .map_err(|_| {
            AppError::Unavailable("The server is too busy to open the plenary. Please try again.")
        })?
        .ok_or(AppError::NotFound("The plenary map no longer exists."))?;
    let (reply, answer) = oneshot::channel();
    handle
        .tx
        .send(RoomMsg::Bring {
            rooms: to_bring,
            reply,
        })
        .await
        .map_err(|_| AppError::Unavailable("The plenary closed. Please try again."))?;
    let brought = answer
        .await
        .map_err(|_| AppError::Unavailable("The plenary closed. Please try again."))?
        .map_err(AppError::Unavailable)?;
    let sum =
        |f: fn(&comap_shared::plenary::Brought) -> usize| brought.iter().map(f).sum::<usize>();
    tracing::info!(workshop = %id, rooms = brought.len(), cards = sum(|b| b.cards), "rooms brought to the plenary");
    Ok(Json(serde_json::json!({
        "rooms": brought.len(),
        "cards": sum(|b| b.cards),
        "stages_added": sum(|b| b.stages_added),
        "lanes_added": sum(|b| b.lanes_added),
    })))
}
