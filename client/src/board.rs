//! The board: stages as columns, lanes as rows, cards in their cells. A real
//! table, so screen readers announce each cell's stage and lane.

use crate::card_view::CardView;
use crate::connection::{self, MapState, Status};
use crate::dialogs::{Dialogs, Modal};
use crate::people::People;
use crate::text;
use comap_shared::{CardId, Command, Lane, Stage};
use leptos::prelude::*;

#[component]
pub fn BoardPage(state: MapState) -> impl IntoView {
    let modal = RwSignal::new(Modal::None);
    let title = move || {
        state
            .map
            .with(|m| m.as_ref().map(|m| m.title.clone()).unwrap_or_default())
    };
    view! {
        <header class="topbar">
            <div class="title">
                <h1>{title}</h1>
                {move || {
                    state
                        .expires_ms
                        .get()
                        .map(|ms| {
                            view! {
                                <p class="kept">{text::kept_until(&crate::browser::long_date(ms))}</p>
                            }
                        })
                }}
            </div>
            <p role="status" class="status" class:ok=move || state.status.get() == Status::Connected>
                {move || state.status.get().label()}
            </p>
            <Show when=move || state.can_edit.get()>
                <p class="saved" aria-live="polite">
                    {move || match (state.saving.get(), state.status.get()) {
                        (false, _) => text::SAVED,
                        (true, Status::Connected) => text::SAVING,
                        (true, _) => text::NOT_SAVED_YET,
                    }}
                </p>
            </Show>
            <Show when=move || state.can_edit.get() && state.map.with(|m| m.is_some())>
                <button class="primary" on:click=move |_| modal.set(Modal::Add { cell: None })>
                    {text::ADD_CARD}
                </button>
            </Show>
            <Show when=move || state.facilitator.get() && state.fatal.with(|f| f.is_none())>
                <span class="badge">{text::FACILITATOR_BADGE}</span>
                <button class="danger" on:click=move |_| modal.set(Modal::DeleteMap)>
                    {text::DELETE_MAP}
                </button>
            </Show>
        </header>
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
        {move || state.notice.get().map(|m| view! { <p role="alert" class="notice">{m}</p> })}
        <Show when=move || !state.can_edit.get() && state.status.get() == Status::Connected>
            <p class="view-only">{text::VIEW_ONLY}</p>
        </Show>
        <div class="layout">
            <Grid state modal />
            <Show when=move || state.map.with(|m| m.is_some())>
                <People state />
            </Show>
        </div>
        <Dialogs state modal />
    }
}

#[component]
fn Grid(state: MapState, modal: RwSignal<Modal>) -> impl IntoView {
    let stages = Memo::new(move |_| {
        state
            .map
            .with(|m| m.as_ref().map(|m| m.stages.clone()).unwrap_or_default())
    });
    let lanes = Memo::new(move |_| {
        state
            .map
            .with(|m| m.as_ref().map(|m| m.lanes.clone()).unwrap_or_default())
    });
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
            <div class="board-scroll">
                <table class="board">
                    <thead>
                        <tr>
                            <td class="corner"></td>
                            <For each=move || stages.get() key=|s| s.clone() let:stage>
                                <th scope="col">{stage.name}</th>
                            </For>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || lanes.get() key=|l| l.clone() let:lane>
                            <tr>
                                <th scope="row">{lane.name.clone()}</th>
                                <For each=move || stages.get() key=|s| s.clone() let:stage>
                                    <Cell state modal stage lane=lane.clone() />
                                </For>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </div>
        </Show>
    }
}

#[component]
fn Cell(state: MapState, modal: RwSignal<Modal>, stage: Stage, lane: Lane) -> impl IntoView {
    let (sid, lid) = (stage.id.clone(), lane.id.clone());
    let cards = Memo::new(move |_| {
        state.map.with(|m| {
            m.as_ref()
                .map(|m| m.cards_in(&sid, &lid).cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let add_label = text::add_here(&stage.name, &lane.name);
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
    view! {
        <td
            class="cell"
            on:dragover=move |ev: web_sys::DragEvent| {
                if state.can_edit.get_untracked() {
                    ev.prevent_default();
                }
            }
            on:drop=on_drop
        >
            <ul class="cards">
                <For each=move || cards.get() key=|c| c.clone() let:card>
                    <li>
                        <CardView state modal card />
                    </li>
                </For>
            </ul>
            <Show when=move || state.can_edit.get()>
                <button
                    class="add-here"
                    aria-label=add_label.clone()
                    title=add_label.clone()
                    on:click={
                        let cell = cell.clone();
                        move |_| modal.set(Modal::Add { cell: Some(cell.clone()) })
                    }
                >
                    <span aria-hidden="true">"+"</span>
                </button>
            </Show>
        </td>
    }
}
