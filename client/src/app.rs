//! The page's top level: picks the home page or a map from the address.

use crate::board::BoardPage;
use crate::browser::{self, Route};
use crate::connection;
use crate::display::DisplayOptions;
use crate::home::Home;
use crate::join::JoinForm;
use crate::map_state::MapState;
use crate::text;
use comap_shared::Role;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let route = browser::route();
    // A map's page has the display options in its header's menu (and in
    // the bar while its join form shows).
    let bar = !matches!(
        route,
        Route::Map {
            secret: Some(_),
            ..
        }
    );
    let page = match route {
        Route::Home => view! { <Home /> }.into_any(),
        Route::Map {
            id,
            secret: Some(secret),
        } => view! { <MapPage id secret /> }.into_any(),
        // The server answers `/w/…` with the facilitator's page; this one
        // sees it only when that page could not be fetched.
        Route::Workshop { .. } => {
            view! { <FatalPage message=text::DASHBOARD_UNREACHABLE /> }.into_any()
        }
        Route::JoinCode => view! { <crate::join_code::JoinByCode /> }.into_any(),
        Route::Map { secret: None, .. } => {
            view! { <FatalPage message=text::BAD_LINK /> }.into_any()
        }
    };
    view! {
        {bar.then(|| view! { <DisplayOptions /> })}
        {page}
    }
}

/// A page that can only say what went wrong.
#[component]
pub fn FatalPage(message: &'static str) -> impl IntoView {
    view! {
        <main class="page">
            <p role="alert" class="fatal">{message}</p>
        </main>
    }
}

#[component]
fn MapPage(id: String, secret: String) -> impl IntoView {
    let joined = RwSignal::new(false);
    let state = MapState::new();
    // The join screen names the map (when the server can be reached).
    let title = RwSignal::new(None::<String>);
    {
        let (id, secret) = (id.clone(), secret.clone());
        leptos::task::spawn_local(async move {
            let about =
                crate::http::call("GET", &format!("/api/maps/{id}"), None, Some(&secret)).await;
            if let Some(t) = about
                .ok()
                .and_then(|a| a["title"].as_str().map(str::to_string))
            {
                title.set(Some(t));
            }
        });
    }
    let on_join = Callback::new(move |(name, role): (String, Role)| {
        browser::remember(&name, role);
        connection::start(id.clone(), secret.clone(), name, role, state);
        joined.set(true);
    });
    view! {
        <Show
            when=move || joined.get()
            fallback=move || view! {
                <DisplayOptions />
                <JoinForm on_join title />
            }
        >
            <BoardPage state />
        </Show>
    }
}
