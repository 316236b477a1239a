//! The page's one connection to the server: the WebSocket, the local
//! Automerge replica (inside `SyncSession`) and reconnection. Components never
//! touch Automerge: they read `MapState` signals and call `dispatch`.

use crate::browser::{self, BrowserIds};
use crate::local_store;
use crate::text;
use comap_shared::events::{MapEvent, changes_between};
use comap_shared::map_delta::{self, Delta};
use comap_shared::presence::{Coalescer, PeerPresence, Point, Presence, Summon};
use comap_shared::protocol::{
    ClientFrame, ErrorCode, FEATURE_CHANGES, FEATURE_EMPTY, FEATURE_PRESENCE, Hello,
    PROTOCOL_VERSION, PeerInfo, ServerFrame, Welcome,
};
use comap_shared::session::{SyncSession, ToKeep};
use comap_shared::undo::UndoStack;
use comap_shared::{Author, CardId, Command, MapView, ModelError, Role};
use leptos::prelude::*;
// The trait, not this file's `Update` enum.
use leptos::prelude::Update as _;
use std::cell::RefCell;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{BinaryType, MessageEvent, WebSocket};

use crate::map_state::{MapState, Status};

struct Conn {
    session: SyncSession,
    hello: Hello,
    author_name: String,
    author_role: Role,
    ws: Option<WebSocket>,
    /// Bumped for every socket, so events of an old socket are ignored.
    generation: u32,
    failures: u32,
    stopped: bool,
    /// The head of our newest change until the server acknowledges it.
    unsaved_head: Option<String>,
    /// This person's own changes, to undo and redo.
    history: UndoStack,
    /// What this person shares about where they are, paced by `pace`.
    presence: Presence,
    pace: Coalescer,
    /// A timer will send the waiting presence.
    presence_timer: bool,
    /// Others' changes are news to tell (not while the map first loads).
    news: bool,
    /// A timer will keep the map in this browser.
    keep_timer: bool,
    /// Others' changes (`change` frames) waiting to be applied together,
    /// once per animation frame, and whether that is scheduled.
    pending: Vec<Vec<u8>>,
    apply_scheduled: bool,
    /// The map was just drawn from a `view` frame: the frames after it wait
    /// (`held`) until the browser has drawn it, then go in order.
    hold: bool,
    held: Vec<Vec<u8>>,
    /// How many entries this page has written to the browser's store
    /// (`next_stamp`), and the stamps of the log's entries not yet in what
    /// was kept.
    logged: u32,
    unkept_log: Vec<String>,
    /// What this page's link may do, and whether the room is locked now.
    link_can_edit: bool,
    facilitator: bool,
    locked: bool,
    /// The map as this page held it when the server refused its changes
    /// (`not_allowed`): the page starts again from the server's copy and
    /// puts back the cards made here that it does not hold.
    salvage: Option<MapView>,
    state: MapState,
}

thread_local! {
    static CONN: RefCell<Option<Conn>> = const { RefCell::new(None) };
}

