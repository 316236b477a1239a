//! The home page: create a map, then share its links.

use crate::text;
use crate::title_and_template::TitleAndTemplate;
use crate::{browser, http};
use comap_shared::Template;
use leptos::prelude::*;
use serde::Deserialize;

/// What the server answers when a map is made.
#[derive(Debug, Clone, Deserialize)]
struct Created {
    facilitator_url: String,
    edit_url: String,
    view_url: String,
    expires_ms: i64,
}

#[component]
pub fn Home() -> impl IntoView {
    let title = RwSignal::new(String::new());
    let template = RwSignal::new(Template::PatientJourney.key().to_string());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let created = RwSignal::new(None::<Created>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let t = title.get_untracked();
        if t.trim().is_empty() {
            error.set(Some(text::TITLE_NEEDED.to_string()));
            return;
        }
        busy.set(true);
        error.set(None);
        let tpl = template.get_untracked();
        leptos::task::spawn_local(async move {
            let body = serde_json::json!({ "title": t, "template": tpl });
            let answer = http::call("POST", "/api/maps", Some(&body), None).await;
            match answer.and_then(|json| {
                serde_json::from_value::<Created>(json)
                    .map_err(|_| "The server gave an unexpected answer.".to_string())
            }) {
                Ok(c) => created.set(Some(c)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <main class="page home">
            <h1>{text::APP_NAME}</h1>
            <p class="lead">{text::TAGLINE}</p>
            <Show
                when=move || created.with(|c| c.is_none())
                fallback=move || created.get().map(|c| view! { <Ready created=c /> })
            >
                <form class="create" on:submit=on_submit>
                    <TitleAndTemplate
                        prefix="map"
                        label=text::MAP_TITLE
                        max=comap_shared::map_write::MAX_TITLE_CHARS
                        title
                        template
                    />
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || if busy.get() { text::CREATING } else { text::CREATE_MAP }}
                    </button>
                </form>
                {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
                <crate::workshop_form::CreateWorkshopForm />
                <p class="have-code">
                    <a href="/join">{text::HAVE_A_CODE}</a>
                </p>
            </Show>
        </main>
    }
}

/// The links of a new map, each to copy, and the way in.
#[component]
fn Ready(created: Created) -> impl IntoView {
    let origin = browser::origin();
    let open = created.facilitator_url.clone();
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <section class="ready" aria-labelledby="ready-title">
            <h2 id="ready-title" tabindex="-1" node_ref=heading>{text::MAP_READY}</h2>
            <ShareLink
                id="link-edit"
                label=text::PARTICIPANT_LINK
                help=text::PARTICIPANT_LINK_HELP
                url=format!("{origin}{}", created.edit_url)
            />
            <ShareLink
                id="link-view"
                label=text::VIEW_LINK
                help=text::VIEW_LINK_HELP
                url=format!("{origin}{}", created.view_url)
            />
            <ShareLink
                id="link-facilitator"
                label=text::FACILITATOR_LINK
                help=text::FACILITATOR_LINK_HELP
                url=format!("{origin}{}", created.facilitator_url)
            />
            <p>{text::kept_until(&browser::long_date(created.expires_ms))}</p>
            <a class="button primary" href=open>{text::OPEN_MAP}</a>
        </section>
    }
}

/// One link: a read-only field with its label and help, and a Copy button.
#[component]
pub fn ShareLink(
    #[prop(into)] id: String,
    label: &'static str,
    help: &'static str,
    url: String,
) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let help_id = format!("{id}-help");
    let to_copy = url.clone();
    let copy = move |_| {
        let url = to_copy.clone();
        leptos::task::spawn_local(async move {
            let ok = browser::copy_text(&url).await;
            copied.set(Some(if ok { text::COPIED } else { text::COPY_FAILED }));
        });
    };
    view! {
        <div class="share-link">
            <label for=id.clone()>{label}</label>
            <p id=help_id.clone() class="help">{help}</p>
            <div class="share-row">
                <input id=id type="text" readonly aria-describedby=help_id prop:value=url />
                <button type="button" aria-label=text::copy_label(label) on:click=copy>
                    {text::COPY}
                </button>
            </div>
            <p class="copied" aria-live="polite">{move || copied.get()}</p>
        </div>
    }
}
