//! One room's tile on the facilitator's dashboard: its thumbnail, join
//! code, who is in it, its cards and last activity, Locked / Full / Quiet,
//! its lock and Open, and its links and QR code opening in the tile.

use crate::browser;
use crate::dashboard_shown::{RoomShown, Shown};
use crate::home::ShareLink;
use crate::i18n::{t, tr};
use comap_shared::i18n::key;
use comap_shared::workshop::{people_summary, spaced_code};
use leptos::prelude::*;

/// One room: its code and links, and its live figures.
#[component]
pub(crate) fn RoomPanel(
    index: usize,
    room: RoomShown,
    workshop: RwSignal<Option<Shown>>,
    thumbnail: impl IntoView + 'static,
    lock: impl IntoView + 'static,
) -> impl IntoView {
    let origin = browser::origin();
    let heading = format!("room-{index}-name");
    let labelled_by = heading.clone();
    let code = spaced_code(&room.join_code);
    let copied = RwSignal::new(None::<&'static str>);
    let to_copy = room.join_code.clone();
    let copy_code = move |_| {
        let code = to_copy.clone();
        leptos::task::spawn_local(async move {
            let ok = browser::copy_text(&code).await;
            copied.set(Some(if ok {
                key("copied")
            } else {
                key("copy-failed")
            }));
        });
    };
    let live = move |f: fn(&RoomShown) -> String| {
        move || workshop.with(|w| w.as_ref().and_then(|w| w.rooms.get(index)).map(f))
    };
    let flag = move |f: fn(&RoomShown) -> bool| {
        move || workshop.with(|w| w.as_ref().and_then(|w| w.rooms.get(index)).is_some_and(f))
    };
    let quiet = flag(|r| r.quiet_ms.is_some_and(|q| q >= QUIET_MS));
    let links = RwSignal::new(false);
    let links_id = format!("room-{index}-links");
    view! {
        <li
            class="room panel"
            class:quiet=quiet
            class:full=flag(|r| r.full)
            aria-labelledby=labelled_by
        >
            <div class="room-head">
                <h3 id=heading>{room.name.clone()}</h3>
                <Show when=flag(|r| r.full)>
                    <span class="room-flag flag-full">{tr("room-full")}</span>
                </Show>
                <Show when=quiet>
                    <span class="room-flag flag-quiet">{tr("room-quiet")}</span>
                </Show>
                <Show when=flag(|r| r.locked)>
                    <span class="room-flag flag-locked">{tr("room-locked")}</span>
                </Show>
            </div>
            {thumbnail}
            <p class="room-code">
                <span class="code-label">{tr("join-code-is")}</span>
                <strong class="code">{code.clone()}</strong>
                <button
                    type="button"
                    aria-label={
                        let room = room.name.clone();
                        move || crate::t!("copy-code-label", room = &room)
                    }
                    on:click=copy_code
                >
                    {tr("copy")}
                </button>
                <span class="copied" aria-live="polite">{move || copied.get().map(t)}</span>
            </p>
            <div class="room-figures">
                <p class="room-people">{live(|r| people_summary(&r.people, crate::i18n::t_with))}</p>
                <p class="room-cards">{live(|r| crate::t!("cards-summary", cards = r.cards, recent = r.recent_cards))}</p>
                <p class="room-quiet">{live(|r| last_activity(r.quiet_ms))}</p>
            </div>
            <div class="room-actions">
                {lock}
                <a
                    class="button"
                    href=room.facilitator_url.clone()
                    target="_blank"
                    aria-label={
                        let room = room.name.clone();
                        move || crate::t!("open-room", room = &room)
                    }
                >
                    {tr("open")}
                </a>
                <button
                    type="button"
                    aria-expanded=move || links.get().to_string()
                    aria-controls=links_id.clone()
                    aria-label={
                        let room = room.name.clone();
                        move || crate::t!("room-links", room = &room)
                    }
                    on:click=move |_| links.update(|o| *o = !*o)
                >
                    {tr("links-and-qr")}
                </button>
            </div>
            <div id=links_id.clone() class="room-links" hidden=move || !links.get()>
                <ShareLink
                    id=format!("room-{index}-edit")
                    label=tr("participant-link")
                    help=tr("room-edit-help")
                    url=format!("{origin}{}", room.edit_url)
                />
                <ShareLink
                    id=format!("room-{index}-view")
                    label=tr("view-link")
                    help=tr("room-view-help")
                    url=format!("{origin}{}", room.view_url)
                />
                <JoinQr index name=room.name.clone() url=format!("{origin}{}", room.edit_url) />
            </div>
        </li>
    }
}

/// A room with no card or change for this long stands out on the dashboard.
const QUIET_MS: i64 = 5 * 60_000;

/// "Show QR code": a large code to project, for phones to join the room.
#[component]
fn JoinQr(index: usize, name: String, url: String) -> impl IntoView {
    let open = RwSignal::new(false);
    let panel = format!("room-{index}-qr");
    view! {
        <button
            type="button"
            aria-expanded=move || open.get().to_string()
            aria-controls=panel.clone()
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {move || if open.get() { crate::i18n::t("hide-qr") } else { crate::i18n::t("show-qr") }}
        </button>
        <div id=panel class="qr-panel" hidden=move || !open.get()>
            <p class="help">{
                let room = name.clone();
                move || crate::t!("qr-help", room = &room)
            }</p>
            <crate::qr::QrImage text=url label=crate::t!("qr-label", room = &name) />
        </div>
    }
}

/// "Last activity 3 minutes ago" (or "No activity yet").
fn last_activity(quiet_ms: Option<i64>) -> String {
    let Some(ms) = quiet_ms else {
        return crate::i18n::t("no-activity");
    };
    match ms / 60_000 {
        0 => crate::i18n::t("last-activity-now"),
        m if m < 120 => crate::t!("last-activity-minutes", m = m),
        m => crate::t!("last-activity-hours", h = m / 60),
    }
}
