//! Presence in a room: each peer's newest pointer, selection and view,
//! sent to the others at most once per `PRESENCE_INTERVAL_MS`, and summons.

use super::Room;
use comap_shared::presence::{PeerPresence, Point, Presence, PresenceUpdate, Summon};
use comap_shared::protocol::ErrorCode;
use comap_shared::protocol::ServerFrame;

impl Room {
    /// Sends every presence that changed since the last update to everyone
    /// else who takes presence: one frame per peer per interval at most.
    pub(super) fn send_presence(&mut self) {
        self.presence_due = None;
        let changed: Vec<PeerPresence> = self
            .peers
            .iter_mut()
            .filter(|(_, p)| p.presence_dirty)
            .map(|(id, p)| {
                p.presence_dirty = false;
                PeerPresence {
                    peer: *id,
                    presence: p.presence.clone(),
                }
            })
            .collect();
        if changed.is_empty() {
            return;
        }
        let ids: Vec<u64> = self.peers.keys().copied().collect();
        for id in ids {
            self.send_presence_to(id, changed.iter().filter(|u| u.peer != id));
        }
    }

    /// A newcomer hears where everyone already is.
    pub(super) fn send_all_presence_to(&mut self, peer: u64) {
        let all: Vec<PeerPresence> = self
            .peers
            .iter()
            .filter(|(id, p)| **id != peer && p.presence != Presence::default())
            .map(|(id, p)| PeerPresence {
                peer: *id,
                presence: p.presence.clone(),
            })
            .collect();
        self.send_presence_to(peer, all.iter());
    }

    pub(super) fn send_presence_to<'a>(
        &mut self,
        peer: u64,
        updates: impl Iterator<Item = &'a PeerPresence>,
    ) {
        if !self.peers.get(&peer).is_some_and(|p| p.takes_presence) {
            return;
        }
        let updates: Vec<PeerPresence> = updates.cloned().collect();
        if !updates.is_empty() {
            self.send(peer, &ServerFrame::Presence(PresenceUpdate { updates }));
        }
    }

    /// Passes an editor's "look here" to everyone else; a viewer may not.
    pub(super) fn summon(&mut self, peer: u64, view: Point) {
        let Some(p) = self.peers.get(&peer) else {
            return;
        };
        if !p.can_edit {
            return self.refuse(
                peer,
                ErrorCode::ReadOnly,
                "This link can view the map but not bring everyone to a place.",
            );
        }
        let frame = ServerFrame::Summon(Summon { from: peer, view });
        let ids: Vec<u64> = self
            .peers
            .iter()
            .filter(|(id, p)| **id != peer && p.takes_presence)
            .map(|(id, _)| *id)
            .collect();
        self.send_to_all(ids, &frame);
    }
}
