//! The form on the home page that makes a workshop with breakout rooms and
//! opens its dashboard (the dashboard itself is the facilitator's page,
//! `dashboard.rs`, a bundle of its own).

use crate::http;
use crate::i18n::{t, tr};
use crate::title_and_template::TitleAndTemplate;
use comap_shared::Template;
use comap_shared::workshop::{MAX_ROOMS, MAX_WORKSHOP_TITLE_CHARS};
use leptos::prelude::*;

/// "Run a workshop": title, template, rooms, names, plenary, days.
#[component]
pub fn CreateWorkshopForm() -> impl IntoView {
    let title = RwSignal::new(String::new());
    let template = RwSignal::new(Template::PatientJourney.key().to_string());
    let rooms = RwSignal::new("3".to_string());
    let names = RwSignal::new(String::new());
    let plenary = RwSignal::new(true);
    let days = RwSignal::new("30".to_string());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(room_count) = rooms.get_untracked().trim().parse::<u32>() else {
            error.set(Some(t("rooms-number").to_string()));
            return;
        };
        let Ok(keep_days) = days.get_untracked().trim().parse::<u32>() else {
            error.set(Some(t("days-number").to_string()));
            return;
        };
        let room_names: Vec<String> = names
            .get_untracked()
            .lines()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        let asked = comap_shared::workshop::CreateWorkshop {
            title: title.get_untracked(),
            template: Some(template.get_untracked()),
            rooms: room_count,
            // The rooms' stages and lanes in the facilitator's language.
            language: crate::i18n::language_signal().get_untracked(),
            room_names,
            plenary: plenary.get_untracked(),
            expiry_days: Some(keep_days),
        };
        if let Err(e) = asked.check() {
            error.set(Some(crate::form_checks::workshop_refusal(&e)));
            return;
        }
        let body = serde_json::json!({
            "title": asked.title,
            "template": asked.template,
            "rooms": asked.rooms,
            "room_names": asked.room_names,
            "plenary": asked.plenary,
            "expiry_days": asked.expiry_days,
            "language": asked.language.code(),
        });
        let url = "/api/workshops".to_string();
        http::call_and_go(
            "POST",
            url,
            Some(body),
            "facilitator_url",
            busy,
            error,
            None,
        );
    };
    view! {
        <section class="workshop-create" aria-labelledby="workshop-create-title">
            <h2 id="workshop-create-title">{tr("create-workshop")}</h2>
            <p class="help">{tr("create-workshop-lead")}</p>
            <form class="create" on:submit=on_submit>
                <TitleAndTemplate
                    prefix="workshop"
                    label=tr("workshop-title")
                    max=MAX_WORKSHOP_TITLE_CHARS
                    title
                    template
                />
                <label for="workshop-rooms">{tr("room-count")}</label>
                <input
                    id="workshop-rooms"
                    type="number"
                    min="1"
                    max=MAX_ROOMS.to_string()
                    prop:value=move || rooms.get()
                    on:input=move |ev| rooms.set(event_target_value(&ev))
                />
                <label for="workshop-names">{tr("room-names")}</label>
                <p id="workshop-names-help" class="help">{tr("room-names-help")}</p>
                <textarea
                    id="workshop-names"
                    rows="3"
                    aria-describedby="workshop-names-help"
                    prop:value=move || names.get()
                    on:input=move |ev| names.set(event_target_value(&ev))
                ></textarea>
                <div class="check">
                    <input
                        id="workshop-plenary"
                        type="checkbox"
                        prop:checked=move || plenary.get()
                        on:change=move |ev| plenary.set(event_target_checked(&ev))
                    />
                    <label for="workshop-plenary">{tr("with-plenary")}</label>
                </div>
                <label for="workshop-days">{tr("keep-days")}</label>
                <input
                    id="workshop-days"
                    type="number"
                    min="1"
                    prop:value=move || days.get()
                    on:input=move |ev| days.set(event_target_value(&ev))
                />
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {move || if busy.get() { t("creating") } else { t("create-workshop-button") }}
                </button>
            </form>
            {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        </section>
    }
}
