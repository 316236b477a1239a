//! One room's tile on the facilitator's dashboard: its thumbnail, join
//! code, who is in it, its cards and last activity, Locked / Full / Quiet,
//! its lock and Open, and its links and QR code opening in the tile.

use crate::dashboard_shown::{RoomShown, Shown};
use crate::home::ShareLink;
use crate::i18n::{t, tr};
use crate::{browser, text};
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
                    <span class="room-flag flag-full">{text::ROOM_FULL}</span>
                </Show>
                <Show when=quiet>
                    <span class="room-flag flag-quiet">{text::ROOM_QUIET}</span>
                </Show>
                <Show when=flag(|r| r.locked)>
                    <span class="room-flag flag-locked">{text::ROOM_LOCKED}</span>
                </Show>
            </div>
            {thumbnail}
            <p class="room-code">
                <span class="code-label">{text::JOIN_CODE_IS}</span>
                <strong class="code">{code.clone()}</strong>
                <button
                    type="button"
                    aria-label=text::copy_code_label(&room.name)
                    on:click=copy_code
                >
                    {tr("copy")}
                </button>
                <span class="copied" aria-live="polite">{move || copied.get().map(t)}</span>
            </p>
            <div class="room-figures">
                <p class="room-people">{live(|r| people_summary(&r.people))}</p>
                <p class="room-cards">{live(|r| text::cards_summary(r.cards, r.recent_cards))}</p>
                <p class="room-quiet">{live(|r| text::last_activity(r.quiet_ms))}</p>
            </div>
            <div class="room-actions">
                {lock}
                <a
                    class="button"
                    href=room.facilitator_url.clone()
                    target="_blank"
                    aria-label=text::open_room(&room.name)
                >
                    {text::OPEN}
                </a>
                <button
                    type="button"
                    aria-expanded=move || links.get().to_string()
                    aria-controls=links_id.clone()
                    aria-label=text::room_links(&room.name)
                    on:click=move |_| links.update(|o| *o = !*o)
                >
                    {text::LINKS_AND_QR}
                </button>
            </div>
            <div id=links_id.clone() class="room-links" hidden=move || !links.get()>
                <ShareLink
                    id=format!("room-{index}-edit")
                    label=tr("participant-link")
                    help=text::ROOM_EDIT_HELP
                    url=format!("{origin}{}", room.edit_url)
                />
                <ShareLink
                    id=format!("room-{index}-view")
                    label=tr("view-link")
                    help=text::ROOM_VIEW_HELP
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
            {move || if open.get() { text::HIDE_QR } else { text::SHOW_QR }}
        </button>
        <div id=panel class="qr-panel" hidden=move || !open.get()>
            <p class="help">{text::qr_help(&name)}</p>
            <crate::qr::QrImage text=url label=text::qr_label(&name) />
        </div>
    }
}
