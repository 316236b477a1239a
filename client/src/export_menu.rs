//! The **Export** menu: the map as a PNG or SVG image, a PDF document, a CSV spreadsheet,
//! JSON data, a text summary or the raw Automerge document, made by the
//! server (the same files for everyone, from what is saved) and downloaded
//! by the browser. Images have a size and a background to choose.

use crate::browser;
use crate::connection;
use crate::i18n::{t, tr};
use crate::map_state::MapState;
use crate::t;
use comap_shared::export::Format;
use comap_shared::i18n::key;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The menu's choices, in the order shown, with their names' keys.
const CHOICES: [(Format, &str); 7] = [
    (Format::Png, key("export-png")),
    (Format::Svg, key("export-svg")),
    (Format::Pdf, key("export-pdf")),
    (Format::Csv, key("export-csv")),
    (Format::Json, key("export-json")),
    (Format::Text, key("export-text")),
    (Format::Automerge, key("export-automerge")),
];

/// The image sizes, with their names' keys.
const SIZES: [(u32, &str); 3] = [
    (1, key("size-normal")),
    (2, key("size-large")),
    (4, key("size-extra-large")),
];

/// The papers (landscape), with their names' keys.
const PAPERS: [(&str, &str); 2] = [("a4", key("paper-a4")), ("a3", key("paper-a3"))];

/// Saves a blob under a file name through a temporary download link.
pub(crate) fn save_blob(blob: &web_sys::Blob, file_name: &str) -> Result<(), String> {
    let failed = |_| t("cannot-save-file");
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(failed)?;
    let link: web_sys::HtmlAnchorElement = browser::window()
        .document()
        .ok_or_else(|| t("cannot-save-file"))?
        .create_element("a")
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| t("cannot-save-file"))?;
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // Give the browser time to start the download before letting go of it.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}

async fn export(format: Format, title: String, query: String) -> Result<String, String> {
    let (map, secret) = connection::credentials().ok_or_else(|| t("not-connected-yet"))?;
    let url = format!("/api/maps/{map}/export/{}{query}", format.key());
    let blob = crate::http::fetch_file(&url, &secret).await?;
    let name = format.file_name(&title);
    save_blob(&blob, &name)?;
    Ok(name)
}

/// A labelled drop-down of fixed choices, bound to `value` (the label and
/// the options' names are catalogue keys).
#[component]
fn Choice<T>(
    id: &'static str,
    label: &'static str,
    options: &'static [(T, &'static str)],
    value: RwSignal<T>,
) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    view! {
        <div class="export-option">
            <label for=id>{tr(label)}</label>
            <select
                id=id
                on:change=move |ev| {
                    let chosen = event_target_value(&ev).parse::<usize>().ok();
                    if let Some((v, _)) = chosen.and_then(|i| options.get(i)) {
                        value.set(*v);
                    }
                }
            >
                {options
                    .iter()
                    .enumerate()
                    .map(|(i, &(v, name))| {
                        view! {
                            <option value=i.to_string() selected=move || value.get() == v>
                                {tr(name)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// An option that is on or off: a checkbox and its label (a catalogue key).
#[component]
fn Check(id: &'static str, label: &'static str, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <div class="export-option">
            <input
                id=id
                type="checkbox"
                prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))
            />
            <label for=id>{tr(label)}</label>
        </div>
    }
}

/// How long "Downloaded …" stays after an export.
const DOWNLOADED_FOR_SECS: u64 = 5;

#[component]
pub fn ExportMenu(state: MapState) -> impl IntoView {
    let open = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let said = RwSignal::new(String::new());
    let toggle = NodeRef::<leptos::html::Button>::new();
    let scale = RwSignal::new(2u32);
    let transparent = RwSignal::new(false);
    let paper = RwSignal::new("a4");
    let cover = RwSignal::new(false);
    let elapsed = RwSignal::new(0u32);
    let close = move || {
        open.set(false);
        if let Some(b) = toggle.get_untracked() {
            let _ = b.focus();
        }
    };
    let choose = move |format: Format, label: &'static str| {
        let title = state
            .map
            .with_untracked(|m| m.as_ref().map(|m| m.title.clone()).unwrap_or_default());
        let query = match format {
            Format::Png | Format::Svg => format!(
                "?scale={}&background={}",
                scale.get_untracked(),
                if transparent.get_untracked() {
                    "transparent"
                } else {
                    "white"
                }
            ),
            Format::Pdf => format!(
                "?paper={}&cover={}",
                paper.get_untracked(),
                cover.get_untracked()
            ),
            Format::Csv => {
                let asked = crate::i18n::language_signal().get_untracked().csv_query();
                if asked.is_empty() {
                    String::new()
                } else {
                    format!("?{asked}")
                }
            }
            _ => String::new(),
        };
        busy.set(true);
        elapsed.set(0);
        said.set(t!("exporting", what = t(label).as_str()));
        let ticking = set_interval_with_handle(
            move || elapsed.update(|s| *s += 1),
            std::time::Duration::from_secs(1),
        )
        .ok();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = export(format, title, query).await;
            if let Some(t) = ticking {
                t.clear();
            }
            busy.set(false);
            match outcome {
                Ok(name) => {
                    said.set(t!("exported", file = name.as_str()));
                    close();
                    // The news fades after a while (it is read out at once).
                    let news = said.get_untracked();
                    set_timeout(
                        move || {
                            if said.get_untracked() == news {
                                said.set(String::new());
                            }
                        },
                        std::time::Duration::from_secs(DOWNLOADED_FOR_SECS),
                    );
                }
                Err(message) => said.set(message),
            }
        });
    };
    view! {
        <div
            class="export"
            on:keydown=move |ev| {
                if ev.key() == "Escape" && open.get_untracked() {
                    ev.prevent_default();
                    close();
                }
            }
        >
            <button
                type="button"
                node_ref=toggle
                aria-expanded=move || open.get().to_string()
                aria-controls="export-menu"
                on:click=move |_| open.update(|o| *o = !*o)
            >
                {tr("export")}
            </button>
            <div class="export-drop">
                <p class="export-status" role="status">{move || said.get()}</p>
                <Show when=move || busy.get()>
                    <div class="export-progress">
                        <progress aria-label=tr("export-working")></progress>
                        // Seconds so far, for the eye only (the status
                        // line above is what screen readers hear).
                        <span aria-hidden="true">{move || match elapsed.get() {
                            0 => String::new(),
                            n => t!("seconds-so-far", n = n),
                        }}</span>
                    </div>
                </Show>
                <Show when=move || open.get()>
                    <div
                        id="export-menu"
                        class="export-menu panel"
                        role="group"
                        aria-label=tr("export-choices")
                    >
                        <Choice
                            id="export-size"
                            label=key("export-size")
                            options=&SIZES
                            value=scale
                        />
                        <Choice
                            id="export-paper"
                            label=key("export-paper")
                            options=&PAPERS
                            value=paper
                        />
                        <Check id="export-transparent" label=key("export-transparent") value=transparent />
                        <Check id="export-cover" label=key("export-cover") value=cover />
                        {CHOICES
                            .into_iter()
                            .map(|(format, label)| {
                                view! {
                                    <button
                                        type="button"
                                        disabled=move || busy.get()
                                        on:click=move |_| choose(format, label)
                                    >
                                        {tr(label)}
                                    </button>
                                }
                            })
                            .collect_view()}
                        <p class="hint">{tr("export-hint")}</p>
                    </div>
                </Show>
            </div>
        </div>
    }
}
