//! The facilitator's dashboard at `/w/<id>#k=<secret>`: the rooms first,
//! as a grid of tiles (thumbnail, join code, who is in it, its cards, when
//! it was last active, locked or not; a room quiet for five minutes or full
//! stands out; its links and QR code open from the tile), refreshed every
//! second, and the workshop's controls in a column beside them (notices,
//! timer, locks, plenary, reflection, actions, export, delete). It is its own
//! page (`src/bin/comap-facilitator.rs`), built without the board and
//! Automerge, so the participants' page stays small; the home page, where
//! maps and workshops are made, is part of it.

use crate::dashboard_actions::Actions;
use crate::dashboard_controls::{BringToPlenary, ExportAll, LockAll, LockRoom, TimerControls};
use crate::dashboard_reflection::Reflection;
use crate::dashboard_room::RoomPanel;
use crate::dashboard_shown::{Shown, shown};
use crate::dashboard_thumbnail::RoomThumbnail;
use crate::display::DisplayOptions;
use crate::home::ShareLink;
use crate::i18n::{t, tr};
use crate::{browser, http};
use leptos::prelude::*;

/// How often the dashboard asks for fresh figures (a refresh still under
/// way is not started again).
const REFRESH: std::time::Duration = std::time::Duration::from_secs(1);

/// The facilitator's page: the display options and the dashboard the
/// address names.
#[component]
pub fn FacilitatorApp() -> impl IntoView {
    let page = match browser::route() {
        // The home page (make a map or a workshop) is served from this
        // bundle too: the participants' page need not carry it.
        browser::Route::Home => {
            if let Some(doc) = browser::window().document() {
                doc.set_title(&t("app-name"));
            }
            view! { <crate::home::Home /> }.into_any()
        }
        browser::Route::Workshop {
            id,
            secret: Some(secret),
        } => view! { <Dashboard id secret /> }.into_any(),
        _ => view! { <crate::app::FatalPage message=tr("bad-link") /> }.into_any(),
    };
    view! {
        <DisplayOptions />
        {page}
    }
}

async fn fetch(id: &str, secret: &str) -> Result<Shown, String> {
    let json = http::call("GET", &format!("/api/workshops/{id}"), None, Some(secret)).await?;
    shown(&json).ok_or_else(|| t("odd-answer").to_string())
}

