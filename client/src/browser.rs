//! Small wrappers over browser APIs: location, storage, clock, randomness.

use comap_shared::IdSource;
use comap_shared::Role;

pub fn window() -> web_sys::Window {
    leptos::prelude::window()
}

/// Registers the service worker (`sw.js`) that keeps the page itself, so a
/// map opens while the server cannot be reached.
pub fn keep_page_for_offline() {
    let _ = window().navigator().service_worker().register("/sw.js");
}

/// The first element matching a CSS selector.
pub fn element(selector: &str) -> Option<web_sys::Element> {
    window().document()?.query_selector(selector).ok().flatten()
}

/// The board's scrolling area, where zoom, pointers and views are measured.
pub fn board_element() -> Option<web_sys::Element> {
    element(".board-scroll")
}

/// Whether a key press is meant for a text box or list (which keep their own
/// undo and keys).
pub fn typing_in(ev: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.has_attribute("contenteditable")
        })
}

/// What the address bar asks for.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Home,
    /// `/m/<id>#k=<secret>`; the secret stays in the fragment, never sent in a request.
    Map {
        id: String,
        secret: Option<String>,
    },
    /// `/w/<id>#k=<secret>`: a workshop's dashboard, for its facilitator.
    Workshop {
        id: String,
        secret: Option<String>,
    },
    /// `/join`: type a workshop room's join code.
    JoinCode,
}

pub fn route() -> Route {
    let loc = window().location();
    let path = loc.pathname().unwrap_or_default();
    let hash = loc.hash().unwrap_or_default();
    let secret = hash
        .trim_start_matches('#')
        .split('&')
        .find_map(|kv| kv.strip_prefix("k="))
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    let id_after = |prefix: &str| {
        path.strip_prefix(prefix)
            .map(|id| id.trim_end_matches('/').to_string())
            .filter(|id| !id.is_empty())
    };
    if let Some(id) = id_after("/m/") {
        Route::Map { id, secret }
    } else if let Some(id) = id_after("/w/") {
        Route::Workshop { id, secret }
    } else if path.trim_end_matches('/') == "/join" {
        Route::JoinCode
    } else {
        Route::Home
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A value this browser remembers under `key`.
pub fn stored(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

pub fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}

/// A yes/no choice this browser remembers (stored as "on" or "off"), or
/// `default` when it was never made.
pub fn remembered_choice(key: &str, default: bool) -> bool {
    match storage().and_then(|s| s.get_item(key).ok().flatten()) {
        Some(v) => v == "on",
        None => default,
    }
}

pub fn remember_choice(key: &str, on: bool) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, if on { "on" } else { "off" });
    }
}

pub fn remembered_name() -> String {
    storage()
        .and_then(|s| s.get_item("comap.name").ok().flatten())
        .unwrap_or_default()
}

pub fn remembered_role() -> Option<Role> {
    storage()
        .and_then(|s| s.get_item("comap.role").ok().flatten())
        .and_then(|r| Role::from_key(&r))
}

pub fn remember(name: &str, role: Role) {
    if let Some(s) = storage() {
        let _ = s.set_item("comap.name", name);
        let _ = s.set_item("comap.role", role.key());
    }
}

/// This browser's voter id for a map: made once, then remembered, so a
/// person can take back their votes after reloading the page.
pub fn voter_id(map: &str) -> String {
    kept_id("comap.voter", map)
}

/// An id this browser makes once per map for `purpose` ("comap.voter":
/// ballots, "comap.respondent": reflection answers) and then remembers.
pub fn kept_id(purpose: &str, map: &str) -> String {
    let key = format!("{purpose}.{map}");
    if let Some(id) = storage()
        .and_then(|s| s.get_item(&key).ok().flatten())
        .filter(|id| comap_shared::voting::valid_voter(id))
    {
        return id;
    }
    let id = format!("v{:016x}", u64::from_le_bytes(random_bytes::<8>()));
    if let Some(s) = storage() {
        let _ = s.set_item(&key, &id);
    }
    id
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    let filled = window()
        .crypto()
        .and_then(|c| c.get_random_values_with_u8_array(&mut buf).map(|_| ()));
    if filled.is_err() {
        for b in buf.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    buf
}

/// Ids for new cards, from the browser's cryptographic RNG.
pub struct BrowserIds;

impl IdSource for BrowserIds {
    fn next_u64(&mut self) -> u64 {
        u64::from_le_bytes(random_bytes::<8>())
    }
}

/// The page's origin, e.g. `https://comap.example.org`.
pub fn origin() -> String {
    window().location().origin().unwrap_or_default()
}

/// Puts `text` on the clipboard; false when the browser refuses.
pub async fn copy_text(text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let navigator = window().navigator();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(write) = write else { return false };
    let Ok(promise) = write.call1(&clipboard, &text.into()) else {
        return false;
    };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
