//! The dialogs about one card: add, edit, move (the keyboard alternative to
//! dragging) and delete, with the fields they share.

use crate::connection;
use crate::i18n::tr;
use crate::map_state::MapState;
use crate::privacy::{PrivacyGate, PrivacyWarning};
use comap_shared::{CardId, CardKind, Command, Feeling, LaneId, StageId};
use leptos::prelude::*;

use crate::dialog_parts::{ConfirmDanger, DialogFrame, FormFooter, Modal, message_for};

/// The card text box, focused when the dialog opens.
#[component]
fn CardTextField(body: RwSignal<String>) -> impl IntoView {
    let text_ref = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(el) = text_ref.get() {
            let _ = el.focus();
        }
    });
    view! {
        <label for="dlg-text">{tr("card-text")}</label>
        <textarea
            id="dlg-text"
            rows="4"
            node_ref=text_ref
            prop:value=move || body.get()
            on:input=move |ev| body.set(event_target_value(&ev))
        ></textarea>
    }
}

/// The Stage and Lane selects, bound to two signals holding ids.
#[component]
fn CellSelects(state: MapState, stage: RwSignal<String>, lane: RwSignal<String>) -> impl IntoView {
    let stages = move || state.with_head(|m| m.stages.clone());
    let lanes = move || state.with_head(|m| m.lanes.clone());
    view! {
        <label for="dlg-stage">{tr("stage")}</label>
        <select id="dlg-stage" on:change=move |ev| stage.set(event_target_value(&ev))>
            {move || {
                stages()
                    .into_iter()
                    .map(|s| {
                        let selected = stage.get_untracked() == s.id.as_str();
                        view! { <option value=s.id.to_string() selected=selected>{s.name}</option> }
                    })
                    .collect_view()
            }}
        </select>
        <label for="dlg-lane">{tr("lane")}</label>
        <select id="dlg-lane" on:change=move |ev| lane.set(event_target_value(&ev))>
            {move || {
                lanes()
                    .into_iter()
                    .map(|l| {
                        let selected = lane.get_untracked() == l.id.as_str();
                        view! { <option value=l.id.to_string() selected=selected>{l.name}</option> }
                    })
                    .collect_view()
            }}
        </select>
    }
}

/// Where the new card goes, in words, and **Change place** to choose another.
#[component]
fn ChosenCell(
    state: MapState,
    stage: RwSignal<String>,
    lane: RwSignal<String>,
    choose: RwSignal<bool>,
) -> impl IntoView {
    let place = state.map.with_untracked(|m| {
        let m = m.as_ref()?;
        let s = m.stage(&StageId::from_key(stage.get_untracked()))?;
        let l = m.lane(&LaneId::from_key(lane.get_untracked()))?;
        Some(crate::t!("in-cell", stage = &s.name, lane = &l.name))
    });
    view! {
        <p class="chosen-cell">
            <span id="dlg-place">{place}</span>
            <button type="button" class="link-button" on:click=move |_| choose.set(true)>
                {tr("change-place")}
            </button>
        </p>
    }
}

