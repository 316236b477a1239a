//! The map overview (a minimap): in a corner of the board, the whole board
//! drawn small, its cells shaded where they hold cards, and a frame where
//! the view is. It shows only when the board does not fit the view. A click
//! (or a drag) on it moves the view there; with the focus on it, the arrow
//! keys move the view a quarter of a screen, Home and End to the start and
//! the end. Its × hides it; **More** (Map overview) brings it back;
//! remembered.
//!
//! It costs little: scrolling reads four numbers; the board is measured
//! (its cells' boxes, not its cards) at most every `MEASURE_MS`, after a
//! change, a zoom or a resize, whatever the number of cards.

use crate::browser;
use crate::i18n::tr;
use crate::map_state::MapState;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The overview's largest width and height, CSS pixels.
const WIDTH: f64 = 176.0;
const HEIGHT: f64 = 112.0;
/// The board is measured again at most this often.
const MEASURE_MS: u64 = 300;

/// A box on the board, in the board's scrolled coordinates (CSS pixels).
#[derive(Clone, Copy, Default, PartialEq)]
struct Area {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

/// The board as drawn small: its size, and each cell with how much of its
/// height holds cards.
#[derive(Clone, Default, PartialEq)]
struct Shape {
    width: f64,
    height: f64,
    cells: Vec<(Area, f64)>,
}

/// The overview's state, made by the board, which tells it when it scrolls.
#[derive(Clone, Copy)]
pub struct Overview {
    shape: RwSignal<Shape>,
    view: RwSignal<Area>,
    measuring: StoredValue<bool>,
}

impl Overview {
    /// Measures again after every change of the map, the zoom or the window.
    pub fn new(state: MapState) -> Self {
        let o = Overview {
            shape: RwSignal::new(Shape::default()),
            view: RwSignal::new(Area::default()),
            measuring: StoredValue::new(false),
        };
        Effect::new(move |_| {
            state.parts.track_cards();
            state.parts.track_head();
            state.zoom.track();
            state.laid_zoom.track();
            o.measure_soon();
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| o.measure_soon());
        on_cleanup(move || resize.remove());
        o
    }

    /// The board scrolled: the frame follows.
    pub fn scrolled(&self) {
        if let Some(el) = browser::board_element() {
            self.view.set(view_of(&el));
        }
    }

    fn measure_soon(&self) {
        if self.measuring.get_value() {
            return;
        }
        self.measuring.set_value(true);
        let o = *self;
        set_timeout(
            move || {
                o.measuring.set_value(false);
                if let Some(el) = browser::board_element() {
                    o.shape.set(shape_of(&el));
                    o.view.set(view_of(&el));
                }
            },
            std::time::Duration::from_millis(MEASURE_MS),
        );
    }
}

fn view_of(el: &web_sys::Element) -> Area {
    Area {
        x: f64::from(el.scroll_left()),
        y: f64::from(el.scroll_top()),
        w: f64::from(el.client_width()),
        h: f64::from(el.client_height()),
    }
}

/// The board's cells, where they are and how full.
fn shape_of(el: &web_sys::Element) -> Shape {
    let origin = el.get_bounding_client_rect();
    let (left, top) = (
        origin.left() + f64::from(el.client_left()) - f64::from(el.scroll_left()),
        origin.top() + f64::from(el.client_top()) - f64::from(el.scroll_top()),
    );
    let mut cells = Vec::new();
    if let Ok(list) = el.query_selector_all(".board td.cell") {
        for i in 0..list.length() {
            let Some(cell) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            else {
                continue;
            };
            let r = cell.get_bounding_client_rect();
            let full = cell
                .query_selector(".cards")
                .ok()
                .flatten()
                .map_or(0.0, |ul| ul.get_bounding_client_rect().height());
            let area = Area {
                x: r.left() - left,
                y: r.top() - top,
                w: r.width(),
                h: r.height(),
            };
            cells.push((area, (full / r.height().max(1.0)).min(1.0)));
        }
    }
    Shape {
        width: f64::from(el.scroll_width()),
        height: f64::from(el.scroll_height()),
        cells,
    }
}

/// Scrolls the board so that its point `(x, y)` is in the middle of the view.
fn centre_on(x: f64, y: f64) {
    if let Some(el) = browser::board_element() {
        let v = view_of(&el);
        el.set_scroll_left((x - v.w / 2.0).max(0.0).round() as i32);
        el.set_scroll_top((y - v.h / 2.0).max(0.0).round() as i32);
    }
}

/// The overview's picture: each cell, the part of it holding cards, and
/// the frame of the view, scaled by `k`.
fn drawn(s: &Shape, v: Area, k: f64) -> String {
    use std::fmt::Write;
    let mut out = format!("<g transform=\"scale({k})\">");
    for (a, full) in &s.cells {
        let _ = write!(
            out,
            r#"<rect class="cell" x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}"/>"#,
            a.x, a.y, a.w, a.h
        );
        if *full > 0.0 {
            let _ = write!(
                out,
                r#"<rect class="held" x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}"/>"#,
                a.x,
                a.y,
                a.w,
                a.h * full
            );
        }
    }
    let _ = write!(
        out,
        r#"<rect class="here" x="{:.0}" y="{:.0}" width="{:.0}" height="{:.0}"/></g>"#,
        v.x, v.y, v.w, v.h
    );
    out
}

#[component]
pub fn Minimap(overview: Overview) -> impl IntoView {
    let Overview { shape, view, .. } = overview;
    let overflows = move || {
        let (s, v) = (shape.get(), view.get());
        s.cells.len() > 1 && (s.width > v.w + 2.0 || s.height > v.h + 2.0)
    };
    // How many overview pixels one board pixel is.
    let scale = move || shape.with(|s| (WIDTH / s.width.max(1.0)).min(HEIGHT / s.height.max(1.0)));
    let to_board = move |ev: &web_sys::MouseEvent| {
        let target = ev.current_target()?.dyn_into::<web_sys::Element>().ok()?;
        let r = target.get_bounding_client_rect();
        let k = scale();
        Some((
            (f64::from(ev.client_x()) - r.left()) / k,
            (f64::from(ev.client_y()) - r.top()) / k,
        ))
    };
    let go = move |ev: &web_sys::MouseEvent| {
        if let Some((x, y)) = to_board(ev) {
            centre_on(x, y);
        }
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        let Some(el) = browser::board_element() else {
            return;
        };
        let v = view_of(&el);
        let (dx, dy) = (v.w / 4.0, v.h / 4.0);
        let (x, y) = match ev.key().as_str() {
            "ArrowLeft" => (v.x - dx, v.y),
            "ArrowRight" => (v.x + dx, v.y),
            "ArrowUp" => (v.x, v.y - dy),
            "ArrowDown" => (v.x, v.y + dy),
            "Home" => (0.0, 0.0),
            "End" => (f64::from(el.scroll_width()), f64::from(el.scroll_height())),
            _ => return,
        };
        ev.prevent_default();
        el.set_scroll_left(x.max(0.0).round() as i32);
        el.set_scroll_top(y.max(0.0).round() as i32);
    };
    view! {
        <Show when=overflows>
            <div
                class="minimap"
                role="group"
                tabindex="0"
                aria-label=tr("overview")
                aria-describedby="minimap-help"
                title=tr("overview-help")
                on:keydown=keys
            >
                <span id="minimap-help" class="visually-hidden">{tr("overview-help")}</span>
                <button
                    type="button"
                    class="minimap-hide"
                    aria-label=tr("hide-overview")
                    title=tr("hide-overview")
                    on:click=move |_| crate::display::set(crate::display::OVERVIEW_KEY, false)
                >
                    <span aria-hidden="true">"\u{00d7}"</span>
                </button>
                <svg
                    aria-hidden="true"
                    width=move || format!("{:.0}", shape.with(|s| s.width) * scale())
                    height=move || format!("{:.0}", shape.with(|s| s.height) * scale())
                    on:pointerdown=move |ev| go(&ev)
                    on:pointermove=move |ev| {
                        if ev.buttons() & 1 == 1 {
                            go(&ev);
                        }
                    }
                >
                    <g inner_html=move || shape.with(|s| drawn(s, view.get(), scale()))></g>
                </svg>
            </div>
        </Show>
    }
}
