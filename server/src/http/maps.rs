//! The JSON API: creating and deleting maps.

use crate::error::AppError;
use crate::http::state::AppState;
use crate::secrets;
use crate::storage::store::MapAccess;
use automerge::AutoCommit;
use axum::Json;
use axum::body::Bytes;
use axum::extract::ConnectInfo;
use axum::extract::{Path, State};
use axum::http::header::AUTHORIZATION;
use axum::http::{HeaderMap, StatusCode};
use comap_shared::i18n::Language;
use comap_shared::map_write::create_map_in;
use comap_shared::{IdSource, ModelError, Template};
use rand::RngCore;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct CreateMap {
    title: String,
    #[serde(default = "default_template")]
    template: String,
    /// The language its stages and lanes are named in (English if absent).
    #[serde(default)]
    language: Language,
}

/// What a new map starts from: a template, in a language.
#[derive(Clone, Copy)]
pub struct MapStart {
    pub template: Template,
    pub language: Language,
}

fn default_template() -> String {
    Template::PatientJourney.key().to_string()
}

#[derive(Serialize)]
pub struct Created {
    pub id: String,
    /// Edits the map and may delete it (and, with workshops, run them).
    pub facilitator_url: String,
    pub edit_url: String,
    pub view_url: String,
    /// When the server will delete the map (milliseconds since the epoch).
    pub expires_ms: i64,
}

/// Ids for new stages and lanes, from the thread's RNG.
struct RandomIds;

impl IdSource for RandomIds {
    fn next_u64(&mut self) -> u64 {
        rand::rng().next_u64()
    }
}

use crate::clock::{DAY_MS, now_ms};

/// A stored new map's id and its edit and view secrets.
pub struct NewMap {
    pub id: String,
    pub edit: String,
    pub view: String,
}

/// Makes and stores a map from `template`, whose facilitator secret is
/// `facilitator` (a workshop's maps share their workshop's). With
/// `structure_open`, everyone who may edit may change its structure (a map
/// of one's own); otherwise only the facilitator (a workshop's room).
pub async fn new_map(
    state: &AppState,
    title: &str,
    start: MapStart,
    structure_open: bool,
    facilitator: &str,
    created_ms: i64,
    expires_ms: i64,
) -> Result<NewMap, AppError> {
    let mut doc = AutoCommit::new();
    let MapStart { template, language } = start;
    create_map_in(&mut doc, title, template, language, &mut RandomIds).map_err(|e| match e {
        ModelError::EmptyTitle => AppError::BadRequest("Please give the map a title.".into()),
        other => AppError::BadRequest(other.to_string()),
    })?;
    comap_shared::structure::set_open(&mut doc, structure_open)
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    doc.commit();
    let id = secrets::new_map_id();
    let edit = secrets::new_secret();
    let view = secrets::new_secret();
    let access = MapAccess {
        facilitator_hash: Some(secrets::hash_secret(facilitator)),
        edit_hash: secrets::hash_secret(&edit),
        view_hash: secrets::hash_secret(&view),
        expires_ms,
    };
    state
        .registry
        .store()
        .create_map(id.clone(), access, created_ms, doc.save())
        .await?;
    Ok(NewMap { id, edit, view })
}

/// A template from its key, or a 400 naming the known ones.
pub fn template_of(key: &str) -> Result<Template, AppError> {
    Template::from_key(key).ok_or_else(|| {
        let known: Vec<&str> = Template::ALL.iter().map(|t| t.key()).collect();
        AppError::BadRequest(format!(
            "Unknown template {key:?}; choose one of {}.",
            known.join(", ")
        ))
    })
}

