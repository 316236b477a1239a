//! Workshops over HTTP (`docs/api.md`): `POST /api/workshops` makes one map
//! per breakout room (and a plenary map), all sharing the workshop's
//! facilitator secret; `GET /api/workshops/<id>` is the facilitator's view
//! with each room's live figures; `DELETE` removes everything at once;
//! `GET /api/join/<code>` turns a join code into its room's edit link.

use crate::api::{self, NewMap, bearer};
use crate::app::AppState;
use crate::clock::{DAY_MS, now_ms};
use crate::error::{AppError, StoreError};
use crate::join_codes;
use crate::room::{RoomMsg, RoomToBring};
use crate::secrets;
use crate::workshop_store::{RoomRow, WorkshopRow};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use comap_shared::Template;
use comap_shared::timer::TimerAction;
use comap_shared::workshop::{
    CreateWorkshop, JoinTarget, PLENARY_NAME, RoomActivity, Workshop, WorkshopRoom, normalise_code,
    room_map_title,
};
use std::net::SocketAddr;
use std::time::Instant;
use tokio::sync::oneshot;

const NOT_FACILITATOR: &str = "Only the workshop's facilitator link can do this. Send it as `Authorization: Bearer <secret>`.";
const NO_SUCH_CODE: &str = "No room has this code \u{2014} check it with your facilitator.";
const DELETED: &str = "This workshop has been deleted by its facilitator.";
/// Attempts at drawing join codes that are not taken yet.
const CODE_TRIES: usize = 5;

fn room_json(r: &RoomRow, facilitator: &str, activity: Option<RoomActivity>) -> WorkshopRoom {
    WorkshopRoom {
        name: r.name.clone(),
        map_id: r.map_id.clone(),
        plenary: r.plenary,
        join_code: r.join_code.clone(),
        edit_url: format!("/m/{}#k={}", r.map_id, r.edit_secret),
        view_url: format!("/m/{}#k={}", r.map_id, r.view_secret),
        facilitator_url: format!("/m/{}#k={facilitator}", r.map_id),
        activity,
        locked: false,
        full: false,
    }
}

fn workshop_json(w: &WorkshopRow, rooms: Vec<WorkshopRoom>, facilitator: &str) -> Workshop {
    Workshop {
        id: w.id.clone(),
        title: w.title.clone(),
        facilitator_url: format!("/w/{}#k={facilitator}", w.id),
        created_ms: w.created_ms,
        expires_ms: w.expires_ms,
        rooms,
        timer: None,
        actions: Vec::new(),
        top_ideas: Vec::new(),
        reflection: None,
    }
}

/// `POST /api/workshops`.
pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    body: Bytes,
) -> Result<(StatusCode, Json<Workshop>), AppError> {
    let req: CreateWorkshop = serde_json::from_slice(&body).map_err(|e| {
        AppError::BadRequest(format!(
            "Expected JSON {{\"title\", \"rooms\", \"template\", \"room_names\", \"plenary\", \"expiry_days\"}}: {e}"
        ))
    })?;
    let bad = |e: comap_shared::workshop::WorkshopError| AppError::BadRequest(e.to_string());
    let (title, mut names) = req.checked().map_err(bad)?;
    let days = req.days(state.config.retention_days).map_err(bad)?;
    // Every room is a map, and so is the plenary.
    let maps = u32::try_from(names.len() + 1).unwrap_or(u32::MAX);
    crate::api::may_make(&state, client.ip(), maps)?;
    let template = match &req.template {
        Some(key) => api::template_of(key)?,
        None => Template::PatientJourney,
    };
    let facilitator = secrets::new_secret();
    let created_ms = now_ms();
    let expires_ms = created_ms + i64::from(days) * DAY_MS;
    let workshop = WorkshopRow {
        id: secrets::new_map_id(),
        title: title.clone(),
        facilitator_hash: secrets::hash_secret(&facilitator),
        created_ms,
        expires_ms,
    };
    let rooms_wanted = names.len();
    if req.plenary {
        names.push(PLENARY_NAME.to_string());
    }
    let mut rooms = Vec::new();
    let made = async {
        for (i, name) in names.into_iter().enumerate() {
            let map_title = room_map_title(&title, &name);
            let NewMap { id, edit, view } = api::new_map(
                &state,
                &map_title,
                template,
                false,
                &facilitator,
                created_ms,
                expires_ms,
            )
            .await?;
            rooms.push(RoomRow {
                name,
                plenary: i >= rooms_wanted,
                map_id: id,
                join_code: String::new(),
                edit_secret: edit,
                view_secret: view,
            });
        }
        for _ in 0..CODE_TRIES {
            let mut codes: Vec<String> = Vec::new();
            while codes.len() < rooms.len() {
                let code = join_codes::new_code();
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            for (room, code) in rooms.iter_mut().zip(codes) {
                room.join_code = code;
            }
            match state
                .registry
                .store()
                .create_workshop(workshop.clone(), rooms.clone())
                .await
            {
                Err(StoreError::Conflict(_)) => continue,
                other => return other.map_err(AppError::from),
            }
        }
        Err(AppError::Internal(StoreError::Conflict(
            "no free join codes".into(),
        )))
    }
    .await;
    if let Err(e) = made {
        // Nothing half-made stays behind.
        for room in &rooms {
            let _ = state.registry.delete(&room.map_id, DELETED).await;
        }
        return Err(e);
    }
    tracing::info!(workshop = %workshop.id, rooms = rooms.len(), "workshop created");
    let rooms = rooms
        .iter()
        .map(|r| room_json(r, &facilitator, None))
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(workshop_json(&workshop, rooms, &facilitator)),
    ))
}

