//! A workshop's actions in the SQLite file: what will change, who by role,
//! by when; numbered in the order they were added.

use crate::error::StoreError;
use crate::storage::store::Store;
use comap_shared::workshop_actions::{Action, NewAction};
use rusqlite::{OptionalExtension, params};

pub(super) fn actions_of(
    c: &rusqlite::Connection,
    workshop: &str,
) -> rusqlite::Result<Vec<Action>> {
    let mut stmt = c.prepare_cached(
        "SELECT id, what, who, by_date, card, created_ms FROM workshop_actions \
         WHERE workshop_id = ?1 ORDER BY id",
    )?;
    stmt.query_map(params![workshop], |r| {
        Ok(Action {
            id: r.get(0)?,
            what: r.get(1)?,
            who: r.get(2)?,
            by: r.get(3)?,
            card: r.get(4)?,
            created_ms: r.get(5)?,
        })
    })?
    .collect()
}

impl Store {
    /// The actions of the workshop whose plenary is map `map` (none when it
    /// is not a plenary).
    pub async fn plenary_actions(&self, map: String) -> Result<Vec<Action>, StoreError> {
        self.with(move |c| {
            let workshop: Option<String> = c
                .query_row(
                    "SELECT workshop_id FROM workshop_rooms WHERE map_id = ?1 AND plenary = 1",
                    params![map],
                    |r| r.get(0),
                )
                .optional()?;
            match workshop {
                Some(w) => Ok(actions_of(c, &w)?),
                None => Ok(Vec::new()),
            }
        })
        .await
    }

    /// The workshop's actions, oldest first.
    pub async fn actions(&self, workshop: String) -> Result<Vec<Action>, StoreError> {
        self.with(move |c| Ok(actions_of(c, &workshop)?)).await
    }

    /// Keeps a checked action; `None` when the workshop has as many as it
    /// may keep.
    pub async fn add_action(
        &self,
        workshop: String,
        action: NewAction,
        now_ms: i64,
    ) -> Result<Option<Action>, StoreError> {
        self.with(move |c| {
            let tx = c.transaction()?;
            let count: i64 = tx.query_row(
                "SELECT COUNT(*) FROM workshop_actions WHERE workshop_id = ?1",
                params![workshop],
                |r| r.get(0),
            )?;
            if count as usize >= comap_shared::workshop_actions::MAX_ACTIONS {
                return Ok(None);
            }
            tx.execute(
                "INSERT INTO workshop_actions (workshop_id, what, who, by_date, card, created_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    workshop,
                    action.what,
                    action.who,
                    action.by,
                    action.card,
                    now_ms
                ],
            )?;
            let id = tx.last_insert_rowid();
            tx.commit()?;
            Ok(Some(Action {
                id,
                what: action.what,
                who: action.who,
                by: action.by,
                card: action.card,
                created_ms: now_ms,
            }))
        })
        .await
    }

    /// Removes one of the workshop's actions; whether it was there.
    pub async fn delete_action(&self, workshop: String, id: i64) -> Result<bool, StoreError> {
        self.with(move |c| {
            Ok(c.execute(
                "DELETE FROM workshop_actions WHERE workshop_id = ?1 AND id = ?2",
                params![workshop, id],
            )? > 0)
        })
        .await
    }
}
