//! Workshops in the SQLite file: the workshop (its title, the hash of its
//! facilitator secret, its expiry) and its rooms in order, each a map with
//! a join code. A room's edit and view secrets are kept as they are, not
//! only hashed: the join code hands out the edit link and the dashboard
//! shows both links again. Deleting the workshop (or any room's map)
//! removes them.

use crate::error::StoreError;
use crate::store::Store;
use rusqlite::{OptionalExtension, params};

pub(crate) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS workshops (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    facilitator_hash BLOB NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS workshop_rooms (
    workshop_id TEXT NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    plenary INTEGER NOT NULL,
    map_id TEXT NOT NULL REFERENCES maps(id) ON DELETE CASCADE,
    join_code TEXT NOT NULL UNIQUE,
    edit_secret TEXT NOT NULL,
    view_secret TEXT NOT NULL,
    PRIMARY KEY (workshop_id, position)
);
";

/// A stored workshop.
#[derive(Debug, Clone)]
pub struct WorkshopRow {
    pub id: String,
    pub title: String,
    pub facilitator_hash: Vec<u8>,
    pub created_ms: i64,
    pub expires_ms: i64,
}

/// A stored room, in the workshop's order.
#[derive(Debug, Clone)]
pub struct RoomRow {
    pub name: String,
    pub plenary: bool,
    pub map_id: String,
    pub join_code: String,
    pub edit_secret: String,
    pub view_secret: String,
}

impl Store {
    /// Records a workshop whose maps already exist. Fails with
    /// `StoreError::Conflict` when a join code is already taken (the caller
    /// draws new codes and tries again).
    pub async fn create_workshop(
        &self,
        workshop: WorkshopRow,
        rooms: Vec<RoomRow>,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO workshops (id, title, facilitator_hash, created_ms, expires_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    workshop.id,
                    workshop.title,
                    workshop.facilitator_hash,
                    workshop.created_ms,
                    workshop.expires_ms
                ],
            )?;
            for (position, r) in rooms.iter().enumerate() {
                let inserted = tx.execute(
                    "INSERT INTO workshop_rooms (workshop_id, position, name, plenary, map_id, \
                     join_code, edit_secret, view_secret) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    params![
                        workshop.id,
                        position as i64,
                        r.name,
                        r.plenary,
                        r.map_id,
                        r.join_code,
                        r.edit_secret,
                        r.view_secret
                    ],
                );
                if let Err(rusqlite::Error::SqliteFailure(e, _)) = &inserted
                    && e.code == rusqlite::ErrorCode::ConstraintViolation
                {
                    return Err(StoreError::Conflict("join code taken".into()));
                }
                inserted?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    /// The workshop and its rooms, in order.
    pub async fn workshop(
        &self,
        id: String,
    ) -> Result<Option<(WorkshopRow, Vec<RoomRow>)>, StoreError> {
        self.with(move |c| {
            let row = c
                .query_row(
                    "SELECT title, facilitator_hash, created_ms, expires_ms FROM workshops WHERE id = ?1",
                    params![id],
                    |r| {
                        Ok(WorkshopRow {
                            id: id.clone(),
                            title: r.get(0)?,
                            facilitator_hash: r.get(1)?,
                            created_ms: r.get(2)?,
                            expires_ms: r.get(3)?,
                        })
                    },
                )
                .optional()?;
            let Some(row) = row else {
                return Ok(None);
            };
            let mut stmt = c.prepare(
                "SELECT name, plenary, map_id, join_code, edit_secret, view_secret \
                 FROM workshop_rooms WHERE workshop_id = ?1 ORDER BY position",
            )?;
            let rooms = stmt
                .query_map(params![id], |r| {
                    Ok(RoomRow {
                        name: r.get(0)?,
                        plenary: r.get(1)?,
                        map_id: r.get(2)?,
                        join_code: r.get(3)?,
                        edit_secret: r.get(4)?,
                        view_secret: r.get(5)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some((row, rooms)))
        })
        .await
    }

    /// The workshop title and room a join code leads to.
    pub async fn room_by_code(
        &self,
        code: String,
    ) -> Result<Option<(String, RoomRow)>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT w.title, r.name, r.plenary, r.map_id, r.join_code, r.edit_secret, r.view_secret \
                 FROM workshop_rooms r JOIN workshops w ON w.id = r.workshop_id WHERE r.join_code = ?1",
                params![code],
                |r| {
                    Ok((
                        r.get(0)?,
                        RoomRow {
                            name: r.get(1)?,
                            plenary: r.get(2)?,
                            map_id: r.get(3)?,
                            join_code: r.get(4)?,
                            edit_secret: r.get(5)?,
                            view_secret: r.get(6)?,
                        },
                    ))
                },
            )
            .optional()?)
        })
        .await
    }

    /// Forgets the workshop (its maps are deleted by the caller first).
    pub async fn delete_workshop(&self, id: String) -> Result<bool, StoreError> {
        self.with(move |c| {
            let n = c.execute("DELETE FROM workshops WHERE id = ?1", params![id])?;
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(n > 0)
        })
        .await
    }

    /// Forgets workshops past their expiry (their maps expire with them).
    pub async fn delete_expired_workshops(&self, now_ms: i64) -> Result<usize, StoreError> {
        self.with(move |c| {
            Ok(c.execute(
                "DELETE FROM workshops WHERE expires_ms <= ?1",
                params![now_ms],
            )?)
        })
        .await
    }
}
