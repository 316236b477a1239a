//! The board: stages as columns, lanes as rows, cards in their cells. A real
//! table, so screen readers announce each cell's stage and lane.

use crate::arrows::ArrowLayer;
use crate::card_view::CardView;
use crate::connection::{self, MapState, Status};
use crate::dialogs::{Dialogs, Modal};
use crate::inline_add::{InlineAdd, InlineAddBox};
use crate::insights::{CurveRow, Insights};
use crate::list_view::ListView;
use crate::people::People;
use crate::presence::{self, FacilitatorNotice, PointerLayer, SummonNotice};
use crate::text;
use crate::topbar::TopBar;
use crate::voting::VotingPanel;
use crate::zoom::{self, ZoomTools};
use comap_shared::structure::{Axis, order_to_take_place_of};
use comap_shared::{Card, CardId, Command, Lane, Stage};
use leptos::prelude::*;

#[component]
pub fn BoardPage(state: MapState) -> impl IntoView {
    let modal = RwSignal::new(Modal::None);
    // Ctrl+Z undoes and Ctrl+Shift+Z (or Ctrl+Y) redoes this person's own
    // changes, except while typing (text boxes keep their own undo) or in a dialog.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() || modal.get_untracked() != Modal::None
        {
            return;
        }
        let key = ev.key().to_lowercase();
        let redo = match key.as_str() {
            "z" => ev.shift_key(),
            "y" => true,
            _ => return,
        };
        if crate::browser::typing_in(&ev) || !state.can_edit.get_untracked() {
            return;
        }
        ev.prevent_default();
        undo_or_redo(state, redo);
    });
    on_cleanup(move || keys.remove());
    presence::follow_views(state);
    crate::display::apply_remembered();
    // A passing message (a refused change, say) goes after a few seconds.
    crate::announce::fade(state.notice, NOTICE_MS);
    // The list view is remembered by this browser; small screens start with it.
    let list = RwSignal::new(crate::browser::remembered_choice(
        LIST_VIEW_KEY,
        crate::browser::window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .is_some_and(|w| w < 700.0),
    ));
    // The side panels fold into a narrow rail, remembered by this browser.
    let folded = RwSignal::new(crate::browser::remembered_choice(SIDE_FOLDED_KEY, false));
    // The card whose Edit dialog is open is marked for everyone else.
    // Typing in place (a new card in a cell, or a card's text), for the
    // whole board.
    let inline = InlineAdd::new();
    provide_context(inline);
    Effect::new(move |_| {
        let editing = match modal.get() {
            Modal::Edit(card) => Some(card.to_string()),
            _ => inline.editing.get().map(|c| c.to_string()),
        };
        connection::share_presence(|p| p.editing = editing);
    });
    view! {
        <TopBar state modal list />
        {move || {
            state
                .fatal
                .get()
                .map(|m| {
                    view! {
                        <div role="alert" class="fatal">
                            <p>{m}</p>
                            <a href="/">{text::GO_HOME}</a>
                        </div>
                    }
                })
        }}
        // The room's banners share one compact line under the header.
        <div class="room-bar">
            {move || state.notice.get().map(|m| view! { <p role="alert" class="notice">{m}</p> })}
            <FacilitatorNotice state />
            <SummonNotice state />
            <crate::room_status::WorkshopTimer state />
            <crate::room_status::RoomLocked state />
            <Show when=move || state.readying.get()>
                <p class="view-only" role="status">{text::READYING_MAP}</p>
            </Show>
            <Show when=move || {
                !state.can_edit.get() && !state.locked.get() && state.status.get() == Status::Connected
            }>
                <p class="view-only">{text::VIEW_ONLY}</p>
            </Show>
        </div>
        <crate::reflection::ReflectionPanel state />
        <div class="layout">
            <div class="main">
                <Show when=move || list.get() fallback=move || view! { <Grid state modal /> }>
                    <Show when=move || state.map.with(|m| m.is_some())>
                        <ListView state modal />
                    </Show>
                </Show>
                <Unsorted state modal />
            </div>
            <Show when=move || state.map.with(|m| m.is_some())>
                <aside class="side" class:folded=move || folded.get()>
                    <button
                        type="button"
                        class="fold"
                        aria-expanded=move || (!folded.get()).to_string()
                        aria-controls="side-panels"
                        title=move || if folded.get() { text::SHOW_SIDE } else { text::HIDE_SIDE }
                        aria-label=move || if folded.get() { text::SHOW_SIDE } else { text::HIDE_SIDE }
                        on:click=move |_| {
                            let now = !folded.get_untracked();
                            folded.set(now);
                            crate::browser::remember_choice(SIDE_FOLDED_KEY, now);
                        }
                    >
                        <span aria-hidden="true">{move || if folded.get() { "\u{00ab}" } else { "\u{00bb}" }}</span>
                    </button>
                    <div id="side-panels" class="side-panels" hidden=move || folded.get()>
                        <People state />
                        <VotingPanel state />
                        <Insights state />
                        <crate::room_status::PlenaryActions state />
                    </div>
                </aside>
            </Show>
        </div>
        <Dialogs state modal />
    }
}

/// How long a passing message stays on the board.
const NOTICE_MS: u64 = 8000;

/// Where this browser remembers the choice of the list view.
pub const LIST_VIEW_KEY: &str = "comap.list-view";
/// Where this browser remembers whether the side panels are folded.
const SIDE_FOLDED_KEY: &str = "comap.side-folded";