/// The facilitator's dashboard.
#[component]
fn Dashboard(id: String, secret: String) -> impl IntoView {
    let workshop = RwSignal::new(None::<Shown>);
    let error = RwSignal::new(None::<String>);
    let deleted = RwSignal::new(false);
    let busy = StoredValue::new(false);
    let load = {
        let (id, secret) = (id.clone(), secret.clone());
        move || {
            if deleted.get_untracked() || busy.get_value() {
                return;
            }
            busy.set_value(true);
            let (id, secret) = (id.clone(), secret.clone());
            leptos::task::spawn_local(async move {
                let answer = fetch(&id, &secret).await;
                busy.set_value(false);
                match answer {
                    Ok(w) => {
                        workshop.set(Some(w));
                        error.set(None);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        }
    };
    load();
    let reload = {
        let load = load.clone();
        Callback::new(move |()| load())
    };
    if let Ok(handle) = set_interval_with_handle(load, REFRESH) {
        on_cleanup(move || handle.clear());
    }
    view! {
        <main class="page workshop">
            {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
            <Show when=move || deleted.get()>
                <p role="status" class="notice">{tr("workshop-deleted")}</p>
            </Show>
            // Built once, when the workshop is first read: later refreshes
            // change only the figures, so nothing typed or focused is lost.
            <Show when=move || workshop.with(Option::is_some) && !deleted.get()>
                <Loaded id=id.clone() secret=secret.clone() workshop deleted reload />
            </Show>
        </main>
    }
}

#[component]
fn Loaded(
    id: String,
    secret: String,
    workshop: RwSignal<Option<Shown>>,
    deleted: RwSignal<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let Some(w) = workshop.get_untracked() else {
        return ().into_any();
    };
    let origin = browser::origin();
    let timer = Signal::derive(move || workshop.with(|w| w.as_ref().and_then(|w| w.timer)));
    let locked = Signal::derive(move || {
        workshop
            .with(|w| {
                w.as_ref()
                    .map(|w| w.rooms.iter().map(|r| r.locked).collect::<Vec<_>>())
            })
            .unwrap_or_default()
    });
    view! {
        <header class="workshop-head">
            <h1>{w.title.clone()}</h1>
            <p class="kept">{move || crate::t!("kept-until", date = crate::dates::long_date(w.expires_ms).as_str())}</p>
        </header>
        <div class="workshop-layout">
            <section class="rooms-area" aria-labelledby="rooms-title">
                <h2 id="rooms-title">{tr("rooms")}</h2>
                <ul class="rooms">
                    {w
                        .rooms
                        .iter()
                        .enumerate()
                        .map(|(index, room)| {
                            view! {
                                <RoomPanel
                                    index
                                    room=room.clone()
                                    workshop
                                    thumbnail=view! {
                                        <RoomThumbnail
                                            id=id.clone()
                                            secret=secret.clone()
                                            map_id=room.map_id.clone()
                                            name=room.name.clone()
                                            figures=Signal::derive(move || {
                                                workshop
                                                    .with(|w| {
                                                        w.as_ref()
                                                            .and_then(|w| w.rooms.get(index))
                                                            .map(|r| (r.version.clone(), r.cards))
                                                    })
                                            })
                                        />
                                    }
                                    lock=view! {
                                        <LockRoom
                                            id=id.clone()
                                            secret=secret.clone()
                                            room=room.map_id.clone()
                                            name=room.name.clone()
                                            locked=Signal::derive(move || locked.with(|l| l.get(index).copied().unwrap_or(false)))
                                            reload
                                        />
                                    }
                                />
                            }
                        })
                        .collect_view()}
                </ul>
            </section>
            <aside class="workshop-side" aria-label=tr("workshop-controls")>
                <div class="workshop-share">
                    <ShareLink
                        id="workshop-link"
                        label=tr("workshop-link")
                        help=tr("workshop-link-help")
                        url=format!("{origin}{}", w.facilitator_url)
                    />
                    <p class="join-hint">{move || crate::t!("join-hint", url = format!("{origin}/join").as_str())}</p>
                </div>
                <SendNotice
                    id=id.clone()
                    secret=secret.clone()
                    rooms=w.rooms.iter().map(|r| (r.name.clone(), r.map_id.clone())).collect()
                />
                <TimerControls id=id.clone() secret=secret.clone() timer reload />
                <LockAll id=id.clone() secret=secret.clone() locked reload />
                {w
                    .rooms
                    .iter()
                    .any(|r| r.plenary)
                    .then(|| {
                        let breakouts = w
                            .rooms
                            .iter()
                            .filter(|r| !r.plenary)
                            .map(|r| (r.name.clone(), r.map_id.clone()))
                            .collect();
                        view! { <BringToPlenary id=id.clone() secret=secret.clone() rooms=breakouts reload /> }
                    })}
                <Reflection
                    id=id.clone()
                    secret=secret.clone()
                    reflection=Signal::derive(move || workshop.with(|w| w.as_ref().map(|w| w.reflection.clone()).unwrap_or_default()))
                    reload
                />
                <Actions
                    id=id.clone()
                    secret=secret.clone()
                    actions=Signal::derive(move || workshop.with(|w| w.as_ref().map(|w| w.actions.clone()).unwrap_or_default()))
                    ideas=Signal::derive(move || workshop.with(|w| w.as_ref().map(|w| w.top_ideas.clone()).unwrap_or_default()))
                    reload
                />
                <ExportAll id=id.clone() secret=secret.clone() title=w.title.clone() />
                <DeleteWorkshop
                    id=id
                    secret=secret
                    rooms=w.rooms.iter().map(|r| r.name.clone()).collect()
                    deleted
                />
            </aside>
        </div>
    }
    .into_any()
}

/// "Delete workshop", after a question that names what goes.
#[component]
fn DeleteWorkshop(
    id: String,
    secret: String,
    rooms: Vec<String>,
    deleted: RwSignal<bool>,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let question = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if asking.get()
            && let Some(q) = question.get()
        {
            let _ = q.focus();
        }
    });
    let what = crate::t!(
        "workshop-delete-question",
        n = rooms.len(),
        rooms = rooms.join(", ").as_str()
    );
    let confirm = move |_| {
        let (id, secret) = (id.clone(), secret.clone());
        leptos::task::spawn_local(async move {
            let url = format!("/api/workshops/{id}");
            match http::call("DELETE", &url, None, Some(&secret)).await {
                Ok(_) => deleted.set(true),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="workshop-delete" aria-label=tr("delete-workshop")>
            <Show
                when=move || asking.get()
                fallback=move || {
                    view! {
                        <button type="button" class="danger" on:click=move |_| asking.set(true)>
                            {tr("delete-workshop")}
                        </button>
                    }
                }
            >
                <h2 tabindex="-1" node_ref=question>{tr("delete-workshop-title")}</h2>
                <p>{what.clone()}</p>
                <button type="button" class="danger" on:click=confirm.clone()>
                    {tr("delete-everything")}
                </button>
                <button type="button" on:click=move |_| asking.set(false)>
                    {tr("keep-workshop")}
                </button>
            </Show>
            {move || error.get().map(|e| view! { <p role="alert" class="error">{e}</p> })}
        </section>
    }
}

/// "Send a notice" to every room or one.
#[component]
fn SendNotice(id: String, secret: String, rooms: Vec<(String, String)>) -> impl IntoView {
    let words = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let said = RwSignal::new(None::<String>);
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = match to.get_untracked() {
            room if room.is_empty() => serde_json::json!({ "text": words.get_untracked() }),
            room => serde_json::json!({ "text": words.get_untracked(), "room": room }),
        };
        let (id, secret) = (id.clone(), secret.clone());
        leptos::task::spawn_local(async move {
            let url = format!("/api/workshops/{id}/notice");
            match http::call("POST", &url, Some(&body), Some(&secret)).await {
                Ok(json) => {
                    said.set(Some(crate::t!(
                        "notice-sent",
                        n = json["rooms"].as_u64().unwrap_or(0)
                    )));
                    words.set(String::new());
                }
                Err(e) => said.set(Some(e)),
            }
        });
    };
    view! {
        <section class="send-notice panel" aria-labelledby="send-notice-title">
            <h2 id="send-notice-title">{tr("send-notice")}</h2>
            <form on:submit=send>
                <label for="notice-text">{tr("notice-text")}</label>
                <p id="notice-help" class="help">{tr("notice-help")}</p>
                <input
                    id="notice-text"
                    type="text"
                    maxlength=comap_shared::protocol::MAX_NOTICE_CHARS.to_string()
                    aria-describedby="notice-help"
                    prop:value=move || words.get()
                    on:input=move |ev| words.set(event_target_value(&ev))
                />
                <label for="notice-to">{tr("notice-to")}</label>
                <select id="notice-to" on:change=move |ev| to.set(event_target_value(&ev))>
                    <option value="">{tr("all-rooms")}</option>
                    {rooms
                        .into_iter()
                        .map(|(name, map)| view! { <option value=map>{name}</option> })
                        .collect_view()}
                </select>
                <button type="submit" class="primary">{tr("send")}</button>
            </form>
            <p role="status">{move || said.get()}</p>
        </section>
    }
}
