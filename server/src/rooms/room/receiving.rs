//! A peer's sync message in a room: decoded, let in (`sync_intake`),
//! applied, held to the schema, to `rights` and to `authorship`, queued for
//! the store, forwarded as it came or by a sync round.

use super::durable::AckDue;
use super::recent::{deps_known, has_change, heads_after, sorted};
use super::rights::denied_message;
use super::{HEAVY_OPS, MAX_GONE_CARDS, Room, saved};
use automerge::sync;
use axum::body::Bytes;
use comap_shared::authorship;
use comap_shared::protocol::{ErrorCode, ServerFrame};
use comap_shared::schema;
use comap_shared::sync_intake;
use comap_shared::sync_receive;
use std::sync::atomic::Ordering::Relaxed;
use std::time::Instant;

impl Room {
    /// Takes `peer`'s sync message: refused whole, or applied, stored (now
    /// or in the next group commit) and passed on.
    pub(super) async fn receive_sync(&mut self, peer: u64, bytes: &[u8]) {
        let Some(p) = self.peers.get_mut(&peer) else {
            return;
        };
        let msg = match sync::Message::decode(bytes) {
            Ok(m) => m,
            Err(e) => {
                return self.refuse(
                    peer,
                    ErrorCode::BadSync,
                    &format!("undecodable sync message: {e}"),
                );
            }
        };
        if !p.can_edit && !msg.changes.is_empty() {
            return self.refuse(
                peer,
                ErrorCode::ReadOnly,
                "This link can view the map but not change it.",
            );
        }
        let held_back = self.controls.locked && !p.facilitator;
        if held_back && !msg.changes.is_empty() {
            // Made just before the lock reached the page: not applied, and
            // not lost either: the page keeps it and sends it again once
            // the room is unlocked (both sides then sync afresh).
            self.metrics.refused("room_locked");
            return;
        }
        let incoming = match sync_intake::take(&msg) {
            Ok(changes) => changes,
            Err(e) => return self.refuse(peer, ErrorCode::BadSync, &e.to_string()),
        };
        let their_heads = msg.heads.clone();
        let started = Instant::now();
        let before = self.doc.get_heads();
        let sendable = (!incoming.is_empty() && deps_known(&incoming, &before, &self.recent))
            .then(|| incoming.clone());
        let heavy = incoming.iter().map(|c| c.change.len()).sum::<usize>() > HEAVY_OPS;
        let hashes: Vec<(automerge::ChangeHash, usize)> =
            incoming.iter().map(|c| (c.hash, c.bytes.len())).collect();
        let parsed: Vec<automerge::Change> = incoming.into_iter().map(|c| c.change).collect();
        let Some(p) = self.peers.get_mut(&peer) else {
            return;
        };
        let apply = || sync_receive::receive_parsed(&mut self.doc, &mut p.sync, msg, parsed);
        // A heavy message is applied off the runtime's workers, so other
        // maps' rooms go on meanwhile.
        let received = if heavy {
            tokio::task::block_in_place(apply)
        } else {
            apply()
        };
        if let Err(e) = received {
            return self.refuse(
                peer,
                ErrorCode::BadSync,
                &format!("sync message rejected: {e}"),
            );
        }
        if !self.dependencies_arrived(peer, &hashes) {
            // Nothing of this message is kept, nor what waited.
            self.roll_back(&before);
            return self.refuse(
                peer,
                ErrorCode::BadSync,
                "That sync message holds changes that depend on changes this server does not have.",
            );
        }
        let after = self.doc.get_heads();
        if after == before {
            if held_back && their_heads.iter().any(|h| !has_change(&mut self.doc, h)) {
                // The peer holds changes this locked room does not take: two
                // replicas that differ would ask each other forever, so it
                // is answered once for each state of both sides.
                let answer = (their_heads, after);
                let Some(p) = self.peers.get_mut(&peer) else {
                    return;
                };
                if p.answered_while_locked.as_ref() == Some(&answer) {
                    return;
                }
                p.answered_while_locked = Some(answer);
            }
            self.sync_peer(peer);
            return;
        }
        self.metrics.apply_latency.observe(started.elapsed());
        // The changes just applied. When exactly the message's changes were
        // applied (the heads are what they alone make: nothing Automerge had
        // queued came out with them, nothing in the message was left out),
        // they are the message's own, and they are forwarded as they came.
        // Otherwise Automerge is asked, which in 0.12 rebuilds them from the
        // whole op set (the dearest step of an edit), and peers get a sync round.
        let forward = sendable.filter(|changes| heads_after(&before, changes) == sorted(&after));
        let applied: Vec<automerge::Change> = match &forward {
            Some(changes) => changes.iter().map(|c| c.change.clone()).collect(),
            None => self.doc.get_changes(&before),
        };
        if let Err(e) = schema::check_changes_with(&self.doc, &applied, &mut self.places) {
            tracing::warn!(map = %self.id, peer, error = %e, "change breaks the schema");
            self.roll_back(&before);
            return self.refuse(
                peer,
                ErrorCode::InvalidChange,
                "That change is not valid for a Comap map, so it was not saved. Please reload the page.",
            );
        }
        if let Err(denied) = self.check_rights(peer, &applied) {
            tracing::warn!(map = %self.id, peer, error = %denied, "change not allowed");
            self.roll_back(&before);
            return self.refuse(peer, ErrorCode::NotAllowed, denied_message(denied));
        }
        let Some(kept) = self.keep_authorship(peer, &applied, &before) else {
            return;
        };
        // The peer's changes are acknowledged by their own heads; cards the
        // room signed again go to everyone (the peer too) in a sync round.
        let (acked, after, forward) = if kept.signed {
            (after, self.doc.get_heads(), None)
        } else {
            (after.clone(), after, forward)
        };
        // What goes to the store: the changes as they came when they follow
        // what is already stored or on its way, else Automerge's own.
        let chunk = match &forward {
            Some(changes) if self.durable.queued_heads == before => changes
                .iter()
                .flat_map(|c| c.bytes.iter().copied())
                .collect(),
            _ => self.doc.save_after(&self.durable.queued_heads),
        };
        if self.stored_bytes + self.durable.bytes_waiting() + chunk.len()
            > self.limits.max_doc_bytes
            && saved(&mut self.doc).len() > self.limits.max_doc_bytes
        {
            tracing::warn!(map = %self.id, peer, "map at its size limit; change refused");
            self.roll_back(&before);
            return self.refuse(
                peer,
                ErrorCode::MapTooLarge,
                "This map has reached the largest size the server keeps, so that change was not saved. Start a new map for more.",
            );
        }
        for c in &applied {
            self.recent.insert(c.hash());
        }
        for h in &after {
            self.recent.insert(*h);
        }
        let ack = AckDue {
            peer,
            heads: acked,
            accepted: started,
        };
        self.queue_write(&chunk, after, Some(ack));
        // Changes that make or delete cards are stored before anyone else
        // holds them (see `Findings::touch_signatures`); the rest go to the
        // peers at once and their author is acknowledged once they are stored.
        if kept.store_first && self.flush_writes().await.is_err() {
            return;
        }
        if forward.is_none() {
            self.metrics.changes_not_forwarded.fetch_add(1, Relaxed);
        }
        // Each change frame encoded once, for every peer it goes to.
        let frames: Option<Vec<(automerge::ChangeHash, Bytes)>> = forward.as_ref().map(|changes| {
            changes
                .iter()
                .map(|c| {
                    (
                        c.hash,
                        Bytes::from(ServerFrame::Change(c.bytes.clone()).encode()),
                    )
                })
                .collect()
        });
        // The author hears with its ack (`write_finished`).
        let ids: Vec<u64> = self
            .peers
            .keys()
            .copied()
            .filter(|id| *id != peer)
            .collect();
        for id in ids {
            if !self.forward_to(id, frames.as_deref()) {
                self.sync_peer(id);
            }
        }
    }

