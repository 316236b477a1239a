//! The two questions a new map or workshop begins with: its title and the
//! template it starts from.

use crate::i18n::tr;
use comap_shared::Template;
use leptos::prelude::*;

/// A title field and a template choice, as a map or a workshop asks for
/// them (ids `<prefix>-title` and `<prefix>-template`).
#[component]
pub fn TitleAndTemplate(
    prefix: &'static str,
    #[prop(into)] label: TextProp,
    max: usize,
    title: RwSignal<String>,
    template: RwSignal<String>,
) -> impl IntoView {
    let (title_id, template_id) = (format!("{prefix}-title"), format!("{prefix}-template"));
    view! {
        <label for=title_id.clone()>{move || label.get()}</label>
        <input
            id=title_id
            type="text"
            maxlength=max.to_string()
            autocomplete="off"
            prop:value=move || title.get()
            on:input=move |ev| title.set(event_target_value(&ev))
        />
        <label for=template_id.clone()>{tr("template")}</label>
        <select id=template_id on:change=move |ev| template.set(event_target_value(&ev))>
            {Template::ALL
                .iter()
                .map(|t| view! { <option value=t.key()>{tr(t.name_key())}</option> })
                .collect_view()}
        </select>
    }
}
