//! One card: its kind (icon and label), author, text and small badges for
//! its votes and arrows; its actions, arrows and votes in words appear over
//! it on hover or focus.

use crate::arrows::CardArrows;
use crate::connection;
use crate::dialog_parts::Modal;
use crate::i18n::{t, tr};
use crate::inline_add::CardText;
use crate::map_state::MapState;
use crate::presence::EditingMarker;
use crate::voting::CardVotes;
use comap_shared::{Card, CardId, Command};
use leptos::prelude::*;

/// The drag data type of an arrow handle (a card id).
const ARROW_DRAG: &str = "application/x-comap-arrow";

#[component]
pub fn CardView(state: MapState, modal: RwSignal<Modal>, card: Card) -> impl IntoView {
    let text_id = format!("text-{}", card.id);
    let drag_id = card.id.to_string();
    let (handle_id, drop_id) = (card.id.to_string(), card.id.clone());
    let actions_id = card.id.clone();
    let arrows_id = card.id.clone();
    let votes_card = card.clone();
    let badges_id = card.id.clone();
    let (outline_id, focus_id, marker_id) = (
        card.id.to_string(),
        card.id.to_string(),
        card.id.to_string(),
    );
    view! {
        <article
            class=format!("card kind-{}", card.kind.key())
            tabindex="-1"
            data-card-id=card.id.to_string()
            style=move || {
                state
                    .on_cards
                    .on(&outline_id)
                    .outline
                    .map(|c| format!("--who:{c}"))
                    .unwrap_or_default()
            }
            class:others-here=move || state.on_cards.on(&focus_id).outline.is_some()
            on:focusin={
                let id = card.id.to_string();
                move |_| connection::share_presence(|p| p.selected = Some(id.clone()))
            }
            on:focusout=move |ev: web_sys::FocusEvent| {
                // Only when focus leaves the card, not when it moves within it.
                use wasm_bindgen::JsCast;
                let inside = ev
                    .related_target()
                    .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
                    .zip(ev.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()))
                    .is_some_and(|(to, card)| card.contains(Some(&to)));
                if !inside {
                    connection::share_presence(|p| p.selected = None);
                }
            }
            draggable=move || if state.can_edit.get() { "true" } else { "false" }
            on:dragstart=move |ev: web_sys::DragEvent| {
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", &drag_id);
                }
            }
            on:drop=move |ev: web_sys::DragEvent| {
                // An arrow handle dropped here: draw the arrow, do not move.
                let from = ev
                    .data_transfer()
                    .and_then(|d| d.get_data(ARROW_DRAG).ok())
                    .filter(|f| !f.is_empty());
                if let Some(from) = from {
                    ev.prevent_default();
                    ev.stop_propagation();
                    let cmd = Command::Connect {
                        from: CardId::from_key(from),
                        to: drop_id.clone(),
                        label: String::new(),
                    };
                    if let Err(e) = connection::dispatch(cmd) {
                        state.notice.set(Some(crate::dialog_parts::message_for(&e)));
                    }
                }
            }
        >
            <Show when=move || state.can_edit.get()>
                <span
                    class="arrow-handle"
                    draggable="true"
                    title=tr("drag-to-connect")
                    aria-hidden="true"
                    on:dragstart={
                        let id = handle_id.clone();
                        move |ev: web_sys::DragEvent| {
                            ev.stop_propagation();
                            if let Some(dt) = ev.data_transfer() {
                                let _ = dt.set_data(ARROW_DRAG, &id);
                            }
                        }
                    }
                >
                    "\u{2933}"
                </span>
            </Show>
            <p class="card-meta">
                <span class="kind">
                    <span class="icon" aria-hidden="true">{card.kind.icon()}</span>
                    " "
                    {crate::words::kind_name(card.kind)}
                </span>
                " "
                <span class="author">{crate::words::person(&card.author, card.role)}</span>
            </p>
            <CardText state card=card.id.clone() text=card.text.clone() text_id=text_id.clone() />
            {card
                .feeling
                .as_ref()
                .map(|f| {
                    view! {
                        <p class="feeling-line">
                            <span class=format!("emotion-dot e{}", f.emotion + 2) aria-hidden="true"></span>
                            {crate::words::feeling(f.emotion, &f.word)}
                        </p>
                    }
                })}
            {card.room.clone().map(|room| view! { <p class="room-tag">{crate::t!("from-room", room = &room)}</p> })}
            <EditingMarker state card=marker_id />
            <CardBadges state card=badges_id />
            // What a card can do, and its arrows and votes in words: shown
            // over the card below it while the pointer or the focus is on
            // the card, so cards stay small; always in the page for screen
            // readers and the keyboard (Tab reaches each button).
            <div class="card-more">
                <CardArrows state modal card=arrows_id />
                <CardVotes state card=votes_card />
                <Show when=move || state.can_edit.get()>
                    <div class="card-actions">
                        {[
                            (t("edit"), Modal::Edit(actions_id.clone())),
                            (t("move"), Modal::Move(actions_id.clone())),
                            (t("connect"), Modal::Connect(actions_id.clone())),
                            (t("delete"), Modal::Delete(actions_id.clone())),
                        ]
                            .into_iter()
                            .map(|(label, opens)| {
                                let described_by = text_id.clone();
                                view! {
                                    <button
                                        aria-describedby=described_by
                                        on:click=move |_| modal.set(opens.clone())
                                    >
                                        {label}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                </Show>
            </div>
        </article>
    }
}

/// A card's votes as a badge: up to five dots, then the number ("●●● 3").
fn vote_badge(n: u32) -> String {
    format!("{} {n}", "\u{25cf}".repeat(n.min(5) as usize))
}

/// A card's votes (once revealed) and arrows as small badges; the same in
/// words is in the card's actions area, so these are hidden from screen
/// readers.
#[component]
fn CardBadges(state: MapState, card: CardId) -> impl IntoView {
    let counts = Memo::new(move |_| {
        state.parts.track_marks(&card);
        state.parts.track_round();
        state.read(|m| {
            let votes = m
                .voting
                .as_ref()
                .filter(|v| v.revealed)
                .and_then(|v| v.tally().get(&card).copied())
                .filter(|n| *n > 0);
            (votes, m.connections_of(&card).count())
        })
    });
    view! {
        <Show when=move || counts.with(|(v, a)| v.is_some() || *a > 0)>
            <p class="badges" aria-hidden="true">
                {move || counts.get().0.map(|n| view! { <span class="badge-votes">{vote_badge(n)}</span> })}
                {move || {
                    let arrows = counts.get().1;
                    (arrows > 0).then(|| view! { <span class="badge-arrows">{format!("\u{2192} {arrows}")}</span> })
                }}
            </p>
        </Show>
    }
}