    /// Holds changes just applied from `peer` to the authorship rules
    /// (`comap_shared::authorship`). Rewriting a card's author or role, or a
    /// participant deleting many other people's cards at once, rolls the
    /// changes back and refuses the peer (`None`). Cards it made in another
    /// name or role are signed with its own in a change of the room's.
    pub(super) fn keep_authorship(
        &mut self,
        peer: u64,
        applied: &[automerge::Change],
        before: &[automerge::ChangeHash],
    ) -> Option<Kept> {
        let (name, role, facilitator) = {
            let p = self.peers.get(&peer)?;
            (p.name.clone(), p.role, p.facilitator)
        };
        let editor = authorship::Editor { name: &name, role };
        let gone_cards = &self.gone_cards;
        let found = authorship::check(&self.doc, applied, &mut self.places, &editor, |id| {
            gone_cards.get(id)
        });
        let found = match found {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(map = %self.id, peer, error = %e, "change breaks authorship");
                self.roll_back(before);
                self.refuse(
                    peer,
                    ErrorCode::InvalidChange,
                    "Nobody can change who wrote a card, so that change was not saved.",
                );
                return None;
            }
        };
        let now_ms = u64::try_from(self.opened.elapsed().as_millis()).unwrap_or(u64::MAX);
        let within_budget = facilitator
            || self
                .peers
                .get_mut(&peer)
                .is_some_and(|p| p.deletions.take(found.others_deleted, now_ms));
        if !within_budget {
            tracing::warn!(map = %self.id, peer, cards = found.others_deleted, "too many of others' cards deleted at once");
            self.roll_back(before);
            self.refuse(
                peer,
                ErrorCode::InvalidChange,
                "Only the facilitator can delete many other people's cards at once, so that change was not saved.",
            );
            return None;
        }
        let store_first = found.touch_signatures();
        for (id, signed) in found.gone {
            if self.gone_cards.len() < MAX_GONE_CARDS {
                self.gone_cards.insert(id, signed);
            }
        }
        if found.misattributed.is_empty() {
            return Some(Kept {
                signed: false,
                store_first,
            });
        }
        tracing::info!(map = %self.id, peer, cards = found.misattributed.len(), "cards signed with their maker's name");
        if let Err(e) = authorship::sign(&mut self.doc, &found.misattributed, &editor) {
            tracing::error!(map = %self.id, error = %e, "could not sign cards");
            self.roll_back(before);
            self.refuse(
                peer,
                ErrorCode::Internal,
                "The server could not save this change.",
            );
            return None;
        }
        self.doc.commit();
        Some(Kept {
            signed: true,
            store_first,
        })
    }
}

/// What the authorship rules made of a peer's accepted changes.
pub(super) struct Kept {
    /// The room signed cards made in another name with the peer's own.
    signed: bool,
    /// They make or delete cards: stored before anyone else holds them.
    store_first: bool,
}
