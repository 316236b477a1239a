//! The workshop's reflection in a room: while the facilitator has it open,
//! its questions with a box each, a word on whether answers are anonymous,
//! and sending them (again, to change them). Anyone in the room may answer,
//! with an edit or a view link. It can be put aside and taken up again.

use crate::connection::{self, MapState};
use crate::{browser, http, text};
use leptos::prelude::*;
use serde_json::json;

#[component]
pub fn ReflectionPanel(state: MapState) -> impl IntoView {
    let put_aside = RwSignal::new(false);
    let answers = RwSignal::new(Vec::<String>::new());
    let said = RwSignal::new(None::<String>);
    let questions = Memo::new(move |_| {
        state
            .reflection
            .with(|r| r.as_ref().map(|r| r.questions.clone()))
    });
    let anonymous = Memo::new(move |_| {
        state
            .reflection
            .with(|r| r.as_ref().is_none_or(|r| r.anonymous))
    });
    // New questions: the boxes follow (what was typed stays when the
    // questions are the same).
    let closed = RwSignal::new(false);
    Effect::new(move |was_open: Option<bool>| {
        let open = match questions.get() {
            Some(qs) => {
                answers.update(|a| a.resize(qs.len(), String::new()));
                closed.set(false);
                true
            }
            None => {
                put_aside.set(false);
                false
            }
        };
        // Closed while this person was here: say so, rather than only
        // taking the questions away.
        if was_open == Some(true) && !open {
            closed.set(true);
        }
        open
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some((map, secret)) = connection::credentials() else {
            return;
        };
        let mut body = json!({
            "respondent": browser::kept_id("comap.respondent", &map),
            "answers": answers.get_untracked(),
        });
        if !anonymous.get_untracked() {
            body["name"] = json!(browser::remembered_name());
            body["role"] = json!(browser::remembered_role().map(|r| r.key()));
        }
        said.set(Some(text::SENDING_ANSWERS.to_string()));
        leptos::task::spawn_local(async move {
            let url = format!("/api/maps/{map}/reflection");
            said.set(Some(
                match http::call("POST", &url, Some(&body), Some(&secret)).await {
                    Ok(_) => text::ANSWERS_SAVED.to_string(),
                    Err(e) => e,
                },
            ));
        });
    };
    view! {
        <p class="visually-hidden" aria-live="polite">
            {move || questions.with(Option::is_some).then_some(text::REFLECTION_OPEN_NOW)}
        </p>
        <Show when=move || closed.get()>
            <p class="notice" role="status">
                {text::REFLECTION_CLOSED_NOW}
                " "
                <button type="button" on:click=move |_| closed.set(false)>
                    {text::DISMISS}
                </button>
            </p>
        </Show>
        {move || {
            let qs = questions.get()?;
            Some(view! {
                <section class="reflection panel" aria-labelledby="reflection-title">
                    <h2 id="reflection-title">{text::REFLECTION}</h2>
                    <Show
                        when=move || !put_aside.get()
                        fallback=move || {
                            view! {
                                <button type="button" on:click=move |_| put_aside.set(false)>
                                    {text::ANSWER_REFLECTION}
                                </button>
                            }
                        }
                    >
                        <p class="help">
                            {move || {
                                if anonymous.get() {
                                    text::REFLECTION_ANONYMOUS
                                } else {
                                    text::REFLECTION_NAMED
                                }
                            }}
                        </p>
                        <form on:submit=send>
                            {qs
                                .iter()
                                .enumerate()
                                .map(|(i, q)| {
                                    let field = format!("reflection-answer-{i}");
                                    view! {
                                        <label for=field.clone()>{q.clone()}</label>
                                        <textarea
                                            id=field
                                            rows="3"
                                            maxlength=comap_shared::reflection::MAX_ANSWER_CHARS.to_string()
                                            prop:value=move || answers.with(|a| a.get(i).cloned().unwrap_or_default())
                                            on:input=move |ev| {
                                                let typed = event_target_value(&ev);
                                                answers.update(|a| if let Some(slot) = a.get_mut(i) { *slot = typed });
                                            }
                                        ></textarea>
                                    }
                                })
                                .collect_view()}
                            <button type="submit" class="primary">{text::SEND_ANSWERS}</button>
                            <button type="button" on:click=move |_| put_aside.set(true)>
                                {text::ANSWER_LATER}
                            </button>
                        </form>
                        <p role="status">{move || said.get()}</p>
                    </Show>
                </section>
            })
        }}
    }
}
