//! Seeing each other on the board: others' pointers with their names, who is
//! editing or has selected a card, following someone's view, and an editor's
//! "Bring everyone here" (others choose whether to go).

use crate::connection;
use crate::i18n::{t, tr};
use crate::map_state::MapState;
use comap_shared::presence::Point;
use comap_shared::protocol::PeerInfo;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::board_element;

/// The top-left corner of the part of the board this person sees, at
/// actual size (so people at different zooms agree on places).
fn own_view(state: MapState, el: &web_sys::Element) -> Point {
    let zoom = state.zoom.get_untracked();
    Point {
        x: f64::from(el.scroll_left()) / zoom,
        y: f64::from(el.scroll_top()) / zoom,
    }
}

/// Shows the part of the board at `view`.
pub fn go_to(state: MapState, view: Point) {
    let zoom = state.zoom.get_untracked();
    if let Some(el) = board_element() {
        el.set_scroll_left((view.x * zoom).round() as i32);
        el.set_scroll_top((view.y * zoom).round() as i32);
    }
}

fn current_element(ev: &web_sys::Event) -> Option<web_sys::Element> {
    ev.current_target()?.dyn_into::<web_sys::Element>().ok()
}

/// The pointer moved over the board: share where, in board coordinates (so
/// others see it over the same card whatever their own scroll).
pub fn pointer_moved(state: MapState, ev: &web_sys::MouseEvent) {
    let Some(el) = current_element(ev) else {
        return;
    };
    let rect = el.get_bounding_client_rect();
    let zoom = state.zoom.get_untracked();
    let pointer = Point {
        x: (f64::from(ev.client_x()) - rect.left() + f64::from(el.scroll_left())) / zoom,
        y: (f64::from(ev.client_y()) - rect.top() + f64::from(el.scroll_top())) / zoom,
    };
    connection::share_presence(|p| p.pointer = Some(pointer));
}

/// The pointer left the board.
pub fn pointer_left() {
    connection::share_presence(|p| p.pointer = None);
}

/// The board scrolled: share the new view (for people following).
pub fn board_scrolled(state: MapState, ev: &web_sys::Event) {
    if let Some(el) = current_element(ev) {
        let view = own_view(state, &el);
        connection::share_presence(|p| p.view = Some(view));
    }
}

/// The person behind a peer number, if still here.
fn peer(state: MapState, id: u64) -> Option<PeerInfo> {
    state
        .peers
        .with(|p| p.iter().find(|p| p.peer == id).cloned())
}