/// Signal updates gathered while the connection is borrowed, applied after.
enum Update {
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

fn apply(state: MapState, updates: Vec<Update>) {
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

/// Runs `f` on the connection, then applies the signal updates it produced.
fn with_conn(f: impl FnOnce(&mut Conn, &mut Vec<Update>)) {
    let mut updates = Vec::new();
    let state = CONN.with(|c| {
        let mut c = c.borrow_mut();
        let conn = c.as_mut()?;
        f(conn, &mut updates);
        Some(conn.state)
    });
    if let Some(state) = state {
        apply(state, updates);
    }
}

/// Opens the connection to map `id` for a person; call once per page.
pub fn start(map: String, secret: String, name: String, role: Role, state: MapState) {
    let actor = browser::random_bytes::<16>();
    let voter = browser::voter_id(&map);
    let conn = Conn {
        session: SyncSession::new(&actor),
        hello: Hello {
            version: PROTOCOL_VERSION,
            map,
            secret,
            name: name.clone(),
            role,
            features: vec![FEATURE_CHANGES.to_string(), FEATURE_PRESENCE.to_string()],
            voter: Some(voter.clone()),
        },
        author_name: name,
        author_role: role,
        ws: None,
        generation: 0,
        failures: 0,
        stopped: false,
        unsaved_head: None,
        history: UndoStack::default(),
        presence: Presence::default(),
        pace: Coalescer::default(),
        presence_timer: false,
        news: false,
        keep_timer: false,
        pending: Vec::new(),
        apply_scheduled: false,
        hold: false,
        held: Vec::new(),
        logged: 0,
        unkept_log: Vec::new(),
        link_can_edit: false,
        facilitator: false,
        locked: false,
        salvage: None,
        state,
    };
    state.voter.set(voter);
    let map = conn.hello.map.clone();
    CONN.with(|c| *c.borrow_mut() = Some(conn));
    keep_when_hidden();
    // What this browser kept of the map opens at once, even offline; then
    // the connection brings it up to date (and sends what was made offline).
    wasm_bindgen_futures::spawn_local(async move {
        let kept = local_store::load(&map).await;
        with_conn(|c, up| {
            let Some((session, logged)) = kept.and_then(|k| {
                let session = SyncSession::load(&k.bytes, &actor).ok()?;
                Some((session, k.logged))
            }) else {
                return;
            };
            if c.session.has_map() {
                return;
            }
            c.session = session;
            // The next kept document holds these: their log entries go then.
            c.unkept_log = logged;
            // Until the server says otherwise, what this link could do last time.
            up.push(Update::CanEdit(browser::remembered_choice(
                &can_edit_key(&c.hello.map),
                false,
            )));
            if let Ok(delta) = follow(c) {
                // What others did while this page was away is news.
                c.news = true;
                up.push(Update::Delta(Box::new(delta)));
            }
            // It may hold changes made offline before a reload: not known to
            // be on the server until the server shows it has them.
            c.unsaved_head = c.session.heads().first().map(|h| h.to_string());
            up.push(Update::Saving(true));
        });
        open_socket();
    });
}

/// Where this browser remembers whether its link could edit a map.
fn can_edit_key(map: &str) -> String {
    format!("comap.can-edit.{map}")
}

/// How long after a change the map is written to this browser's store.
const KEEP_AFTER_MS: i32 = 300;

/// Keeps the map in this browser shortly after it changed (several changes
/// in a row are written once). What is written grows by the changes since
/// the last write (`SyncSession::kept`), so a long history is not saved
/// whole again after every edit.
fn keep_soon(c: &mut Conn) {
    if c.keep_timer {
        return;
    }
    c.keep_timer = true;
    let later = Closure::once_into_js(keep_now);
    let _ = browser::window().set_timeout_with_callback_and_timeout_and_arguments_0(
        later.unchecked_ref(),
        KEEP_AFTER_MS,
    );
}

/// Writes what changed since the last write now (the whole document now
/// and then), with the log entries it holds dropped.
fn keep_now() {
    let mut saved = None;
    with_conn(|c, _| {
        c.keep_timer = false;
        let keep = match c.session.to_keep() {
            ToKeep::Whole(bytes) => local_store::Keep::Whole(bytes),
            ToKeep::More(bytes) => local_store::Keep::More {
                stamp: next_stamp(c),
                bytes,
            },
            ToKeep::Nothing => return,
        };
        // What is written holds every change logged so far.
        saved = Some((c.hello.map.clone(), keep, std::mem::take(&mut c.unkept_log)));
    });
    if let Some((map, keep, held)) = saved {
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = local_store::save(&map, keep, held).await {
                leptos::logging::warn!("could not keep the map in this browser: {e:?}");
            }
        });
    }
}

/// When the page is hidden or goes away, what waits to be kept is kept now
/// (each change of this person's is in the log already).
fn keep_when_hidden() {
    let keep_if_due = || {
        let mut due = false;
        CONN.with(|c| due = c.borrow().as_ref().is_some_and(|c| c.keep_timer));
        if due {
            keep_now();
        }
    };
    let window = browser::window();
    let on_pagehide = Closure::<dyn FnMut()>::new(keep_if_due);
    let _ =
        window.add_event_listener_with_callback("pagehide", on_pagehide.as_ref().unchecked_ref());
    on_pagehide.forget();
    let on_visibility = Closure::<dyn FnMut()>::new(move || {
        if browser::window().document().is_some_and(|d| d.hidden()) {
            keep_if_due();
        }
    });
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visibility.as_ref().unchecked_ref(),
        );
    }
    on_visibility.forget();
}

fn ws_url() -> String {
    let loc = browser::window().location();
    let scheme = if loc.protocol().unwrap_or_default() == "https:" {
        "wss"
    } else {
        "ws"
    };
    format!("{scheme}://{}/ws", loc.host().unwrap_or_default())
}

