//! The head of a stage's column or a lane's row: its name, its menu, and
//! its place taken by dragging or by keys; and the button that adds one.

use crate::connection;
use crate::dialog_parts::Modal;
use crate::i18n::tr;
use crate::map_state::MapState;
use crate::words::axis_keys;
use comap_shared::Command;
use comap_shared::structure::{Axis, order_to_take_place_of};
use leptos::prelude::*;

/// **Add stage** or **Add lane** (opens the dialog that names it).
#[component]
pub fn AddColumnButton(modal: RwSignal<Modal>, axis: Axis) -> impl IntoView {
    view! {
        <button on:click=move |_| modal.set(Modal::AddColumn(axis))>{tr(axis_keys(axis).add)}</button>
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
    let label = match axis {
        Axis::Stages => crate::t!("stage-options", name = &name),
        Axis::Lanes => crate::t!("lane-options", name = &name),
    };
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
                state.notice.set(Some(crate::dialog_parts::message_for(&e)));
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
pub fn EditorIconButton(
    state: MapState,
    /// Changes the structure (shown only to those who may).
    #[prop(optional)]
    structure: bool,
    class: &'static str,
    #[prop(into)] label: Signal<String>,
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
                aria-label=label
                title=label
                on:click=move |_| on_click.run(())
            >
                <span aria-hidden="true">{icon}</span>
            </button>
        </Show>
    }
}
