//! Every arrow drawn over the board, from where the cards are on screen
//! (for sighted mouse users; `arrows.rs` lists the same arrows in words on
//! each card).

use crate::map_state::MapState;
use comap_shared::{CardId, MapView};
use leptos::html::Div;
use leptos::prelude::*;

/// One arrow as drawn: from and to points and its label.
#[derive(Debug, Clone, PartialEq)]
struct Drawn {
    from: (f64, f64),
    to: (f64, f64),
    label: String,
}

/// Where the cards are on the board now, and the arrows between them.
fn measure(board: &web_sys::HtmlDivElement, map: &MapView) -> Vec<Drawn> {
    let base = board.get_bounding_client_rect();
    let (dx, dy) = (
        f64::from(board.scroll_left()) - base.x(),
        f64::from(board.scroll_top()) - base.y(),
    );
    let rect = |id: &CardId| {
        let el = board
            .query_selector(&format!("[data-card-id=\"{id}\"]"))
            .ok()
            .flatten()?;
        let r = el.get_bounding_client_rect();
        Some((r.x() + dx, r.y() + dy, r.width(), r.height()))
    };
    map.connections
        .iter()
        .filter_map(|a| {
            let (ax, ay, aw, ah) = rect(&a.from)?;
            let (bx, by, bw, bh) = rect(&a.to)?;
            let (from, to) = if bx >= ax + aw {
                ((ax + aw, ay + ah / 2.0), (bx, by + bh / 2.0))
            } else if bx + bw <= ax {
                ((ax, ay + ah / 2.0), (bx + bw, by + bh / 2.0))
            } else if by >= ay {
                ((ax + aw / 2.0, ay + ah), (bx + bw / 2.0, by))
            } else {
                ((ax + aw / 2.0, ay), (bx + bw / 2.0, by + bh))
            };
            Some(Drawn {
                from,
                to,
                label: a.label.clone(),
            })
        })
        .collect()
}

/// Every arrow drawn over the board (for sighted mouse users; the same
/// arrows are listed in words on each card).
#[component]
pub fn ArrowLayer(state: MapState, board: NodeRef<Div>) -> impl IntoView {
    let drawn = RwSignal::new(Vec::<Drawn>::new());
    let size = RwSignal::new((0, 0));
    let resized = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| {
        resized.update(|n| *n = n.wrapping_add(1));
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| {
        resized.track();
        // Arrows move with the cards they join: with none, no card matters.
        state.parts.track_connections();
        if state.read(|m| m.connections.is_empty()) {
            // Nothing to draw, and a drawing that takes no room.
            if size.get_untracked() != (0, 0) {
                size.set((0, 0));
            }
            if drawn.with_untracked(|d| !d.is_empty()) {
                drawn.set(Vec::new());
            }
            return;
        }
        state.parts.track_cards();
        state.parts.track_head();
        state.zoom.track();
        state.laid_zoom.track();
        let Some(el) = board.get() else {
            return;
        };
        // After the board has been laid out with this map.
        request_animation_frame(move || {
            let arrows = state
                .map
                .with_untracked(|m| m.as_ref().map(|m| measure(&el, m)).unwrap_or_default());
            // As large as the table (not the scroll area, which holds this
            // drawing too and would never shrink when zooming out).
            let table = el
                .query_selector(".board")
                .ok()
                .flatten()
                .map(|t| t.get_bounding_client_rect());
            if let Some(t) = table {
                let origin = el.get_bounding_client_rect();
                let right = t.right() - origin.left() + f64::from(el.scroll_left());
                let bottom = t.bottom() - origin.top() + f64::from(el.scroll_top());
                size.set((right.ceil() as i32, bottom.ceil() as i32));
            }
            drawn.set(arrows);
        });
    });
    view! {
        <svg
            class="arrows"
            aria-hidden="true"
            focusable="false"
            width=move || size.get().0
            height=move || size.get().1
        >
            <defs>
                <marker
                    id="arrowhead"
                    viewBox="0 0 10 10"
                    refX="9"
                    refY="5"
                    markerWidth="8"
                    markerHeight="8"
                    orient="auto-start-reverse"
                >
                    <path d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
            </defs>
            {move || {
                drawn
                    .get()
                    .into_iter()
                    .map(|d| {
                        let (mx, my) = ((d.from.0 + d.to.0) / 2.0, (d.from.1 + d.to.1) / 2.0);
                        view! {
                            <line
                                x1=d.from.0
                                y1=d.from.1
                                x2=d.to.0
                                y2=d.to.1
                                marker-end="url(#arrowhead)"
                            />
                            {(!d.label.is_empty())
                                .then(|| {
                                    view! {
                                        <text x=mx y=my - 4.0 text-anchor="middle">
                                            {d.label.clone()}
                                        </text>
                                    }
                                })}
                        }
                    })
                    .collect_view()
            }}
        </svg>
    }
}