fn open_socket() {
    let Ok(ws) = WebSocket::new(&ws_url()) else {
        schedule_reconnect();
        return;
    };
    ws.set_binary_type(BinaryType::Arraybuffer);
    let mut generation = 0;
    with_conn(|c, _| {
        c.generation += 1;
        generation = c.generation;
        c.ws = Some(ws.clone());
    });
    let on_open = Closure::<dyn FnMut()>::new(move || on_open(generation));
    ws.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    on_open.forget();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        if let Ok(buf) = ev.data().dyn_into::<js_sys::ArrayBuffer>() {
            on_frame(generation, &js_sys::Uint8Array::new(&buf).to_vec());
        }
    });
    ws.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let on_close = Closure::<dyn FnMut()>::new(move || on_close(generation));
    ws.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    on_close.forget();
}

fn send(ws: &WebSocket, frame: &ClientFrame) {
    let _ = ws.send_with_u8_array(&frame.encode());
}

fn on_open(generation: u32) {
    with_conn(|c, _| {
        if c.generation != generation {
            return;
        }
        c.session.reset_connection();
        // With nothing of the map yet, the server may send it whole first.
        let mut hello = c.hello.clone();
        if c.session.heads().is_empty() {
            hello.features.push(FEATURE_EMPTY.to_string());
        }
        if let Some(ws) = &c.ws {
            send(ws, &ClientFrame::Hello(hello));
        }
    });
}

/// The socket, if it is open (frames can be sent now).
fn open_ws(c: &Conn) -> Option<&WebSocket> {
    c.ws.as_ref()
        .filter(|ws| ws.ready_state() == WebSocket::OPEN)
}

fn flush(c: &mut Conn) {
    // Generate only when it can be sent: generating marks the message as in flight.
    let Some(ws) = open_ws(c).cloned() else {
        return;
    };
    if let Some(bytes) = c.session.outgoing() {
        send(&ws, &ClientFrame::Sync(bytes));
    }
}

fn on_frame(generation: u32, bytes: &[u8]) {
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
                if e.code == ErrorCode::NotAllowed {
                    start_afresh(c, up, &e.message);
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
                    up.push(Update::Fatal(e.message));
                } else {
                    up.push(Update::Notice(Some(e.message)));
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
fn drawn_first(c: &mut Conn, up: &mut Vec<Update>, generation: u32, bytes: &[u8]) {
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
fn release_held(generation: u32) {
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

/// Applies the waiting change frames at the next animation frame (or at
/// once in a hidden tab, which draws no frames): however many arrived
/// meanwhile, the map is read and shown once.
fn schedule_apply() {
    if !at_next_frame(|| with_conn(apply_pending)) {
        with_conn(apply_pending);
    }
}

/// Runs `f` at the next animation frame (in a hidden tab, which draws no
/// frames, as the next task). False when neither could be asked for.
fn at_next_frame(f: impl FnOnce() + 'static) -> bool {
    let later = Closure::once_into_js(f);
    let window = browser::window();
    let hidden = window.document().is_some_and(|d| d.hidden());
    let scheduled = if hidden {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 0)
    } else {
        window.request_animation_frame(later.unchecked_ref())
    };
    scheduled.is_ok()
}

/// Applies every waiting change frame in one step, then shows the map once.
fn apply_pending(c: &mut Conn, up: &mut Vec<Update>) {
    c.apply_scheduled = false;
    if c.pending.is_empty() {
        return;
    }
    let frames = std::mem::take(&mut c.pending);
    let applied = match c.session.receive_changes(&frames) {
        Ok(_) => true,
        // One frame is malformed: the others, one by one.
        Err(_) => frames
            .iter()
            .fold(false, |any, frame| match c.session.receive_change(frame) {
                Ok(_) => true,
                Err(e) => {
                    leptos::logging::warn!("forwarded change rejected: {e}");
                    any
                }
            }),
    };
    if applied {
        received(c, up);
    }
}

/// Others' changes arrived: show the map and say what changed.
fn received(c: &mut Conn, up: &mut Vec<Update>) {
    let Ok(delta) = follow(c) else {
        return;
    };
    // The first map a page receives is what it loads, not news.
    if std::mem::replace(&mut c.news, true) && !delta.before.stages.is_empty() {
        let (events, left_out) = changes_between(&delta.before, &delta.after);
        if !events.is_empty() {
            up.push(Update::Announce(events, left_out));
        }
        // Others' new cards light up for a moment (a few at most).
        let added: Vec<comap_shared::CardId> = delta
            .after
            .cards
            .iter()
            .filter(|c| delta.before.card(&c.id).is_none())
            .take(5)
            .map(|c| c.id.clone())
            .collect();
        if !added.is_empty() {
            up.push(Update::Added(added));
        }
    }
    up.push(Update::Delta(Box::new(delta)));
    up.push(Update::Readying(false));
    keep_soon(c);
    if let Some(held) = c.salvage.take() {
        let now = c.state.map.get_untracked().unwrap_or_default();
        put_back(c, up, &held, &now);
    }
}

/// Brings the page's map up to date with the replica, reading only the
/// parts the changes since last time touched.
fn follow(c: &mut Conn) -> Result<Delta, ModelError> {
    let touched = c.session.touched();
    let doc = c.session.doc();
    c.state
        .map
        .try_update_untracked(|m| map_delta::update(m, doc, &touched))
        .unwrap_or_else(|| Err(ModelError::NotAMap("the page has closed".into())))
}

/// The server refused this page's changes for good (they change what this
/// person may not change, such as the stages after the facilitator closed
/// them): start again from the server's copy of the map, so nothing is
/// sent again and again, and keep the cards made here (`put_back`).
fn start_afresh(c: &mut Conn, up: &mut Vec<Update>, why: &str) {
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
    up.push(Update::Notice(Some(format!("{why} {}", text::CARDS_KEPT))));
    let map = c.hello.map.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let _ = local_store::forget(&map).await;
    });
}

/// Puts back the cards `held` had that the server's map `now` lacks, each
/// as it was (in its place if that place is still there).
fn put_back(c: &mut Conn, up: &mut Vec<Update>, held: &MapView, now: &MapView) {
    let missing: Vec<comap_shared::Card> = held
        .cards
        .iter()
        .chain(held.unsorted.iter())
        .filter(|card| {
            now.card(&card.id).is_none() && !now.unsorted.iter().any(|u| u.id == card.id)
        })
        .cloned()
        .collect();
    for card in missing {
        let _ = apply_local(c, up, &Command::RestoreCard { card }, Origin::Person);
    }
}

/// Asks the server's voting round for something; it needs the connection.
pub fn ask_voting(request: comap_shared::voting::VotingRequest) -> Result<(), &'static str> {
    let mut sent = false;
    with_conn(|c, _| {
        if let Some(ws) = open_ws(c) {
            send(ws, &ClientFrame::Voting(request));
            sent = true;
        }
    });
    if sent {
        Ok(())
    } else {
        Err(text::VOTING_NEEDS_CONNECTION)
    }
}

