//! Taking the eye to a card: scrolled into view (and focused, when asked)
//! and lit up for a moment, or only lit up where it is.

use comap_shared::CardId;

/// Scrolls a card into view and highlights it for a moment; with `focus`,
/// moves the focus to it too (after the Add dialog, say).
pub fn bring_into_view(card: &CardId, focus: bool) {
    let selector = card_selector(card);
    leptos::prelude::request_animation_frame(move || {
        let Some(el) = crate::browser::element(&selector) else {
            return;
        };
        let options = web_sys::ScrollIntoViewOptions::new();
        // Taken there (Show me, a card from the dialog): in the middle;
        // typing in place: as little movement as will show it.
        options.set_block(if focus {
            web_sys::ScrollLogicalPosition::Center
        } else {
            web_sys::ScrollLogicalPosition::Nearest
        });
        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
        if focus && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el.clone())
        {
            let _ = el.focus();
        }
        light_up(el);
    });
}

/// Highlights a card for a moment where it is (someone else just added it).
pub fn highlight(card: &CardId) {
    let selector = card_selector(card);
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = crate::browser::element(&selector) {
            light_up(el);
        }
    });
}

fn card_selector(card: &CardId) -> String {
    format!("[data-card-id=\"{card}\"]")
}

fn light_up(el: web_sys::Element) {
    let _ = el.class_list().add_1("just-added");
    leptos::prelude::set_timeout(
        move || {
            let _ = el.class_list().remove_1("just-added");
        },
        std::time::Duration::from_millis(2000),
    );
}
