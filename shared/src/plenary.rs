//! Bringing breakout rooms' maps into a workshop's plenary map: stages and
//! lanes are matched by name (case and spacing aside) and added at the end
//! when the plenary has none of that name; every card is copied with its
//! author, role, time, feeling and place, tagged with the room's name;
//! arrows between copied cards come too. A card's id in the plenary is made
//! from the room and its own id, so bringing a room again copies only what
//! is new since (cards already brought are left as the plenary has them).
//! Votes are not copied: the plenary votes afresh.

use crate::error::ModelError;
use crate::ids::{CardId, ConnectionId, IdSource, LaneId, StageId};
use crate::map_read::read_map;
use crate::model::{Card, Connection, MapView};
use crate::structure::{self, Axis};
use automerge::AutoCommit;
use std::collections::HashMap;

/// What one room brought.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Brought {
    pub cards: usize,
    pub stages_added: usize,
    pub lanes_added: usize,
}

fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    words(a) == words(b)
}

/// The plenary's id for something of the room `room_map` (first 8
/// characters of the map id are plenty to keep rooms apart).
fn plenary_id(room_map: &str, id: &str) -> String {
    let short: String = room_map.chars().take(8).collect();
    format!("{short}-{id}")
}

/// For each of the room's stages (or lanes), the plenary's of the same name,
/// added when missing; how many were added.
fn match_axis(
    doc: &mut AutoCommit,
    axis: Axis,
    plenary: &[(String, String)],
    room: &[(String, String)],
    ids: &mut dyn IdSource,
) -> Result<(HashMap<String, String>, usize), ModelError> {
    let mut known: Vec<(String, String)> = plenary.to_vec();
    let mut map = HashMap::new();
    let mut added = 0;
    for (room_id, name) in room {
        let found = known
            .iter()
            .find(|(_, n)| same_name(n, name))
            .map(|(id, _)| id.clone());
        let id = match found {
            Some(id) => id,
            None => {
                let id = structure::add(doc, axis, name, ids)?;
                known.push((id.clone(), name.clone()));
                added += 1;
                id
            }
        };
        map.insert(room_id.clone(), id);
    }
    Ok((map, added))
}

