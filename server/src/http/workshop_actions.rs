//! A workshop's actions over HTTP: `POST /api/workshops/<id>/actions` and
//! `DELETE /api/workshops/<id>/actions/<n>` with the facilitator secret.
//! The plenary's people see the list change at once (it comes with the
//! room's status), and it is printed in the plenary's PDF.

use crate::clock::now_ms;
use crate::error::AppError;
use crate::http::state::AppState;
use crate::http::workshop_access::{authorised, read_json, tell_open_rooms};
use crate::rooms::room::RoomMsg;
use crate::storage::workshops::RoomRow;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use comap_shared::refusal::Refusal;
use comap_shared::workshop_actions::{Action, MAX_ACTIONS, NewAction, TopIdea};

/// How many of the plenary's most-voted ideas the dashboard offers.
const TOP_IDEAS: usize = 10;

/// The plenary's most-voted ideas and pain points, as they are now: for the
/// facilitator's dashboard, so the round's ballots count before the reveal
/// too (they are stored as they are cast).
pub(crate) async fn top_ideas_of(state: &AppState, plenary: &str) -> Vec<TopIdea> {
    let Some(mut view) = crate::rooms::reading::view_of(&state.registry, plenary).await else {
        return Vec::new();
    };
    if let Some(voting) = view.voting.as_mut().filter(|v| !v.revealed) {
        match state
            .registry
            .store()
            .ballots(plenary.to_string(), voting.round.clone())
            .await
        {
            Ok(rows) => {
                let mut ballots =
                    comap_shared::voting::BallotBox::new(voting.round.clone(), voting.budget);
                for (voter, card, votes) in rows {
                    ballots.restore(&voter, card, votes);
                }
                voting.totals = ballots.totals();
            }
            Err(e) => tracing::warn!(map = plenary, error = %e, "could not read the ballots"),
        }
    }
    comap_shared::workshop_actions::top_ideas(&view, TOP_IDEAS)
}

/// Shows the workshop's actions as they now are in its plenary, if open.
async fn tell_plenary(state: &AppState, id: String, rooms: &[RoomRow]) -> Result<(), AppError> {
    let plenary: Vec<&RoomRow> = rooms.iter().filter(|r| r.plenary).collect();
    if plenary.is_empty() {
        return Ok(());
    }
    let actions = state.registry.store().actions(id).await?;
    tell_open_rooms(state, &plenary, || RoomMsg::Actions(actions.clone())).await;
    Ok(())
}

/// `POST /api/workshops/<id>/actions`: `{"what", "who", "by", "card"?}`.
pub async fn add_action(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<Action>), AppError> {
    let (_, rooms, _) = authorised(&state, &id, &headers).await?;
    let req: NewAction = read_json(&body, r#"{"what", "who", "by": "YYYY-MM-DD", "card"}"#)?;
    let action = req
        .checked()
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let kept = state
        .registry
        .store()
        .add_action(id.clone(), action, now_ms())
        .await?
        .ok_or(AppError::Refused(Refusal::ActionsFull {
            max: MAX_ACTIONS as u32,
        }))?;
    tell_plenary(&state, id, &rooms).await?;
    Ok((StatusCode::CREATED, Json(kept)))
}

const NO_SUCH_ACTION: &str = "This workshop has no such action.";

/// `DELETE /api/workshops/<id>/actions/<n>`.
pub async fn delete_action(
    State(state): State<AppState>,
    Path((id, n)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, AppError> {
    let (_, rooms, _) = authorised(&state, &id, &headers).await?;
    let n: i64 = n.parse().map_err(|_| AppError::NotFound(NO_SUCH_ACTION))?;
    if !state.registry.store().delete_action(id.clone(), n).await? {
        return Err(AppError::NotFound(NO_SUCH_ACTION));
    }
    tell_plenary(&state, id, &rooms).await?;
    Ok(StatusCode::NO_CONTENT)
}
