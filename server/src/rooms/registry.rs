//! The registry of open rooms: loads a map into a room task on first join,
//! forgets it when the room unloads itself, closes rooms when their map is
//! deleted or the server shuts down.

use crate::error::StoreError;
use crate::ops::metrics::Metrics;
use crate::rooms::room::{OpenRooms, Room, RoomHandle, RoomLimits, RoomMsg};
use crate::storage::store::Store;
use comap_shared::protocol::ErrorCode;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use thiserror::Error;
use tokio::sync::{Mutex, mpsc, oneshot};

/// Capacity of a room's inbox.
const ROOM_INBOX: usize = 4096;
/// How long shutdown waits for rooms to flush and say goodbye.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// Why a map could not be opened.
#[derive(Debug, Error)]
pub enum OpenError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("as many maps are open as the server allows")]
    Busy,
    #[error("the server is shutting down")]
    ShuttingDown,
}

#[derive(Clone)]
pub struct Registry {
    rooms: Arc<Mutex<HashMap<String, RoomHandle>>>,
    /// One gate per map being loaded, so that a map loads once.
    loading: Arc<std::sync::Mutex<HashMap<String, Arc<Mutex<()>>>>>,
    store: Store,
    idle: Duration,
    max_open: usize,
    limits: RoomLimits,
    metrics: Arc<Metrics>,
    closing: Arc<AtomicBool>,
}