/// `POST /api/maps` `{"title": "...", "template": "patient-journey"}`.
/// Takes `maps` from the address's allowance of new maps, or a 429.
pub(crate) fn may_make(state: &AppState, ip: std::net::IpAddr, maps: u32) -> Result<(), AppError> {
    state
        .creations
        .take(ip, maps, std::time::Instant::now())
        .map_err(|wait| {
            state.metrics.refused("creation_limited");
            AppError::TooMany {
                message: "Too many maps have been made from your network in the last hour. Please try again later.",
                retry_after_secs: wait.as_secs().max(1),
            }
        })
}

pub async fn create(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<std::net::SocketAddr>,
    body: Bytes,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let req: CreateMap = serde_json::from_slice(&body).map_err(|e| {
        AppError::BadRequest(format!("Expected JSON {{\"title\", \"template\"}}: {e}"))
    })?;
    let template = template_of(&req.template)?;
    may_make(&state, client.ip(), 1)?;
    let facilitator = secrets::new_secret();
    let created_ms = now_ms();
    let expires_ms = created_ms + i64::from(state.config.retention_days) * DAY_MS;
    let start = MapStart {
        template,
        language: req.language,
    };
    let NewMap { id, edit, view } = new_map(
        &state,
        &req.title,
        start,
        true,
        &facilitator,
        created_ms,
        expires_ms,
    )
    .await?;
    tracing::info!(map = %id, template = template.key(), "map created");
    Ok((
        StatusCode::CREATED,
        Json(Created {
            facilitator_url: format!("/m/{id}#k={facilitator}"),
            edit_url: format!("/m/{id}#k={edit}"),
            expires_ms,
            view_url: format!("/m/{id}#k={view}"),
            id,
        }),
    ))
}

/// The secret sent as `Authorization: Bearer <secret>`.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

const NOT_FACILITATOR: &str =
    "Only the facilitator link can delete this map. Send it as `Authorization: Bearer <secret>`.";

const NO_MAP: &str = "No map is at this address, or the link is not right.";

/// What the join screen names: the map's title and purpose.
#[derive(Serialize)]
pub struct About {
    pub title: String,
    pub purpose: String,
}

/// `GET /api/maps/<id>` with `Authorization: Bearer <any of its secrets>`:
/// `{"title": …, "purpose": …}`, so the join screen can say which map the
/// person is joining. An unknown map and a wrong secret get the same answer.
pub async fn about(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<About>, AppError> {
    let secret = bearer(&headers).ok_or(AppError::Forbidden(NO_MAP))?;
    if !comap_shared::protocol::valid_map_id(&id) {
        return Err(AppError::Forbidden(NO_MAP));
    }
    let access = state.registry.store().access(id.clone()).await?;
    if secrets::grant(access.as_ref(), secret).is_none() {
        state.metrics.refused("about_denied");
        return Err(AppError::Forbidden(NO_MAP));
    }
    let view = crate::rooms::reading::view_of(&state.registry, &id)
        .await
        .ok_or(AppError::Forbidden(NO_MAP))?;
    Ok(Json(About {
        title: view.title,
        purpose: view.purpose,
    }))
}

/// `DELETE /api/maps/<id>` with `Authorization: Bearer <facilitator secret>`:
/// deletes the map and every stored byte of it; people connected to it are
/// told it was deleted. An unknown map and a wrong secret get the same answer.
pub async fn delete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<StatusCode, AppError> {
    let secret = bearer(&headers).ok_or(AppError::Forbidden(NOT_FACILITATOR))?;
    if !comap_shared::protocol::valid_map_id(&id) {
        return Err(AppError::Forbidden(NOT_FACILITATOR));
    }
    let access = state.registry.store().access(id.clone()).await?;
    let stored = access.and_then(|a| a.facilitator_hash);
    let hash = stored.as_deref().unwrap_or(&[0u8; 32]);
    if !secrets::matches(secret, hash) || stored.is_none() {
        state.metrics.refused("delete_denied");
        return Err(AppError::Forbidden(NOT_FACILITATOR));
    }
    state
        .registry
        .delete(&id, "This map has been deleted by its facilitator.")
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
