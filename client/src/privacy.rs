//! The gentle check before a card is posted: if its text looks like a phone
//! number, an e-mail address, an NHS number or a date of birth, the dialog
//! says so and asks **Post anyway** or **Edit** (focus on Edit).

use crate::i18n::tr;
use comap_shared::privacy::{Identifier, personal_identifiers};
use leptos::html::Form;
use leptos::prelude::*;

/// Whether a dialog's text may be posted, and what the warning shows.
#[derive(Clone, Copy)]
pub struct PrivacyGate {
    found: RwSignal<Vec<Identifier>>,
    accepted: RwSignal<bool>,
}

impl PrivacyGate {
    pub fn new() -> Self {
        PrivacyGate {
            found: RwSignal::new(Vec::new()),
            accepted: RwSignal::new(false),
        }
    }

    /// Whether `text` may be posted now. If it looks like it holds a
    /// personal identifier (and the person has not said "Post anyway"), the
    /// warning shows instead.
    pub fn allows(&self, text: &str) -> bool {
        if self.accepted.get_untracked() {
            return true;
        }
        let found = personal_identifiers(text);
        if found.is_empty() {
            return true;
        }
        self.found.set(found);
        false
    }
}

/// The warning, shown in the dialog's form when the gate stopped a post.
#[component]
pub fn PrivacyWarning(
    gate: PrivacyGate,
    form: NodeRef<Form>,
    /// The id of the text box Edit goes back to.
    #[prop(default = "dlg-text")]
    field: &'static str,
) -> impl IntoView {
    let edit_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(el) = edit_ref.get() {
            let _ = el.focus();
        }
    });
    let post_anyway = move |_| {
        gate.accepted.set(true);
        gate.found.set(Vec::new());
        if let Some(f) = form.get_untracked() {
            let _ = f.request_submit();
        }
    };
    let edit = move |_| {
        gate.found.set(Vec::new());
        let field = crate::browser::window()
            .document()
            .and_then(|d| d.get_element_by_id(field))
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok());
        if let Some(field) = field {
            let _ = field.focus();
        }
    };
    view! {
        <Show when=move || gate.found.with(|f| !f.is_empty())>
            <div class="privacy-warning" role="alert">
                <p class="privacy-title">{tr("privacy-title")}</p>
                <ul>
                    {move || {
                        gate.found
                            .get()
                            .into_iter()
                            .map(|i| view! { <li>{crate::t!("looks-like", what = crate::i18n::t(i.kind.described_key()).as_str(), text = &i.text)}</li> })
                            .collect_view()
                    }}
                </ul>
                <p>{tr("privacy-help")}</p>
                <div class="dialog-actions">
                    <button type="button" on:click=post_anyway>{tr("post-anyway")}</button>
                    <button type="button" class="primary" node_ref=edit_ref on:click=edit>
                        {tr("edit")}
                    </button>
                </div>
            </div>
        </Show>
    }
}
