//! The JSON API: creating maps.

use crate::app::AppState;
use crate::error::AppError;
use crate::secrets;
use crate::store::MapAccess;
use automerge::AutoCommit;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use comap_shared::map_write::create_map;
use comap_shared::{IdSource, ModelError, Template};
use rand::RngCore;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
struct CreateMap {
    title: String,
    #[serde(default = "default_template")]
    template: String,
}

fn default_template() -> String {
    Template::PatientJourney.key().to_string()
}

#[derive(Serialize)]
pub struct Created {
    pub id: String,
    pub edit_url: String,
    pub view_url: String,
}

/// Ids for new stages and lanes, from the thread's RNG.
struct RandomIds;

impl IdSource for RandomIds {
    fn next_u64(&mut self) -> u64 {
        rand::rng().next_u64()
    }
}

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// `POST /api/maps` `{"title": "...", "template": "patient-journey"}`.
pub async fn create(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<(StatusCode, Json<Created>), AppError> {
    let req: CreateMap = serde_json::from_slice(&body).map_err(|e| {
        AppError::BadRequest(format!("Expected JSON {{\"title\", \"template\"}}: {e}"))
    })?;
    let template = Template::from_key(&req.template).ok_or_else(|| {
        let known: Vec<&str> = Template::ALL.iter().map(|t| t.key()).collect();
        AppError::BadRequest(format!(
            "Unknown template {:?}; choose one of {}.",
            req.template,
            known.join(", ")
        ))
    })?;
    let mut doc = AutoCommit::new();
    create_map(&mut doc, &req.title, template, &mut RandomIds).map_err(|e| match e {
        ModelError::EmptyTitle => AppError::BadRequest("Please give the map a title.".into()),
        other => AppError::BadRequest(other.to_string()),
    })?;
    let id = secrets::new_map_id();
    let edit = secrets::new_secret();
    let view = secrets::new_secret();
    let access = MapAccess {
        edit_hash: secrets::hash_secret(&edit),
        view_hash: secrets::hash_secret(&view),
    };
    state
        .registry
        .store()
        .create_map(id.clone(), access, now_ms(), doc.save())
        .await?;
    tracing::info!(map = %id, template = template.key(), "map created");
    Ok((
        StatusCode::CREATED,
        Json(Created {
            edit_url: format!("/m/{id}#k={edit}"),
            view_url: format!("/m/{id}#k={view}"),
            id,
        }),
    ))
}
