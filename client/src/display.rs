//! Display options for people who need them: **Larger text**, **High
//! contrast** and **Single-key shortcuts** (on by default; off for people
//! whose speech input or tremor presses keys by accident), on every page,
//! remembered by this browser.

use crate::browser;
use crate::i18n::tr;
use comap_shared::i18n::key;
use leptos::prelude::*;

/// One option: its class on `<html>`, its storage key and its label's key.
#[derive(Clone, Copy)]
struct Choice {
    class: &'static str,
    key: &'static str,
    label: &'static str,
    /// Whether it is on before the person chooses.
    default: bool,
}

/// The last of these is for the board only (in its **More** menu).
const CHOICES: [Choice; 4] = [
    Choice {
        class: "large-text",
        key: "comap.large-text",
        label: key("larger-text"),
        default: false,
    },
    Choice {
        class: "high-contrast",
        key: "comap.high-contrast",
        label: key("high-contrast"),
        default: false,
    },
    Choice {
        class: "shortcuts",
        key: crate::zoom::SHORTCUTS_KEY,
        label: key("shortcuts"),
        default: true,
    },
    Choice {
        class: "overview",
        key: OVERVIEW_KEY,
        label: key("overview"),
        default: true,
    },
];

/// The choices shown on every page (the board adds the map overview).
const EVERY_PAGE: usize = 3;

fn show(c: Choice, on: bool) {
    let root = crate::browser::window()
        .document()
        .and_then(|d| d.document_element());
    if let Some(root) = root {
        let classes = root.class_list();
        let _ = if on {
            classes.add_1(c.class)
        } else {
            classes.remove_1(c.class)
        };
    }
}

/// The options in a small bar at the top of a page (the board has them in
/// its **More** menu instead).
#[component]
pub fn DisplayOptions() -> impl IntoView {
    view! {
        <nav class="display-options" aria-label=tr("display")>
            <crate::i18n::LanguageChoice />
            <DisplayToggles board=false />
        </nav>
    }
}

/// Sets the remembered options on the page (the board's are in a menu
/// that is not drawn until opened).
pub fn apply_remembered() {
    for c in CHOICES {
        show(c, browser::remembered_choice(c.key, c.default));
    }
}

/// Turns the option stored under `key` on or off, and remembers it.
pub fn set(key: &str, on: bool) {
    if let Some(c) = CHOICES.into_iter().find(|c| c.key == key) {
        show(c, on);
        browser::remember_choice(c.key, on);
    }
}

/// Where this browser remembers whether the board shows the map overview.
pub const OVERVIEW_KEY: &str = "comap.overview";

/// Each option as a switch: pressed or not, and saying On or Off.
#[component]
pub fn DisplayToggles(board: bool) -> impl IntoView {
    let shown = if board { CHOICES.len() } else { EVERY_PAGE };
    CHOICES[..shown]
        .iter()
        .copied()
        .map(|c| {
            let on = RwSignal::new(browser::remembered_choice(c.key, c.default));
            show(c, on.get_untracked());
            let toggle = move |_| {
                let now = !on.get_untracked();
                on.set(now);
                show(c, now);
                browser::remember_choice(c.key, now);
            };
            view! {
                <button
                    type="button"
                    class="switch"
                    aria-label=tr(c.label)
                    aria-pressed=move || if on.get() { "true" } else { "false" }
                    on:click=toggle
                >
                    {tr(c.label)}
                </button>
            }
        })
        .collect_view()
}
