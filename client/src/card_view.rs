//! One card: its kind (icon and label), text, author and actions.

use crate::connection::MapState;
use crate::dialogs::Modal;
use crate::text;
use comap_shared::Card;
use leptos::prelude::*;

#[component]
pub fn CardView(state: MapState, modal: RwSignal<Modal>, card: Card) -> impl IntoView {
    let text_id = format!("text-{}", card.id);
    let drag_id = card.id.to_string();
    let (edit_id, move_id, delete_id) = (card.id.clone(), card.id.clone(), card.id.clone());
    view! {
        <article
            class=format!("card kind-{}", card.kind.key())
            draggable=move || if state.can_edit.get() { "true" } else { "false" }
            on:dragstart=move |ev: web_sys::DragEvent| {
                if let Some(dt) = ev.data_transfer() {
                    let _ = dt.set_data("text/plain", &drag_id);
                }
            }
        >
            <p class="kind">
                <span class="icon" aria-hidden="true">{card.kind.icon()}</span>
                " "
                {card.kind.label()}
            </p>
            <p class="text" id=text_id.clone()>{card.text.clone()}</p>
            {card
                .feeling
                .as_ref()
                .map(|f| {
                    view! {
                        <p class="feeling-line">
                            <span class=format!("emotion-dot e{}", f.emotion + 2) aria-hidden="true"></span>
                            {text::feeling(f.emotion, &f.word)}
                        </p>
                    }
                })}
            <p class="author">{text::person(&card.author, card.role.label())}</p>
            <Show when=move || state.can_edit.get()>
                <div class="card-actions">
                    <button
                        aria-describedby=text_id.clone()
                        on:click={
                            let id = edit_id.clone();
                            move |_| modal.set(Modal::Edit(id.clone()))
                        }
                    >
                        {text::EDIT}
                    </button>
                    <button
                        aria-describedby=text_id.clone()
                        on:click={
                            let id = move_id.clone();
                            move |_| modal.set(Modal::Move(id.clone()))
                        }
                    >
                        {text::MOVE}
                    </button>
                    <button
                        aria-describedby=text_id.clone()
                        on:click={
                            let id = delete_id.clone();
                            move |_| modal.set(Modal::Delete(id.clone()))
                        }
                    >
                        {text::DELETE}
                    </button>
                </div>
            </Show>
        </article>
    }
}