impl Registry {
    pub fn new(
        store: Store,
        idle: Duration,
        max_open: usize,
        limits: RoomLimits,
        metrics: Arc<Metrics>,
    ) -> Self {
        Registry {
            rooms: Arc::new(Mutex::new(HashMap::new())),
            loading: Arc::default(),
            store,
            idle,
            max_open,
            limits,
            metrics,
            closing: Arc::new(AtomicBool::new(false)),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The room of map `id`, loading it when it is not open. `None` when the
    /// map does not exist. Loading a long history takes a while (hundreds
    /// of milliseconds for 50,000 changes): it runs on the blocking pool and
    /// outside the registry's lock, so joins to other maps and the runtime's
    /// workers do not wait for it; joins to the same map wait for its gate.
    pub async fn get_or_load(&self, id: &str) -> Result<Option<RoomHandle>, OpenError> {
        if let Some(open) = self.open_room(id).await? {
            return Ok(Some(open));
        }
        let gate = self.gate(id);
        let _loading = gate.lock().await;
        let loaded = self.load_room(id).await;
        // The last one through the gate takes it down (this one's clone and
        // the map's are the two left then).
        if let Ok(mut gates) = self.loading.lock()
            && gates.get(id).is_some_and(|g| Arc::strong_count(g) <= 2)
        {
            gates.remove(id);
        }
        loaded
    }

    /// The room if it is open; `Busy` when it is not and no more may open.
    async fn open_room(&self, id: &str) -> Result<Option<RoomHandle>, OpenError> {
        let rooms = self.rooms.lock().await;
        if self.closing.load(Ordering::Relaxed) {
            return Err(OpenError::ShuttingDown);
        }
        if let Some(h) = rooms.get(id)
            && !h.tx.is_closed()
        {
            return Ok(Some(h.clone()));
        }
        if rooms.len() >= self.max_open {
            return Err(OpenError::Busy);
        }
        Ok(None)
    }

    /// The gate that one load of map `id` at a time holds.
    fn gate(&self, id: &str) -> Arc<Mutex<()>> {
        match self.loading.lock() {
            Ok(mut gates) => gates.entry(id.to_string()).or_default().clone(),
            // A poisoned map of gates only costs the deduplication.
            Err(_) => Arc::new(Mutex::new(())),
        }
    }

    /// Loads map `id` into a new room (with its gate held).
    async fn load_room(&self, id: &str) -> Result<Option<RoomHandle>, OpenError> {
        // Another join may have loaded it while this one waited at the gate.
        if let Some(open) = self.open_room(id).await? {
            return Ok(Some(open));
        }
        let Some(stored) = self.store.load(id.to_string()).await? else {
            return Ok(None);
        };
        let controls = self.store.room_controls(id.to_string()).await?;
        let (room_id, store, limits, metrics) = (
            id.to_string(),
            self.store.clone(),
            self.limits,
            self.metrics.clone(),
        );
        let room = tokio::task::spawn_blocking(move || {
            Room::load(room_id, stored, store, limits, metrics, controls)
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))??;
        let mut rooms = self.rooms.lock().await;
        if self.closing.load(Ordering::Relaxed) {
            return Err(OpenError::ShuttingDown);
        }
        if rooms.len() >= self.max_open {
            return Err(OpenError::Busy);
        }
        // Deleted while loading (deletion holds the lock taken here).
        if self.store.access(id.to_string()).await?.is_none() {
            return Ok(None);
        }
        let (tx, rx) = mpsc::channel(ROOM_INBOX);
        let handle = RoomHandle { tx };
        if rooms.insert(id.to_string(), handle.clone()).is_none() {
            self.metrics.open_maps.fetch_add(1, Ordering::Relaxed);
        }
        tokio::spawn(room.run(rx, self.clone(), self.idle));
        tracing::info!(map = %id, "map loaded");
        Ok(Some(handle))
    }

    /// Asks every open room that nobody is in to unload now.
    pub async fn unload_idle(&self) {
        let rooms: Vec<RoomHandle> = self.rooms.lock().await.values().cloned().collect();
        for r in rooms {
            let _ = r.tx.try_send(RoomMsg::UnloadIfIdle);
        }
    }

    /// The room of map `id` if it is open now (never loads it).
    pub async fn loaded(&self, id: &str) -> Option<RoomHandle> {
        let rooms = self.rooms.lock().await;
        rooms.get(id).filter(|h| !h.tx.is_closed()).cloned()
    }

    fn forget(&self, rooms: &mut HashMap<String, RoomHandle>, id: &str) -> Option<RoomHandle> {
        let handle = rooms.remove(id)?;
        self.metrics.open_maps.fetch_sub(1, Ordering::Relaxed);
        Some(handle)
    }

    /// Deletes map `id` and everything stored of it; connected people get a
    /// `deleted` error. Returns whether the map existed.
    pub async fn delete(&self, id: &str, message: &'static str) -> Result<bool, StoreError> {
        let handle = {
            let mut rooms = self.rooms.lock().await;
            // Deleted from the store while joins wait on the lock, so none
            // can load the map again.
            let existed = self.store.delete(id.to_string()).await?;
            if !existed {
                return Ok(false);
            }
            self.forget(&mut rooms, id)
        };
        if let Some(h) = handle {
            close_room(&h, ErrorCode::Deleted, message, false).await;
        }
        tracing::info!(map = %id, "map deleted");
        Ok(true)
    }

    /// Deletes every map whose time is up.
    pub async fn sweep_expired(&self, now_ms: i64) -> Result<usize, StoreError> {
        let ids = self.store.expired(now_ms).await?;
        let mut deleted = 0;
        for id in ids {
            if self
                .delete(
                    &id,
                    "This map has reached the end of its keeping time and was deleted.",
                )
                .await?
            {
                deleted += 1;
            }
        }
        Ok(deleted)
    }

    /// Shutdown: refuses new joins, then has every room write a snapshot and
    /// tell its people the server is restarting.
    pub async fn close_all(&self) {
        let handles: Vec<(String, RoomHandle)> = {
            let mut rooms = self.rooms.lock().await;
            self.closing.store(true, Ordering::Relaxed);
            let ids: Vec<String> = rooms.keys().cloned().collect();
            ids.into_iter()
                .filter_map(|id| self.forget(&mut rooms, &id).map(|h| (id, h)))
                .collect()
        };
        let message = "The server is restarting; your map will reconnect by itself.";
        let closing = handles
            .iter()
            .map(|(_, h)| close_room(h, ErrorCode::ServerRestarting, message, true));
        if tokio::time::timeout(CLOSE_WAIT, futures_util::future::join_all(closing))
            .await
            .is_err()
        {
            tracing::warn!("some maps did not close in time");
        }
        tracing::info!(maps = handles.len(), "maps closed");
    }

    /// How many maps are open.
    pub async fn open_rooms(&self) -> usize {
        self.rooms.lock().await.len()
    }
}

impl OpenRooms for Registry {
    /// Called by an idle room: removes it when nothing is waiting in its inbox.
    async fn unload_if_idle(&self, id: &str, rx: &mpsc::Receiver<RoomMsg>) -> bool {
        let mut rooms = self.rooms.lock().await;
        if !rx.is_empty() {
            return false;
        }
        self.forget(&mut rooms, id);
        true
    }

    /// Called by a room that closed itself (a write failed), its inbox
    /// closed: forgets it, so the next join opens the map afresh.
    async fn forget_closed(&self, id: &str) {
        let mut rooms = self.rooms.lock().await;
        if rooms.get(id).is_some_and(|h| h.tx.is_closed()) {
            self.forget(&mut rooms, id);
        }
    }
}

/// Asks a room to close and waits until it has.
async fn close_room(handle: &RoomHandle, code: ErrorCode, message: &'static str, flush: bool) {
    let (done, closed) = oneshot::channel();
    let msg = RoomMsg::Close {
        code,
        message,
        flush,
        done,
    };
    if handle.tx.send(msg).await.is_ok() {
        let _ = closed.await;
    }
}