#[component]
pub fn AddDialog(
    state: MapState,
    modal: RwSignal<Modal>,
    stage: Option<StageId>,
    lane: Option<LaneId>,
) -> impl IntoView {
    // The stage and lane are asked for only when they are not known.
    let choose = RwSignal::new(stage.is_none() || lane.is_none());
    let (first_stage, first_lane, lane_name) = state.map.with_untracked(|m| {
        let m = m.as_ref();
        let s = stage.map(|s| s.to_string()).unwrap_or_else(|| {
            m.and_then(|m| m.stages.first())
                .map(|s| s.id.to_string())
                .unwrap_or_default()
        });
        let l = lane.map(|l| l.to_string()).unwrap_or_else(|| {
            m.and_then(|m| m.lanes.first())
                .map(|l| l.id.to_string())
                .unwrap_or_default()
        });
        let name = m
            .and_then(|m| m.lane(&LaneId::from_key(l.clone())))
            .map(|l| l.name.clone())
            .unwrap_or_default();
        (s, l, name)
    });
    let stage = RwSignal::new(first_stage);
    let lane = RwSignal::new(first_lane);
    let kind = RwSignal::new(CardKind::suggested_for_lane(&lane_name));
    // Choosing another lane suggests the kind that lane is for (a card in
    // "Pain points" is most likely a pain point); the person can still change it.
    Effect::new(move |was: Option<String>| {
        let now = lane.get();
        if was.as_ref().is_some_and(|w| *w != now) {
            let name = state.map.with_untracked(|m| {
                m.as_ref()
                    .and_then(|m| m.lane(&LaneId::from_key(now.clone())))
                    .map(|l| l.name.clone())
                    .unwrap_or_default()
            });
            kind.set(CardKind::suggested_for_lane(&name));
        }
        now
    });
    let body = RwSignal::new(String::new());
    let emotion = RwSignal::new(None::<i8>);
    let word = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let gate = PrivacyGate::new();
    let form = NodeRef::<leptos::html::Form>::new();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = body.get_untracked();
        if t.trim().is_empty() {
            error.set(Some(crate::i18n::t("text-needed")));
            return;
        }
        if !gate.allows(&t) {
            return;
        }
        let cmd = Command::AddCard {
            stage: StageId::from_key(stage.get_untracked()),
            lane: LaneId::from_key(lane.get_untracked()),
            kind: kind.get_untracked(),
            text: t,
        };
        let created = match connection::dispatch(cmd) {
            Ok(created) => created,
            Err(e) => return error.set(Some(message_for(&e))),
        };
        let feeling = feeling_of(kind.get_untracked(), emotion, word);
        if let (Some(card), Some(feeling)) = (created.clone(), feeling) {
            let cmd = Command::SetFeeling {
                card,
                feeling: Some(feeling),
            };
            if let Err(e) = connection::dispatch(cmd) {
                return error.set(Some(message_for(&e)));
            }
        }
        modal.set(Modal::None);
        // The new card is never out of sight: shown, highlighted, focused.
        if let Some(card) = created {
            crate::card_focus::bring_into_view(&card, true);
        }
    };
    view! {
        <DialogFrame title=tr("add-card") modal>
            <form on:submit=save node_ref=form>
                <Show when=move || choose.get() fallback=move || view! { <ChosenCell state stage lane choose /> }>
                    <CellSelects state stage lane />
                </Show>
                <label for="dlg-kind">{tr("kind")}</label>
                <select
                    id="dlg-kind"
                    prop:value=move || kind.get().key()
                    on:change=move |ev| {
                        if let Some(k) = CardKind::from_key(&event_target_value(&ev)) {
                            kind.set(k);
                        }
                    }
                >
                    {CardKind::ALL
                        .into_iter()
                        .map(|k| {
                            let selected = kind.get_untracked() == k;
                            view! { <option value=k.key() selected=selected>{crate::words::kind_name(k)}</option> }
                        })
                        .collect_view()}
                </select>
                <CardTextField body />
                <Show when=move || kind.get() == CardKind::Feeling>
                    <FeelingFields emotion word />
                </Show>
                <PrivacyWarning gate form />
                <FormFooter submit=tr("save-card") error modal />
            </form>
        </DialogFrame>
    }
}

/// The feeling a dialog's fields describe, for a feeling card with an
/// emotion chosen.
fn feeling_of(
    kind: CardKind,
    emotion: RwSignal<Option<i8>>,
    word: RwSignal<String>,
) -> Option<Feeling> {
    if kind != CardKind::Feeling {
        return None;
    }
    emotion.get_untracked().map(|e| Feeling {
        emotion: e,
        word: word.get_untracked(),
    })
}

/// The five labelled emotions as radio buttons (never a bare slider), and
/// an optional word.
#[component]
fn FeelingFields(emotion: RwSignal<Option<i8>>, word: RwSignal<String>) -> impl IntoView {
    view! {
        <fieldset class="feeling">
            <legend>{tr("how-did-it-feel")}</legend>
            {Feeling::SCALE
                .into_iter()
                .map(|e| {
                    let id = format!("dlg-emotion-{}", e + 2);
                    view! {
                        <div class="radio">
                            <input
                                type="radio"
                                name="dlg-emotion"
                                id=id.clone()
                                prop:checked=move || emotion.get() == Some(e)
                                on:change=move |_| emotion.set(Some(e))
                            />
                            <label for=id>
                                <span class=format!("emotion-dot e{}", e + 2) aria-hidden="true"></span>
                                {move || crate::words::feeling(e, "")}
                            </label>
                        </div>
                    }
                })
                .collect_view()}
        </fieldset>
        <label for="dlg-emotion-word">{tr("emotion-word")}</label>
        <input
            id="dlg-emotion-word"
            type="text"
            maxlength="40"
            autocomplete="off"
            prop:value=move || word.get()
            on:input=move |ev| word.set(event_target_value(&ev))
        />
    }
}

