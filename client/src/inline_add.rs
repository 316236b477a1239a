//! Typing a card in place, as on a whiteboard: a double-click on an empty
//! part of a cell, or its **+**, opens a text box right there. Enter posts
//! the card (its kind the one the lane is for), Shift+Enter starts a new
//! line, Escape closes the box; after posting, the box stays open for the
//! next card in the same cell, and the new card is brought into view.

use crate::connection::{self, MapState};
use crate::privacy::{PrivacyGate, PrivacyWarning};
use crate::text;
use comap_shared::{CardId, CardKind, Command, LaneId, StageId};
use leptos::prelude::*;

/// The id of the open box (only one is open at a time).
const FIELD: &str = "inline-card-text";

/// Which cell's box is open, for the whole board.
#[derive(Clone, Copy)]
pub struct InlineAdd {
    pub open: RwSignal<Option<(StageId, LaneId)>>,
}

impl InlineAdd {
    pub fn new() -> Self {
        InlineAdd {
            open: RwSignal::new(None),
        }
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
    label: String,
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
                label=label.clone()
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
    label: String,
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
                bring_into_view(&card, false);
                if let Some(el) = field.get_untracked() {
                    el.set_value("");
                    let _ = el.focus();
                }
            }
            Ok(None) => {}
            Err(e) => error.set(Some(crate::dialogs::message_for(&e))),
        }
    };
    let keys = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" if !ev.shift_key() && !ev.is_composing() => {
            ev.prevent_default();
            if let Some(f) = form.get_untracked() {
                let _ = f.request_submit();
            }
        }
        "Escape" => {
            ev.prevent_default();
            inline.open.set(None);
        }
        _ => {}
    };
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
            <p class="inline-hint" id="inline-add-hint">{text::INLINE_ADD_HINT}</p>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <PrivacyWarning gate form field=FIELD />
        </form>
    }
}

/// Scrolls a card into view and highlights it for a moment; with `focus`,
/// moves the focus to it too (after the Add dialog, say).
pub fn bring_into_view(card: &CardId, focus: bool) {
    let selector = format!("[data-card-id=\"{card}\"]");
    leptos::prelude::request_animation_frame(move || {
        let Some(el) = crate::browser::element(&selector) else {
            return;
        };
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
        let _ = el.class_list().add_1("just-added");
        if focus && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el.clone())
        {
            let _ = el.focus();
        }
        leptos::prelude::set_timeout(
            move || {
                let _ = el.class_list().remove_1("just-added");
            },
            std::time::Duration::from_millis(2000),
        );
    });
}
