//! The workshop's reflection in a room: while the facilitator has it open,
//! its questions with a box each, a word on whether answers are anonymous,
//! and sending them (again, to change them). Anyone in the room may answer,
//! with an edit or a view link. It folds away (a native `<details>`, so it
//! works from the keyboard and says whether it is open) and unfolds again.
//!
//! Kept small on purpose, for the participants' bundle: the boxes hold
//! their own text (read when sending), so nothing is redrawn while typing.

use crate::connection;
use crate::i18n::{t, tr};
use crate::map_state::MapState;
use crate::{browser, http};
use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen::JsCast;

/// What is typed in the answer box `i`.
fn typed(i: usize) -> String {
    browser::window()
        .document()
        .and_then(|d| d.get_element_by_id(&format!("reflection-answer-{i}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|t| t.value())
        .unwrap_or_default()
}

#[component]
pub fn ReflectionPanel(state: MapState) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    // Whether the reflection closed while this person was here.
    let closed = RwSignal::new(false);
    let was_open = StoredValue::new(false);
    Effect::new(move |_| {
        let open = state.reflection.with(Option::is_some);
        if was_open.get_value() && !open {
            closed.set(true);
        }
        if open {
            closed.set(false);
        }
        was_open.set_value(open);
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some((map, secret)), Some((count, anonymous))) = (
            connection::credentials(),
            state
                .reflection
                .with_untracked(|r| r.as_ref().map(|r| (r.questions.len(), r.anonymous))),
        ) else {
            return;
        };
        let answers: Vec<String> = (0..count).map(typed).collect();
        // Said here, in the page's language, rather than by the server.
        if answers.iter().all(|a| a.trim().is_empty()) {
            said.set(Some(t("answer-one-question")));
            return;
        }
        let mut body = json!({
            "respondent": browser::kept_id("comap.respondent", &map),
            "answers": answers,
        });
        if !anonymous {
            body["name"] = json!(browser::remembered_name());
            body["role"] = json!(browser::remembered_role().map(|r| r.key()));
        }
        said.set(Some(t("sending-answers").to_string()));
        leptos::task::spawn_local(async move {
            let url = format!("/api/maps/{map}/reflection");
            let answer = http::call("POST", &url, Some(&body), Some(&secret)).await;
            said.set(Some(
                answer.map_or_else(|e| e, |_| t("answers-saved").to_string()),
            ));
        });
    };
    let panel = move || {
        if closed.get() {
            return Some(
                view! {
                    <p class="notice" role="status">
                        {tr("reflection-closed-now")}
                    </p>
                }
                .into_any(),
            );
        }
        let (questions, anonymous) = state
            .reflection
            .with(|r| r.as_ref().map(|r| (r.questions.clone(), r.anonymous)))?;
        Some(
            view! {
                <details class="reflection panel" open>
                    <summary>
                        <h2>{tr("reflection")}</h2>
                    </summary>
                    <p class="help">
                        {if anonymous { t("reflection-anonymous") } else { t("reflection-named") }}
                    </p>
                    <form on:submit=send>
                        {questions
                            .into_iter()
                            .enumerate()
                            .map(|(i, q)| {
                                let field = format!("reflection-answer-{i}");
                                view! {
                                    <label for=field.clone()>{q}</label>
                                    <textarea
                                        id=field
                                        rows="3"
                                        maxlength=comap_shared::reflection::MAX_ANSWER_CHARS.to_string()
                                    ></textarea>
                                }
                            })
                            .collect_view()}
                        <button type="submit" class="primary">{tr("send-answers")}</button>
                    </form>
                    <p role="status">{move || said.get()}</p>
                </details>
            }
            .into_any(),
        )
    };
    view! {
        <p class="visually-hidden" aria-live="polite">
            {move || state.reflection.with(Option::is_some).then_some(t("reflection-open-now"))}
        </p>
        {panel}
    }
}
