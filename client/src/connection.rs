//! The page's one connection to the server: the WebSocket, the local
//! Automerge replica (inside `SyncSession`) and reconnection. Components never
//! touch Automerge: they read `MapState` signals and call `dispatch`.

use crate::browser::{self, BrowserIds};
use crate::i18n::t;
use crate::local_store;
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

mod keeping;
mod presence;
mod receiving;
mod replica;
mod socket;
mod updates;

use keeping::keep_when_hidden;
use presence::offer_presence;
use receiving::on_frame;
use replica::{Origin, apply_local, follow, next_stamp};
use socket::{on_open, open_ws, send, ws_url};
use updates::{Update, apply};

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

/// Asks the server's voting round for something; it needs the connection.
pub fn ask_voting(request: comap_shared::voting::VotingRequest) -> Result<(), String> {
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
        Err(t("voting-needs-connection"))
    }
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

/// Asks everyone else to look at `view` (editors only; they choose whether to go).
pub fn summon_everyone(view: Point) {
    with_conn(|c, _| {
        if let Some(ws) = open_ws(c) {
            send(ws, &ClientFrame::Summon(view));
        }
    });
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

pub(super) fn open_socket() {
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

pub(super) fn on_close(generation: u32) {
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
pub(super) fn schedule_reconnect() {
    let mut failures = 0;
    with_conn(|c, _| failures = c.failures);
    let base = (250.0 * 2f64.powi(failures.min(6) as i32)).min(10_000.0);
    let delay = base * (0.5 + js_sys::Math::random() * 0.5);
    let retry = Closure::once_into_js(open_socket);
    let _ = browser::window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), delay as i32);
}