fn on_close(generation: u32) {
    let mut reconnect = false;
    with_conn(|c, up| {
        if c.generation != generation {
            return;
        }
        c.ws = None;
        // Whoever was here is unknown until the server says again.
        up.push(Update::Peers(Vec::new()));
        if c.stopped {
            up.push(Update::Status(Status::Stopped));
            return;
        }
        c.failures += 1;
        up.push(Update::Status(if c.failures <= 1 {
            Status::Reconnecting
        } else {
            Status::Offline
        }));
        reconnect = true;
    });
    if reconnect {
        schedule_reconnect();
    }
}

/// Tries again after a growing, jittered delay (0.25 s up to 10 s).
fn schedule_reconnect() {
    let mut failures = 0;
    with_conn(|c, _| failures = c.failures);
    let base = (250.0 * 2f64.powi(failures.min(6) as i32)).min(10_000.0);
    let delay = base * (0.5 + js_sys::Math::random() * 0.5);
    let retry = Closure::once_into_js(open_socket);
    let _ = browser::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), delay as i32);
}

/// Changes what this person shares about where they are (their pointer,
/// the card they edit or have selected, their view). Sent at most every
/// `PRESENCE_INTERVAL_MS`, the newest value winning; never part of the map.
pub fn share_presence(change: impl FnOnce(&mut Presence)) {
    with_conn(|c, _| {
        let mut next = c.presence.clone();
        change(&mut next);
        if next != c.presence {
            c.presence = next.clone();
            offer_presence(c, next);
        }
    });
}

fn offer_presence(c: &mut Conn, presence: Presence) {
    let now = js_sys::Date::now();
    if let Some(ready) = c.pace.offer(now, presence) {
        send_presence(c, ready);
    } else if !c.presence_timer
        && let Some(wait) = c.pace.wait_ms(now)
    {
        c.presence_timer = true;
        let later = Closure::once_into_js(|| {
            with_conn(|c, _| {
                c.presence_timer = false;
                if let Some(ready) = c.pace.due(js_sys::Date::now()) {
                    send_presence(c, ready);
                }
            });
        });
        let _ = browser::window().set_timeout_with_callback_and_timeout_and_arguments_0(
            later.unchecked_ref(),
            wait.ceil() as i32 + 1,
        );
    }
}

