//! The reflection on the dashboard: its questions (the default three,
//! editable while it is closed), anonymous or not, opening and closing it
//! for every room, and every answer so far shown together, question by
//! question, with a CSV download.

use crate::http;
use crate::i18n::tr;
use leptos::prelude::*;
use serde_json::{Value, json};

/// One answer as the dashboard shows it.
#[derive(Clone, PartialEq)]
pub struct AnswerShown {
    pub question: String,
    pub answer: String,
    /// "Ann, carer, Room 2" when the reflection was not anonymous.
    pub who: Option<String>,
}

/// The reflection from the workshop's JSON (its answers come apart).
#[derive(Clone, PartialEq, Default)]
pub struct ReflectionShown {
    pub open: bool,
    pub questions: Vec<String>,
    pub anonymous: bool,
    pub respondents: usize,
    /// Changes with the reflection and its answers: they are fetched again.
    pub version: i64,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

pub fn read(v: &Value) -> ReflectionShown {
    let r = &v["reflection"];
    let questions = strings(&r["questions"]);
    ReflectionShown {
        open: r["open"].as_bool().unwrap_or(false),
        questions: if questions.is_empty() {
            comap_shared::reflection::DEFAULT_QUESTIONS
                .map(crate::i18n::t)
                .to_vec()
        } else {
            questions
        },
        anonymous: r["anonymous"].as_bool().unwrap_or(true),
        respondents: r["answered"].as_u64().unwrap_or(0) as usize,
        version: r["version"].as_i64().unwrap_or(0),
    }
}

/// Every answer in `GET /api/workshops/<id>/reflection`, with who gave it
/// when the reflection was not anonymous.
fn answers_of(state: &Value) -> Vec<AnswerShown> {
    let mut answers = Vec::new();
    for response in state["responses"].as_array().into_iter().flatten() {
        let who: Vec<String> = ["name", "role", "room"]
            .iter()
            .filter_map(|k| response[*k].as_str())
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        for a in response["answers"].as_array().into_iter().flatten() {
            let answer = a["answer"].as_str().unwrap_or_default();
            if !answer.is_empty() {
                answers.push(AnswerShown {
                    question: a["question"].as_str().unwrap_or_default().to_string(),
                    answer: answer.to_string(),
                    who: (!who.is_empty()).then(|| who.join(", ")),
                });
            }
        }
    }
    answers
}

/// Answers grouped by question, questions in the order first answered.
fn grouped(answers: &[AnswerShown]) -> Vec<(String, Vec<AnswerShown>)> {
    let mut out: Vec<(String, Vec<AnswerShown>)> = Vec::new();
    for a in answers {
        match out.iter_mut().find(|(q, _)| *q == a.question) {
            Some((_, list)) => list.push(a.clone()),
            None => out.push((a.question.clone(), vec![a.clone()])),
        }
    }
    out
}

#[component]
pub fn Reflection(
    id: String,
    secret: String,
    reflection: Signal<ReflectionShown>,
    reload: Callback<()>,
) -> impl IntoView {
    // The form starts from what the workshop has (the defaults at first)
    // and is the facilitator's own until they open the reflection.
    let first = reflection.get_untracked();
    let questions = RwSignal::new(first.questions.clone());
    let anonymous = RwSignal::new(first.anonymous);
    let said = RwSignal::new(None::<String>);
    // The answers, fetched again whenever the reflection's version changes.
    let answers = RwSignal::new(Vec::<AnswerShown>::new());
    let fetched = StoredValue::new(0i64);
    let version = Memo::new(move |_| reflection.with(|r| r.version));
    {
        let (id, secret) = (id.clone(), secret.clone());
        Effect::new(move |_| {
            let v = version.get();
            if v == 0 || fetched.get_value() == v {
                return;
            }
            fetched.set_value(v);
            let (url, secret) = (format!("/api/workshops/{id}/reflection"), secret.clone());
            leptos::task::spawn_local(async move {
                match http::call("GET", &url, None, Some(&secret)).await {
                    Ok(state) => answers.set(answers_of(&state)),
                    // Tried again at the next change, or the next refresh.
                    Err(_) => fetched.set_value(0),
                }
            });
        });
    }
    let set = {
        let (id, secret) = (id.clone(), secret.clone());
        Callback::new(move |open: bool| {
            let asked = comap_shared::reflection::SetReflection {
                open,
                questions: Some(questions.get_untracked()),
                anonymous: anonymous.get_untracked(),
            };
            if let (true, Err(e)) = (open, asked.checked(&[])) {
                said.set(Some(crate::form_checks::reflection_refusal(&e)));
                return;
            }
            let body = if open {
                json!({
                    "open": true,
                    "questions": questions.get_untracked(),
                    "anonymous": anonymous.get_untracked(),
                })
            } else {
                json!({ "open": false })
            };
            let (url, secret) = (format!("/api/workshops/{id}/reflection"), secret.clone());
            leptos::task::spawn_local(async move {
                match http::call("POST", &url, Some(&body), Some(&secret)).await {
                    Ok(_) => {
                        said.set(Some(
                            if open {
                                crate::i18n::t("reflection-opened-for-all")
                            } else {
                                crate::i18n::t("reflection-closed")
                            }
                            .to_string(),
                        ));
                        reload.run(());
                    }
                    Err(e) => said.set(Some(e)),
                }
            });
        })
    };
    let download = {
        let id = id.clone();
        move |_| {
            let (url, secret) = (
                {
                    let language = crate::i18n::language_signal().get_untracked();
                    format!(
                        "/api/workshops/{id}/reflection.csv?language={}&{}",
                        language.code(),
                        language.csv_query()
                    )
                },
                secret.clone(),
            );
            leptos::task::spawn_local(async move {
                let saved = match http::fetch_file(&url, &secret).await {
                    Ok(blob) => {
                        crate::export_menu::save_blob(&blob, &crate::i18n::t("reflection-file"))
                    }
                    Err(e) => Err(e),
                };
                said.set(Some(match saved {
                    Ok(()) => crate::i18n::t("reflection-downloaded").to_string(),
                    Err(e) => e,
                }));
            });
        }
    };
    let open = move || reflection.with(|r| r.open);
    view! {
        <section class="reflection-admin panel" aria-labelledby="reflection-admin-title">
            <h2 id="reflection-admin-title">{tr("reflection")}</h2>
            <p class="help">{tr("reflection-help")}</p>
            <p class="reflection-state">
                {move || reflection.with(|r| if r.open {
                    crate::t!("reflection-open-state", n = r.respondents)
                } else {
                    crate::t!("reflection-closed-state", n = r.respondents)
                })}
            </p>
            <Show
                when=open
                fallback=move || {
                    view! {
                        <QuestionsForm questions anonymous />
                        <button type="button" class="primary" on:click=move |_| set.run(true)>
                            {tr("open-reflection")}
                        </button>
                    }
                }
            >
                <ol class="reflection-questions">
                    {move || {
                        reflection
                            .with(|r| r.questions.clone())
                            .into_iter()
                            .map(|q| view! { <li>{q}</li> })
                            .collect_view()
                    }}
                </ol>
                <p>
                    {move || {
                        if reflection.with(|r| r.anonymous) {
                            crate::i18n::t("reflection-is-anonymous")
                        } else {
                            crate::i18n::t("reflection-is-named")
                        }
                    }}
                </p>
                <button type="button" on:click=move |_| set.run(false)>
                    {tr("close-reflection")}
                </button>
            </Show>
            <p role="status">{move || said.get()}</p>
            <h3>{tr("reflection-answers")}</h3>
            <Show
                when=move || answers.with(|a| !a.is_empty())
                fallback=|| view! { <p>{tr("no-reflection-answers")}</p> }
            >
                {move || {
                    answers
                        .with(|a| grouped(a))
                        .into_iter()
                        .map(|(question, answers)| {
                            view! {
                                <h4>{question}</h4>
                                <ul class="reflection-answers">
                                    {answers
                                        .into_iter()
                                        .map(|a| {
                                            view! {
                                                <li>
                                                    {a.answer}
                                                    {a.who.map(|w| view! { <span class="who">{format!(" \u{2014} {w}")}</span> })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                        })
                        .collect_view()
                }}
                <button type="button" on:click=download.clone()>
                    {tr("download-reflection")}
                </button>
            </Show>
        </section>
    }
}

/// The questions, each editable and removable, one more on request, and
/// whether answers are anonymous.
#[component]
fn QuestionsForm(questions: RwSignal<Vec<String>>, anonymous: RwSignal<bool>) -> impl IntoView {
    // Rows are rebuilt only when one is added or removed, so typing (and
    // moving between fields) never loses the focus.
    let count = Memo::new(move |_| questions.with(Vec::len));
    // Comparisons stay out of `view!`: a `>` in an attribute there ends the
    // tag (this button once showed its own source as its label).
    let only_one = move || count.get() <= 1;
    let full = move || count.get() >= comap_shared::reflection::MAX_QUESTIONS;
    view! {
        <fieldset class="reflection-form">
            <legend>{tr("reflection-questions")}</legend>
            {move || {
                (0..count.get())
                    .map(|i| {
                        let field = format!("reflection-question-{i}");
                        view! {
                            <div class="question-row">
                                <label for=field.clone()>{move || crate::t!("question-label", n = i + 1)}</label>
                                <input
                                    id=field
                                    type="text"
                                    maxlength=comap_shared::reflection::MAX_QUESTION_CHARS.to_string()
                                    prop:value=move || questions.with(|q| q.get(i).cloned().unwrap_or_default())
                                    on:change=move |ev| {
                                        let typed = event_target_value(&ev);
                                        questions.update(|q| if let Some(slot) = q.get_mut(i) { *slot = typed });
                                    }
                                />
                                <button
                                    type="button"
                                    aria-label=move || crate::t!("remove-reflection-question", n = i + 1)
                                    disabled=only_one
                                    on:click=move |_| questions.update(|q| { if q.len() > 1 { q.remove(i); } })
                                >
                                    {tr("remove")}
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button
                type="button"
                disabled=full
                on:click=move |_| questions.update(|q| q.push(String::new()))
            >
                {tr("add-question")}
            </button>
            <label class="check">
                <input
                    type="checkbox"
                    prop:checked=move || anonymous.get()
                    on:change=move |ev| anonymous.set(event_target_checked(&ev))
                />
                {tr("answers-anonymous")}
            </label>
        </fieldset>
    }
}