/// Undoes or redoes this person's last change; says so when it could not.
pub fn undo_or_redo(state: MapState, redo: bool) {
    match connection::undo_or_redo(redo) {
        Ok(_) => state.notice.set(None),
        Err(e) => state.notice.set(Some(crate::dialogs::message_for(&e))),
    }
}

#[component]
fn Grid(state: MapState, modal: RwSignal<Modal>) -> impl IntoView {
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
                    .then(|| view! { <p class="loading">{text::LOADING_MAP}</p> })
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
                aria-label=text::BOARD_REGION
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

/// The cards of one stage and lane, kept up to date (only changes in this
/// cell run it again).
pub fn cards_in_cell(state: MapState, stage: &Stage, lane: &Lane) -> Memo<Vec<Card>> {
    let (sid, lid) = (stage.id.clone(), lane.id.clone());
    Memo::new(move |_| {
        state.parts.track_cell(&sid, &lid);
        state.read(|m| m.cards_in(&sid, &lid).cloned().collect::<Vec<_>>())
    })
}

#[component]
fn Cell(state: MapState, modal: RwSignal<Modal>, stage: Stage, lane: Lane) -> impl IntoView {
    let cards = cards_in_cell(state, &stage, &lane);
    let add_label = text::add_here(&stage.name, &lane.name);
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
                label=add_label.clone()
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

/// **Add stage** or **Add lane** (opens the dialog that names it).
#[component]
pub fn AddColumnButton(modal: RwSignal<Modal>, axis: Axis) -> impl IntoView {
    view! {
        <button on:click=move |_| modal.set(Modal::AddColumn(axis))>{text::add_column(axis)}</button>
    }
}

/// The drag data type of a stage or lane heading ("stages:<id>").
const COLUMN_DRAG: &str = "application/x-comap-column";

fn axis_key(axis: Axis) -> &'static str {
    match axis {
        Axis::Stages => "stages",
        Axis::Lanes => "lanes",
    }
}

/// A stage or lane heading: its name, and for editors a button that opens
/// its options (rename, move, remove). Editors can also drag a heading onto
/// another to move it there (Move left/right in the options do the same).
#[component]
pub fn ColumnHead(
    state: MapState,
    modal: RwSignal<Modal>,
    axis: Axis,
    id: String,
    name: String,
) -> impl IntoView {
    let label = text::column_options(axis, &name);
    let (drag_id, drop_id) = (id.clone(), id.clone());
    let on_drop = move |ev: web_sys::DragEvent| {
        let Some(data) = ev
            .data_transfer()
            .and_then(|d| d.get_data(COLUMN_DRAG).ok())
        else {
            return;
        };
        let Some((dragged_axis, dragged)) = data.split_once(':') else {
            return;
        };
        if dragged_axis != axis_key(axis) {
            return;
        }
        ev.prevent_default();
        let order = state.map.with_untracked(|m| {
            m.as_ref()
                .and_then(|m| order_to_take_place_of(m, axis, dragged, &drop_id))
        });
        if let Some(order) = order {
            let cmd = Command::PlaceColumn {
                axis,
                id: dragged.to_string(),
                order,
            };
            if let Err(e) = connection::dispatch(cmd) {
                state.notice.set(Some(crate::dialogs::message_for(&e)));
            }
        }
    };
    view! {
        <span
            class="column-head"
            draggable=move || if state.may_change_structure() { "true" } else { "false" }
            on:dragstart=move |ev: web_sys::DragEvent| {
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data(COLUMN_DRAG, &format!("{}:{drag_id}", axis_key(axis)));
                }
            }
            on:dragover=move |ev: web_sys::DragEvent| {
                if state.may_change_structure() {
                    ev.prevent_default();
                }
            }
            on:drop=on_drop
        >
            <span class="column-name">{name}</span>
            <EditorIconButton
                state
                structure=true
                class="column-options"
                label
                icon="\u{22ef}"
                on_click=Callback::new(move |()| modal.set(Modal::Column { axis, id: id.clone() }))
            />
        </span>
    }
}

/// A button shown only to editors whose face is an icon; its accessible
/// name (and tooltip) is `label`.
#[component]
fn EditorIconButton(
    state: MapState,
    /// Changes the structure (shown only to those who may).
    #[prop(optional)]
    structure: bool,
    class: &'static str,
    label: String,
    icon: &'static str,
    on_click: Callback<()>,
) -> impl IntoView {
    let shown = move || {
        if structure {
            state.may_change_structure()
        } else {
            state.can_edit.get()
        }
    };
    view! {
        <Show when=shown>
            <button
                class=class
                aria-label=label.clone()
                title=label.clone()
                on:click=move |_| on_click.run(())
            >
                <span aria-hidden="true">{icon}</span>
            </button>
        </Show>
    }
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
                each=move || cards.get()
                key=|c| c.clone()
                children=move |card| {
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

/// Cards whose stage or lane was removed, kept until someone moves them back.
#[component]
fn Unsorted(state: MapState, modal: RwSignal<Modal>) -> impl IntoView {
    let cards = Memo::new(move |_| {
        state.parts.track_unsorted();
        state.read(|m| m.unsorted.clone())
    });
    view! {
        <Show when=move || cards.with(|c| !c.is_empty())>
            <section class="unsorted" aria-labelledby="unsorted-title">
                <h2 id="unsorted-title">
                    {move || format!("{} ({})", text::UNSORTED, cards.with(Vec::len))}
                </h2>
                <p class="help">{text::UNSORTED_HELP}</p>
                <CardList state modal cards />
            </section>
        </Show>
    }
}
