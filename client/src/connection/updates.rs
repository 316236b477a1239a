//! The page's signals, set from what the connection did: updates gathered
//! while the connection is borrowed and applied after.

use super::*;

/// Signal updates gathered while the connection is borrowed, applied after.
pub(super) enum Update {
    /// The map changed (it is already up to date in `MapState::map`).
    Delta(Box<Delta>),
    Status(Status),
    Peers(Vec<PeerInfo>),
    Fatal(String),
    /// The map no longer exists: stop showing it.
    Gone,
    Notice(Option<String>),
    Saving(bool),
    /// The map is drawn but the document it can be changed in is loading.
    Readying(bool),
    Welcome(Welcome),
    Presence(Vec<PeerPresence>),
    CanEdit(bool),
    /// Others' changes, to announce (with how many more were left out).
    Announce(Vec<MapEvent>, usize),
    /// Cards others just added, to highlight for a moment.
    Added(Vec<comap_shared::CardId>),
    Summon(Summon),
    FacilitatorNotice(comap_shared::protocol::Notice),
    Room(comap_shared::protocol::RoomStatus),
    Ballot(comap_shared::voting::BallotNews),
    History {
        undo: bool,
        redo: bool,
    },
}

pub(super) fn apply(state: MapState, updates: Vec<Update>) {
    // Who is on which card is worked out once, after all the updates.
    let mut presence_moved = false;
    for u in updates {
        presence_moved |= matches!(
            u,
            Update::Peers(_) | Update::Presence(_) | Update::Welcome(_) | Update::Fatal(_)
        );
        match u {
            Update::Delta(d) => {
                if d.whole || d.head {
                    let open = state.map.with_untracked(|m| {
                        m.as_ref().is_none_or(|m| m.structure_open.unwrap_or(true))
                    });
                    if state.structure_open.get_untracked() != open {
                        state.structure_open.set(open);
                    }
                }
                if d.whole {
                    // The map came (or was read anew): what waits for it shows.
                    state.map.update(|_| {});
                }
                state.parts.told(&d);
            }
            Update::Ballot(b) => state.ballot.set(Some(b)),
            Update::Status(s) => state.status.set(s),
            Update::Peers(p) => {
                // Someone who left leaves no pointer behind.
                state
                    .others
                    .update(|o| o.retain(|id, _| p.iter().any(|q| q.peer == *id)));
                if state
                    .following
                    .get_untracked()
                    .is_some_and(|f| !p.iter().any(|q| q.peer == f))
                {
                    state.following.set(None);
                }
                state.peers.set(p);
            }
            Update::Presence(updates) => state.others.update(|o| {
                for u in updates {
                    o.insert(u.peer, u.presence);
                }
            }),
            Update::Summon(s) => state.summon.set(Some(s)),
            Update::FacilitatorNotice(n) => state.facilitator_notice.set(Some(n)),
            Update::Room(r) => {
                state.locked.set(r.locked);
                state.timer.set(r.timer.map(|t| (t, js_sys::Date::now())));
                if state.reflection.with_untracked(|now| *now != r.reflection) {
                    state.reflection.set(r.reflection);
                }
                if state.actions.with_untracked(|now| *now != r.actions) {
                    state.actions.set(r.actions);
                }
            }
            Update::CanEdit(can) => state.can_edit.set(can),
            Update::Added(cards) => {
                for card in &cards {
                    crate::card_focus::highlight(card);
                }
                if let Some(first) = cards.first() {
                    let said = state.announcement.get_untracked();
                    state.arrived.set(Some((first.clone(), said)));
                }
            }
            Update::Announce(events, left_out) => {
                state
                    .announcement
                    .set(crate::announce::describe(&events, left_out));
            }
            Update::Fatal(m) => {
                // Nothing more can be changed here, and nobody is connected.
                state.can_edit.set(false);
                state.peers.set(Vec::new());
                state.fatal.set(Some(m));
            }
            Update::Gone => {
                state.map.set(None);
                state.expires_ms.set(None);
            }
            Update::Notice(m) => state.notice.set(m),
            Update::Saving(s) => state.saving.set(s),
            Update::Readying(r) => {
                if state.readying.get_untracked() != r {
                    state.readying.set(r);
                }
            }
            Update::History { undo, redo } => {
                state.can_undo.set(undo);
                state.can_redo.set(redo);
            }
            Update::Welcome(w) => {
                state.can_edit.set(w.can_edit);
                state.facilitator.set(w.facilitator);
                state.expires_ms.set(w.expires_ms);
                state.me.set(Some(w.peer));
            }
        }
    }
    if presence_moved {
        state.refresh_on_cards();
    }
}
