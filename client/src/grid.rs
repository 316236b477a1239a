//! The board's table: stages as columns, lanes as rows, cards in their
//! cells, and the cards not in any cell yet. A real table, so screen
//! readers announce each cell's stage and lane.

use crate::arrow_layer::ArrowLayer;
use crate::cells::{CardList, cards_in_cell};
use crate::column_head::{AddColumnButton, ColumnHead, EditorIconButton};
use crate::connection;
use crate::dialog_parts::Modal;
use crate::i18n::{t, tr};
use crate::inline_add::{InlineAdd, InlineAddBox};
use crate::insights::CurveRow;
use crate::map_state::MapState;
use crate::presence::{self, PointerLayer};
use crate::zoom::{self, ZoomTools};
use comap_shared::structure::Axis;
use comap_shared::{CardId, Command, Lane, Stage};
use leptos::prelude::*;

#[component]
pub fn Grid(state: MapState, modal: RwSignal<Modal>) -> impl IntoView {
    let board_ref = NodeRef::<leptos::html::Div>::new();
    let pinch = RwSignal::new(None::<zoom::Pinch>);
    zoom::settle_when_still(state);
    let overview = crate::minimap::Overview::new(state);
    let stages = Memo::new(move |_| state.with_head(|m| m.stages.clone()));
    let lanes = Memo::new(move |_| state.with_head(|m| m.lanes.clone()));
    view! {
        <Show
            when=move || state.map.with(|m| m.is_some())
            fallback=move || {
                state
                    .fatal
                    .with(|f| f.is_none())
                    .then(|| view! { <p class="loading">{tr("loading-map")}</p> })
            }
        >
            <div class="board-top">
                <ZoomTools state />
                <crate::announce::ArrivalNote state />
            </div>
            <div class="board-frame">
            <div
                class="board-scroll"
                class:zoom-far=move || { state.laid_zoom.get() < zoom::FAR }
                node_ref=board_ref
                tabindex="0"
                role="region"
                aria-label=tr("board-region")
                on:mousemove=move |ev| presence::pointer_moved(state, &ev)
                on:mouseleave=move |_| presence::pointer_left()
                on:scroll=move |ev| {
                    presence::board_scrolled(state, &ev);
                    overview.scrolled();
                }
                on:wheel=move |ev| zoom::on_wheel(state, &ev)
                on:keydown=move |ev| zoom::on_key(state, &ev)
                on:touchstart=move |ev| zoom::on_touch_start(state, pinch, &ev)
                on:touchmove=move |ev| zoom::on_touch_move(state, pinch, &ev)
                on:touchend=move |ev| zoom::on_touch_end(pinch, &ev)
            >
                <table class="board" style=move || zoom::board_style(state)>
                    <thead>
                        <tr>
                            <td class="corner"></td>
                            <For each=move || stages.get() key=|s| s.clone() let:stage>
                                <th scope="col">
                                    <ColumnHead
                                        state
                                        modal
                                        axis=Axis::Stages
                                        id=stage.id.to_string()
                                        name=stage.name
                                    />
                                </th>
                            </For>
                            <Show when=move || state.may_change_structure()>
                                <td class="add-column">
                                    <AddColumnButton modal axis=Axis::Stages />
                                </td>
                            </Show>
                        </tr>
                    </thead>
                    <tbody>
                        <CurveRow state />
                        <For each=move || lanes.get() key=|l| l.clone() let:lane>
                            <tr>
                                <th scope="row">
                                    <ColumnHead
                                        state
                                        modal
                                        axis=Axis::Lanes
                                        id=lane.id.to_string()
                                        name=lane.name.clone()
                                    />
                                </th>
                                <For each=move || stages.get() key=|s| s.clone() let:stage>
                                    <Cell state modal stage lane=lane.clone() />
                                </For>
                            </tr>
                        </For>
                        <Show when=move || state.may_change_structure()>
                            <tr>
                                <td class="add-column">
                                    <AddColumnButton modal axis=Axis::Lanes />
                                </td>
                            </tr>
                        </Show>
                    </tbody>
                </table>
                <ArrowLayer state board=board_ref />
                <PointerLayer state />
            </div>
            <crate::minimap::Minimap overview />
            </div>
        </Show>
    }
}

