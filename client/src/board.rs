//! The board: stages as columns, lanes as rows, cards in their cells. A real
//! table, so screen readers announce each cell's stage and lane.

use crate::connection;
use crate::dialog_parts::Modal;
use crate::dialogs::Dialogs;
use crate::grid::{Grid, Unsorted};
use crate::i18n::{t, tr};
use crate::inline_add::InlineAdd;
use crate::insights::Insights;
use crate::list_view::ListView;
use crate::map_state::{MapState, Status};
use crate::people::People;
use crate::presence::{self, FacilitatorNotice, SummonNotice};
use crate::topbar::TopBar;
use crate::topbar::{LIST_VIEW_KEY, undo_or_redo};
use crate::voting::VotingPanel;
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
                            <a href="/">{tr("go-home")}</a>
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
                <p class="view-only" role="status">{tr("readying-map")}</p>
            </Show>
            <Show when=move || {
                !state.can_edit.get() && !state.locked.get() && state.status.get() == Status::Connected
            }>
                <p class="view-only">{tr("view-only")}</p>
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
                        title=move || if folded.get() { t("show-side") } else { t("hide-side") }
                        aria-label=move || if folded.get() { t("show-side") } else { t("hide-side") }
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

/// Where this browser remembers whether the side panels are folded.
const SIDE_FOLDED_KEY: &str = "comap.side-folded";