fn send_presence(c: &Conn, presence: Presence) {
    if let Some(ws) = open_ws(c) {
        send(ws, &ClientFrame::Presence(presence));
    }
}

/// Asks everyone else to look at `view` (editors only; they choose whether to go).
pub fn summon_everyone(view: Point) {
    with_conn(|c, _| {
        if let Some(ws) = open_ws(c) {
            send(ws, &ClientFrame::Summon(view));
        }
    });
}

/// How a command came about, for the undo history.
#[derive(Clone, Copy)]
enum Origin {
    Person,
    Undo,
    Redo,
}

/// Applies a command to the local replica, records it in the undo history
/// and sends it to the server.
fn apply_local(
    c: &mut Conn,
    up: &mut Vec<Update>,
    command: &Command,
    origin: Origin,
) -> Result<Option<CardId>, ModelError> {
    let author = Author {
        name: c.author_name.clone(),
        role: c.author_role,
        now_ms: browser::now_ms(),
    };
    // Others' changes that came in first go first.
    apply_pending(c, up);
    let heads = c.session.heads();
    let created = c.session.apply(command, &author, &mut BrowserIds)?;
    log_change(c, &heads);
    // The undo step is taken from what this change touched, as it was and is.
    let mut delta = follow(c)?;
    if let Some(card) = command.card() {
        c.state.map.with_untracked(|m| {
            if let Some(now) = m {
                delta.include(now, card);
            }
        });
    }
    keep_soon(c);
    let (before, after) = (&delta.before, &delta.after);
    match origin {
        Origin::Person => c.history.record(before, after, command),
        Origin::Undo => c.history.undone(before, after, command),
        Origin::Redo => c.history.redone(before, after, command),
    }
    up.push(Update::Delta(Box::new(delta)));
    up.push(Update::History {
        undo: c.history.can_undo(),
        redo: c.history.can_redo(),
    });
    c.unsaved_head = c.session.heads().first().map(|h| h.to_string());
    up.push(Update::Saving(true));
    flush(c);
    Ok(created)
}

/// Writes the change just made (since `heads`) to this browser's log at
/// once, so it is kept even if the page closes the next moment.
fn log_change(c: &mut Conn, heads: &[automerge::ChangeHash]) {
    let change = c.session.saved_since(heads);
    if change.is_empty() {
        return;
    }
    let stamp = next_stamp(c);
    local_store::log_now(&c.hello.map, &stamp, &change);
    c.unkept_log.push(stamp);
}

/// A key for this browser's store that sorts by time, then by the order
/// within this page.
fn next_stamp(c: &mut Conn) -> String {
    let stamp = format!("{:015}-{:08}", browser::now_ms().max(0), c.logged);
    c.logged += 1;
    stamp
}

/// Applies a person's command to the local map and sends it to the server.
pub fn dispatch(command: Command) -> Result<Option<CardId>, ModelError> {
    let mut result = Err(ModelError::NotAMap("not connected".into()));
    with_conn(|c, up| result = apply_local(c, up, &command, Origin::Person));
    result
}

/// Undoes (or with `redo`, redoes) this person's last change. `Ok(false)`
/// when there is nothing to undo; `Err(ChangedSince)` when someone else has
/// changed that thing since, so it was left as they made it.
pub fn undo_or_redo(redo: bool) -> Result<bool, ModelError> {
    let mut result = Ok(false);
    with_conn(|c, up| {
        result = (|| {
            let state = c.state;
            let taken = state
                .map
                .with_untracked(|m| {
                    let now = m.as_ref()?;
                    Some(if redo {
                        c.history.take_redo(now)
                    } else {
                        c.history.take_undo(now)
                    })
                })
                .unwrap_or(Ok(None));
            up.push(Update::History {
                undo: c.history.can_undo(),
                redo: c.history.can_redo(),
            });
            let Some(command) = taken? else {
                return Ok(false);
            };
            let origin = if redo { Origin::Redo } else { Origin::Undo };
            apply_local(c, up, &command, origin).map(|_| true)
        })();
    });
    result
}

/// The map id and the secret this page joined with (for API calls such as
/// deleting the map), once connected.
pub fn credentials() -> Option<(String, String)> {
    CONN.with(|c| {
        c.borrow()
            .as_ref()
            .map(|c| (c.hello.map.clone(), c.hello.secret.clone()))
    })
}
