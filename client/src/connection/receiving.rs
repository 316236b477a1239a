//! A frame from the server, taken in: the view drawn first, the document
//! loaded, changes and sync messages applied, and starting afresh when the
//! server refused this page's changes for good.

use super::replica::{apply_pending, at_next_frame, received, schedule_apply};
use super::socket::flush;
use super::*;
use crate::i18n::t;

pub(super) fn on_frame(generation: u32, bytes: &[u8]) {
    with_conn(|c, up| {
        if c.generation != generation {
            return;
        }
        if c.hold {
            c.held.push(bytes.to_vec());
            return;
        }
        let frame = ServerFrame::decode(bytes);
        if let Ok(ServerFrame::Change(change)) = frame {
            c.pending.push(change);
            if !c.apply_scheduled {
                c.apply_scheduled = true;
                schedule_apply();
            }
            return;
        }
        // Anything else comes after the changes that arrived before it.
        apply_pending(c, up);
        match frame {
            Ok(ServerFrame::Welcome(w)) => {
                c.failures = 0;
                // A workshop room's status follows the welcome (its lock,
                // timer, reflection, actions); until then what the page
                // shows stays, so nothing typed is lost on reconnecting.
                (c.link_can_edit, c.facilitator, c.locked) = (w.can_edit, w.facilitator, false);
                browser::remember_choice(&can_edit_key(&c.hello.map), w.can_edit);
                up.push(Update::Welcome(w));
                // A notice about the connection (a restart) is over once back.
                up.push(Update::Notice(None));
                up.push(Update::Status(Status::Connected));
                flush(c);
                // The server forgot us: say again where we are.
                c.pace.reset();
                if c.presence != Presence::default() {
                    let now = c.presence.clone();
                    offer_presence(c, now);
                }
            }
            Ok(ServerFrame::Sync(msg)) => {
                match c.session.receive(&msg) {
                    Ok(true) => received(c, up),
                    Ok(false) => {}
                    Err(e) => leptos::logging::warn!("sync message rejected: {e}"),
                }
                // A copy kept in this browser is saved once the server is seen
                // to hold all of it (new changes are confirmed by an Ack).
                if c.unsaved_head.is_some() && c.session.peer_has_everything() {
                    c.unsaved_head = None;
                    up.push(Update::Saving(false));
                }
                flush(c);
            }
            // Taken above.
            Ok(ServerFrame::Change(_)) => {}
            Ok(ServerFrame::Document(bytes)) => match c.session.adopt_document(&bytes) {
                Ok(true) => received(c, up),
                Ok(false) => {}
                Err(e) => leptos::logging::warn!("stored map rejected: {e}"),
            },
            Ok(ServerFrame::View(bytes)) => drawn_first(c, up, generation, &bytes),
            Ok(ServerFrame::Peers(p)) => up.push(Update::Peers(p.peers)),
            Ok(ServerFrame::Presence(p)) => up.push(Update::Presence(p.updates)),
            Ok(ServerFrame::Summon(s)) => up.push(Update::Summon(s)),
            Ok(ServerFrame::Notice(n)) => up.push(Update::FacilitatorNotice(n)),
            Ok(ServerFrame::Ballot(b)) => up.push(Update::Ballot(b)),
            Ok(ServerFrame::Room(r)) => {
                let unlocked = c.locked && !r.locked;
                c.locked = r.locked;
                up.push(Update::CanEdit(
                    c.link_can_edit && (c.facilitator || !r.locked),
                ));
                up.push(Update::Room(r));
                if unlocked {
                    // What was made while locked goes now: start afresh, as
                    // the server does.
                    c.session.reset_connection();
                    flush(c);
                }
            }
            Ok(ServerFrame::Ack(ack)) => {
                if c.unsaved_head
                    .as_ref()
                    .is_some_and(|h| ack.heads.contains(h))
                {
                    c.unsaved_head = None;
                    up.push(Update::Saving(false));
                }
            }
            Ok(ServerFrame::Error(e)) => {
                // These will not go away by reconnecting: stop and say why.
                let fatal = matches!(
                    e.code,
                    ErrorCode::AccessDenied
                        | ErrorCode::UnsupportedVersion
                        | ErrorCode::BadHello
                        | ErrorCode::ReadOnly
                        | ErrorCode::Deleted
                        | ErrorCode::InvalidChange
                        | ErrorCode::MapTooLarge
                );
                let said = crate::words::error_words(e.code);
                if e.code == ErrorCode::NotAllowed {
                    start_afresh(c, up, &said);
                } else if fatal {
                    c.stopped = true;
                    if matches!(e.code, ErrorCode::Deleted | ErrorCode::AccessDenied) {
                        // Nothing of a deleted map (or one this link cannot open) stays here.
                        let map = c.hello.map.clone();
                        wasm_bindgen_futures::spawn_local(async move {
                            let _ = local_store::forget(&map).await;
                        });
                    }
                    if e.code == ErrorCode::Deleted {
                        up.push(Update::Gone);
                    }
                    up.push(Update::Fatal(said));
                } else {
                    up.push(Update::Notice(Some(said)));
                }
            }
            Err(e) => leptos::logging::warn!("unreadable frame from server: {e}"),
        }
    });
}

/// A `view` frame: the map as it reads, before its document. A page that
/// has nothing yet draws it at once, read-only; the frames after it (the
/// document, whose load can take a second) wait until the browser has
/// drawn it.
pub(super) fn drawn_first(c: &mut Conn, up: &mut Vec<Update>, generation: u32, bytes: &[u8]) {
    if !c.session.heads().is_empty() || c.state.map.with_untracked(Option::is_some) {
        return;
    }
    let view = match comap_shared::view_bytes::decode(bytes) {
        Ok(view) => view,
        Err(e) => {
            leptos::logging::warn!("map view rejected: {e}");
            return;
        }
    };
    let Some(delta) = c
        .state
        .map
        .try_update_untracked(|m| map_delta::replace(m, view))
    else {
        return;
    };
    up.push(Update::Delta(Box::new(delta)));
    up.push(Update::Readying(true));
    c.hold = at_next_frame(move || {
        // After this animation frame is drawn, not within it.
        let after = Closure::once_into_js(move || release_held(generation));
        let _ = browser::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(after.unchecked_ref(), 0);
    });
}

/// Handles, in order, the frames that waited for the map to be drawn.
pub(super) fn release_held(generation: u32) {
    let held = CONN.with(|c| {
        let mut c = c.borrow_mut();
        let c = c.as_mut()?;
        c.hold = false;
        Some(std::mem::take(&mut c.held))
    });
    for frame in held.unwrap_or_default() {
        on_frame(generation, &frame);
    }
}

/// The server refused this page's changes for good (they change what this
/// person may not change, such as the stages after the facilitator closed
/// them): start again from the server's copy of the map, so nothing is
/// sent again and again, and keep the cards made here (`put_back`).
pub(super) fn start_afresh(c: &mut Conn, up: &mut Vec<Update>, why: &str) {
    c.salvage = c.state.map.get_untracked();
    c.session = SyncSession::new(&browser::random_bytes::<16>());
    c.news = false;
    c.unkept_log.clear();
    c.history = UndoStack::default();
    c.unsaved_head = None;
    up.push(Update::History {
        undo: false,
        redo: false,
    });
    up.push(Update::Notice(Some(format!("{why} {}", t("cards-kept")))));
    let map = c.hello.map.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = local_store::forget(&map).await;
    });
}
