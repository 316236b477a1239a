//! The dialogs: whichever is open (`Modal`) is shown, one at a time;
//! Escape or Cancel closes it. The card dialogs are in `card_dialogs`, the
//! arrows' in `arrows`, the structure's in `structure_dialogs`.

use crate::arrows::{ArrowLabelDialog, ConnectDialog};
use crate::card_dialogs::{AddDialog, DeleteDialog, EditDialog, MoveDialog};
use crate::connection;
use crate::dialog_parts::{ConfirmDanger, DialogFrame, Modal};
use crate::i18n::tr;
use crate::map_state::MapState;
use crate::structure_dialogs::{AddColumnDialog, ColumnDialog, MapDetailsDialog};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Dialogs(state: MapState, modal: RwSignal<Modal>) -> impl IntoView {
    // Focus goes back to the control that opened a dialog when it closes.
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |was_open: Option<bool>| {
        let open = modal.with(|m| *m != Modal::None);
        let document = crate::browser::window().document();
        if open && was_open != Some(true) {
            let active = document.and_then(|d| d.active_element());
            opener.set_value(active.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()));
        } else if !open && was_open == Some(true) {
            if let Some(el) = opener.get_value().filter(|el| el.is_connected()) {
                let _ = el.focus();
            }
            opener.set_value(None);
        }
        open
    });
    move || match modal.get() {
        Modal::None => ().into_any(),
        Modal::Add { stage, lane } => view! { <AddDialog state modal stage lane /> }.into_any(),
        Modal::Edit(card) => view! { <EditDialog state modal card /> }.into_any(),
        Modal::Move(card) => view! { <MoveDialog state modal card /> }.into_any(),
        Modal::Delete(card) => view! { <DeleteDialog modal card /> }.into_any(),
        Modal::DeleteMap => view! { <DeleteMapDialog modal /> }.into_any(),
        Modal::MapDetails => view! { <MapDetailsDialog state modal /> }.into_any(),
        Modal::AddColumn(axis) => view! { <AddColumnDialog modal axis /> }.into_any(),
        Modal::Column { axis, id } => view! { <ColumnDialog state modal axis id /> }.into_any(),
        Modal::Connect(card) => view! { <ConnectDialog state modal card /> }.into_any(),
        Modal::ArrowLabel(id) => view! { <ArrowLabelDialog state modal id /> }.into_any(),
    }
}

/// Deleting the map asks first; the server then tells everyone, this page too.
#[component]
fn DeleteMapDialog(modal: RwSignal<Modal>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let confirm = Callback::new(move |()| {
        let Some((id, secret)) = connection::credentials() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let url = format!("/api/maps/{id}");
            match crate::http::call("DELETE", &url, None, Some(&secret)).await {
                Ok(_) => modal.set(Modal::None),
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                }
            }
        });
    });
    view! {
        <DialogFrame title=tr("delete-map") modal>
            <ConfirmDanger
                question=tr("delete-map-question")
                label=tr("delete-map")
                busy
                error
                modal
                on_confirm=confirm
            />
        </DialogFrame>
    }
}
