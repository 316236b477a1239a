//! The list view: the same map as headings and lists (each stage a section,
//! each lane a list of its cards) with every action of the board. For
//! screen readers, keyboards and small screens.

use crate::board::{AddColumnButton, CardList, ColumnHead, cards_in_cell};
use crate::connection::MapState;
use crate::dialogs::Modal;
use crate::text;
use comap_shared::structure::Axis;
use comap_shared::{Lane, Stage};
use leptos::prelude::*;

#[component]
pub fn ListView(state: MapState, modal: RwSignal<Modal>) -> impl IntoView {
    let stages = Memo::new(move |_| {
        state
            .map
            .with(|m| m.as_ref().map(|m| m.stages.clone()).unwrap_or_default())
    });
    view! {
        <div class="list-view">
            <For each=move || stages.get() key=|s| s.clone() let:stage>
                <StageSection state modal stage />
            </For>
            <Show when=move || state.can_edit.get()>
                <p class="list-add-columns">
                    <AddColumnButton modal axis=Axis::Stages />
                    <AddColumnButton modal axis=Axis::Lanes />
                </p>
            </Show>
        </div>
    }
}

/// One stage: its heading (with its options), then each lane's cards.
#[component]
fn StageSection(state: MapState, modal: RwSignal<Modal>, stage: Stage) -> impl IntoView {
    let lanes = Memo::new(move |_| {
        state
            .map
            .with(|m| m.as_ref().map(|m| m.lanes.clone()).unwrap_or_default())
    });
    let heading_id = format!("list-stage-{}", stage.id);
    let labelled_by = heading_id.clone();
    view! {
        <section class="list-stage" aria-labelledby=labelled_by>
            <h2 id=heading_id>
                <ColumnHead
                    state
                    modal
                    axis=Axis::Stages
                    id=stage.id.to_string()
                    name=stage.name.clone()
                />
            </h2>
            <For each=move || lanes.get() key=|l| l.clone() let:lane>
                <LaneList state modal stage=stage.clone() lane />
            </For>
        </section>
    }
}

/// One lane within a stage: its name, its cards, and **Add a card** there.
#[component]
fn LaneList(state: MapState, modal: RwSignal<Modal>, stage: Stage, lane: Lane) -> impl IntoView {
    let cards = cards_in_cell(state, &stage, &lane);
    let count = move || cards.with(Vec::len);
    let cell = (stage.id.clone(), lane.id.clone());
    let place = format!(" {}", text::in_place(&stage.name, &lane.name));
    view! {
        <div class="list-lane">
            <h3>
                {lane.name.clone()}
                <span class="count">{move || text::card_count(count())}</span>
            </h3>
            <CardList state modal cards />
            <Show when=move || state.can_edit.get()>
                <button
                    class="list-add"
                    on:click={
                        let cell = cell.clone();
                        move |_| modal.set(Modal::Add { cell: Some(cell.clone()) })
                    }
                >
                    {text::ADD_A_CARD}
                    <span class="visually-hidden">{place.clone()}</span>
                </button>
            </Show>
        </div>
    }
}
