//! People joining and leaving a room, and what a newcomer is sent first:
//! the map as it reads (`view`) and the whole document, each made once and
//! shared by every newcomer until the map changes.

use super::{COLORS, JoinRequest, NOTICE_FOR_LATECOMERS_MS, Peer, Room, saved};
use automerge::sync;
use axum::body::Bytes;
use comap_shared::authorship;
use comap_shared::presence::Presence;
use comap_shared::protocol::{ErrorCode, PROTOCOL_VERSION, ServerFrame, Welcome};
use comap_shared::workshop::RoomControls;
use std::sync::atomic::Ordering::Relaxed;

impl Room {
    /// Lets a connection in (or refuses it: the room is full), and sends
    /// it what a newcomer needs: the map when it holds nothing, the welcome,
    /// who is here, the latest notice, the workshop's settings, everyone's
    /// presence, a sync round and its ballot.
    pub(super) async fn join(&mut self, request: JoinRequest) {
        let JoinRequest {
            name,
            role,
            can_edit,
            facilitator,
            voter,
            expires_ms,
            takes_changes,
            takes_presence,
            out,
            wants_document,
            reply,
        } = request;
        if self.peers.len() >= self.limits.max_peers {
            self.metrics.refused(ErrorCode::RoomFull.as_str());
            let _ = reply.send(Err(ErrorCode::RoomFull));
            return;
        }
        let peer = self.next_peer;
        self.next_peer += 1;
        let color = COLORS[(peer as usize - 1) % COLORS.len()];
        let welcome = ServerFrame::Welcome(Welcome {
            version: PROTOCOL_VERSION,
            peer,
            can_edit,
            color: color.to_string(),
            facilitator,
            expires_ms: Some(expires_ms),
        });
        self.peers.insert(
            peer,
            Peer {
                name,
                role,
                can_edit,
                facilitator,
                voter: voter.unwrap_or_else(|| format!("c{:016x}", rand::random::<u64>())),
                answered_while_locked: None,
                takes_changes,
                waiting: Vec::new(),
                waiting_since: None,
                takes_presence,
                presence: Presence::default(),
                presence_dirty: false,
                color,
                out,
                sync: sync::State::new(),
                deletions: authorship::DeletionBudget::default(),
            },
        );
        self.metrics.peers.fetch_add(1, Relaxed);
        tracing::info!(map = %self.id, peer, can_edit, "peer joined");
        let _ = reply.send(Ok(peer));
        if wants_document {
            // Before the welcome, so the page holds the map when it
            // first says what it has: the sync protocol then sends
            // only what is newer. The map as it reads goes first,
            // for the page to draw while it loads the document.
            if let Some(view) = self.view_frame() {
                self.send_bytes(peer, view, true);
            }
            let frame = self.document_frame();
            self.metrics.documents_sent.fetch_add(1, Relaxed);
            self.send_bytes(peer, frame, true);
        }
        self.send(peer, &welcome);
        self.broadcast_peers();
        if let Some(n) = self
            .notice
            .as_ref()
            .filter(|n| crate::clock::now_ms() - n.sent_ms < NOTICE_FOR_LATECOMERS_MS)
        {
            let frame = ServerFrame::Notice(n.clone());
            self.send(peer, &frame);
        }
        if self.controls != RoomControls::default() {
            let frame = self.status_frame();
            self.send(peer, &frame);
        }
        self.send_all_presence_to(peer);
        self.sync_peer(peer);
        self.send_ballot(peer).await;
    }

    /// A peer left: what it had waiting is dropped, the others are told.
    pub(super) fn leave_peer(&mut self, peer: u64) {
        if let Some(p) = self.peers.remove(&peer) {
            if !p.waiting.is_empty() {
                self.drop_waiting();
            }
            self.metrics.peers.fetch_sub(1, Relaxed);
            tracing::info!(map = %self.id, peer, "peer left");
            self.broadcast_peers();
        }
    }

    /// The whole map as a `document` frame, shared by every newcomer until
    /// the map changes (a save of a long history is the dearest thing a
    /// room does; forty people joining at once make one).
    pub(super) fn document_frame(&mut self) -> Bytes {
        let heads = self.doc.get_heads();
        if let Some((at, frame)) = &self.document
            && *at == heads
        {
            return frame.clone();
        }
        let frame = Bytes::from(ServerFrame::Document(saved(&mut self.doc)).encode());
        self.document = Some((heads, frame.clone()));
        frame
    }

    /// The map as it reads as a `view` frame, shared like `document_frame`.
    pub(super) fn view_frame(&mut self) -> Option<Bytes> {
        let heads = self.doc.get_heads();
        if let Some((at, frame)) = &self.view
            && *at == heads
        {
            return Some(frame.clone());
        }
        let view = comap_shared::read_map(&self.doc).ok()?;
        let bytes = comap_shared::view_bytes::encode(&view).ok()?;
        let frame = Bytes::from(ServerFrame::View(bytes).encode());
        self.view = Some((heads, frame.clone()));
        Some(frame)
    }
}
