//! Workshops in the SQLite file: the workshop (its title, the hash of its
//! facilitator secret, its expiry) and its rooms in order, each a map with
//! a join code. A room's edit and view secrets are kept as they are, not
//! only hashed: the join code hands out the edit link and the dashboard
//! shows both links again. Deleting the workshop (or any room's map)
//! removes them.

use crate::error::StoreError;
use crate::storage::store::Store;
use comap_shared::i18n::Language;
use rusqlite::{OptionalExtension, Row, params};

/// A stored workshop.
#[derive(Debug, Clone)]
pub struct WorkshopRow {
    pub id: String,
    pub title: String,
    pub facilitator_hash: Vec<u8>,
    pub created_ms: i64,
    pub expires_ms: i64,
    /// The language it was made in: its rooms' templates, its reflection's
    /// default questions, its own files' words.
    pub language: Language,
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

/// The room whose six columns start at `first`: name, plenary, map id, join
/// code, edit secret, view secret.
fn room_row(r: &Row, first: usize) -> rusqlite::Result<RoomRow> {
    Ok(RoomRow {
        name: r.get(first)?,
        plenary: r.get(first + 1)?,
        map_id: r.get(first + 2)?,
        join_code: r.get(first + 3)?,
        edit_secret: r.get(first + 4)?,
        view_secret: r.get(first + 5)?,
    })
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
                "INSERT INTO workshops (id, title, facilitator_hash, created_ms, expires_ms, \
                 language) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    workshop.id,
                    workshop.title,
                    workshop.facilitator_hash,
                    workshop.created_ms,
                    workshop.expires_ms,
                    workshop.language.code()
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
                    "SELECT title, facilitator_hash, created_ms, expires_ms, language \
                     FROM workshops WHERE id = ?1",
                    params![id],
                    |r| {
                        Ok(WorkshopRow {
                            id: id.clone(),
                            title: r.get(0)?,
                            facilitator_hash: r.get(1)?,
                            created_ms: r.get(2)?,
                            expires_ms: r.get(3)?,
                            language: Language::from_code(&r.get::<_, String>(4)?)
                                .unwrap_or_default(),
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
                .query_map(params![id], |r| room_row(r, 0))?
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
                |r| Ok((r.get(0)?, room_row(r, 1)?)),
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
