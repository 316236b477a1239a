//! The page's top level: picks the home page or a map from the address.

use crate::board::BoardPage;
use crate::browser::{self, Route};
use crate::connection;
use crate::display::DisplayOptions;
use crate::i18n::tr;
use crate::join::JoinForm;
use crate::map_state::MapState;
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
        // The server answers `/` with the facilitator's page (making maps and
        // workshops is not for this page); this one sees another address.
        Route::Home => view! { <NoSuchPage /> }.into_any(),
        Route::Map {
            id,
            secret: Some(secret),
        } => view! { <MapPage id secret /> }.into_any(),
        // The server answers `/w/…` with the facilitator's page; this one
        // sees it only when that page could not be fetched.
        Route::Workshop { .. } => {
            view! { <FatalPage message=tr("dashboard-unreachable") /> }.into_any()
        }
        Route::JoinCode => view! { <crate::join_code::JoinByCode /> }.into_any(),
        Route::Map { secret: None, .. } => {
            view! { <FatalPage message=tr("bad-link") /> }.into_any()
        }
    };
    view! {
        {bar.then(|| view! { <DisplayOptions /> })}
        {page}
    }
}

/// An address that is no map: where to go instead.
#[component]
fn NoSuchPage() -> impl IntoView {
    view! {
        <main class="page">
            <h1>{tr("app-name")}</h1>
            <p role="alert">{tr("no-such-page")}</p>
            <p><a href="/">{tr("go-home")}</a></p>
            <p><a href="/join">{tr("have-a-code")}</a></p>
        </main>
    }
}

/// A page that can only say what went wrong.
#[component]
pub fn FatalPage(#[prop(into)] message: TextProp) -> impl IntoView {
    view! {
        <main class="page">
            <p role="alert" class="fatal">{move || message.get()}</p>
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
