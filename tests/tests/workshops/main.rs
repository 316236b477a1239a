//! Workshops through the real server's HTTP API: creating one, join codes,
//! the facilitator's view with live figures, refusals, deleting it all.

use anyhow::Result;
use comap_shared::voting::VotingRequest;
use comap_shared::workshop::{JoinTarget, Workshop, normalise_code};
use comap_shared::{CardKind, Command, Role};
use comap_tests::workshops::{
    answer, as_map, assert_bad_request, create, get, made, post_action, unzip,
};
use comap_tests::{CreatedMap, Peer, Server};
use std::time::Duration;

mod controls;
mod creating;
mod join_codes;
mod languages;
mod plenary;

async fn join(server: &Server, code: &str) -> Result<reqwest::Response> {
    Ok(reqwest::get(format!("{}/api/join/{code}", server.http())).await?)
}

/// A card in the first stage and lane of `view`.
fn card(view: &comap_shared::MapView, text: &str) -> Command {
    Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Step,
        text: text.into(),
    }
}
