//! A room's map in miniature on the facilitator's dashboard
//! (`comap_shared::thumbnail`, drawn by the server). Fetched again whenever
//! the room's version in the dashboard's figures changes, so it follows
//! edits within a refresh.

use crate::http;
use leptos::prelude::*;

/// The picture of one room, with an alternative text naming it.
#[component]
pub fn RoomThumbnail(
    id: String,
    secret: String,
    map_id: String,
    name: String,
    /// The room's version and card count, live.
    figures: Signal<Option<(String, usize)>>,
) -> impl IntoView {
    let src = RwSignal::new(None::<String>);
    // The version being shown or fetched; cleared when a fetch fails, so
    // the next refresh tries again.
    let asked = StoredValue::new(String::new());
    let url = format!("/api/workshops/{id}/rooms/{map_id}/thumbnail");
    Effect::new(move |_| {
        let Some((version, _)) = figures.get() else {
            return;
        };
        if version.is_empty() || asked.get_value() == version {
            return;
        }
        asked.set_value(version.clone());
        let (url, secret) = (url.clone(), secret.clone());
        leptos::task::spawn_local(async move {
            let shown = match http::fetch_file(&url, &secret).await {
                Ok(blob) => web_sys::Url::create_object_url_with_blob(&blob).ok(),
                Err(_) => None,
            };
            match shown {
                // A newer version may have been asked for meanwhile; this
                // one is still newer than what is on the page.
                Some(new) => {
                    if let Some(old) = src.get_untracked() {
                        let _ = web_sys::Url::revoke_object_url(&old);
                    }
                    src.set(Some(new));
                }
                None => asked.set_value(String::new()),
            }
        });
    });
    on_cleanup(move || {
        if let Some(old) = src.get_untracked() {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
    });
    let alt = move || {
        let cards = figures.get().map_or(0, |(_, cards)| cards);
        crate::t!("thumbnail-alt", room = &name, cards = cards)
    };
    view! {
        <div class="room-thumb">
            {move || {
                src.get()
                    .map(|src| view! { <img src=src alt=alt.clone() /> })
            }}
        </div>
    }
}
