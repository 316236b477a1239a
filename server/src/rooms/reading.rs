//! Reading a room's map from outside its room actor (the dashboard's
//! figures and thumbnails, the plenary's top ideas): the open room is asked
//! over its channel; a map nobody has open is read from the store.

use crate::rooms::registry::Registry;
use crate::rooms::room::RoomMsg;
use comap_shared::MapView;
use tokio::sync::oneshot;

/// Asks the open room of `map_id` (if it is open) with the message `ask`
/// makes; `None` when it is not open or closed meanwhile.
pub(crate) async fn ask_open_room<T>(
    registry: &Registry,
    map_id: &str,
    ask: impl FnOnce(oneshot::Sender<T>) -> RoomMsg,
) -> Option<T> {
    let room = registry.loaded(map_id).await?;
    let (reply, answer) = oneshot::channel();
    room.tx.send(ask(reply)).await.ok()?;
    answer.await.ok()
}

/// The stored map of `map_id` and its document's version.
pub(crate) async fn stored_view(registry: &Registry, map_id: &str) -> Option<(MapView, String)> {
    let stored = registry.store().load(map_id.to_string()).await.ok()??;
    let mut doc = stored.doc().ok()?;
    let view = comap_shared::read_map(&doc).ok()?;
    Some((view, comap_shared::workshop::version_of(&doc.get_heads())))
}

/// The map of `map_id` as it is now: asked of its open room, else read
/// from the store.
pub(crate) async fn view_of(registry: &Registry, map_id: &str) -> Option<MapView> {
    match ask_open_room(registry, map_id, |reply| RoomMsg::View { reply }).await {
        Some(view) => Some(view),
        None => stored_view(registry, map_id).await.map(|(view, _)| view),
    }
}
