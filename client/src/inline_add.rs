//! Typing in place, as on a whiteboard: a double-click on an empty part of
//! a cell, or its **+**, opens a text box right there. Enter posts the card
//! (its kind the one the lane is for), Shift+Enter starts a new line, Escape
//! closes the box; after posting, the box stays open for the next card in
//! the same cell, and the new card is brought into view. A double-click on
//! a card's words edits them in place the same way (Enter saves, Escape
//! leaves them as they were).

use crate::connection;
use crate::i18n::tr;
use crate::map_state::MapState;
use crate::privacy::{PrivacyGate, PrivacyWarning};
use comap_shared::{CardId, CardKind, Command, LaneId, StageId};
use leptos::prelude::*;

/// The id of the open box (only one is open at a time).
const FIELD: &str = "inline-card-text";

/// Which cell's box is open, and which card's words are being edited
/// (with what is typed so far, kept when the card is drawn again because
/// someone else changed it), for the whole board.
#[derive(Clone, Copy)]
pub struct InlineAdd {
    pub open: RwSignal<Option<(StageId, LaneId)>>,
    pub editing: RwSignal<Option<CardId>>,
    /// The cell last clicked (or double-clicked, or its + pressed) on the
    /// board: where **Add card** puts a card without asking.
    pub selected: RwSignal<Option<(StageId, LaneId)>>,
    draft: RwSignal<String>,
}

impl InlineAdd {
    pub fn new() -> Self {
        InlineAdd {
            open: RwSignal::new(None),
            editing: RwSignal::new(None),
            selected: RwSignal::new(None),
            draft: RwSignal::new(String::new()),
        }
    }

    /// Starts editing `card`'s words in place.
    pub fn edit(&self, card: CardId, text: &str) {
        self.draft.set(text.to_string());
        self.editing.set(Some(card));
    }
}

/// The id of the box editing a card's words.
const EDIT_FIELD: &str = "inline-edit-text";

/// A card's words, or the box editing them in place.
#[component]
pub fn CardText(state: MapState, card: CardId, text: String, text_id: String) -> impl IntoView {
    let inline = use_context::<InlineAdd>().unwrap_or_else(InlineAdd::new);
    let (id, edit_id, words, shown) = (card.clone(), card.clone(), text.clone(), text.clone());
    let is_editing = move || inline.editing.with(|e| e.as_ref() == Some(&id));
    let start = move |ev: leptos::ev::MouseEvent| {
        if state.can_edit.get_untracked() {
            ev.prevent_default();
            inline.edit(edit_id.clone(), &words);
        }
    };
    view! {
        <Show
            when=is_editing
            fallback=move || view! { <p class="text" id=text_id.clone() on:dblclick=start.clone()>{shown.clone()}</p> }
        >
            <EditBox inline card=card.clone() before=text.clone() />
        </Show>
    }
}

#[component]
fn EditBox(inline: InlineAdd, card: CardId, before: String) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let gate = PrivacyGate::new();
    let form = NodeRef::<leptos::html::Form>::new();
    let field = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(el) = field.get() {
            let _ = el.focus();
        }
    });
    let unchanged = {
        let before = before.clone();
        move || inline.draft.with_untracked(|d| *d == before)
    };
    let done = move || inline.editing.set(None);
    let save = {
        let unchanged = unchanged.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let text = inline.draft.get_untracked();
            if unchanged() || text.trim().is_empty() {
                return done();
            }
            if !gate.allows(&text) {
                return;
            }
            match connection::dispatch(Command::EditText {
                card: card.clone(),
                text,
            }) {
                Ok(_) => done(),
                Err(e) => error.set(Some(crate::dialog_parts::message_for(&e))),
            }
        }
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| box_keys(&ev, form, done);
    view! {
        <form class="inline-add inline-edit" on:submit=save node_ref=form>
            <textarea
                id=EDIT_FIELD
                rows="3"
                maxlength="2000"
                aria-label=tr("card-text")
                aria-describedby="inline-edit-hint"
                node_ref=field
                prop:value=move || inline.draft.get_untracked()
                on:input=move |ev| inline.draft.set(event_target_value(&ev))
                on:keydown=keys
                on:blur=move |_| {
                    // Leaving words as they were closes the box; changed ones wait for Enter.
                    if unchanged() {
                        done();
                    }
                }
            ></textarea>
            <p class="inline-hint" id="inline-edit-hint">{tr("inline-edit-hint")}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <PrivacyWarning gate form field=EDIT_FIELD />
        </form>
    }
}

/// The box of one cell, while it is open.
#[component]
pub fn InlineAddBox(
    state: MapState,
    inline: InlineAdd,
    stage: StageId,
    lane: LaneId,
    lane_name: String,
    label: Signal<String>,
) -> impl IntoView {
    let cell = (stage.clone(), lane.clone());
    let is_open = move || inline.open.with(|o| o.as_ref() == Some(&cell));
    view! {
        <Show when=is_open>
            <CardBox
                state
                inline
                stage=stage.clone()
                lane=lane.clone()
                kind=CardKind::suggested_for_lane(&lane_name)
                label
            />
        </Show>
    }
}

#[component]
fn CardBox(
    state: MapState,
    inline: InlineAdd,
    stage: StageId,
    lane: LaneId,
    kind: CardKind,
    label: Signal<String>,
) -> impl IntoView {
    let body = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let gate = PrivacyGate::new();
    let form = NodeRef::<leptos::html::Form>::new();
    let field = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(el) = field.get() {
            let _ = el.focus();
        }
    });
    let post = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = body.get_untracked();
        if t.trim().is_empty() {
            return;
        }
        if !gate.allows(&t) {
            return;
        }
        let cmd = Command::AddCard {
            stage: stage.clone(),
            lane: lane.clone(),
            kind,
            text: t,
        };
        match connection::dispatch(cmd) {
            Ok(Some(card)) => {
                body.set(String::new());
                error.set(None);
                crate::card_focus::bring_into_view(&card, false);
                if let Some(el) = field.get_untracked() {
                    el.set_value("");
                    let _ = el.focus();
                }
            }
            Ok(None) => {}
            Err(e) => error.set(Some(crate::dialog_parts::message_for(&e))),
        }
    };
    let keys =
        move |ev: leptos::ev::KeyboardEvent| box_keys(&ev, form, move || inline.open.set(None));
    let _ = state;
    view! {
        <form class="inline-add" on:submit=post node_ref=form>
            <textarea
                id=FIELD
                rows="2"
                maxlength="2000"
                aria-label=label
                aria-describedby="inline-add-hint"
                node_ref=field
                on:input=move |ev| body.set(event_target_value(&ev))
                on:keydown=keys
                on:blur=move |_| {
                    // Leaving an empty box closes it; one with words stays.
                    if body.with_untracked(|b| b.trim().is_empty()) {
                        inline.open.set(None);
                    }
                }
            ></textarea>
            <p class="inline-hint" id="inline-add-hint">{tr("inline-add-hint")}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <PrivacyWarning gate form field=FIELD />
        </form>
    }
}

/// The keys of a box typed in place: Enter submits its form (Shift+Enter
/// is a new line, and nothing happens while an input method composes),
/// Escape closes it.
fn box_keys(ev: &leptos::ev::KeyboardEvent, form: NodeRef<leptos::html::Form>, close: impl Fn()) {
    match ev.key().as_str() {
        "Enter" if !ev.shift_key() && !ev.is_composing() => {
            ev.prevent_default();
            if let Some(f) = form.get_untracked() {
                let _ = f.request_submit();
            }
        }
        "Escape" => {
            ev.prevent_default();
            close();
        }
        _ => {}
    }
}
