//! The facilitator's controls on the dashboard that reach into the rooms:
//! the workshop's timer, and locking rooms (read-only for participants).

use crate::http;
use crate::i18n::tr;
use comap_shared::timer::{TimerShown, clock};
use leptos::prelude::*;
use serde_json::{Value, json};

/// Posts one of the workshop's actions (`timer`, `lock`); on success the
/// dashboard reads the workshop again, on failure `said` tells why.
fn act(
    id: &str,
    secret: &str,
    action: &'static str,
    body: Value,
    said: RwSignal<Option<String>>,
    reload: Callback<()>,
) {
    let url = format!("/api/workshops/{id}/{action}");
    let secret = secret.to_string();
    leptos::task::spawn_local(async move {
        match http::call("POST", &url, Some(&body), Some(&secret)).await {
            Ok(_) => {
                said.set(None);
                reload.run(());
            }
            Err(e) => said.set(Some(e)),
        }
    });
}

/// Start, pause, resume, add to or stop the timer every room shows.
#[component]
pub fn TimerControls(
    id: String,
    secret: String,
    timer: Signal<Option<(TimerShown, f64)>>,
    reload: Callback<()>,
) -> impl IntoView {
    let minutes = RwSignal::new("10".to_string());
    let said = RwSignal::new(None::<String>);
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(tick) = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_millis(500),
    ) {
        on_cleanup(move || tick.clear());
    }
    let shown = move || match timer.get() {
        None => crate::i18n::t("no-timer").to_string(),
        Some((t, told)) => {
            let left = if t.running {
                t.left_ms - (now.get() - told) as i64
            } else {
                t.left_ms
            };
            if left <= 0 {
                crate::i18n::t("time-up")
            } else {
                crate::room_status::time_left(&clock(left), t.running)
            }
        }
    };
    let send = {
        let (id, secret) = (id.clone(), secret.clone());
        move |body: Value| act(&id, &secret, "timer", body, said, reload)
    };
    let start = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match minutes.get_untracked().trim().parse::<u32>() {
                Ok(m) => send(json!({ "action": "start", "minutes": m })),
                Err(_) => said.set(Some(crate::i18n::t("timer-minutes").to_string())),
            }
        }
    };
    let running = move || timer.get().is_some_and(|(t, _)| t.running);
    let (pause, add, stop) = (send.clone(), send.clone(), send);
    view! {
        <section class="timer-controls panel" aria-labelledby="timer-title">
            <h2 id="timer-title">{tr("timer")}</h2>
            <p class="workshop-timer" role="timer">{shown}</p>
            <form on:submit=start>
                <label for="timer-minutes">{tr("timer-minutes-label")}</label>
                <input
                    id="timer-minutes"
                    type="number"
                    min="1"
                    max=comap_shared::timer::MAX_TIMER_MINUTES.to_string()
                    prop:value=move || minutes.get()
                    on:input=move |ev| minutes.set(event_target_value(&ev))
                />
                <button type="submit" class="primary">{tr("start-timer")}</button>
            </form>
            <Show when=move || timer.get().is_some()>
                <div class="timer-buttons">
                    <button
                        type="button"
                        on:click={
                            let pause = pause.clone();
                            move |_| {
                                let action = if running() { "pause" } else { "resume" };
                                pause(json!({ "action": action }));
                            }
                        }
                    >
                        {move || if running() { crate::i18n::t("pause-timer") } else { crate::i18n::t("resume-timer") }}
                    </button>
                    <button
                        type="button"
                        on:click={
                            let add = add.clone();
                            move |_| add(json!({ "action": "add", "minutes": 5 }))
                        }
                    >
                        {tr("add-five-minutes")}
                    </button>
                    <button
                        type="button"
                        on:click={
                            let stop = stop.clone();
                            move |_| stop(json!({ "action": "stop" }))
                        }
                    >
                        {tr("stop-timer")}
                    </button>
                </div>
            </Show>
            <p role="status">{move || said.get()}</p>
        </section>
    }
}

/// "Lock all rooms" and "Unlock all rooms".
#[component]
pub fn LockAll(
    id: String,
    secret: String,
    locked: Signal<Vec<bool>>,
    reload: Callback<()>,
) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    let set = move |lock: bool| {
        let (id, secret) = (id.clone(), secret.clone());
        move |_| {
            act(
                &id,
                &secret,
                "lock",
                json!({ "locked": lock }),
                said,
                reload,
            )
        }
    };
    view! {
        <div class="lock-all">
            <button type="button" on:click=set.clone()(true) disabled=move || locked.get().iter().all(|l| *l)>
                {tr("lock-all")}
            </button>
            <button type="button" on:click=set(false) disabled=move || !locked.get().iter().any(|l| *l)>
                {tr("unlock-all")}
            </button>
            <p role="status">{move || said.get()}</p>
        </div>
    }
}

