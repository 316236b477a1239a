//! Zooming the board: buttons (**Zoom out**, **Zoom in**, **Fit map**,
//! **Actual size**), Ctrl + mouse wheel or a trackpad pinch around the
//! pointer, a two-finger pinch on touch screens, and the single keys + and −
//! while the board has the focus (they can be turned off). Panning is the
//! board's own scrolling: wheel, scroll bars, arrow keys on the focused
//! board, one finger on touch screens. Zoomed far out, cards show their text
//! only (less detail, less to draw).
//!
//! A zoom step is drawn at once by scaling the board as it is (a transform,
//! which needs no new layout); when zooming pauses for `SETTLE_MS` the board
//! is laid out at the new size (sharp text, sticky headings, the far-out
//! detail level). Laying out 2,000 cards takes a few hundred milliseconds,
//! so doing it only once per zoom gesture is what keeps zooming smooth.

use crate::browser;
use crate::i18n::tr;
use crate::map_state::MapState;
use leptos::prelude::*;

pub const MIN_ZOOM: f64 = 0.3;
pub const MAX_ZOOM: f64 = 2.0;
/// One press of Zoom in or Zoom out.
const STEP: f64 = 1.25;
/// Below this, cards are drawn without their buttons and details.
pub const FAR: f64 = 0.6;
/// How long zooming must pause before the board is laid out at the new size.
const SETTLE_MS: u64 = 250;
/// Where this browser remembers whether single-key shortcuts are on.
pub const SHORTCUTS_KEY: &str = "comap.shortcuts";

use browser::board_element as board;

/// Sets the zoom, keeping the board point under `anchor` (in the board's
/// visible area, CSS pixels) where it is; the middle of the view by default.
pub fn zoom_to(state: MapState, wanted: f64, anchor: Option<(f64, f64)>) {
    let old = state.zoom.get_untracked();
    let new = wanted.clamp(MIN_ZOOM, MAX_ZOOM);
    if (new - old).abs() < 1e-6 {
        return;
    }
    let Some(el) = board() else {
        state.zoom.set(new);
        return;
    };
    let (ax, ay) = anchor.unwrap_or((
        f64::from(el.client_width()) / 2.0,
        f64::from(el.client_height()) / 2.0,
    ));
    // The board point under the anchor, in unzoomed units.
    let bx = (f64::from(el.scroll_left()) + ax) / old;
    let by = (f64::from(el.scroll_top()) + ay) / old;
    state.zoom.set(new);
    // After the new size is laid out, scroll so that point is under the anchor again.
    request_animation_frame(move || {
        el.set_scroll_left((bx * new - ax).round() as i32);
        el.set_scroll_top((by * new - ay).round() as i32);
    });
}

/// The board table's style: laid out at `laid_zoom`, scaled to `zoom`.
pub fn board_style(state: MapState) -> String {
    let (zoom, laid) = (state.zoom.get(), state.laid_zoom.get());
    if (zoom - laid).abs() < 1e-6 {
        format!("zoom:{laid}")
    } else {
        format!("zoom:{laid};transform:scale({})", zoom / laid)
    }
}

/// Lays the board out at the shown zoom once zooming has paused for
/// `SETTLE_MS` (each new zoom step starts the wait again).
pub fn settle_when_still(state: MapState) {
    let steps = StoredValue::new(0u64);
    Effect::new(move |_| {
        let zoom = state.zoom.get();
        if (zoom - state.laid_zoom.get_untracked()).abs() < 1e-6 {
            return;
        }
        steps.update_value(|n| *n = n.wrapping_add(1));
        let this_step = steps.get_value();
        set_timeout(
            move || {
                if steps.get_value() == this_step {
                    lay_out(state);
                }
            },
            std::time::Duration::from_millis(SETTLE_MS),
        );
    });
}

/// The board looks the same before and after, so the view stays where it is.
fn lay_out(state: MapState) {
    let zoom = state.zoom.get_untracked();
    let Some(el) = board() else {
        state.laid_zoom.set(zoom);
        return;
    };
    let (left, top) = (el.scroll_left(), el.scroll_top());
    state.laid_zoom.set(zoom);
    request_animation_frame(move || {
        el.set_scroll_left(left);
        el.set_scroll_top(top);
    });
}

/// Zooms so the whole map fits the visible board both ways (never above
/// actual size). Far out, cards show less, so the board's size is not in
/// proportion to the zoom: the board is laid out at once at each estimate
/// and measured again, a few times, until it fits as large as it can.
pub fn fit(state: MapState) {
    fit_step(state, 6, None);
}

/// One estimate: measures the board as laid out now, lays it out at the
/// zoom that would fit it, and looks again next frame. `best` is the
/// largest zoom found so far at which the whole board fitted.
fn fit_step(state: MapState, tries: u32, best: Option<f64>) {
    let (Some(el), Some(table)) = (board(), browser::element(".board-scroll .board")) else {
        return;
    };
    let zoom = state.zoom.get_untracked();
    let rect = table.get_bounding_client_rect();
    // What of the board shows: its box, cut at the bottom of the window
    // (banners above it can push it down).
    let window_height = browser::window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(f64::MAX);
    let top = el.get_bounding_client_rect().top();
    let height = f64::from(el.client_height()).min(window_height - top.max(0.0));
    let width = f64::from(el.client_width());
    let factor = (width / rect.width().max(1.0)).min(height.max(1.0) / rect.height().max(1.0));
    let best = if factor >= 0.999 {
        Some(best.map_or(zoom, |b: f64| b.max(zoom)))
    } else {
        best
    };
    let wanted = (zoom * factor).min(1.0).clamp(MIN_ZOOM, MAX_ZOOM);
    el.set_scroll_left(0);
    el.set_scroll_top(0);
    // Done when the estimate stays put, when it would go below a zoom known
    // to fit (far out cards show less, so the board's size jumps there),
    // or after a few tries.
    let settled = (wanted - zoom).abs() < 0.005 || best.is_some_and(|b| wanted <= b);
    if settled || tries == 0 {
        // The largest zoom that fitted; else a little below the estimate.
        let z = match best {
            Some(b) => b,
            None => (zoom * factor.min(1.0) * 0.98).clamp(MIN_ZOOM, MAX_ZOOM),
        };
        state.zoom.set(z);
        state.laid_zoom.set(z);
        return;
    }
    state.zoom.set(wanted);
    state.laid_zoom.set(wanted);
    request_animation_frame(move || fit_step(state, tries - 1, best));
}

