//! Panics inside Automerge are caught by the server's room, which refuses the
//! sender and reloads the map (see `Room::recover`). The fuzz targets model
//! that: a panic inside `automerge(...)` is caught and counts as a refused
//! message; a panic anywhere else still aborts, so the fuzzer reports it.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

thread_local! {
    static IN_AUTOMERGE: Cell<bool> = const { Cell::new(false) };
}

static HOOK: Once = Once::new();

/// Runs an Automerge call; `None` when it panicked.
pub fn automerge<T>(f: impl FnOnce() -> T) -> Option<T> {
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_AUTOMERGE.with(Cell::get) {
                fuzzer_hook(info);
            }
        }));
    });
    IN_AUTOMERGE.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    IN_AUTOMERGE.with(|c| c.set(false));
    result.ok()
}
