//! Dot voting: the panel in which the facilitator starts, reveals and ends
//! a round, and everyone sees the votes they have left and the top cards;
//! and the vote buttons on each idea and pain-point card. The server runs
//! the round: the page asks it (`connection::ask_voting`), hears its own
//! ballot back (`MapState::ballot`) and reads the totals from the map once
//! the facilitator reveals them.

use crate::connection;
use crate::i18n::{t, tr};
use crate::map_state::MapState;
use crate::t;
use crate::words::short;
use comap_shared::voting::{DEFAULT_BUDGET, VotingRequest};
use comap_shared::{Card, CardId, Voting};
use leptos::prelude::*;

/// Asks the server's round for something; offline, the page says why not.
fn ask(state: MapState, request: VotingRequest) {
    if let Err(why) = connection::ask_voting(request) {
        state.notice.set(Some(why.to_string()));
    }
}

/// This person's votes on `card` in `round`, and the votes they have left.
fn mine(state: MapState, round: &Voting, card: Option<&CardId>) -> (u32, u32) {
    state
        .ballot
        .with(|b| match b.as_ref().filter(|b| b.round == round.round) {
            Some(b) => (
                card.and_then(|c| b.votes.get(c)).copied().unwrap_or(0),
                b.left(round.budget),
            ),
            None => (0, round.budget),
        })
}

/// The page's class while only the cards one can vote on are shown.
const ONLY_VOTABLE_CLASS: &str = "only-votable";

fn voting(state: MapState) -> Option<Voting> {
    state.with_voting(|m| m.voting.clone())
}

#[component]
pub fn VotingPanel(state: MapState) -> impl IntoView {
    let budget = RwSignal::new(DEFAULT_BUDGET.to_string());
    let round = Memo::new(move |_| voting(state));
    let open = move || round.with(|r| r.as_ref().is_some_and(|r| r.open));
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let n = budget.get_untracked().trim().parse().unwrap_or(0);
        ask(state, VotingRequest::Start { budget: n });
    };
    view! {
        <section class="panel voting" aria-labelledby="voting-title">
            <h2 id="voting-title">{tr("voting")}</h2>
            <p class="help">{tr("voting-help")}</p>
            {move || {
                round
                    .get()
                    .map(|r| {
                        let (_, left) = mine(state, &r, None);
                        let voters = state
                            .ballot
                            .with(|b| b.as_ref().filter(|b| b.round == r.round).map_or(0, |b| b.voters));
                        let open = r.open;
                        view! {
                            <p class="votes-left" aria-live="polite">
                                {if r.open && state.can_edit.get() {
                                    t!("votes-left", left = left, budget = r.budget)
                                } else if r.open {
                                    t("voting-open")
                                } else {
                                    t("voting-ended")
                                }}
                            </p>
                            {open.then(|| view! { <p class="help voters">{t!("people-voted", n = voters)}</p> })}
                            {open.then(|| view! { <OnlyVotable /> })}
                        }
                    })
            }}
            // The facilitator starts, reveals and ends a round; the others
            // are told who does.
            <Show when=move || state.can_edit.get() && !state.facilitator.get() && !open()>
                <p class="help">{tr("facilitator-runs-voting")}</p>
            </Show>
            <Show when=move || state.can_edit.get() && state.facilitator.get()>
                <Show
                    when=open
                    fallback=move || {
                        view! {
                            <form class="start-voting" on:submit=start>
                                <label for="vote-budget">{tr("votes-per-person")}</label>
                                <input
                                    id="vote-budget"
                                    type="number"
                                    min="1"
                                    max="20"
                                    prop:value=move || budget.get()
                                    on:input=move |ev| budget.set(event_target_value(&ev))
                                />
                                <button type="submit" class="primary">{tr("start-voting")}</button>
                            </form>
                        }
                    }
                >
                    <div class="voting-actions">
                        {move || {
                            let revealed = round.with(|r| r.as_ref().is_some_and(|r| r.revealed));
                            let label = if revealed { t("hide-results") } else { t("reveal-results") };
                            view! {
                                <button on:click=move |_| {
                                    ask(state, VotingRequest::Reveal { revealed: !revealed })
                                }>{label}</button>
                            }
                        }}
                        <button on:click=move |_| ask(state, VotingRequest::End)>{tr("end-voting")}</button>
                    </div>
                </Show>
            </Show>
            {move || round.get().map(|r| view! { <Ranking state round=r /> })}
        </section>
    }
}

