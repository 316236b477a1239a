//! A message to a room, handled: each kind goes to the code that owns it;
//! the workshop's controls (notice, lock, timer, reflection, actions) and
//! the dashboard's questions are answered here.

use super::waiting::WAIT_LIMIT;
use super::{Room, RoomMsg};
use automerge::sync;
use comap_shared::Role;
use comap_shared::presence::PRESENCE_INTERVAL_MS;
use comap_shared::protocol::{RoomStatus, ServerFrame};
use std::time::Duration;

impl Room {
    pub(super) async fn handle(&mut self, msg: RoomMsg) {
        match msg {
            RoomMsg::Join(request) => self.join(request).await,
            RoomMsg::Presence { peer, presence } => {
                if let Some(p) = self.peers.get_mut(&peer) {
                    p.presence = presence;
                    p.presence_dirty = true;
                    self.presence_due.get_or_insert_with(|| {
                        tokio::time::Instant::now()
                            + Duration::from_millis(PRESENCE_INTERVAL_MS as u64)
                    });
                }
            }
            RoomMsg::Summon { peer, view } => self.summon(peer, view),
            RoomMsg::Voting { peer, request } => self.voting(peer, request).await,
            RoomMsg::Sync { peer, bytes } => self.receive_sync(peer, &bytes).await,
            RoomMsg::Refuse {
                peer,
                code,
                message,
            } => self.refuse(peer, code, message),
            // Handled by `run`, which stops the room.
            RoomMsg::Close { done, .. } => {
                let _ = done.send(());
            }
            RoomMsg::UnloadIfIdle => {}
            RoomMsg::Leave { peer } => self.leave_peer(peer),
            RoomMsg::Notice(notice) => {
                let frame = ServerFrame::Notice(notice.clone());
                let ids: Vec<u64> = self.peers.keys().copied().collect();
                self.send_to_all(ids, &frame);
                self.notice = Some(notice);
            }
            RoomMsg::Lock(locked) => {
                let unlocked = self.controls.locked && !locked;
                self.controls.locked = locked;
                self.send_status();
                if unlocked {
                    // Edits held back while locked come now: every peer
                    // syncs afresh (the client starts afresh too).
                    let ids: Vec<u64> = self.peers.keys().copied().collect();
                    for id in ids {
                        if let Some(p) = self.peers.get_mut(&id) {
                            p.sync = sync::State::new();
                            p.answered_while_locked = None;
                        }
                        self.sync_peer(id);
                    }
                }
            }
            RoomMsg::Timer(timer) => {
                self.controls.timer = timer;
                self.send_status();
            }
            RoomMsg::Reflection(reflection) => {
                self.controls.reflection = reflection;
                self.send_status();
            }
            RoomMsg::Actions(actions) => {
                self.controls.actions = actions;
                self.send_status();
            }
            RoomMsg::Bring { rooms, reply } => {
                let result = self.bring(rooms).await;
                let _ = reply.send(result);
            }
            RoomMsg::Stats { now_ms, reply } => {
                let roles: Vec<Role> = self.peers.values().map(|p| p.role).collect();
                let mut activity = comap_shared::read_map(&self.doc)
                    .map(|view| comap_shared::workshop::activity(&view, &roles, now_ms))
                    .unwrap_or_default();
                activity.version = comap_shared::workshop::version_of(&self.doc.get_heads());
                activity.noting_change(self.last_change_ms, now_ms);
                let _ = reply.send(activity);
            }
            RoomMsg::View { reply } => {
                if let Ok(view) = comap_shared::read_map(&self.doc) {
                    let _ = reply.send(view);
                }
            }
        }
    }

    pub(super) fn status_frame(&self) -> ServerFrame {
        let now = crate::clock::now_ms();
        ServerFrame::Room(RoomStatus {
            locked: self.controls.locked,
            timer: self.controls.timer.map(|t| t.shown_at(now)),
            reflection: self.controls.reflection.clone(),
            actions: self.controls.actions.clone(),
        })
    }

    /// Tells everyone the room's state after the facilitator changed it.
    pub(super) fn send_status(&mut self) {
        let frame = self.status_frame();
        let ids: Vec<u64> = self.peers.keys().copied().collect();
        self.send_to_all(ids, &frame);
    }

    /// When the room must next act unasked: send presence, or refuse a
    /// peer whose changes waited too long for their dependencies.
    pub(super) fn next_due(&self) -> Option<tokio::time::Instant> {
        let waiting = self
            .peers
            .values()
            .filter_map(|p| p.waiting_since)
            .min()
            .map(|since| {
                tokio::time::Instant::from_std(since + WAIT_LIMIT + Duration::from_millis(1))
            });
        match (self.presence_due, waiting) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}
