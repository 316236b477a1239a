//! What a workshop's facilitator sets for its rooms, in the SQLite file:
//! locks, the timer, each room's latest notice; read together (with the
//! reflection and the plenary's actions) as a room's `RoomControls` when
//! it opens.

use crate::error::StoreError;
use crate::storage::store::Store;
use crate::storage::workshop_actions::actions_of;
use comap_shared::timer::Timer;
use comap_shared::workshop::RoomControls;
use rusqlite::{OptionalExtension, params};

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

impl Store {
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
}
