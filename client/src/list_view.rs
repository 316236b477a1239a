//! The list view: the same map as headings and lists (each stage a section,
//! each lane that holds cards a list of them, then **Add a card to <stage>**,
//! which asks for the lane) with every action of the board, and the note
//! with **Show me** when someone else adds a card. For screen
//! readers, keyboards and small screens.

use crate::cells::{CardList, cards_in_cell};
use crate::column_head::{AddColumnButton, ColumnHead};
use crate::dialog_parts::Modal;
use crate::map_state::MapState;
use comap_shared::structure::Axis;
use comap_shared::{Lane, Stage};
use leptos::prelude::*;

#[component]
pub fn ListView(state: MapState, modal: RwSignal<Modal>) -> impl IntoView {
    let stages = Memo::new(move |_| state.with_head(|m| m.stages.clone()));
    view! {
        <div class="list-view">
            <crate::announce::ArrivalNote state />
            <For each=move || stages.get() key=|s| s.clone() let:stage>
                <StageSection state modal stage />
            </For>
            <Show when=move || state.may_change_structure()>
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
    let lanes = Memo::new(move |_| state.with_head(|m| m.lanes.clone()));
    let stage_name = stage.name.clone();
    let add_label = Signal::derive(move || crate::t!("add-to-stage", stage = &stage_name));
    let stage_id = stage.id.clone();
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
            <Show when=move || state.can_edit.get()>
                <button
                    class="list-add"
                    on:click={
                        let stage_id = stage_id.clone();
                        move |_| {
                            modal.set(Modal::Add { stage: Some(stage_id.clone()), lane: None })
                        }
                    }
                >
                    {add_label}
                </button>
            </Show>
        </section>
    }
}

/// One lane within a stage, if it holds cards: its name and its cards.
#[component]
fn LaneList(state: MapState, modal: RwSignal<Modal>, stage: Stage, lane: Lane) -> impl IntoView {
    let cards = cards_in_cell(state, &stage, &lane);
    let count = move || cards.with(Vec::len);
    view! {
        <Show when=move || { count() > 0 }>
            <div class="list-lane">
                <h3>
                    {lane.name.clone()}
                    <span class="count">{move || format!(" {}", crate::t!("card-count", n = count()))}</span>
                </h3>
                <CardList state modal cards />
            </div>
        </Show>
    }
}
