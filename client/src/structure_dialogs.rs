//! Dialogs that change the map's structure: its title and purpose, and each
//! stage and lane (add, rename, move, remove).

use crate::connection;
use crate::dialog_parts::{ConfirmDanger, DialogFrame, FormFooter, Modal, message_for};
use crate::i18n::{t_with, tr};
use crate::map_state::MapState;
use crate::words::axis_keys;
use comap_shared::i18n::Arg;
use comap_shared::structure::{Axis, Step};
use comap_shared::{Command, LaneId, StageId};
use leptos::prelude::*;

/// Dispatches a command; closes the dialog or shows why not.
fn dispatch_or_show(cmd: Command, modal: RwSignal<Modal>, error: RwSignal<Option<String>>) {
    match connection::dispatch(cmd) {
        Ok(_) => modal.set(Modal::None),
        Err(e) => error.set(Some(message_for(&e))),
    }
}

/// A labelled one-line text field, focused when the dialog opens.
#[component]
fn NameField(
    id: &'static str,
    #[prop(into)] label: TextProp,
    value: RwSignal<String>,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    view! {
        <label for=id>{move || label.get()}</label>
        <input
            id=id
            type="text"
            autocomplete="off"
            node_ref=input
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}

#[component]
pub fn MapDetailsDialog(state: MapState, modal: RwSignal<Modal>) -> impl IntoView {
    let (old_title, old_purpose) = state.map.with_untracked(|m| {
        m.as_ref()
            .map(|m| (m.title.clone(), m.purpose.clone()))
            .unwrap_or_default()
    });
    let title = RwSignal::new(old_title.clone());
    let purpose = RwSignal::new(old_purpose.clone());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut cmds = Vec::new();
        if title.get_untracked().trim() != old_title {
            cmds.push(Command::SetTitle {
                title: title.get_untracked(),
            });
        }
        if purpose.get_untracked().trim() != old_purpose {
            cmds.push(Command::SetPurpose {
                purpose: purpose.get_untracked(),
            });
        }
        for cmd in cmds {
            if let Err(e) = connection::dispatch(cmd) {
                error.set(Some(message_for(&e)));
                return;
            }
        }
        modal.set(Modal::None);
    };
    view! {
        <DialogFrame title=tr("map-details") modal>
            <form on:submit=save>
                <NameField id="dlg-title" label=tr("map-title") value=title />
                <label for="dlg-purpose">{tr("purpose")}</label>
                <p id="dlg-purpose-help" class="help">{tr("purpose-help")}</p>
                <textarea
                    id="dlg-purpose"
                    rows="3"
                    aria-describedby="dlg-purpose-help"
                    prop:value=move || purpose.get()
                    on:input=move |ev| purpose.set(event_target_value(&ev))
                ></textarea>
                <FormFooter submit=tr("save") error modal />
            </form>
        </DialogFrame>
    }
}

#[component]
pub fn AddColumnDialog(modal: RwSignal<Modal>, axis: Axis) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cmd = Command::AddColumn {
            axis,
            name: name.get_untracked(),
        };
        dispatch_or_show(cmd, modal, error);
    };
    view! {
        <DialogFrame title=tr(axis_keys(axis).add) modal>
            <form on:submit=save>
                <NameField id="dlg-name" label=tr("name") value=name />
                <FormFooter submit=tr(axis_keys(axis).add) error modal />
            </form>
        </DialogFrame>
    }
}

/// One stage or lane: rename it, move it one place, or remove it (asking
/// first, with the number of cards that will go to the Unsorted tray).
#[component]
pub fn ColumnDialog(
    state: MapState,
    modal: RwSignal<Modal>,
    axis: Axis,
    id: String,
) -> impl IntoView {
    let (current, cards) = state.map.with_untracked(|m| {
        let Some(m) = m.as_ref() else {
            return (String::new(), 0);
        };
        match axis {
            Axis::Stages => {
                let sid = StageId::from_key(id.clone());
                let name = m.stage(&sid).map(|s| s.name.clone()).unwrap_or_default();
                (name, m.cards.iter().filter(|c| c.stage == sid).count())
            }
            Axis::Lanes => {
                let lid = LaneId::from_key(id.clone());
                let name = m.lane(&lid).map(|l| l.name.clone()).unwrap_or_default();
                (name, m.cards.iter().filter(|c| c.lane == lid).count())
            }
        }
    });
    let name = RwSignal::new(current.clone());
    let error = RwSignal::new(None::<String>);
    let confirming = RwSignal::new(false);
    let rename_id = id.clone();
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cmd = Command::Rename {
            axis,
            id: rename_id.clone(),
            name: name.get_untracked(),
        };
        dispatch_or_show(cmd, modal, error);
    };
    let step_id = id.clone();
    let step = move |step: Step| {
        let cmd = Command::Reorder {
            axis,
            id: step_id.clone(),
            step,
        };
        // The dialog stays open so the person can move again.
        if let Err(e) = connection::dispatch(cmd) {
            error.set(Some(message_for(&e)));
        }
    };
    let step_back = step.clone();
    let keys = axis_keys(axis);
    let remove = Callback::new(move |()| {
        let cmd = Command::Remove {
            axis,
            id: id.clone(),
        };
        dispatch_or_show(cmd, modal, error);
    });
    view! {
        <DialogFrame
            title={
                let current = current.clone();
                move || t_with(keys.heading, &[("name", Arg::from(&current))])
            }
            modal
        >
            <Show
                when=move || confirming.get()
                fallback=move || {
                    view! {
                        <form on:submit=rename.clone()>
                            <NameField id="dlg-name" label=tr("name") value=name />
                            <div class="dialog-actions">
                                <button type="submit" class="primary">{tr("save-name")}</button>
                            </div>
                        </form>
                        <div class="dialog-actions">
                            <button on:click={
                                let s = step_back.clone();
                                move |_| s(Step::Earlier)
                            }>{tr(keys.earlier)}</button>
                            <button on:click={
                                let s = step.clone();
                                move |_| s(Step::Later)
                            }>{tr(keys.later)}</button>
                        </div>
                        {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
                        <div class="dialog-actions">
                            <button class="danger" on:click=move |_| confirming.set(true)>
                                {tr(keys.remove)}
                            </button>
                            <button on:click=move |_| modal.set(Modal::None)>{tr("close")}</button>
                        </div>
                    }
                }
            >
                <ConfirmDanger
                    question={
                        let current = current.clone();
                        move || {
                            t_with(
                                keys.question,
                                &[("name", Arg::from(&current)), ("n", Arg::from(cards))],
                            )
                        }
                    }
                    label=tr(keys.remove)
                    busy=RwSignal::new(false)
                    error
                    modal
                    on_confirm=remove
                />
            </Show>
        </DialogFrame>
    }
}