/// The cards with votes, most first, once results are shown.
#[component]
fn Ranking(state: MapState, round: Voting) -> impl IntoView {
    if !round.revealed {
        return view! { <p class="help">{tr("results-hidden")}</p> }.into_any();
    }
    let ranking = round.ranking();
    if ranking.is_empty() {
        return view! { <p class="help">{tr("no-votes-yet")}</p> }.into_any();
    }
    let rows = state.map.with_untracked(|m| {
        ranking
            .into_iter()
            .filter_map(|(id, n)| {
                let card = m.as_ref()?.card(&id)?;
                Some((short(&card.text), n))
            })
            .collect::<Vec<_>>()
    });
    view! {
        <h3>{tr("top-cards")}</h3>
        <ol class="ranking">
            {rows
                .into_iter()
                .map(|(text, n)| view! { <li>{move || format!("{text} \u{2014} {}", t!("vote-count", n = n))}</li> })
                .collect_view()}
        </ol>
    }
    .into_any()
}

/// A card's votes: the count once revealed and, while voting is open, this
/// person's votes with Vote and Take back buttons.
#[component]
pub fn CardVotes(state: MapState, card: Card) -> impl IntoView {
    if !card.kind.votable() {
        return ().into_any();
    }
    let id = card.id.clone();
    // Only a change to the round or to this card's votes runs it again.
    let counts = Memo::new(move |_| {
        state.parts.track_round();
        state.parts.track_marks(&id);
        state.read(|m| {
            m.voting.as_ref().map(|r| {
                let (mine, left) = mine(state, r, Some(&id));
                let total = r.revealed.then(|| r.totals.get(&id).copied().unwrap_or(0));
                (r.open, mine, total, left)
            })
        })
    });
    let text = short(&card.text);
    let card_id = card.id.clone();
    view! {
        {move || {
            counts
                .get()
                .map(|(open, mine, total, left)| {
                    let labels = (
                        t!("vote-for", text = text.as_str()),
                        t!("take-back-from", text = text.as_str()),
                    );
                    let buttons = (open && state.can_edit.get())
                        .then(|| view! { <VoteButtons state card=card_id.clone() mine left labels /> });
                    view! {
                        <div class="card-votes">
                            {total.map(|n| view! { <span class="vote-count">{t!("vote-count", n = n)}</span> })}
                            {buttons}
                        </div>
                    }
                })
        }}
    }
    .into_any()
}

/// This person's votes on a card, and the buttons to add and take back one.
#[component]
fn VoteButtons(
    state: MapState,
    card: CardId,
    mine: u32,
    /// This person's votes left in the round: none left, no Vote.
    left: u32,
    labels: (String, String),
) -> impl IntoView {
    let (vote_card, back_card) = (card.clone(), card);
    let none_left = left == 0;
    let none_here = mine == 0;
    view! {
        <span class="my-votes">{move || t!("your-votes", n = mine)}</span>
        <button
            aria-label=labels.0
            disabled=none_left
            title=move || none_left.then(|| t("no-votes-left"))
            on:click=move |_| ask(state, VotingRequest::Vote { card: vote_card.clone() })
        >
            {if none_left { tr("none-left") } else { tr("vote") }}
        </button>
        <button
            aria-label=labels.1
            disabled=none_here
            on:click=move |_| ask(state, VotingRequest::Unvote { card: back_card.clone() })
        >
            {tr("take-back")}
        </button>
    }
}

/// A switch that shows only the cards one can vote on (ideas and pain
/// points) while a round is open.
#[component]
fn OnlyVotable() -> impl IntoView {
    let root = || {
        crate::browser::window()
            .document()
            .and_then(|d| d.document_element())
    };
    let on = RwSignal::new(root().is_some_and(|r| r.class_list().contains(ONLY_VOTABLE_CLASS)));
    // Everything shows again once the round is over.
    on_cleanup(move || {
        if let Some(r) = root() {
            let _ = r.class_list().remove_1(ONLY_VOTABLE_CLASS);
        }
    });
    view! {
        <button
            type="button"
            class="switch"
            aria-pressed=move || if on.get() { "true" } else { "false" }
            on:click=move |_| {
                let now = !on.get_untracked();
                on.set(now);
                if let Some(r) = root() {
                    let _ = r.class_list().toggle_with_force(ONLY_VOTABLE_CLASS, now);
                }
            }
        >
            {tr("only-votable")}
        </button>
    }
}