#[component]
fn Cell(state: MapState, modal: RwSignal<Modal>, stage: Stage, lane: Lane) -> impl IntoView {
    let cards = cards_in_cell(state, &stage, &lane);
    let (stage_name, lane_name) = (stage.name.clone(), lane.name.clone());
    let add_label =
        Signal::derive(move || crate::t!("add-here", stage = &stage_name, lane = &lane_name));
    let inline = use_context::<InlineAdd>().unwrap_or_else(InlineAdd::new);
    let (drop_stage, drop_lane) = (stage.id.clone(), lane.id.clone());
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        let Some(id) = ev
            .data_transfer()
            .and_then(|d| d.get_data("text/plain").ok())
        else {
            return;
        };
        if id.is_empty() {
            return;
        }
        let _ = connection::dispatch(Command::MoveCard {
            card: CardId::from_key(id),
            stage: drop_stage.clone(),
            lane: drop_lane.clone(),
        });
    };
    let cell = (stage.id.clone(), lane.id.clone());
    let (open_cell, plus_cell, this_cell) = (cell.clone(), cell.clone(), cell.clone());
    // Clicking a cell (not a card in it), or its + (by mouse or Enter),
    // selects it: **Add card** then puts a card there without asking.
    // Tabbing past a cell does not.
    let select_on_click = move |ev: &web_sys::Event| {
        if !on_card(ev)
            && inline
                .selected
                .with_untracked(|s| s.as_ref() != Some(&cell))
        {
            inline.selected.set(Some(cell.clone()));
        }
    };
    let is_selected = move || inline.selected.with(|s| s.as_ref() == Some(&this_cell));
    // A double-click on the cell itself (not on a card) types a card there.
    let on_dblclick = move |ev: leptos::ev::MouseEvent| {
        if !on_card(&ev) && state.can_edit.get_untracked() {
            ev.prevent_default();
            inline.open.set(Some(open_cell.clone()));
            inline.selected.set(Some(open_cell.clone()));
        }
    };
    view! {
        <td
            class="cell"
            class:selected=is_selected
            on:click=move |ev| select_on_click(&ev)
            on:dragover=move |ev: web_sys::DragEvent| {
                if state.may_change_structure() {
                    ev.prevent_default();
                }
            }
            on:drop=on_drop
            on:dblclick=on_dblclick
        >
            <CardList state modal cards />
            <InlineAddBox
                state
                inline
                stage=stage.id.clone()
                lane=lane.id.clone()
                lane_name=lane.name.clone()
                label=add_label
            />
            <EditorIconButton
                state
                class="add-here"
                label=add_label
                icon="+"
                on_click=Callback::new(move |()| inline.open.set(Some(plus_cell.clone())))
            />
        </td>
    }
}

/// Whether an event happened on a card (rather than on its cell).
fn on_card(ev: &web_sys::Event) -> bool {
    use wasm_bindgen::JsCast;
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|t| t.closest(".card").ok().flatten())
        .is_some()
}

/// Cards whose stage or lane was removed, kept until someone moves them back.
#[component]
pub fn Unsorted(state: MapState, modal: RwSignal<Modal>) -> impl IntoView {
    let cards = Memo::new(move |_| {
        state.parts.track_unsorted();
        state.read(|m| m.unsorted.clone())
    });
    view! {
        <Show when=move || cards.with(|c| !c.is_empty())>
            <section class="unsorted" aria-labelledby="unsorted-title">
                <h2 id="unsorted-title">
                    {move || format!("{} ({})", t("unsorted"), cards.with(Vec::len))}
                </h2>
                <p class="help">{tr("unsorted-help")}</p>
                <CardList state modal cards />
            </section>
        </Show>
    }
}
