//! Workshops over HTTP (`docs/api.md`): `POST /api/workshops` makes one map
//! per breakout room (and a plenary map), all sharing the workshop's
//! facilitator secret; `GET /api/workshops/<id>` is the facilitator's view
//! with each room's live figures; `DELETE` removes everything at once;
//! `GET /api/join/<code>` turns a join code into its room's edit link.

use crate::clock::{DAY_MS, now_ms};
use crate::error::{AppError, StoreError};
use crate::http::maps::{self, NewMap};
use crate::http::state::AppState;
use crate::http::workshop_access::authorised;
use crate::ops::join_codes;
use crate::rooms::room::RoomMsg;
use crate::secrets;
use crate::storage::workshops::{RoomRow, WorkshopRow};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{HeaderMap, StatusCode};
use comap_shared::Template;
use comap_shared::workshop::{
    CreateWorkshop, JoinTarget, RoomActivity, Workshop, WorkshopRoom, normalise_code, plenary_name,
    room_map_title,
};
use std::net::SocketAddr;
use std::time::Instant;

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
    crate::http::maps::may_make(&state, client.ip(), maps)?;
    let template = match &req.template {
        Some(key) => maps::template_of(key)?,
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
        language: req.language,
    };
    let rooms_wanted = names.len();
    if req.plenary {
        names.push(plenary_name(req.language));
    }
    let mut rooms = Vec::new();
    let made = async {
        for (i, name) in names.into_iter().enumerate() {
            let map_title = room_map_title(&title, &name);
            let start = maps::MapStart {
                template,
                language: req.language,
            };
            let NewMap { id, edit, view } = maps::new_map(
                &state,
                &map_title,
                start,
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

/// A room's figures: asked of its open room, else read from the store.
async fn activity_of(state: &AppState, map_id: &str, now: i64) -> Option<RoomActivity> {
    let open = crate::rooms::reading::ask_open_room(&state.registry, map_id, |reply| {
        RoomMsg::Stats { now_ms: now, reply }
    });
    if let Some(activity) = open.await {
        return Some(activity);
    }
    let (view, version) = crate::rooms::reading::stored_view(&state.registry, map_id).await?;
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
    json.reflection =
        Some(crate::http::reflections::summary_of(&state, &id, workshop.language).await?);
    if let Some(plenary) = rooms.iter().find(|r| r.plenary) {
        json.top_ideas = crate::http::workshop_actions::top_ideas_of(&state, &plenary.map_id).await;
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
