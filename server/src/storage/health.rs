//! Whether the store can take writes now: what `/healthz` tells a load
//! balancer. Checked on a connection of its own, so a check never waits
//! behind the store's own work nor holds it up.

use crate::error::StoreError;
use crate::storage::store::Store;
use rusqlite::Connection;
use std::time::{Duration, Instant};

/// How long the check waits for the database's write lock.
pub const WAIT: Duration = Duration::from_secs(1);

/// How long a check's answer stands: checks asked meanwhile (however
/// many) get it without touching the database.
const FRESH: Duration = Duration::from_secs(1);

impl Store {
    /// Whether the store takes writes, checked at most once per `FRESH`;
    /// callers that ask while a check runs wait for its answer.
    pub async fn healthy(&self) -> bool {
        let mut last = self.health.lock().await;
        if let Some((at, ok)) = *last
            && at.elapsed() < FRESH
        {
            return ok;
        }
        let ok = match tokio::time::timeout(WAIT * 2, self.check_writable()).await {
            Ok(Ok(())) => true,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "health check: the store cannot take writes");
                false
            }
            Err(_) => {
                tracing::error!("health check: the store did not answer in time");
                false
            }
        };
        *last = Some((Instant::now(), ok));
        ok
    }

    /// `Ok` when the database file opens, reads and would take a write
    /// within `WAIT` (a write transaction begun and rolled back).
    async fn check_writable(&self) -> Result<(), StoreError> {
        let path = self.path().to_path_buf();
        tokio::task::spawn_blocking(move || {
            let mut conn =
                Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)?;
            conn.busy_timeout(WAIT)?;
            conn.query_row("SELECT COUNT(*) FROM maps WHERE 0", [], |_| Ok(()))?;
            let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            tx.rollback()?;
            Ok(())
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }
}
