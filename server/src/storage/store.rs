//! SQLite persistence: one file under the data directory.
//!
//! Each map has a snapshot (a full `save()`) and a list of incremental
//! chunks appended as changes arrive. Compaction writes a new snapshot and
//! deletes the chunks it covers in one transaction, so no crash can lose the
//! map. WAL mode with `synchronous=FULL`: a committed write survives a
//! killed process and a power cut. Chunks are written by one thread in group
//! commits (`store_writer`).
//!
//! Deleting a map overwrites its pages (`secure_delete`) and truncates the
//! write-ahead log, so none of its bytes stay in the files.

use crate::error::StoreError;
use crate::storage::stored_doc::StoredDoc;
use crate::storage::writer::{StoreWriter, Written};
use automerge::AutoCommit;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::sync::oneshot;

/// The stored hashes of a map's secrets.
#[derive(Debug, Clone)]
pub struct MapAccess {
    /// `None` for maps made before facilitator links existed.
    pub facilitator_hash: Option<Vec<u8>>,
    pub edit_hash: Vec<u8>,
    pub view_hash: Vec<u8>,
    /// When the map is deleted (milliseconds since the epoch).
    pub expires_ms: i64,
}

#[derive(Clone)]
pub struct Store {
    /// Every write, and the reads that go with writes.
    conn: Arc<Mutex<Connection>>,
    /// A second connection for loading whole maps: in WAL mode it reads the
    /// last commit while the first writes, so a large map being loaded (a
    /// newcomer's, a compaction's) holds up no group commit, and no ack.
    reader: Arc<Mutex<Connection>>,
    writer: StoreWriter,
    /// The database file, for checks on a connection of their own.
    path: Arc<std::path::PathBuf>,
    /// The last health check: when, and whether the store took writes.
    pub(crate) health: Arc<tokio::sync::Mutex<Option<(std::time::Instant, bool)>>>,
}

