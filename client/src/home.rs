//! The home page: create a map.

use crate::browser;
use crate::text;
use comap_shared::Template;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

#[component]
pub fn Home() -> impl IntoView {
    let title = RwSignal::new(String::new());
    let template = RwSignal::new(Template::PatientJourney.key().to_string());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
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
            match create_map(&t, &tpl).await {
                Ok(url) => {
                    let _ = browser::window().location().set_href(&url);
                }
                Err(e) => {
                    error.set(Some(e));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <main class="page home">
            <h1>{text::APP_NAME}</h1>
            <p class="lead">{text::TAGLINE}</p>
            <form class="create" on:submit=on_submit>
                <label for="map-title">{text::MAP_TITLE}</label>
                <input
                    id="map-title"
                    type="text"
                    maxlength="200"
                    autocomplete="off"
                    prop:value=move || title.get()
                    on:input=move |ev| title.set(event_target_value(&ev))
                />
                <label for="map-template">{text::TEMPLATE}</label>
                <select id="map-template" on:change=move |ev| template.set(event_target_value(&ev))>
                    {Template::ALL
                        .iter()
                        .map(|t| view! { <option value=t.key()>{t.label()}</option> })
                        .collect_view()}
                </select>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { text::CREATING } else { text::CREATE_MAP }}
                </button>
            </form>
            {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        </main>
    }
}

/// `POST /api/maps`; returns the edit URL, or a message for the person.
async fn create_map(title: &str, template: &str) -> Result<String, String> {
    let body = serde_json::json!({ "title": title, "template": template }).to_string();
    let failed = |_| "Could not reach the Comap server. Please try again.".to_string();
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    let headers = web_sys::Headers::new().map_err(failed)?;
    headers
        .set("content-type", "application/json")
        .map_err(failed)?;
    init.set_headers(&headers);
    let resp = JsFuture::from(browser::window().fetch_with_str_and_init("/api/maps", &init))
        .await
        .map_err(failed)?;
    let resp: web_sys::Response = resp.dyn_into().map_err(failed)?;
    let text = JsFuture::from(resp.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    let json: serde_json::Value =
        serde_json::from_str(&text.as_string().unwrap_or_default()).unwrap_or_default();
    if resp.ok() {
        json["edit_url"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| "The server gave an unexpected answer.".to_string())
    } else {
        Err(json["message"]
            .as_str()
            .unwrap_or("The map could not be created.")
            .to_string())
    }
}
