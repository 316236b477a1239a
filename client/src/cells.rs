//! The cards of one cell (stage and lane), in their order: found in the map
//! and listed, for the board and the list view alike.

use crate::card_view::CardView;
use crate::dialog_parts::Modal;
use crate::map_state::MapState;
use comap_shared::{Card, Lane, Stage};
use leptos::prelude::*;

/// The cards of one stage and lane, kept up to date (only changes in this
/// cell run it again).
pub fn cards_in_cell(state: MapState, stage: &Stage, lane: &Lane) -> Memo<Vec<Card>> {
    let (sid, lid) = (stage.id.clone(), lane.id.clone());
    Memo::new(move |_| {
        state.parts.track_cell(&sid, &lid);
        state.read(|m| m.cards_in(&sid, &lid).cloned().collect::<Vec<_>>())
    })
}

/// Cards in a list, each with its actions.
#[component]
pub fn CardList(state: MapState, modal: RwSignal<Modal>, cards: Memo<Vec<Card>>) -> impl IntoView {
    view! {
        <ul class="cards">
            // Each item is marked for "Show only ideas and pain points" (a
            // class, not a `:has()` rule, which every change to the board
            // would make the browser test again on every card).
            <For
                // Keyed by the language too: a card's words are written
                // once, and again for all cards when the language changes.
                each=move || {
                    let language = crate::i18n::language();
                    cards.get().into_iter().map(move |c| (language, c)).collect::<Vec<_>>()
                }
                key=|(language, c)| (*language, c.clone())
                children=move |(_, card)| {
                    let votable = card.kind.votable();
                    view! {
                        <li class:votable=votable>
                            <CardView state modal card />
                        </li>
                    }
                }
            />
        </ul>
    }
}