/// The workshop, when `headers` carry its facilitator secret (returned).
pub(crate) async fn authorised(
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

/// A room's figures: asked of its open room, else read from the store.
async fn activity_of(state: &AppState, map_id: &str, now: i64) -> Option<RoomActivity> {
    let open = crate::room_read::ask_open_room(state, map_id, |reply| RoomMsg::Stats {
        now_ms: now,
        reply,
    });
    if let Some(activity) = open.await {
        return Some(activity);
    }
    let (view, version) = crate::room_read::stored_view(state, map_id).await?;
    let mut activity = comap_shared::workshop::activity(&view, &[], now);
    activity.version = version;
    Some(activity)
}

/// `GET /api/workshops/<id>` with the facilitator secret.
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Workshop>, AppError> {
    let (workshop, rooms, facilitator) = authorised(&state, &id, &headers).await?;
    let now = now_ms();
    let store = state.registry.store();
    let maps = rooms.iter().map(|r| r.map_id.clone()).collect();
    let locked = store.locked_maps(maps).await?;
    let mut out = Vec::with_capacity(rooms.len());
    for r in &rooms {
        let activity = activity_of(&state, &r.map_id, now).await;
        let people = activity
            .as_ref()
            .map_or(0, |a| a.people.iter().map(|c| c.count).sum::<usize>());
        let mut room = room_json(r, &facilitator, activity);
        room.locked = locked.contains(&r.map_id);
        room.full = people >= state.config.max_peers_per_map;
        out.push(room);
    }
    let mut json = workshop_json(&workshop, out, &facilitator);
    json.timer = store
        .workshop_timer(id.clone())
        .await?
        .map(|t| t.shown_at(now));
    json.actions = store.actions(id.clone()).await?;
    json.reflection = Some(crate::reflections::summary_of(&state, &id).await?);
    if let Some(plenary) = rooms.iter().find(|r| r.plenary) {
        json.top_ideas = crate::workshop_actions::top_ideas_of(&state, &plenary.map_id).await;
    }
    Ok(Json(json))
}

/// `DELETE /api/workshops/<id>` with the facilitator secret: every room's
/// map (people in them are told) and the workshop.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, AppError> {
    let (workshop, rooms, _) = authorised(&state, &id, &headers).await?;
    for r in &rooms {
        state.registry.delete(&r.map_id, DELETED).await?;
    }
    state.registry.store().delete_workshop(workshop.id).await?;
    tracing::info!(workshop = %id, rooms = rooms.len(), "workshop deleted");
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/join/<code>`: the room's edit link. Wrong codes are counted
/// per client address and slow later lookups down (see `join_codes`).
pub async fn join(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    Path(code): Path<String>,
) -> Result<Json<JoinTarget>, AppError> {
    let ip = client.ip();
    let wait = state.guesses.take_turn(ip, Instant::now());
    if !wait.is_zero() {
        // Slowed, never refused: a right code is answered after the wait.
        state.metrics.refused("join_code_slowed");
        tokio::time::sleep(wait).await;
    }
    let found = match normalise_code(&code) {
        Some(code) => state.registry.store().room_by_code(code).await?,
        None => None,
    };
    let Some((workshop, room)) = found else {
        state.guesses.wrong(ip, Instant::now());
        return Err(AppError::NotFound(NO_SUCH_CODE));
    };
    Ok(Json(JoinTarget {
        workshop,
        room: room.name,
        edit_url: format!("/m/{}#k={}", room.map_id, room.edit_secret),
    }))
}

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
        return Err(AppError::BadRequest("Please write the notice.".into()));
    }
    if text.chars().count() > max {
        return Err(AppError::BadRequest(format!(
            "A notice is at most {max} characters."
        )));
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

/// A request body as JSON of the `expected` shape, or a 400 saying so.
pub(crate) fn read_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
    expected: &str,
) -> Result<T, AppError> {
    serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("Expected JSON {expected}: {e}")))
}

/// Every room, or the one whose map is `room`.
pub(crate) fn pick_rooms<'a>(
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
pub(crate) async fn tell_open_rooms(
    state: &AppState,
    rooms: &[&RoomRow],
    msg: impl Fn() -> RoomMsg,
) {
    for room in rooms {
        if let Some(h) = state.registry.loaded(&room.map_id).await {
            let _ = h.tx.send(msg()).await;
        }
    }
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
        .ok_or_else(|| AppError::BadRequest("This workshop has no plenary map.".into()))?;
    let chosen: Vec<&RoomRow> = match &req.rooms {
        None => rooms.iter().filter(|r| !r.plenary).collect(),
        Some(maps) => {
            let mut chosen = Vec::new();
            for map in maps {
                match rooms.iter().find(|r| &r.map_id == map && !r.plenary) {
                    Some(r) => chosen.push(r),
                    None => {
                        return Err(AppError::BadRequest(
                            "Choose breakout rooms of this workshop (not the plenary).".into(),
                        ));
                    }
                }
            }
            chosen
        }
    };
    if chosen.is_empty() {
        return Err(AppError::BadRequest("Choose at least one room.".into()));
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
