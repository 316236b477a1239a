//! The join screen: a name and a role (none chosen until the person
//! chooses), remembered for the next visit.

use crate::browser;
use crate::i18n::tr;
use comap_shared::Role;
use comap_shared::i18n::key;
use comap_shared::model::MAX_NAME_CHARS;
use leptos::prelude::*;

#[component]
pub fn JoinForm(
    on_join: Callback<(String, Role)>,
    title: RwSignal<Option<String>>,
) -> impl IntoView {
    let name = RwSignal::new(browser::remembered_name());
    // No role is chosen for the person (a clinician clicking through would
    // be counted as a patient), unless this browser remembers theirs.
    let role = RwSignal::new(browser::remembered_role());
    let error = RwSignal::new(None::<&'static str>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() || n.chars().count() > MAX_NAME_CHARS {
            error.set(Some(key("name-needed")));
            return;
        }
        let Some(r) = role.get_untracked() else {
            error.set(Some(key("role-needed")));
            return;
        };
        on_join.run((n, r));
    };
    view! {
        <main class="page join">
            <h1>{tr("join-heading")}</h1>
            {move || title.get().map(|t| view! { <p class="join-map">{crate::t!("quoted", title = &t)}</p> })}
            <p class="lead">{tr("join-help")}</p>
            <form on:submit=on_submit>
                <label for="your-name">{tr("your-name")}</label>
                <input
                    id="your-name"
                    type="text"
                    maxlength="60"
                    autocomplete="nickname"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
                <fieldset>
                    <legend>{tr("your-role")}</legend>
                    {Role::ALL
                        .into_iter()
                        .map(|r| {
                            let id = format!("role-{}", r.key());
                            view! {
                                <div class="radio">
                                    <input
                                        type="radio"
                                        name="role"
                                        id=id.clone()
                                        value=r.key()
                                        prop:checked=move || role.get() == Some(r)
                                        on:change=move |_| role.set(Some(r))
                                    />
                                    <label for=id>{move || crate::words::role_name(r)}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="primary">{tr("join")}</button>
            </form>
            {move || error.get().map(|e| view! { <p role="alert" class="error">{tr(e)}</p> })}
            <details class="first-time">
                <summary>{tr("first-time")}</summary>
                <ul>
                    <li>{tr("first-time-step-1")}</li>
                    <li>{tr("first-time-step-2")}</li>
                    <li>{tr("first-time-step-3")}</li>
                    <li>{tr("first-time-step-4")}</li>
                    <li>{tr("first-time-step-5")}</li>
                    <li>{tr("first-time-step-6")}</li>
                </ul>
            </details>
        </main>
    }
}