/// Copies the map of room `room_map` (named `room_name`, read as `room`)
/// into the plenary `doc`.
pub fn bring(
    doc: &mut AutoCommit,
    room_map: &str,
    room_name: &str,
    room: &MapView,
    ids: &mut dyn IdSource,
) -> Result<Brought, ModelError> {
    let plenary = read_map(doc)?;
    let pairs = |v: &MapView, stages: bool| -> Vec<(String, String)> {
        if stages {
            v.stages
                .iter()
                .map(|s| (s.id.to_string(), s.name.clone()))
                .collect()
        } else {
            v.lanes
                .iter()
                .map(|l| (l.id.to_string(), l.name.clone()))
                .collect()
        }
    };
    let (stages, stages_added) = match_axis(
        doc,
        Axis::Stages,
        &pairs(&plenary, true),
        &pairs(room, true),
        ids,
    )?;
    let (lanes, lanes_added) = match_axis(
        doc,
        Axis::Lanes,
        &pairs(&plenary, false),
        &pairs(room, false),
        ids,
    )?;
    let present: std::collections::HashSet<&str> = plenary
        .cards
        .iter()
        .chain(&plenary.unsorted)
        .map(|c| c.id.as_str())
        .collect();
    let mut copied = 0;
    for card in room.cards.iter().chain(&room.unsorted) {
        let id = plenary_id(room_map, card.id.as_str());
        if present.contains(id.as_str()) {
            continue;
        }
        // A card in the room's Unsorted tray keeps a place nowhere.
        let stage = stages.get(card.stage.as_str()).cloned().unwrap_or_default();
        let lane = lanes.get(card.lane.as_str()).cloned().unwrap_or_default();
        let copy = Card {
            id: CardId::from_key(id),
            stage: StageId::from_key(stage),
            lane: LaneId::from_key(lane),
            room: Some(card.room.clone().unwrap_or_else(|| room_name.to_string())),
            ..card.clone()
        };
        crate::map_write::restore_card(doc, &copy)?;
        copied += 1;
    }
    let present_arrows: std::collections::HashSet<&str> =
        plenary.connections.iter().map(|c| c.id.as_str()).collect();
    for c in &room.connections {
        let id = plenary_id(room_map, c.id.as_str());
        if present_arrows.contains(id.as_str()) {
            continue;
        }
        crate::arrows::restore(
            doc,
            &Connection {
                id: ConnectionId::from_key(id),
                from: CardId::from_key(plenary_id(room_map, c.from.as_str())),
                to: CardId::from_key(plenary_id(room_map, c.to.as_str())),
                label: c.label.clone(),
            },
        )?;
    }
    Ok(Brought {
        cards: copied,
        stages_added,
        lanes_added,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::Command;
    use crate::ids::SeededIds;
    use crate::map_write::create_map;
    use crate::model::Author;
    use crate::model::{CardKind, Role};
    use crate::templates::Template;

    fn map(title: &str, seed: u64) -> AutoCommit {
        let mut doc = AutoCommit::new();
        create_map(
            &mut doc,
            title,
            Template::PatientJourney,
            &mut SeededIds::new(seed),
        )
        .expect("template builds");
        doc
    }

    fn run(doc: &mut AutoCommit, cmd: Command, ids: &mut SeededIds) -> Option<CardId> {
        let author = Author {
            name: "Ann".into(),
            role: Role::Carer,
            now_ms: 5,
        };
        cmd.apply(doc, &author, ids).expect("command applies")
    }

    #[test]
    fn rooms_merge_by_stage_and_lane_name_with_their_tags_and_only_once() {
        let mut ids = SeededIds::new(9);
        let mut plenary = map("Course — Plenary", 1);
        let mut red = map("Course — Red", 2);
        let mut blue = map("Course — Blue", 3);
        let view = read_map(&red).expect("red");
        let (stage, lane) = (view.stages[1].clone(), view.lanes[0].clone());
        let first = run(
            &mut red,
            Command::AddCard {
                stage: stage.id.clone(),
                lane: lane.id.clone(),
                kind: CardKind::PainPoint,
                text: "Waited weeks".into(),
            },
            &mut ids,
        )
        .expect("card");
        let second = run(
            &mut red,
            Command::AddCard {
                stage: stage.id.clone(),
                lane: lane.id.clone(),
                kind: CardKind::Idea,
                text: "Text reminders".into(),
            },
            &mut ids,
        )
        .expect("card");
        run(
            &mut red,
            Command::Connect {
                from: first,
                to: second,
                label: "so".into(),
            },
            &mut ids,
        );
        // Blue calls one stage differently, and writes another in other
        // case and spacing (still the same stage).
        let blue_view = read_map(&blue).expect("blue");
        run(
            &mut blue,
            Command::Rename {
                axis: Axis::Stages,
                id: blue_view.stages[0].id.to_string(),
                name: "Waiting list".into(),
            },
            &mut ids,
        );
        let shouted = blue_view.stages[1].name.to_uppercase().replace(' ', "  ");
        run(
            &mut blue,
            Command::Rename {
                axis: Axis::Stages,
                id: blue_view.stages[1].id.to_string(),
                name: shouted,
            },
            &mut ids,
        );
        run(
            &mut blue,
            Command::AddCard {
                stage: blue_view.stages[0].id.clone(),
                lane: blue_view.lanes[2].id.clone(),
                kind: CardKind::Step,
                text: "Letter came".into(),
            },
            &mut ids,
        );
        let stages_before = read_map(&plenary).expect("plenary").stages.len();

        let red_view = read_map(&red).expect("red");
        let got = bring(&mut plenary, "RedMap000001", "Red", &red_view, &mut ids).expect("red");
        assert_eq!(
            got,
            Brought {
                cards: 2,
                stages_added: 0,
                lanes_added: 0
            }
        );
        let blue_view = read_map(&blue).expect("blue");
        let got = bring(&mut plenary, "BlueMap00001", "Blue", &blue_view, &mut ids).expect("blue");
        assert_eq!(
            got,
            Brought {
                cards: 1,
                stages_added: 1,
                lanes_added: 0
            }
        );

        let p = read_map(&plenary).expect("plenary");
        assert_eq!(p.stages.len(), stages_before + 1);
        assert_eq!(
            p.stages.last().map(|s| s.name.as_str()),
            Some("Waiting list")
        );
        let tagged: Vec<(&str, &str, &str)> = p
            .cards
            .iter()
            .map(|c| {
                let stage = p
                    .stages
                    .iter()
                    .find(|s| s.id == c.stage)
                    .map_or("", |s| s.name.as_str());
                (c.text.as_str(), stage, c.room.as_deref().unwrap_or(""))
            })
            .collect();
        assert!(
            tagged.contains(&("Waited weeks", stage.name.as_str(), "Red")),
            "{tagged:?}"
        );
        assert!(tagged.contains(&("Text reminders", stage.name.as_str(), "Red")));
        assert!(tagged.contains(&("Letter came", "Waiting list", "Blue")));
        assert!(
            p.cards
                .iter()
                .all(|c| c.author == "Ann" && c.role == Role::Carer)
        );
        assert_eq!(p.connections.len(), 1);
        assert_eq!(p.connections[0].label, "so");

        // Again: nothing new, nothing doubled.
        let got = bring(&mut plenary, "RedMap000001", "Red", &red_view, &mut ids).expect("again");
        assert_eq!(got, Brought::default());
        assert_eq!(read_map(&plenary).expect("plenary").cards.len(), 3);
        // The tags reach the exports: the CSV's last column, the JSON.
        let p = read_map(&plenary).expect("plenary");
        let csv = crate::export::to_csv(&p, crate::i18n::built_in(p.language), Default::default());
        assert!(
            csv.lines()
                .any(|l| l.contains("Letter came") && l.ends_with(",Blue")),
            "{csv}"
        );
        assert!(crate::export::to_json(&p).contains(r#""room": "Red""#));
        // And the result is a map the server would take.
        plenary.commit();
        let changes = plenary.get_changes(&[]);
        crate::schema::check_changes(&plenary, &changes).expect("schema");
    }
}
