//! The page's words in the chosen language: the catalogue in use, the
//! Language choice (remembered per browser; the first visit follows the
//! browser's preferred languages) and lookups by key.
//!
//! Every lookup reads the language signal, so a view's `{tr("add-card")}` or any
//! reactive closure that calls [`t`] is written again when the language
//! changes: the page re-renders in place, nothing is reloaded.
//!
//! No language is built into the page: each one's catalogue is fetched from
//! the server (`/locales/<code>.ftl`, and a page's own part under
//! `/locales/<part>/`) when it is chosen, so a language costs the pages of
//! the others nothing. The page's HTML asks for the English one early
//! (`<link rel="preload">`), and the service worker keeps it for offline.

use crate::browser;
use comap_shared::i18n::{Arg, Catalogue, Language, key};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Where the browser remembers the choice.
const REMEMBERED: &str = "comap.language";

/// A part of the catalogues a page uses beside the one every page shares:
/// its folder under `/locales/`.
#[derive(Clone, Copy)]
pub struct Part {
    pub folder: &'static str,
}

/// The facilitator's page's words (the home page and the dashboard).
pub const FACILITATOR: Part = Part {
    folder: "facilitator",
};

thread_local! {
    static PARTS: Cell<&'static [Part]> = const { Cell::new(&[]) };
    /// Every catalogue fetched so far (a language chosen again is not
    /// fetched again).
    static FETCHED: RefCell<Vec<Rc<Catalogue>>> = const { RefCell::new(Vec::new()) };
    static CURRENT: RefCell<Option<Rc<Catalogue>>> = const { RefCell::new(None) };
    static LANGUAGE: RwSignal<Language> = RwSignal::new(Language::En);
}

/// The language the page speaks (tracked: a reactive caller runs again when
/// it changes).
pub fn language() -> Language {
    LANGUAGE.with(|l| l.get())
}

/// The language signal itself, for the Language choice.
pub fn language_signal() -> RwSignal<Language> {
    LANGUAGE.with(|l| *l)
}

/// A message without arguments.
pub fn t(key: &'static str) -> String {
    t_with(key, &[])
}

/// A message as a reactive view or attribute value: `{tr("add-card")}`.
pub fn tr(key: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
    move || t(key)
}

/// A message with arguments (see [`t!`](crate::t) for the short form).
pub fn t_with(key: &str, args: &[(&str, Arg)]) -> String {
    let _ = language();
    let current = CURRENT.with(|c| c.borrow().clone());
    current
        .and_then(|c| c.format(key, args))
        .unwrap_or_else(|| key.to_string())
}

/// `t!("person", name = n, role = r)`: a message with named arguments
/// (text or numbers).
#[macro_export]
macro_rules! t {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::t_with(
            $key,
            &[$((stringify!($name), comap_shared::i18n::Arg::from($value))),*],
        )
    };
}

/// The language this browser chose before, else the first of its preferred
/// languages that Comap speaks.
pub fn remembered() -> Language {
    let stored = browser::stored(REMEMBERED).and_then(|c| Language::from_code(&c));
    stored.unwrap_or_else(|| {
        let tags: Vec<String> = browser::window()
            .navigator()
            .languages()
            .iter()
            .filter_map(|v| v.as_string())
            .collect();
        Language::preferred(tags.iter().map(String::as_str))
    })
}

/// Draws a page in the remembered language once its catalogue has arrived
/// (in English if it cannot be fetched; with the keys for words if neither
/// can, which a page the server or its service worker sent does not meet).
pub fn mount<F, N>(page: F, parts: &'static [Part])
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    PARTS.with(|p| p.set(parts));
    let wanted = remembered();
    // Leptos's executor starts with the mount, so not `leptos::task` here.
    wasm_bindgen_futures::spawn_local(async move {
        if use_language(wanted).await.is_err() && wanted != Language::En {
            let _ = use_language(Language::En).await;
        }
        leptos::mount::mount_to_body(page);
    });
}