#[component]
pub fn EditDialog(state: MapState, modal: RwSignal<Modal>, card: CardId) -> impl IntoView {
    let (current, kind, feeling) = state
        .map
        .with_untracked(|m| {
            m.as_ref()
                .and_then(|m| m.card(&card))
                .map(|c| (c.text.clone(), c.kind, c.feeling.clone()))
        })
        .unwrap_or((String::new(), CardKind::Note, None));
    let body = RwSignal::new(current.clone());
    let emotion = RwSignal::new(feeling.as_ref().map(|f| f.emotion));
    let word = RwSignal::new(feeling.as_ref().map(|f| f.word.clone()).unwrap_or_default());
    let error = RwSignal::new(None::<String>);
    let gate = PrivacyGate::new();
    let form = NodeRef::<leptos::html::Form>::new();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut cmds = Vec::new();
        if body.get_untracked() != current && !gate.allows(&body.get_untracked()) {
            return;
        }
        if body.get_untracked() != current {
            cmds.push(Command::EditText {
                card: card.clone(),
                text: body.get_untracked(),
            });
        }
        let now = feeling_of(kind, emotion, word);
        if kind == CardKind::Feeling && now != feeling {
            cmds.push(Command::SetFeeling {
                card: card.clone(),
                feeling: now,
            });
        }
        for cmd in cmds {
            if let Err(e) = connection::dispatch(cmd) {
                return error.set(Some(message_for(&e)));
            }
        }
        modal.set(Modal::None);
    };
    view! {
        <DialogFrame title=tr("edit-card") modal>
            <form on:submit=save node_ref=form>
                <CardTextField body />
                <Show when=move || kind == CardKind::Feeling>
                    <FeelingFields emotion word />
                </Show>
                <PrivacyWarning gate form />
                <FormFooter submit=tr("save-card") error modal />
            </form>
        </DialogFrame>
    }
}

#[component]
pub fn MoveDialog(state: MapState, modal: RwSignal<Modal>, card: CardId) -> impl IntoView {
    // A card from the Unsorted tray has no existing cell: offer the first.
    let (s, l) = state
        .map
        .with_untracked(|m| {
            let m = m.as_ref()?;
            let c = m.card(&card)?;
            let s = m.stage(&c.stage).or(m.stages.first())?;
            let l = m.lane(&c.lane).or(m.lanes.first())?;
            Some((s.id.to_string(), l.id.to_string()))
        })
        .unwrap_or_default();
    let stage = RwSignal::new(s);
    let lane = RwSignal::new(l);
    let error = RwSignal::new(None::<String>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cmd = Command::MoveCard {
            card: card.clone(),
            stage: StageId::from_key(stage.get_untracked()),
            lane: LaneId::from_key(lane.get_untracked()),
        };
        match connection::dispatch(cmd) {
            Ok(_) => modal.set(Modal::None),
            Err(e) => error.set(Some(message_for(&e))),
        }
    };
    view! {
        <DialogFrame title=tr("move-card") modal>
            <form on:submit=save>
                <CellSelects state stage lane />
                <FormFooter submit=tr("move-card") error modal />
            </form>
        </DialogFrame>
    }
}

#[component]
pub fn DeleteDialog(modal: RwSignal<Modal>, card: CardId) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let confirm = Callback::new(move |()| {
        match connection::dispatch(Command::DeleteCard { card: card.clone() }) {
            Ok(_) => modal.set(Modal::None),
            Err(e) => error.set(Some(message_for(&e))),
        }
    });
    view! {
        <DialogFrame title=tr("delete-card") modal>
            <ConfirmDanger
                question=tr("delete-question")
                label=tr("delete-card")
                busy=RwSignal::new(false)
                error
                modal
                on_confirm=confirm
            />
        </DialogFrame>
    }
}
