//! The board's header, one row: the map's title (cut short, whole on hover),
//! whether the page is connected and saved, the main actions (Undo, Redo,
//! List view, Export, Add card) and **More** for the rest: map details,
//! the display switches, and deleting the map. On a phone the main actions
//! other than Add card move into **More** too, and the header tucks away
//! while the page scrolls down.

use crate::dialog_parts::Modal;
use crate::display::DisplayToggles;
use crate::i18n::{t, tr};
use crate::map_state::{MapState, Status};
use leptos::prelude::*;

#[component]
pub fn TopBar(state: MapState, modal: RwSignal<Modal>, list: RwSignal<bool>) -> impl IntoView {
    let title = move || state.with_head(|m| m.title.clone());
    let more = RwSignal::new(false);
    let more_button = NodeRef::<leptos::html::Button>::new();
    let close_more = move || {
        more.set(false);
        if let Some(b) = more_button.get_untracked() {
            let _ = b.focus();
        }
    };
    // On a phone the header tucks away while the page scrolls down and
    // comes back when it scrolls up (CSS applies it only on small screens).
    let tucked = RwSignal::new(false);
    let last_y = StoredValue::new(0.0f64);
    let scrolling = window_event_listener(leptos::ev::scroll, move |_| {
        let y = crate::browser::window().scroll_y().unwrap_or(0.0);
        let before = last_y.get_value();
        if (y - before).abs() > 8.0 {
            tucked.set(y > before && y > 60.0);
            last_y.set_value(y);
        }
    });
    on_cleanup(move || scrolling.remove());
    let loaded = move || state.map.with(|m| m.is_some());
    let editing = move || state.can_edit.get() && loaded();
    view! {
        <header
            class="topbar"
            class:menu-open=move || more.get()
            class:tucked=move || tucked.get() && !more.get()
            on:focusin=move |_| tucked.set(false)
            on:keydown=move |ev| {
                if ev.key() == "Escape" && more.get_untracked() {
                    ev.prevent_default();
                    close_more();
                }
            }
        >
            <div class="title">
                <h1 title=title>{title}</h1>
                <p class="subtitle">
                    {move || {
                        Some(state.with_head(|m| m.purpose.clone()))
                            .filter(|p| !p.is_empty())
                            .map(|p| view! { <span class="purpose">{p}</span> })
                    }}
                    {move || {
                        state
                            .expires_ms
                            .get()
                            .map(|ms| {
                                view! {
                                    <span class="kept">{crate::t!("kept-until", date = crate::dates::long_date(ms).as_str())}</span>
                                }
                            })
                    }}
                </p>
            </div>
            <p role="status" class="status" class:ok=move || state.status.get() == Status::Connected>
                {move || state.status.get().label()}
            </p>
            <Show when=move || state.can_edit.get()>
                <p class="saved" aria-live="polite">
                    {move || match (state.saving.get(), state.status.get()) {
                        (false, _) => t("saved"),
                        (true, Status::Connected) => t("saving"),
                        (true, _) => t("not-saved-yet"),
                    }}
                </p>
            </Show>
            <Show when=move || state.facilitator.get() && state.fatal.with(|f| f.is_none())>
                <span class="badge">{tr("facilitator-badge")}</span>
            </Show>
            <div class="header-actions">
                <Show when=editing>
                    <HistoryButton state redo=false />
                    <HistoryButton state redo=true />
                </Show>
                <Show when=loaded>
                    <button
                        type="button"
                        on:click=move |_| {
                            let now = !list.get_untracked();
                            list.set(now);
                            crate::browser::remember_choice(LIST_VIEW_KEY, now);
                        }
                    >
                        {move || if list.get() { t("board-view") } else { t("list-view") }}
                    </button>
                    <crate::export_menu::ExportMenu state />
                </Show>
            </div>
            <Show when=editing>
                <button class="primary add-card" on:click=move |_| add_card(modal)>
                    {tr("add-card")}
                </button>
            </Show>
            <div class="more">
                <button
                    type="button"
                    node_ref=more_button
                    aria-expanded=move || more.get().to_string()
                    aria-controls="more-menu"
                    on:click=move |_| more.update(|o| *o = !*o)
                >
                    {tr("more")}
                </button>
                <Show when=move || more.get()>
                    <div id="more-menu" class="more-menu panel" role="group" aria-label=tr("more-choices")>
                        <Show when=move || editing() && state.may_change_structure()>
                            <button on:click=move |_| {
                                more.set(false);
                                modal.set(Modal::MapDetails);
                            }>{tr("map-details")}</button>
                        </Show>
                        <Show when=move || editing() && state.facilitator.get()>
                            <StructureSwitch state />
                        </Show>
                        <p class="more-heading">{tr("display")}</p>
                        <crate::i18n::LanguageChoice />
                        <DisplayToggles board=true />
                        <Show when=move || state.facilitator.get() && state.fatal.with(|f| f.is_none())>
                            <button
                                class="danger"
                                on:click=move |_| {
                                    more.set(false);
                                    modal.set(Modal::DeleteMap);
                                }
                            >
                                {tr("delete-map")}
                            </button>
                        </Show>
                    </div>
                </Show>
            </div>
        </header>
    }
}

/// **Add card**: in the cell selected on the board, if one is; else the
/// dialog asks where.
fn add_card(modal: RwSignal<Modal>) {
    let cell =
        use_context::<crate::inline_add::InlineAdd>().and_then(|i| i.selected.get_untracked());
    let (stage, lane) = cell.unzip();
    modal.set(Modal::Add { stage, lane });
}

/// The Undo or Redo button, enabled when there is something to undo or redo.
#[component]
fn HistoryButton(state: MapState, redo: bool) -> impl IntoView {
    let (label, hint, keys, enabled) = if redo {
        (
            tr("redo"),
            tr("redo-hint"),
            "Control+Shift+Z",
            state.can_redo,
        )
    } else {
        (tr("undo"), tr("undo-hint"), "Control+Z", state.can_undo)
    };
    view! {
        <button
            title=hint
            aria-keyshortcuts=keys
            disabled=move || !enabled.get()
            on:click=move |_| undo_or_redo(state, redo)
        >
            {label}
        </button>
    }
}

/// The facilitator's switch: whether everyone who may edit may also change
/// the title, stages and lanes (the server keeps to it).
#[component]
fn StructureSwitch(state: MapState) -> impl IntoView {
    view! {
        <button
            type="button"
            class="switch"
            title=tr("structure-open-help")
            aria-pressed=move || if state.structure_open.get() { "true" } else { "false" }
            on:click=move |_| {
                let open = !state.structure_open.get_untracked();
                if let Err(e) = crate::connection::dispatch(comap_shared::Command::SetStructureOpen { open }) {
                    state.notice.set(Some(crate::dialog_parts::message_for(&e)));
                }
            }
        >
            {tr("structure-open")}
        </button>
    }
}

/// Where this browser remembers the choice of the list view.
pub const LIST_VIEW_KEY: &str = "comap.list-view";

/// Undoes or redoes this person's last change; says so when it could not.
pub fn undo_or_redo(state: MapState, redo: bool) {
    match crate::connection::undo_or_redo(redo) {
        Ok(_) => state.notice.set(None),
        Err(e) => state.notice.set(Some(crate::dialog_parts::message_for(&e))),
    }
}
