//! Arrows between cards: the Connect dialog (the keyboard way: choose the
//! target from a list), the arrows listed on each card in words, and the
//! drawing of every arrow over the board.

use crate::connection;
use crate::dialog_parts::{DialogFrame, FormFooter, Modal, message_for};
use crate::i18n::{t, tr};
use crate::map_state::MapState;
use crate::t;
use crate::words::short;
use comap_shared::{CardId, Command, ConnectionId, MapView};
use leptos::html::Div;
use leptos::prelude::*;

/// "→ leads to: First appointment".
fn arrow_out(label: &str, target: &str) -> String {
    let target = short(target);
    if label.is_empty() {
        t!("arrow-out", target = target.as_str())
    } else {
        t!(
            "arrow-out-labelled",
            label = label,
            target = target.as_str()
        )
    }
}

/// "← from Referral letter (leads to)".
fn arrow_in(label: &str, source: &str) -> String {
    let source = short(source);
    if label.is_empty() {
        t!("arrow-in", source = source.as_str())
    } else {
        t!("arrow-in-labelled", source = source.as_str(), label = label)
    }
}

/// The other cards, as (id, description) in board order, unsorted last.
fn targets(map: &MapView, from: &CardId) -> Vec<(String, String)> {
    map.all_cards()
        .filter(|c| &c.id != from)
        .map(|c| {
            let stage = map
                .stage(&c.stage)
                .map_or_else(|| t("unsorted"), |s| s.name.clone());
            let lane = map
                .lane(&c.lane)
                .map_or_else(|| t("unsorted"), |l| l.name.clone());
            let text = short(&c.text);
            let choice = t!(
                "card-choice",
                stage = stage.as_str(),
                lane = lane.as_str(),
                text = text.as_str()
            );
            (c.id.to_string(), choice)
        })
        .collect()
}

#[component]
pub fn ConnectDialog(state: MapState, modal: RwSignal<Modal>, card: CardId) -> impl IntoView {
    let (title, choices) = state
        .map
        .with_untracked(|m| {
            let m = m.as_ref()?;
            let text = short(&m.card(&card)?.text);
            Some((t!("connect-title", text = text.as_str()), targets(m, &card)))
        })
        .unwrap_or_default();
    let target = RwSignal::new(
        choices
            .first()
            .map(|(id, _)| id.clone())
            .unwrap_or_default(),
    );
    let label = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let empty = choices.is_empty();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cmd = Command::Connect {
            from: card.clone(),
            to: CardId::from_key(target.get_untracked()),
            label: label.get_untracked(),
        };
        match connection::dispatch(cmd) {
            Ok(_) => modal.set(Modal::None),
            Err(e) => error.set(Some(message_for(&e))),
        }
    };
    let select_ref = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        if let Some(el) = select_ref.get() {
            let _ = el.focus();
        }
    });
    view! {
        <DialogFrame title modal>
            <Show
                when=move || !empty
                fallback=move || {
                    view! {
                        <p>{tr("no-other-cards")}</p>
                        <div class="dialog-actions">
                            <button on:click=move |_| modal.set(Modal::None)>{tr("close")}</button>
                        </div>
                    }
                }
            >
                <form on:submit=save.clone()>
                    <p class="help">{tr("arrow-help")}</p>
                    <label for="dlg-target">{tr("arrow-to")}</label>
                    <select
                        id="dlg-target"
                        node_ref=select_ref
                        on:change=move |ev| target.set(event_target_value(&ev))
                    >
                        {choices
                            .clone()
                            .into_iter()
                            .map(|(id, name)| view! { <option value=id>{name}</option> })
                            .collect_view()}
                    </select>
                    <LabelField label input_ref=NodeRef::new() />
                    <FormFooter submit=tr("draw-arrow") error modal />
                </form>
            </Show>
        </DialogFrame>
    }
}

/// A card's arrows in words: where it leads (with Remove for editors) and
/// what leads to it.
#[component]
pub fn CardArrows(state: MapState, modal: RwSignal<Modal>, card: CardId) -> impl IntoView {
    let lines = Memo::new(move |_| {
        state.parts.track_marks(&card);
        state.read(|m| {
            let text_of = |id: &CardId| m.card(id).map(|c| c.text.clone()).unwrap_or_default();
            m.connections_of(&card)
                .map(|a| {
                    if a.from == card {
                        let target = text_of(&a.to);
                        (a.id.clone(), arrow_out(&a.label, &target), Some(target))
                    } else {
                        (a.id.clone(), arrow_in(&a.label, &text_of(&a.from)), None)
                    }
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <Show when=move || lines.with(|l| !l.is_empty())>
            <ul class="card-arrows">
                {move || {
                    lines
                        .get()
                        .into_iter()
                        .map(|(id, line, target)| {
                            view! {
                                <li>
                                    <span>{line}</span>
                                    {target
                                        .filter(|_| state.can_edit.get())
                                        .map(|t| {
                                            let label_id = id.clone();
                                            view! {
                                                <button
                                                    class="link-button"
                                                    aria-label={
                                                        let target = short(&t);
                                                        move || t!("edit-arrow-label", target = target.as_str())
                                                    }
                                                    on:click=move |_| modal.set(Modal::ArrowLabel(label_id.clone()))
                                                >
                                                    {tr("edit-label")}
                                                </button>
                                                <RemoveArrow state id=id.clone() target=t />
                                            }
                                        })}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}

/// The arrow label box.
#[component]
fn LabelField(label: RwSignal<String>, input_ref: NodeRef<leptos::html::Input>) -> impl IntoView {
    view! {
        <label for="dlg-arrow-label">{tr("arrow-label")}</label>
        <input
            id="dlg-arrow-label"
            type="text"
            maxlength="100"
            autocomplete="off"
            node_ref=input_ref
            prop:value=move || label.get()
            on:input=move |ev| label.set(event_target_value(&ev))
        />
    }
}

/// Changes the label of an arrow.
#[component]
pub fn ArrowLabelDialog(
    state: MapState,
    modal: RwSignal<Modal>,
    id: ConnectionId,
) -> impl IntoView {
    let current = state
        .map
        .with_untracked(|m| {
            m.as_ref()
                .and_then(|m| m.connection(&id))
                .map(|c| c.label.clone())
        })
        .unwrap_or_default();
    let label = RwSignal::new(current);
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cmd = Command::Relabel {
            id: id.clone(),
            label: label.get_untracked(),
        };
        match connection::dispatch(cmd) {
            Ok(_) => modal.set(Modal::None),
            Err(e) => error.set(Some(message_for(&e))),
        }
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input_ref.get() {
            let _ = el.focus();
        }
    });
    view! {
        <DialogFrame title=tr("edit-label") modal>
            <form on:submit=save>
                <LabelField label input_ref />
                <FormFooter submit=tr("save") error modal />
            </form>
        </DialogFrame>
    }
}

#[component]
fn RemoveArrow(state: MapState, id: ConnectionId, target: String) -> impl IntoView {
    view! {
        <button
            class="link-button"
            aria-label={
                let target = short(&target);
                move || t!("remove-arrow", target = target.as_str())
            }
            on:click=move |_| {
                if let Err(e) = connection::dispatch(Command::Disconnect { id: id.clone() }) {
                    state.notice.set(Some(message_for(&e)));
                }
            }
        >
            {tr("remove")}
        </button>
    }
}

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
