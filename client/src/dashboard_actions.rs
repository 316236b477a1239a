//! Actions on the dashboard: the plenary's most-voted ideas, each one click
//! from an action, the form for what, who (a role) and by when, and the
//! workshop's list of actions.

use crate::date_field::DateField;
use crate::http;
use crate::i18n::tr;
use comap_shared::i18n::key;
use leptos::prelude::*;
use serde_json::{Value, json};

/// An action as the dashboard shows it.
#[derive(Clone, PartialEq)]
pub struct ActionShown {
    pub id: i64,
    pub what: String,
    pub who: String,
    pub by: String,
}

/// One of the plenary's most-voted ideas.
#[derive(Clone, PartialEq)]
pub struct IdeaShown {
    pub card: String,
    pub text: String,
    pub votes: u64,
    pub room: Option<String>,
}

fn text_at(v: &Value, key: &str) -> String {
    v[key].as_str().unwrap_or_default().to_string()
}

/// The workshop's actions and top ideas from its JSON.
pub fn read(v: &Value) -> (Vec<ActionShown>, Vec<IdeaShown>) {
    let list = |key: &str| v[key].as_array().cloned().unwrap_or_default();
    let actions = list("actions")
        .iter()
        .filter_map(|a| {
            Some(ActionShown {
                id: a["id"].as_i64()?,
                what: text_at(a, "what"),
                who: text_at(a, "who"),
                by: text_at(a, "by"),
            })
        })
        .collect();
    let ideas = list("top_ideas")
        .iter()
        .map(|i| IdeaShown {
            card: text_at(i, "card"),
            text: text_at(i, "text"),
            votes: i["votes"].as_u64().unwrap_or(0),
            room: i["room"].as_str().map(str::to_string),
        })
        .collect();
    (actions, ideas)
}

#[component]
pub fn Actions(
    id: String,
    secret: String,
    actions: Signal<Vec<ActionShown>>,
    ideas: Signal<Vec<IdeaShown>>,
    reload: Callback<()>,
) -> impl IntoView {
    let what = RwSignal::new(String::new());
    let who = RwSignal::new(String::new());
    let by = RwSignal::new(String::new());
    let card = RwSignal::new(None::<String>);
    let said = RwSignal::new(None::<String>);
    let what_field = NodeRef::<leptos::html::Textarea>::new();
    let add = {
        let (id, secret) = (id.clone(), secret.clone());
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let asked = comap_shared::workshop_actions::NewAction {
                what: what.get_untracked(),
                who: who.get_untracked(),
                by: by.get_untracked(),
                card: card.get_untracked(),
            };
            if let Err(e) = asked.checked() {
                said.set(Some(crate::form_checks::action_refusal(&e)));
                return;
            }
            let body = json!({
                "what": asked.what,
                "who": asked.who,
                "by": asked.by,
                "card": asked.card,
            });
            let (url, secret) = (format!("/api/workshops/{id}/actions"), secret.clone());
            leptos::task::spawn_local(async move {
                match http::call("POST", &url, Some(&body), Some(&secret)).await {
                    Ok(_) => {
                        said.set(Some(crate::i18n::t("action-added").to_string()));
                        what.set(String::new());
                        who.set(String::new());
                        by.set(String::new());
                        card.set(None);
                        reload.run(());
                    }
                    Err(e) => said.set(Some(e)),
                }
            });
        }
    };
    let remove = Callback::new(move |action: i64| {
        let (url, secret) = (
            format!("/api/workshops/{id}/actions/{action}"),
            secret.clone(),
        );
        leptos::task::spawn_local(async move {
            match http::call("DELETE", &url, None, Some(&secret)).await {
                Ok(_) => {
                    said.set(Some(crate::i18n::t("action-deleted").to_string()));
                    reload.run(());
                }
                Err(e) => said.set(Some(e)),
            }
        });
    });
    view! {
        <section class="actions panel" aria-labelledby="actions-title">
            <h2 id="actions-title">{tr("actions")}</h2>
            <p class="help">{tr("actions-help")}</p>
            <Show when=move || !ideas.get().is_empty()>
                <h3>{tr("top-ideas")}</h3>
                <ul class="top-ideas">
                    <For each=move || ideas.get() key=|i| (i.card.clone(), i.votes) let:idea>
                        <li>
                            <span>{match idea.room.as_deref() {
                                Some(room) => crate::t!("idea-line", text = &idea.text, votes = idea.votes, room = room),
                                None => crate::t!("idea-line-here", text = &idea.text, votes = idea.votes),
                            }}</span>
                            " "
                            <button
                                type="button"
                                aria-label={
                                    let idea = idea.text.clone();
                                    move || crate::t!("make-action-of", idea = &idea)
                                }
                                on:click={
                                    let (words, from) = (idea.text.clone(), idea.card.clone());
                                    move |_| {
                                        what.set(words.clone());
                                        card.set(Some(from.clone()));
                                        if let Some(field) = what_field.get() {
                                            let _ = field.focus();
                                        }
                                    }
                                }
                            >
                                {tr("make-action")}
                            </button>
                        </li>
                    </For>
                </ul>
            </Show>
            <form on:submit=add>
                <label for="action-what">{tr("action-what")}</label>
                <textarea
                    id="action-what"
                    rows="2"
                    node_ref=what_field
                    maxlength=comap_shared::workshop_actions::MAX_WHAT_CHARS.to_string()
                    prop:value=move || what.get()
                    on:input=move |ev| what.set(event_target_value(&ev))
                ></textarea>
                <label for="action-who">{tr("action-who")}</label>
                <p id="action-who-help" class="help">{tr("action-who-help")}</p>
                <input
                    id="action-who"
                    type="text"
                    aria-describedby="action-who-help"
                    maxlength=comap_shared::workshop_actions::MAX_WHO_CHARS.to_string()
                    prop:value=move || who.get()
                    on:input=move |ev| who.set(event_target_value(&ev))
                />
                <DateField id="action-by" label=key("action-by") value=by />
                <button type="submit" class="primary">{tr("add-action")}</button>
            </form>
            <p role="status">{move || said.get()}</p>
            <Show
                when=move || !actions.get().is_empty()
                fallback=|| view! { <p>{tr("no-actions")}</p> }
            >
                <table class="action-list">
                    <caption>{tr("action-list")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{tr("action-what")}</th>
                            <th scope="col">{tr("action-who")}</th>
                            <th scope="col">{tr("action-by")}</th>
                            <th scope="col"><span class="visually-hidden">{tr("delete")}</span></th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || actions.get() key=|a| a.id let:a>
                            <tr>
                                <td>{a.what.clone()}</td>
                                <td>{a.who.clone()}</td>
                                <td>
                                    <time datetime=a.by.clone()>{crate::dates::day_in_words(&a.by)}</time>
                                </td>
                                <td>
                                    <button
                                        type="button"
                                        aria-label={
                                            let what = a.what.clone();
                                            move || crate::t!("delete-action", what = &what)
                                        }
                                        on:click=move |_| remove.run(a.id)
                                    >
                                        {tr("delete")}
                                    </button>
                                </td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </Show>
        </section>
    }
}