/// Others' pointers over the board, each in the person's colour with their
/// name. Decorative (the People list and the editing markers say the same
/// in words), and never in the way of a click or of the focus outline.
#[component]
pub fn PointerLayer(state: MapState) -> impl IntoView {
    let pointers = move || {
        let me = state.me.get();
        state.others.with(|o| {
            o.iter()
                .filter(|(id, _)| Some(**id) != me)
                .filter_map(|(id, p)| Some((*id, p.pointer?)))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="pointers" aria-hidden="true">
            {move || {
                let zoom = state.zoom.get();
                pointers()
                    .into_iter()
                    .filter_map(|(id, at)| {
                        let who = peer(state, id)?;
                        Some(
                            view! {
                                <div
                                    class="pointer"
                                    style=format!(
                                        "left:{:.0}px;top:{:.0}px;--who:{}",
                                        at.x * zoom,
                                        at.y * zoom,
                                        who.color,
                                    )
                                >
                                    <svg viewBox="0 0 16 16" width="18" height="18">
                                        <path d="M1 1 L1 14 L5 10 L8 15 L10 14 L7 9 L13 9 Z" />
                                    </svg>
                                    <span class="pointer-name">
                                        {crate::words::person(&who.name, who.role)}
                                    </span>
                                </div>
                            },
                        )
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// "Ann (Patient) is editing" on a card someone else is editing.
#[component]
pub fn EditingMarker(state: MapState, card: String) -> impl IntoView {
    let editors = {
        let card = card.clone();
        move || state.on_cards.on(&card).editing
    };
    view! {
        {move || {
            editors()
                .into_iter()
                .map(|p| {
                    view! {
                        <p class="editing-marker" style=format!("--who:{}", p.color)>
                            <span aria-hidden="true">"\u{270e} "</span>
                            {crate::t!("is-editing", who = crate::words::person(&p.name, p.role).as_str())}
                        </p>
                    }
                })
                .collect_view()
        }}
    }
}

/// **Follow** (or **Stop following**) beside a person in the People list.
#[component]
pub fn FollowButton(state: MapState, who: PeerInfo) -> impl IntoView {
    let id = who.peer;
    let is_me = move || state.me.get() == Some(id);
    let following = move || state.following.get() == Some(id);
    let name = who.name.clone();
    let label = Signal::derive(move || {
        if following() {
            crate::t!("stop-following-person", name = &name)
        } else {
            crate::t!("follow-person", name = &name)
        }
    });
    view! {
        <Show when=move || !is_me()>
            <button
                type="button"
                class="follow"
                aria-pressed=move || if following() { "true" } else { "false" }
                aria-label=label
                on:click=move |_| {
                    if following() {
                        state.following.set(None);
                    } else {
                        state.following.set(Some(id));
                        if let Some(view) = state.others.with_untracked(|o| o.get(&id).and_then(|p| p.view)) {
                            go_to(state, view);
                        }
                    }
                }
            >
                {move || if following() { t("stop-following") } else { t("follow") }}
            </button>
        </Show>
    }
}

/// Keeps this page's view on the followed person's view.
pub fn follow_views(state: MapState) {
    Effect::new(move |_| {
        let Some(id) = state.following.get() else {
            return;
        };
        if let Some(view) = state.others.with(|o| o.get(&id).and_then(|p| p.view)) {
            go_to(state, view);
        }
    });
}

/// **Bring everyone here**, for editors: others are asked, never moved.
#[component]
pub fn BringEveryone(state: MapState) -> impl IntoView {
    let sent = RwSignal::new(false);
    view! {
        <Show when=move || state.can_edit.get() && state.peers.with(|p| p.len() > 1)>
            <button
                type="button"
                on:click=move |_| {
                    let view = board_element().map(|el| own_view(state, &el)).unwrap_or(Point { x: 0.0, y: 0.0 });
                    connection::summon_everyone(view);
                    sent.set(true);
                }
            >
                {tr("bring-everyone")}
            </button>
            <p class="help" aria-live="polite">
                {move || sent.get().then_some(t("brought-everyone"))}
            </p>
        </Show>
    }
}

/// The notice an editor's "Bring everyone here" puts up: **Go there** or
/// **Not now**. Announced politely, never moving anyone by itself.
#[component]
pub fn SummonNotice(state: MapState) -> impl IntoView {
    view! {
        {move || {
            let s = state.summon.get()?;
            let who = peer(state, s.from)
                .map(|p| crate::words::person(&p.name, p.role))
                .unwrap_or_else(|| t("someone").to_string());
            Some(
                view! {
                    <div class="summon" role="status">
                        <p>{crate::t!("summoned-by", who = &who)}</p>
                        <button
                            class="primary"
                            on:click=move |_| {
                                go_to(state, s.view);
                                state.summon.set(None);
                            }
                        >
                            {tr("go-there")}
                        </button>
                        <button on:click=move |_| state.summon.set(None)>{tr("not-now")}</button>
                    </div>
                },
            )
        }}
    }
}

/// A workshop facilitator's notice ("10 minutes left"): a banner at the
/// top of the board, announced at once, until it is dismissed.
#[component]
pub fn FacilitatorNotice(state: MapState) -> impl IntoView {
    view! {
        {move || {
            let n = state.facilitator_notice.get()?;
            Some(
                view! {
                    <div class="summon facilitator-notice" role="alert">
                        <p>
                            <strong>{tr("from-facilitator")}</strong>
                            " "
                            {n.text}
                        </p>
                        <button on:click=move |_| state.facilitator_notice.set(None)>
                            {tr("dismiss")}
                        </button>
                    </div>
                },
            )
        }}
    }
}
