//! Workshops in the SQLite file: the workshop (its title, the hash of its
//! facilitator secret, its expiry) and its rooms in order, each a map with
//! a join code. A room's edit and view secrets are kept as they are, not
//! only hashed: the join code hands out the edit link and the dashboard
//! shows both links again. Deleting the workshop (or any room's map)
//! removes them.

use crate::error::StoreError;
use crate::storage::store::Store;
use comap_shared::actions::{Action, NewAction};
use comap_shared::timer::Timer;
use rusqlite::{OptionalExtension, Row, params};

/// What a workshop's facilitator has set for one room: whether it is
/// locked, and the workshop's timer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoomControls {
    pub locked: bool,
    pub timer: Option<Timer>,
    /// The facilitator's latest notice to the room.
    pub notice: Option<comap_shared::protocol::Notice>,
    /// The workshop's reflection, while it is open.
    pub reflection: Option<comap_shared::reflection::Reflection>,
    /// The workshop's actions, in its plenary (empty elsewhere).
    pub actions: Vec<Action>,
    /// The map is a workshop's room: everyone joining gets its status, so a
    /// page that reconnects learns what changed while it was away (and
    /// keeps what still holds, such as a half-typed reflection answer).
    pub in_workshop: bool,
}

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

fn timer_of(c: &rusqlite::Connection, workshop: &str) -> rusqlite::Result<Option<Timer>> {
    c.query_row(
        "SELECT ends_ms, left_ms FROM workshop_timers WHERE workshop_id = ?1",
        params![workshop],
        |r| {
            Ok(Timer {
                ends_ms: r.get(0)?,
                left_ms: r.get(1)?,
            })
        },
    )
    .optional()
}

fn actions_of(c: &rusqlite::Connection, workshop: &str) -> rusqlite::Result<Vec<Action>> {
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

    /// The workshop's timer.
    pub async fn workshop_timer(&self, id: String) -> Result<Option<Timer>, StoreError> {
        self.with(move |c| Ok(timer_of(c, &id)?)).await
    }

    /// Sets (or, with `None`, removes) the workshop's timer.
    pub async fn set_workshop_timer(
        &self,
        id: String,
        timer: Option<Timer>,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            match timer {
                Some(t) => c.execute(
                    "INSERT INTO workshop_timers (workshop_id, ends_ms, left_ms) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (workshop_id) DO UPDATE SET ends_ms = ?2, left_ms = ?3",
                    params![id, t.ends_ms, t.left_ms],
                )?,
                None => c.execute(
                    "DELETE FROM workshop_timers WHERE workshop_id = ?1",
                    params![id],
                )?,
            };
            Ok(())
        })
        .await
    }

    /// Keeps `notice` as these maps' latest.
    pub async fn set_notice(
        &self,
        maps: Vec<String>,
        notice: comap_shared::protocol::Notice,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            let tx = c.transaction()?;
            for map in &maps {
                tx.execute(
                    "INSERT INTO room_notices (map_id, text, sent_ms) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (map_id) DO UPDATE SET text = ?2, sent_ms = ?3",
                    params![map, notice.text, notice.sent_ms],
                )?;
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    /// Locks or unlocks these maps.
    pub async fn set_locked(&self, maps: Vec<String>, locked: bool) -> Result<(), StoreError> {
        self.with(move |c| {
            let tx = c.transaction()?;
            for map in &maps {
                if locked {
                    tx.execute(
                        "INSERT OR IGNORE INTO locked_rooms (map_id) VALUES (?1)",
                        params![map],
                    )?;
                } else {
                    tx.execute("DELETE FROM locked_rooms WHERE map_id = ?1", params![map])?;
                }
            }
            tx.commit()?;
            Ok(())
        })
        .await
    }

    /// The locked maps among these.
    pub async fn locked_maps(&self, maps: Vec<String>) -> Result<Vec<String>, StoreError> {
        self.with(move |c| {
            let mut stmt = c.prepare("SELECT 1 FROM locked_rooms WHERE map_id = ?1")?;
            let mut out = Vec::new();
            for map in maps {
                if stmt.exists(params![map])? {
                    out.push(map);
                }
            }
            Ok(out)
        })
        .await
    }

    /// What a workshop's facilitator has set for the room of map `id` (the
    /// default when the map is not a workshop room).
    pub async fn room_controls(&self, id: String) -> Result<RoomControls, StoreError> {
        self.with(move |c| {
            let locked = c
                .prepare_cached("SELECT 1 FROM locked_rooms WHERE map_id = ?1")?
                .exists(params![id])?;
            let workshop: Option<(String, bool)> = c
                .query_row(
                    "SELECT workshop_id, plenary FROM workshop_rooms WHERE map_id = ?1",
                    params![id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()?;
            let (timer, reflection, actions) = match &workshop {
                Some((w, plenary)) => (
                    timer_of(c, w)?,
                    crate::storage::reflections::open_reflection(c, w)?,
                    if *plenary {
                        actions_of(c, w)?
                    } else {
                        Vec::new()
                    },
                ),
                None => (None, None, Vec::new()),
            };
            let notice = c
                .query_row(
                    "SELECT text, sent_ms FROM room_notices WHERE map_id = ?1",
                    params![id],
                    |r| {
                        Ok(comap_shared::protocol::Notice {
                            text: r.get(0)?,
                            sent_ms: r.get(1)?,
                        })
                    },
                )
                .optional()?;
            Ok(RoomControls {
                locked,
                timer,
                notice,
                reflection,
                actions,
                in_workshop: workshop.is_some(),
            })
        })
        .await
    }

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
            if count as usize >= comap_shared::actions::MAX_ACTIONS {
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
