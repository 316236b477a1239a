//! Who is here, and the connection status.

use crate::announce::Announcer;
use crate::i18n::tr;
use crate::map_state::MapState;
use crate::presence::{BringEveryone, FollowButton};
use leptos::prelude::*;

#[component]
pub fn People(state: MapState) -> impl IntoView {
    view! {
        <section class="people" aria-labelledby="people-heading">
            <h2 id="people-heading">{tr("people")}</h2>
            <ul>
                <For
                    each=move || state.peers.get()
                    key=|p| (p.peer, p.name.clone(), p.role)
                    let:p
                >
                    <li>
                        <span class="dot" style=format!("background:{}", p.color) aria-hidden="true"></span>
                        <span class="who">{crate::words::person(&p.name, p.role)}</span>
                        <FollowButton state who=p.clone() />
                    </li>
                </For>
            </ul>
            <BringEveryone state />
            <Announcer state />
        </section>
    }
}