/// Ctrl + wheel (and a trackpad pinch, which the browser reports so) zooms
/// around the pointer instead of zooming the whole page.
pub fn on_wheel(state: MapState, ev: &web_sys::WheelEvent) {
    if !ev.ctrl_key() {
        return;
    }
    ev.prevent_default();
    let Some(el) = board() else { return };
    let rect = el.get_bounding_client_rect();
    let anchor = (
        f64::from(ev.client_x()) - rect.left(),
        f64::from(ev.client_y()) - rect.top(),
    );
    let factor = (-ev.delta_y() * 0.002).exp();
    zoom_to(state, state.zoom.get_untracked() * factor, Some(anchor));
}

/// The keys + and − zoom while the focus is on the board (not in a text box), unless
/// single-key shortcuts are turned off.
pub fn on_key(state: MapState, ev: &web_sys::KeyboardEvent) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    if !browser::remembered_choice(SHORTCUTS_KEY, true) {
        return;
    }
    if browser::typing_in(ev) {
        return;
    }
    let zoom = state.zoom.get_untracked();
    match ev.key().as_str() {
        "+" | "=" => zoom_to(state, zoom * STEP, None),
        "-" | "\u{2212}" => zoom_to(state, zoom / STEP, None),
        _ => return,
    }
    ev.prevent_default();
}

/// Two fingers on a touch screen: the distance between them, while pinching.
#[derive(Default, Clone, Copy)]
pub struct Pinch {
    start_distance: f64,
    start_zoom: f64,
}

fn touch_distance(ev: &web_sys::TouchEvent) -> Option<(f64, (f64, f64))> {
    let touches = ev.touches();
    let (a, b) = (touches.get(0)?, touches.get(1)?);
    let (dx, dy) = (
        f64::from(a.client_x() - b.client_x()),
        f64::from(a.client_y() - b.client_y()),
    );
    let middle = (
        f64::from(a.client_x() + b.client_x()) / 2.0,
        f64::from(a.client_y() + b.client_y()) / 2.0,
    );
    Some((dx.hypot(dy), middle))
}

pub fn on_touch_start(state: MapState, pinch: RwSignal<Option<Pinch>>, ev: &web_sys::TouchEvent) {
    if let Some((distance, _)) = touch_distance(ev) {
        pinch.set(Some(Pinch {
            start_distance: distance.max(1.0),
            start_zoom: state.zoom.get_untracked(),
        }));
    }
}

pub fn on_touch_move(state: MapState, pinch: RwSignal<Option<Pinch>>, ev: &web_sys::TouchEvent) {
    let (Some(p), Some((distance, middle))) = (pinch.get_untracked(), touch_distance(ev)) else {
        return;
    };
    ev.prevent_default();
    let Some(el) = board() else { return };
    let rect = el.get_bounding_client_rect();
    let anchor = (middle.0 - rect.left(), middle.1 - rect.top());
    zoom_to(
        state,
        p.start_zoom * distance / p.start_distance,
        Some(anchor),
    );
}

pub fn on_touch_end(pinch: RwSignal<Option<Pinch>>, ev: &web_sys::TouchEvent) {
    if ev.touches().length() < 2 {
        pinch.set(None);
    }
}

/// The zoom buttons above the board.
#[component]
pub fn ZoomTools(state: MapState) -> impl IntoView {
    let percent = move || format!("{:.0}%", state.zoom.get() * 100.0);
    view! {
        <div class="board-tools" role="toolbar" aria-label=tr("board-tools")>
            <button
                type="button"
                aria-label=tr("zoom-out")
                title=tr("zoom-out-hint")
                aria-keyshortcuts="-"
                disabled=move || { state.zoom.get() <= MIN_ZOOM + 1e-6 }
                on:click=move |_| zoom_to(state, state.zoom.get_untracked() / STEP, None)
            >
                <span aria-hidden="true">"\u{2212}"</span>
            </button>
            <span class="zoom-level" aria-live="polite">
                <span class="visually-hidden">{tr("zoom-level")}" "</span>
                {percent}
            </span>
            <button
                type="button"
                aria-label=tr("zoom-in")
                title=tr("zoom-in-hint")
                aria-keyshortcuts="+"
                disabled=move || { state.zoom.get() >= MAX_ZOOM - 1e-6 }
                on:click=move |_| zoom_to(state, state.zoom.get_untracked() * STEP, None)
            >
                <span aria-hidden="true">"+"</span>
            </button>
            <button type="button" on:click=move |_| fit(state)>{tr("fit-map")}</button>
            <button type="button" on:click=move |_| zoom_to(state, 1.0, None)>
                {tr("actual-size")}
            </button>
        </div>
    }
}
