//! A workshop's reflection in the SQLite file: its questions, whether it is
//! anonymous and open, and each respondent's answers (one row per
//! respondent token, replaced when they answer again). Deleting the
//! workshop removes them.

use crate::error::StoreError;
use crate::storage::store::Store;
use comap_shared::reflection::{
    MAX_RESPONSES, Reflection, ReflectionState, ReflectionSummary, Response,
};
use rusqlite::{OptionalExtension, params};

/// Where an answer goes: the workshop of a room's map, the room's name and
/// the reflection, while it is open.
pub struct OpenFor {
    pub workshop: String,
    pub room: String,
    pub reflection: Reflection,
}

fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt(format!("reflection: {e}"))
}

/// The workshop's reflection and whether it is open.
fn reflection_of(
    c: &rusqlite::Connection,
    workshop: &str,
) -> Result<Option<(Reflection, bool)>, StoreError> {
    let row: Option<(String, bool, bool)> = c
        .prepare_cached(
            "SELECT questions, anonymous, open FROM workshop_reflections WHERE workshop_id = ?1",
        )?
        .query_row(params![workshop], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let Some((questions, anonymous, open)) = row else {
        return Ok(None);
    };
    let questions: Vec<String> = serde_json::from_str(&questions).map_err(corrupt)?;
    Ok(Some((
        Reflection {
            questions,
            anonymous,
        },
        open,
    )))
}

/// The open reflection of `workshop`, for its rooms.
pub(crate) fn open_reflection(
    c: &rusqlite::Connection,
    workshop: &str,
) -> Result<Option<Reflection>, StoreError> {
    Ok(reflection_of(c, workshop)?.and_then(|(r, open)| open.then_some(r)))
}

impl Store {
    /// Opens the workshop's reflection with these questions, or closes it
    /// (keeping its questions and answers).
    pub async fn set_reflection(
        &self,
        workshop: String,
        reflection: Reflection,
        open: bool,
    ) -> Result<(), StoreError> {
        let questions = serde_json::to_string(&reflection.questions).map_err(corrupt)?;
        self.with(move |c| {
            c.execute(
                "INSERT INTO workshop_reflections (workshop_id, questions, anonymous, open, version) \
                 VALUES (?1, ?2, ?3, ?4, 1) ON CONFLICT (workshop_id) DO UPDATE SET \
                 questions = excluded.questions, anonymous = excluded.anonymous, \
                 open = excluded.open, version = version + 1",
                params![workshop, questions, reflection.anonymous, open],
            )?;
            Ok(())
        })
        .await
    }

    /// The workshop's reflection (`None` until one was opened).
    pub async fn reflection(
        &self,
        workshop: String,
    ) -> Result<Option<(Reflection, bool)>, StoreError> {
        self.with(move |c| reflection_of(c, &workshop)).await
    }

    /// The open reflection a room's map takes answers for.
    pub async fn reflection_for_map(&self, map: String) -> Result<Option<OpenFor>, StoreError> {
        self.with(move |c| {
            let room: Option<(String, String)> = c
                .query_row(
                    "SELECT workshop_id, name FROM workshop_rooms WHERE map_id = ?1",
                    params![map],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let Some((workshop, room)) = room else {
                return Ok(None);
            };
            Ok(open_reflection(c, &workshop)?.map(|reflection| OpenFor {
                workshop,
                room,
                reflection,
            }))
        })
        .await
    }

    /// Keeps one respondent's answers, replacing what they answered before.
    /// `false` when the workshop already keeps as many responses as it may.
    pub async fn keep_response(
        &self,
        workshop: String,
        respondent: String,
        response: Response,
    ) -> Result<bool, StoreError> {
        let json = serde_json::to_string(&response).map_err(corrupt)?;
        self.with(move |c| {
            let tx = c.transaction()?;
            let known = tx
                .prepare_cached(
                    "SELECT 1 FROM reflection_responses WHERE workshop_id = ?1 AND respondent = ?2",
                )?
                .exists(params![workshop, respondent])?;
            if !known {
                let count: i64 = tx.query_row(
                    "SELECT COUNT(*) FROM reflection_responses WHERE workshop_id = ?1",
                    params![workshop],
                    |r| r.get(0),
                )?;
                if count as usize >= MAX_RESPONSES {
                    return Ok(false);
                }
            }
            // An update keeps the row (and so its place in the order).
            tx.execute(
                "INSERT INTO reflection_responses (workshop_id, respondent, response) \
                 VALUES (?1, ?2, ?3) ON CONFLICT (workshop_id, respondent) DO UPDATE SET \
                 response = excluded.response",
                params![workshop, respondent, json],
            )?;
            tx.execute(
                "UPDATE workshop_reflections SET version = version + 1 WHERE workshop_id = ?1",
                params![workshop],
            )?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    /// The reflection and how many have answered.
    pub async fn reflection_summary(
        &self,
        workshop: String,
    ) -> Result<Option<ReflectionSummary>, StoreError> {
        self.with(move |c| {
            let Some((reflection, open)) = reflection_of(c, &workshop)? else {
                return Ok(None);
            };
            let (answered, version): (i64, i64) = c.query_row(
                "SELECT (SELECT COUNT(*) FROM reflection_responses WHERE workshop_id = ?1), \
                 (SELECT version FROM workshop_reflections WHERE workshop_id = ?1)",
                params![workshop],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            Ok(Some(ReflectionSummary {
                open,
                questions: reflection.questions,
                anonymous: reflection.anonymous,
                answered: answered as usize,
                version,
            }))
        })
        .await
    }

    /// The reflection with every response, in the order people first
    /// answered.
    pub async fn reflection_state(
        &self,
        workshop: String,
    ) -> Result<Option<ReflectionState>, StoreError> {
        self.with(move |c| {
            let Some((reflection, open)) = reflection_of(c, &workshop)? else {
                return Ok(None);
            };
            let version: i64 = c.query_row(
                "SELECT version FROM workshop_reflections WHERE workshop_id = ?1",
                params![workshop],
                |r| r.get(0),
            )?;
            let mut stmt = c.prepare(
                "SELECT response FROM reflection_responses WHERE workshop_id = ?1 ORDER BY rowid",
            )?;
            let rows = stmt
                .query_map(params![workshop], |r| r.get::<_, String>(0))?
                .collect::<Result<Vec<_>, _>>()?;
            let responses = rows
                .iter()
                .map(|json| serde_json::from_str(json).map_err(corrupt))
                .collect::<Result<Vec<Response>, _>>()?;
            Ok(Some(ReflectionState {
                open,
                questions: reflection.questions,
                anonymous: reflection.anonymous,
                responses,
                version,
            }))
        })
        .await
    }
}
