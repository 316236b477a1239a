//! What every dialog is made of: which one is open (`Modal`), its frame
//! (a titled, labelled `dialog` that keeps the focus and closes on Escape),
//! its footer of buttons, the confirmation of something that cannot be
//! undone, and the words for a refused change.

use crate::i18n::{t, tr};
use comap_shared::structure::Axis;
use comap_shared::{CardId, ConnectionId, LaneId, ModelError, StageId};
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub enum Modal {
    None,
    /// Add a card: in a given cell (the one selected on the board), or
    /// in a stage with the lane to choose, or (nothing selected) anywhere.
    Add {
        stage: Option<StageId>,
        lane: Option<LaneId>,
    },
    Edit(CardId),
    Move(CardId),
    Delete(CardId),
    /// Delete the whole map (facilitator only).
    DeleteMap,
    /// The map's title and purpose.
    MapDetails,
    AddColumn(Axis),
    /// One stage or lane: rename, move, remove.
    Column {
        axis: Axis,
        id: String,
    },
    /// Draw an arrow from a card.
    Connect(CardId),
    /// Change an arrow's label.
    ArrowLabel(ConnectionId),
}

pub(crate) fn message_for(e: &ModelError) -> String {
    match e {
        ModelError::TextTooLong { len, max } => too_long(*len, *max),
        ModelError::EmptyName => t("column-name-needed"),
        ModelError::BadEmotion(_) => t("choose-emotion"),
        ModelError::NameTooLong { len, max } | ModelError::LabelTooLong { len, max } => {
            too_long(*len, *max)
        }
        ModelError::ChangedSince => t("undo-skipped"),
        ModelError::NoSuchCard(_)
        | ModelError::NoSuchStage(_)
        | ModelError::NoSuchLane(_)
        | ModelError::NoSuchConnection(_) => t("model-gone"),
        ModelError::EmptyTitle => t("title-needed"),
        ModelError::TitleTooLong { len, max } => too_long(*len, *max),
        ModelError::SelfConnection => t("arrow-to-itself"),
        ModelError::AlreadyConnected => t("arrow-exists"),
        ModelError::NoVoting
        | ModelError::VotingEnded
        | ModelError::NoVotesLeft
        | ModelError::NotVotable
        | ModelError::BadBudget { .. }
        | ModelError::BadVoter => t("error-vote-refused"),
        ModelError::NotAMap(_) | ModelError::Automerge(_) => t("model-broken"),
    }
}

fn too_long(len: usize, max: usize) -> String {
    crate::t!("text-too-long", len = len, max = max)
}

/// The frame every dialog shares: a labelled, modal box that Escape closes.
#[component]
pub(crate) fn DialogFrame(
    #[prop(into)] title: TextProp,
    modal: RwSignal<Modal>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="backdrop">
            <div
                class="dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="dialog-title"
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Escape" {
                        modal.set(Modal::None);
                    }
                }
            >
                <h2 id="dialog-title">{move || title.get()}</h2>
                {children()}
            </div>
        </div>
    }
}

/// The error line and the submit and Cancel buttons of a dialog's form.
#[component]
pub(crate) fn FormFooter(
    #[prop(into)] submit: TextProp,
    error: RwSignal<Option<String>>,
    modal: RwSignal<Modal>,
) -> impl IntoView {
    view! {
        {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        <div class="dialog-actions">
            <button type="submit" class="primary">{move || submit.get()}</button>
            <button type="button" on:click=move |_| modal.set(Modal::None)>{tr("cancel")}</button>
        </div>
    }
}

/// The question, error line and buttons of a dialog that confirms something
/// that cannot be undone. Cancel has the focus, so Enter never destroys.
#[component]
pub(crate) fn ConfirmDanger(
    #[prop(into)] question: TextProp,
    #[prop(into)] label: TextProp,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    modal: RwSignal<Modal>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(el) = cancel_ref.get() {
            let _ = el.focus();
        }
    });
    view! {
        <p>{move || question.get()}</p>
        {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        <div class="dialog-actions">
            <button class="danger" disabled=move || busy.get() on:click=move |_| on_confirm.run(())>
                {move || label.get()}
            </button>
            <button node_ref=cancel_ref on:click=move |_| modal.set(Modal::None)>{tr("cancel")}</button>
        </div>
    }
}