/// The Language choice: fetches the catalogue if need be, then switches
/// the page and remembers the choice. `Err` (the page keeps its language)
/// when the catalogue cannot be fetched.
pub async fn choose(language: Language) -> Result<(), String> {
    use_language(language).await?;
    browser::store(REMEMBERED, language.code());
    Ok(())
}

async fn use_language(wanted: Language) -> Result<(), String> {
    let known = FETCHED.with(|f| f.borrow().iter().find(|c| c.language() == wanted).cloned());
    let catalogue = match known {
        Some(c) => c,
        None => {
            let c = Rc::new(fetch(wanted).await.inspect_err(|e| {
                leptos::logging::warn!("the {} catalogue: {e}", wanted.code());
            })?);
            FETCHED.with(|f| f.borrow_mut().push(c.clone()));
            c
        }
    };
    CURRENT.with(|c| *c.borrow_mut() = Some(catalogue));
    LANGUAGE.with(|l| l.set(wanted));
    set_html_lang(wanted);
    Ok(())
}

/// A language's catalogue with this page's parts.
async fn fetch(language: Language) -> Result<Catalogue, String> {
    let code = language.code();
    let shared = fetch_source(format!("/locales/{code}.ftl")).await?;
    let mut catalogue = Catalogue::parse(language, &shared).map_err(|e| e.to_string())?;
    for part in PARTS.with(Cell::get) {
        let source = fetch_source(format!("/locales/{}/{code}.ftl", part.folder)).await?;
        catalogue = catalogue.with(&source).map_err(|e| e.to_string())?;
    }
    Ok(catalogue)
}

async fn fetch_source(url: String) -> Result<String, String> {
    let failed = |_| format!("{url} could not be fetched");
    let resp: web_sys::Response = JsFuture::from(browser::window().fetch_with_str(&url))
        .await
        .and_then(|r| r.dyn_into())
        .map_err(failed)?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {}", resp.status()));
    }
    let text = JsFuture::from(resp.text().map_err(failed)?)
        .await
        .map_err(failed)?;
    Ok(text.as_string().unwrap_or_default())
}

/// `<html lang>` follows the page's language, so screen readers switch
/// voice; the switches' On and Off (drawn by the style sheet) too.
fn set_html_lang(language: Language) {
    let Some(html) = browser::window()
        .document()
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = html.set_attribute("lang", language.code());
    if let Ok(html) = html.dyn_into::<web_sys::HtmlElement>() {
        let style = html.style();
        for (property, message) in [
            ("--switch-on", key("switch-on")),
            ("--switch-off", key("switch-off")),
        ] {
            let words = t_with(message, &[]).replace('"', "");
            let _ = style.set_property(property, &format!("\"{words}\""));
        }
    }
}

/// The Language choice, in each language's own name.
#[component]
pub fn LanguageChoice() -> impl IntoView {
    let current = language_signal();
    let failed = RwSignal::new(None::<Language>);
    view! {
        <div class="language-choice">
            <label for="language-choice">{tr("language")}</label>
            <select id="language-choice" on:change=move |ev| {
                let select: Option<web_sys::HtmlSelectElement> = ev
                    .target()
                    .and_then(|t| t.dyn_into().ok());
                if let Some(l) = Language::from_code(&event_target_value(&ev)) {
                    failed.set(None);
                    leptos::task::spawn_local(async move {
                        // Not fetched (offline, say): the choice shows the
                        // language the page still speaks, and says why.
                        if choose(l).await.is_err() {
                            if let Some(s) = select {
                                s.set_value(current.get_untracked().code());
                            }
                            failed.set(Some(l));
                        }
                    });
                }
            }>
                {Language::ALL
                    .into_iter()
                    .map(|l| {
                        view! {
                            <option value=l.code() lang=l.code() selected=move || current.get() == l>
                                {l.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <span role="status" class="language-failed" class:shown=move || failed.get().is_some()>
                {move || failed.get().map(|l| crate::t!("language-unavailable", language = l.native_name()))}
            </span>
        </div>
    }
}