impl Store {
    /// Opens (and creates when missing) `comap.sqlite3` in `data_dir`.
    pub fn open(data_dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| StoreError::Task(format!("cannot create {}: {e}", data_dir.display())))?;
        let conn = Connection::open(data_dir.join("comap.sqlite3"))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "secure_delete", "ON")?;
        for table in crate::storage::schema::ALL {
            conn.execute_batch(table)?;
        }
        crate::storage::schema::add_missing_columns(&conn)?;
        let path = data_dir.join("comap.sqlite3");
        let reader = Connection::open(&path)?;
        let conn = Arc::new(Mutex::new(conn));
        Ok(Store {
            writer: StoreWriter::start(conn.clone())?,
            conn,
            reader: Arc::new(Mutex::new(reader)),
            path: Arc::new(path),
            health: Arc::default(),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with the connection on a blocking thread.
    pub(crate) async fn with<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        on_blocking_pool(self.conn.clone(), f).await
    }

    /// Runs `f`, which only reads, with the reading connection.
    async fn reading<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    {
        on_blocking_pool(self.reader.clone(), f).await
    }

    /// Deletes a map and everything stored of it, then checkpoints and
    /// truncates the write-ahead log so no copy of its pages remains there.
    /// Returns whether the map existed.
    pub async fn delete(&self, id: String) -> Result<bool, StoreError> {
        self.with(move |c| {
            let n = c.execute("DELETE FROM maps WHERE id = ?1", params![id])?;
            c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
            Ok(n > 0)
        })
        .await
    }

    /// Ids of the maps whose expiry time is at or before `now_ms`.
    pub async fn expired(&self, now_ms: i64) -> Result<Vec<String>, StoreError> {
        self.with(move |c| {
            let mut stmt =
                c.prepare("SELECT id FROM maps WHERE expires_ms IS NOT NULL AND expires_ms <= ?1")?;
            let ids = stmt
                .query_map(params![now_ms], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(ids)
        })
        .await
    }

    pub async fn create_map(
        &self,
        id: String,
        access: MapAccess,
        created_ms: i64,
        snapshot: Vec<u8>,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "INSERT INTO maps (id, edit_hash, view_hash, created_ms, facilitator_hash, expires_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    access.edit_hash,
                    access.view_hash,
                    created_ms,
                    access.facilitator_hash,
                    access.expires_ms
                ],
            )?;
            tx.execute(
                "INSERT INTO snapshots (map_id, bytes) VALUES (?1, ?2)",
                params![id, snapshot],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    pub async fn access(&self, id: String) -> Result<Option<MapAccess>, StoreError> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT edit_hash, view_hash, facilitator_hash, expires_ms FROM maps WHERE id = ?1",
                params![id],
                |r| {
                    Ok(MapAccess {
                        edit_hash: r.get(0)?,
                        view_hash: r.get(1)?,
                        facilitator_hash: r.get(2)?,
                        expires_ms: r.get::<_, Option<i64>>(3)?.unwrap_or(i64::MAX),
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    pub async fn load(&self, id: String) -> Result<Option<StoredDoc>, StoreError> {
        self.reading(move |c| {
            let snapshot: Option<Vec<u8>> = c
                .query_row(
                    "SELECT bytes FROM snapshots WHERE map_id = ?1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(snapshot) = snapshot else {
                return Ok(None);
            };
            let mut stmt =
                c.prepare("SELECT seq, bytes FROM chunks WHERE map_id = ?1 ORDER BY seq")?;
            let rows = stmt.query_map(params![id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?;
            let mut chunks = Vec::new();
            let mut last_seq = 0;
            for row in rows {
                let (seq, bytes) = row?;
                last_seq = seq;
                chunks.push(bytes);
            }
            let view = if chunks.is_empty() {
                c.query_row(
                    "SELECT bytes FROM views WHERE map_id = ?1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()?
            } else {
                None
            };
            Ok(Some(StoredDoc {
                snapshot,
                chunks,
                last_seq,
                view,
            }))
        })
        .await
    }

    /// Appends one incremental chunk in the next group commit; the answer
    /// comes when it is durable (or the commit failed).
    pub fn append_soon(&self, id: String, seq: i64, bytes: Vec<u8>) -> oneshot::Receiver<Written> {
        self.writer.append(id, seq, bytes)
    }

    /// Appends one incremental chunk; durable when this returns.
    pub async fn append(&self, id: String, seq: i64, bytes: Vec<u8>) -> Result<(), StoreError> {
        match self.append_soon(id, seq, bytes).await {
            Ok(written) => written.map_err(StoreError::Task),
            Err(_) => Err(StoreError::Task("the store writer has stopped".into())),
        }
    }

    /// Replaces the snapshot `read` with `snapshot` and drops the chunks up
    /// to `through_seq`, atomically, if the stored snapshot is still `read`
    /// (else nothing is written and the answer is false). The view goes
    /// beside it only when no chunk was stored after `through_seq`.
    pub async fn replace_snapshot(
        &self,
        id: String,
        read: Vec<u8>,
        snapshot: Vec<u8>,
        view: Option<Vec<u8>>,
        through_seq: i64,
    ) -> Result<bool, StoreError> {
        self.with(move |c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let now: Option<Vec<u8>> = tx
                .query_row(
                    "SELECT bytes FROM snapshots WHERE map_id = ?1",
                    params![id],
                    |r| r.get(0),
                )
                .optional()?;
            if now.as_deref() != Some(read.as_slice()) {
                return Ok(false);
            }
            let later: i64 = tx.query_row(
                "SELECT COUNT(*) FROM chunks WHERE map_id = ?1 AND seq > ?2",
                params![id, through_seq],
                |r| r.get(0),
            )?;
            write_snapshot(
                &tx,
                &id,
                &snapshot,
                view.filter(|_| later == 0),
                through_seq,
            )?;
            tx.commit()?;
            Ok(true)
        })
        .await
    }

    /// Replaces the snapshot (and the view beside it) and drops the chunks
    /// up to `through_seq`, atomically.
    pub async fn compact(
        &self,
        id: String,
        snapshot: Vec<u8>,
        view: Option<Vec<u8>>,
        through_seq: i64,
    ) -> Result<(), StoreError> {
        self.with(move |c| {
            let tx = c.transaction()?;
            write_snapshot(&tx, &id, &snapshot, view, through_seq)?;
            tx.commit()?;
            Ok(())
        })
        .await
    }
}

/// Puts `snapshot` in place of map `id`'s, the view beside it (or none),
/// and drops the chunks up to `through_seq`, inside the caller's transaction.
fn write_snapshot(
    tx: &rusqlite::Transaction<'_>,
    id: &str,
    snapshot: &[u8],
    view: Option<Vec<u8>>,
    through_seq: i64,
) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE snapshots SET bytes = ?2 WHERE map_id = ?1",
        params![id, snapshot],
    )?;
    match view {
        Some(view) => tx.execute(
            "INSERT OR REPLACE INTO views (map_id, bytes) VALUES (?1, ?2)",
            params![id, view],
        )?,
        None => tx.execute("DELETE FROM views WHERE map_id = ?1", params![id])?,
    };
    tx.execute(
        "DELETE FROM chunks WHERE map_id = ?1 AND seq <= ?2",
        params![id, through_seq],
    )?;
    Ok(())
}

/// The whole document as a snapshot or a newcomer's copy: never with the
/// changes that wait for missing dependencies (Automerge's `save` keeps
/// those by default), which are unchecked and may never apply.
pub fn snapshot_of(doc: &mut AutoCommit) -> Vec<u8> {
    doc.save_with_options(automerge::SaveOptions {
        deflate: true,
        retain_orphans: false,
    })
}

/// Runs `f` with `conn` on a blocking thread.
async fn on_blocking_pool<T, F>(conn: Arc<Mutex<Connection>>, f: F) -> Result<T, StoreError>
where
    T: Send + 'static,
    F: FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
{
    tokio::task::spawn_blocking(move || {
        let mut guard = conn
            .lock()
            .map_err(|_| StoreError::Task("database lock poisoned".into()))?;
        f(&mut guard)
    })
    .await
    .map_err(|e| StoreError::Task(e.to_string()))?
}
