//! What a workshop's facilitator has set for the room, on the board: the
//! workshop's timer, whether the room is locked, and (in the plenary) the
//! workshop's actions.

use crate::i18n::{t, tr};
use crate::map_state::MapState;
use comap_shared::timer::{TimerShown, clock};
use leptos::prelude::*;

/// The timer: "Time left 9:58" or "Time left 9:58 (paused)".
pub fn time_left(clock: &str, running: bool) -> String {
    if running {
        crate::t!("time-left", clock = clock)
    } else {
        crate::t!("time-left-paused", clock = clock)
    }
}

/// Time left at `now` (this page's clock) of a timer told at `told`.
fn left_at(timer: TimerShown, told: f64, now: f64) -> i64 {
    if timer.running {
        timer.left_ms - (now - told) as i64
    } else {
        timer.left_ms
    }
}

/// "Time left 9:58" while the workshop's timer is set, "Time is up" at zero
/// (said once to screen readers, politely; nothing is locked by it).
#[component]
pub fn WorkshopTimer(state: MapState) -> impl IntoView {
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(tick) = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        std::time::Duration::from_millis(500),
    ) {
        on_cleanup(move || tick.clear());
    }
    let left = move || {
        state
            .timer
            .get()
            .map(|(t, told)| (t.running, left_at(t, told, now.get())))
    };
    // The live region speaks when the timer is set, changed or runs out,
    // not every second.
    let said = Memo::new(move |_| {
        let (running, ms) = left()?;
        Some(if ms <= 0 {
            t("time-up").to_string()
        } else if running {
            crate::t!(
                "timer-running",
                clock = clock(state.timer.get()?.0.left_ms).as_str()
            )
        } else {
            crate::t!("timer-paused", clock = clock(ms).as_str())
        })
    });
    view! {
        {move || {
            left()
                .map(|(running, ms)| {
                    let done = ms <= 0;
                    view! {
                        <p class="workshop-timer" role="timer" class:done=done>
                            {if ms <= 0 {
                                t("time-up").to_string()
                            } else {
                                time_left(&clock(ms), running)
                            }}
                        </p>
                    }
                })
        }}
        <p class="visually-hidden" aria-live="polite">{move || said.get()}</p>
    }
}

/// Says the room is locked, and by whom it can still be changed.
#[component]
pub fn RoomLocked(state: MapState) -> impl IntoView {
    view! {
        <Show when=move || state.locked.get()>
            <p class="view-only locked" role="status">
                {move || {
                    if state.facilitator.get() { t("locked-facilitator") } else { t("locked") }
                }}
            </p>
        </Show>
    }
}

/// The workshop's actions, in its plenary: what will change, who (a role)
/// and by when, as the facilitator records them.
#[component]
pub fn PlenaryActions(state: MapState) -> impl IntoView {
    move || {
        let actions = state.actions.get();
        (!actions.is_empty()).then(|| {
            view! {
                <section class="plenary-actions panel" aria-labelledby="plenary-actions-title">
                    <h2 id="plenary-actions-title">{tr("actions")}</h2>
                    <ol>
                        {actions
                            .into_iter()
                            .map(|a| {
                                view! {
                                    <li>
                                        <strong>{a.what}</strong>
                                        <br />
                                        {crate::t!("action-detail", who = &a.who, by = crate::dates::day_in_words(&a.by).as_str())}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ol>
                </section>
            }
        })
    }
}
