//! Others' changes read out to screen-reader users through a polite live
//! region ("Bo (Health professional) added a card in Diagnosis, Pain points.
//! Pain point: Lost letter"), with a button to turn it off, remembered by
//! this browser.

use crate::browser;
use crate::i18n::{t, tr};
use crate::map_state::MapState;
use crate::t;
use comap_shared::events::{MapEvent, Place};
use leptos::prelude::*;

const KEY: &str = "comap.announce";

fn place(p: &Option<Place>) -> String {
    match p {
        Some(p) => format!("{}, {}", p.stage, p.lane),
        None => t("unsorted"),
    }
}

/// One event in words.
fn sentence(e: &MapEvent) -> String {
    match e {
        MapEvent::CardAdded {
            author,
            role,
            kind,
            text: words,
            place: at,
        } => t!(
            "news-card-added",
            who = crate::words::person(author, *role).as_str(),
            place = place(at).as_str(),
            kind = crate::words::kind_name(*kind).as_str(),
            text = words
        ),
        MapEvent::CardRemoved { text: words } => t!("news-card-removed", text = words),
        MapEvent::CardMoved {
            text: words,
            place: at,
        } => t!("news-card-moved", place = place(at).as_str(), text = words),
        MapEvent::CardEdited { text: words } => t!("news-card-edited", text = words),
        MapEvent::ArrowAdded { from, to } => t!("news-arrow-added", from = from, to = to),
        MapEvent::VotingStarted => t("voting-started-news"),
        MapEvent::VotesRevealed => t("votes-revealed-news"),
        MapEvent::VotingEnded => t("voting-ended-news"),
        MapEvent::StageAdded { name } => t!("news-stage-added", name = name),
        MapEvent::LaneAdded { name } => t!("news-lane-added", name = name),
        MapEvent::TitleChanged { title } => t!("news-title-changed", title = title),
    }
}

/// The events of one change as one announcement.
pub fn describe(events: &[MapEvent], left_out: usize) -> String {
    let mut out: Vec<String> = events.iter().map(sentence).collect();
    if left_out > 0 {
        out.push(t!("news-more-changes", n = left_out));
    }
    out.join(". ")
}

/// The live region, and the **Announce changes** button (pressed = on).
#[component]
pub fn Announcer(state: MapState) -> impl IntoView {
    let on = RwSignal::new(browser::remembered_choice(KEY, true));
    view! {
        <div class="visually-hidden" aria-live="polite" aria-atomic="true" id="announcer">
            {move || if on.get() { state.announcement.get() } else { String::new() }}
        </div>
        <button
            type="button"
            class="switch announce-toggle"
            aria-label=tr("announce-changes")
            aria-pressed=move || if on.get() { "true" } else { "false" }
            title=tr("announce-hint")
            on:click=move |_| {
                let now = !on.get_untracked();
                on.set(now);
                browser::remember_choice(KEY, now);
            }
        >
            {tr("announce-changes")}
        </button>
    }
}

/// How long the note about someone else's new card stays.
const ARRIVAL_MS: u64 = 8000;

/// Clears `message` `ms` after it was last set (a passing message: it was
/// read out when it came, and a new one starts the wait again).
pub fn fade<T: Send + Sync + 'static>(message: RwSignal<Option<T>>, ms: u64) {
    let shown = StoredValue::new(0u64);
    Effect::new(move |_| {
        if message.with(|m| m.is_none()) {
            return;
        }
        shown.update_value(|n| *n = n.wrapping_add(1));
        let this = shown.get_value();
        set_timeout(
            move || {
                if shown.get_value() == this {
                    message.set(None);
                }
            },
            std::time::Duration::from_millis(ms),
        );
    });
}

/// A note beside the zoom buttons when someone else adds a card: what
/// they did, **Show me** (which brings the card into view and gives it the
/// focus) and a button that closes the note. Not a live region: the announcer above already
/// reads the same words out.
#[component]
pub fn ArrivalNote(state: MapState) -> impl IntoView {
    fade(state.arrived, ARRIVAL_MS);
    view! {
        {move || {
            state
                .arrived
                .get()
                .map(|(card, said)| {
                    let whole = said.clone();
                    view! {
                        <div class="arrival">
                            <p title=whole>{said}</p>
                            <button
                                type="button"
                                on:click=move |_| {
                                    crate::card_focus::bring_into_view(&card, true);
                                    state.arrived.set(None);
                                }
                            >
                                {tr("show-me")}
                            </button>
                            <button
                                type="button"
                                aria-label=tr("dismiss-arrival")
                                title=tr("dismiss-arrival")
                                on:click=move |_| state.arrived.set(None)
                            >
                                <span aria-hidden="true">"\u{00d7}"</span>
                            </button>
                        </div>
                    }
                })
        }}
    }
}
