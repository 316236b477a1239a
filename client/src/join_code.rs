//! `/join`: a participant types the short code the facilitator gave and is
//! taken to that breakout room's join screen.

use crate::http;
use crate::i18n::{t, tr};
use comap_shared::workshop::{CODE_LEN, normalise_code, spaced_code};
use leptos::prelude::*;

#[component]
pub fn JoinByCode() -> impl IntoView {
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let field = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(f) = field.get() {
            let _ = f.focus();
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = code.get_untracked();
        let Some(typed) = normalise_code(&typed) else {
            // Six letters and digits that no code has (codes leave out
            // look-alikes such as O and 0): say so, not that it is malformed.
            let letters: String = typed
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_uppercase())
                .collect();
            error.set(Some(if letters.len() == CODE_LEN {
                crate::t!("no-room-with", code = spaced_code(&letters).as_str())
            } else {
                t("code-format").to_string()
            }));
            return;
        };
        // `JoinTarget` in `docs/api.md`: only its link is needed here.
        let url = format!("/api/join/{typed}");
        let unknown = crate::t!("no-room-with", code = spaced_code(&typed).as_str());
        http::call_and_go("GET", url, None, "edit_url", busy, error, Some(unknown));
    };
    view! {
        <main class="page home">
            <h1>{tr("join-by-code")}</h1>
            <p class="lead">{tr("join-by-code-lead")}</p>
            <form class="create" on:submit=on_submit>
                <label for="join-code">{tr("join-code")}</label>
                <p id="join-code-help" class="help">{tr("join-code-help")}</p>
                <input
                    id="join-code"
                    class="code-input"
                    type="text"
                    node_ref=field
                    maxlength="9"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    aria-describedby="join-code-help"
                    prop:value=move || code.get()
                    on:input=move |ev| code.set(event_target_value(&ev))
                />
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {tr("join-room")}
                </button>
            </form>
            {move || busy.get().then(|| view! { <p role="status">{tr("checking-code")}</p> })}
            {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
            <p><a href="/">{tr("back-home")}</a></p>
        </main>
    }
}