/// One room's lock: its state and the button that changes it.
#[component]
pub fn LockRoom(
    id: String,
    secret: String,
    room: String,
    name: String,
    locked: Signal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    let toggle = move |_| {
        let body = json!({ "locked": !locked.get_untracked(), "room": room });
        act(&id, &secret, "lock", body, said, reload);
    };
    // The tile shows whether the room is locked; the button says what it does.
    view! {
        <button
            type="button"
            title=move || if locked.get() { crate::i18n::t("room-is-locked") } else { crate::i18n::t("room-is-open") }
            aria-label=move || {
                if locked.get() {
                    crate::t!("unlock-room", room = &name)
                } else {
                    crate::t!("lock-room", room = &name)
                }
            }
            on:click=toggle
        >
            {move || if locked.get() { crate::i18n::t("unlock") } else { crate::i18n::t("lock") }}
        </button>
        <span class="room-said" role="status">{move || said.get()}</span>
    }
}

/// "Bring to plenary": the chosen rooms' cards copied into the plenary map.
#[component]
pub fn BringToPlenary(
    id: String,
    secret: String,
    rooms: Vec<(String, String)>,
    reload: Callback<()>,
) -> impl IntoView {
    let chosen = RwSignal::new(rooms.iter().map(|(_, map)| map.clone()).collect::<Vec<_>>());
    let said = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let bring = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let maps = chosen.get_untracked();
        if maps.is_empty() {
            said.set(Some(crate::i18n::t("choose-rooms").to_string()));
            return;
        }
        let url = format!("/api/workshops/{id}/plenary");
        let secret = secret.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let body = json!({ "rooms": maps });
            match http::call("POST", &url, Some(&body), Some(&secret)).await {
                Ok(answer) => {
                    let count = |k: &str| answer[k].as_u64().unwrap_or(0);
                    said.set(Some(crate::t!(
                        "brought",
                        cards = count("cards"),
                        rooms = count("rooms")
                    )));
                    reload.run(());
                }
                Err(e) => said.set(Some(e)),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="bring panel" aria-labelledby="bring-title">
            <h2 id="bring-title">{tr("bring-to-plenary")}</h2>
            <p class="help">{tr("bring-help")}</p>
            <form on:submit=bring>
                <fieldset>
                    <legend>{tr("rooms-to-bring")}</legend>
                    {rooms
                        .into_iter()
                        .enumerate()
                        .map(|(i, (name, map))| {
                            let box_id = format!("bring-{i}");
                            let (this, toggled) = (map.clone(), map);
                            view! {
                                <div class="check">
                                    <input
                                        id=box_id.clone()
                                        type="checkbox"
                                        prop:checked=move || chosen.with(|c| c.contains(&this))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| {
                                                c.retain(|m| m != &toggled);
                                                if on {
                                                    c.push(toggled.clone());
                                                }
                                            });
                                        }
                                    />
                                    <label for=box_id>{name}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="primary" disabled=move || busy.get()>
                    {tr("bring-to-plenary")}
                </button>
            </form>
            <p role="status">{move || said.get()}</p>
        </section>
    }
}

/// "Export all": one ZIP with every room's PNG, PDF and CSV.
#[component]
pub fn ExportAll(id: String, secret: String, title: String) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let file_name = comap_shared::export::Format::Csv
        .file_name(&title)
        .trim_end_matches(".csv")
        .to_string()
        + ".zip";
    let export = move |_| {
        let (url, secret, name) = (
            format!(
                "/api/workshops/{id}/export?{}",
                crate::i18n::language_signal().get_untracked().csv_query()
            ),
            secret.clone(),
            file_name.clone(),
        );
        busy.set(true);
        said.set(Some(crate::i18n::t("preparing-zip").to_string()));
        leptos::task::spawn_local(async move {
            let saved = match http::fetch_file(&url, &secret).await {
                Ok(blob) => crate::export_menu::save_blob(&blob, &name)
                    .map(|()| crate::t!("zip-saved", name = &name)),
                Err(e) => Err(e),
            };
            said.set(Some(saved.unwrap_or_else(|e| e)));
            busy.set(false);
        });
    };
    view! {
        <section class="export-all panel" aria-labelledby="export-all-title">
            <h2 id="export-all-title">{tr("export-all")}</h2>
            <p class="help">{tr("export-all-help")}</p>
            <button type="button" class="primary" on:click=export disabled=move || busy.get()>
                {tr("export-all-button")}
            </button>
            <p role="status">{move || said.get()}</p>
        </section>
    }
}
