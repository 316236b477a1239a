//! The registry of open rooms: loads a map into a room task on first join
//! and forgets it when the room unloads itself.

use crate::error::StoreError;
use crate::metrics::Metrics;
use crate::room::{Room, RoomHandle, RoomMsg};
use crate::store::Store;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};

/// Capacity of a room's inbox.
const ROOM_INBOX: usize = 4096;

#[derive(Clone)]
pub struct Registry {
    rooms: Arc<Mutex<HashMap<String, RoomHandle>>>,
    store: Store,
    idle: Duration,
    max_peers: usize,
    metrics: Arc<Metrics>,
}

impl Registry {
    pub fn new(store: Store, idle: Duration, max_peers: usize, metrics: Arc<Metrics>) -> Self {
        Registry {
            rooms: Arc::new(Mutex::new(HashMap::new())),
            store,
            idle,
            max_peers,
            metrics,
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The room of map `id`, loading it when it is not open. `None` when the
    /// map does not exist.
    pub async fn get_or_load(&self, id: &str) -> Result<Option<RoomHandle>, StoreError> {
        let mut rooms = self.rooms.lock().await;
        if let Some(h) = rooms.get(id)
            && !h.tx.is_closed()
        {
            return Ok(Some(h.clone()));
        }
        let Some(stored) = self.store.load(id.to_string()).await? else {
            return Ok(None);
        };
        let room = Room::load(
            id.to_string(),
            stored,
            self.store.clone(),
            self.max_peers,
            self.metrics.clone(),
        )?;
        let (tx, rx) = mpsc::channel(ROOM_INBOX);
        let handle = RoomHandle { tx };
        rooms.insert(id.to_string(), handle.clone());
        self.metrics.open_maps.fetch_add(1, Ordering::Relaxed);
        tokio::spawn(room.run(rx, self.clone(), self.idle));
        tracing::info!(map = %id, "map loaded");
        Ok(Some(handle))
    }

    /// Called by an idle room: removes it when nothing is waiting in its inbox.
    pub async fn unload_if_idle(&self, id: &str, rx: &mpsc::Receiver<RoomMsg>) -> bool {
        let mut rooms = self.rooms.lock().await;
        if !rx.is_empty() {
            return false;
        }
        if rooms.remove(id).is_some() {
            self.metrics.open_maps.fetch_sub(1, Ordering::Relaxed);
        }
        true
    }

    /// How many maps are open.
    pub async fn open_rooms(&self) -> usize {
        self.rooms.lock().await.len()
    }
}
