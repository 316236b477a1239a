//! Arrows between cards: the Connect dialog (the keyboard way: choose the
//! target from a list), the label dialog and the arrows listed on each card
//! in words. The drawing of every arrow over the board is `arrow_layer.rs`.

use crate::connection;
use crate::dialog_parts::{DialogFrame, FormFooter, Modal, message_for};
use crate::i18n::{t, tr};
use crate::map_state::MapState;
use crate::t;
use crate::words::short;
use comap_shared::{CardId, Command, ConnectionId, MapView};
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
