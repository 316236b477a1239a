//! The home page: create a map, then share its links.

use crate::i18n::{t, tr};
use crate::title_and_template::TitleAndTemplate;
use crate::{browser, http};
use comap_shared::Template;
use comap_shared::i18n::key;
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
        let title = title.get_untracked();
        if title.trim().is_empty() {
            error.set(Some(t("title-needed")));
            return;
        }
        busy.set(true);
        error.set(None);
        let tpl = template.get_untracked();
        leptos::task::spawn_local(async move {
            // The stages and lanes in the language of whoever makes the map.
            let language = crate::i18n::language().code();
            let body = serde_json::json!({ "title": title, "template": tpl, "language": language });
            let answer = http::call("POST", "/api/maps", Some(&body), None).await;
            match answer.and_then(|json| {
                serde_json::from_value::<Created>(json)
                    .map_err(|_| crate::i18n::t("unexpected-answer"))
            }) {
                Ok(c) => created.set(Some(c)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <main class="page home">
            <h1>{tr("app-name")}</h1>
            <p class="lead">{tr("tagline")}</p>
            <Show
                when=move || created.with(|c| c.is_none())
                fallback=move || created.get().map(|c| view! { <Ready created=c /> })
            >
                <form class="create" on:submit=on_submit>
                    <TitleAndTemplate
                        prefix="map"
                        label=tr("map-title")
                        max=comap_shared::map_write::MAX_TITLE_CHARS
                        title
                        template
                    />
                    <button type="submit" class="primary" disabled=move || busy.get()>
                        {move || if busy.get() { t("creating") } else { t("create-map") }}
                    </button>
                </form>
                {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
                <crate::workshop_form::CreateWorkshopForm />
                <p class="have-code">
                    <a href="/join">{tr("have-a-code")}</a>
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
            <h2 id="ready-title" tabindex="-1" node_ref=heading>{tr("map-ready")}</h2>
            <ShareLink
                id="link-edit"
                label=tr("participant-link")
                help=tr("participant-link-help")
                url=format!("{origin}{}", created.edit_url)
            />
            <ShareLink
                id="link-view"
                label=tr("view-link")
                help=tr("view-link-help")
                url=format!("{origin}{}", created.view_url)
            />
            <ShareLink
                id="link-facilitator"
                label=tr("facilitator-link")
                help=tr("facilitator-link-help")
                url=format!("{origin}{}", created.facilitator_url)
            />
            <p>{move || crate::t!("kept-until", date = crate::dates::long_date(created.expires_ms).as_str())}</p>
            <a class="button primary" href=open>{tr("open-map")}</a>
        </section>
    }
}

/// One link: a read-only field with its label and help, and a Copy button.
#[component]
pub fn ShareLink(
    #[prop(into)] id: String,
    #[prop(into)] label: TextProp,
    #[prop(into)] help: TextProp,
    url: String,
) -> impl IntoView {
    let copied = RwSignal::new(None::<&'static str>);
    let (label_text, name) = (label.clone(), label.clone());
    let help_id = format!("{id}-help");
    let to_copy = url.clone();
    let copy = move |_| {
        let url = to_copy.clone();
        leptos::task::spawn_local(async move {
            let ok = browser::copy_text(&url).await;
            copied.set(Some(if ok {
                key("copied")
            } else {
                key("copy-failed")
            }));
        });
    };
    view! {
        <div class="share-link">
            <label for=id.clone()>{move || label_text.get()}</label>
            <p id=help_id.clone() class="help">{move || help.get()}</p>
            <div class="share-row">
                <input id=id type="text" readonly aria-describedby=help_id prop:value=url />
                <button type="button" aria-label=move || crate::t!("copy-label", what = name.get().to_lowercase().as_str()) on:click=copy>
                    {tr("copy")}
                </button>
            </div>
            <p class="copied" aria-live="polite">{move || copied.get().map(t)}</p>
        </div>
    }
}
