//! Keeping the replica in the browser (IndexedDB, `local_store`): soon
//! after changes, at once when the page is hidden.

use super::*;

/// How long after a change the map is written to this browser's store.
pub(super) const KEEP_AFTER_MS: i32 = 300;

/// Keeps the map in this browser shortly after it changed (several changes
/// in a row are written once). What is written grows by the changes since
/// the last write (`SyncSession::kept`), so a long history is not saved
/// whole again after every edit.
pub(super) fn keep_soon(c: &mut Conn) {
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
pub(super) fn keep_now() {
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
pub(super) fn keep_when_hidden() {
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
