//! What changed between two readings of a map, in terms a person cares
//! about ("Bo added a pain point in Diagnosis"), so a page can announce
//! other people's changes to screen-reader users. Pure: compares two
//! `MapView`s.

use crate::model::{Card, CardKind, MapView, Role};
use std::collections::BTreeMap;

/// Where a card is, by name: its stage and lane, or `None` when unsorted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub stage: String,
    pub lane: String,
}

/// One change worth telling people about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MapEvent {
    /// A new card, with who wrote it (as shown on the card).
    CardAdded {
        author: String,
        role: Role,
        kind: CardKind,
        text: String,
        place: Option<Place>,
    },
    CardRemoved {
        text: String,
    },
    CardMoved {
        text: String,
        place: Option<Place>,
    },
    CardEdited {
        text: String,
    },
    ArrowAdded {
        from: String,
        to: String,
    },
    VotingStarted,
    VotesRevealed,
    VotingEnded,
    StageAdded {
        name: String,
    },
    LaneAdded {
        name: String,
    },
    TitleChanged {
        title: String,
    },
}

/// At most this many events are reported for one change; a bigger change
/// (a paste, a reconnect after a while) is summed up instead.
pub const MAX_EVENTS: usize = 5;

fn place_of(map: &MapView, card: &Card) -> Option<Place> {
    if map.unsorted.iter().any(|c| c.id == card.id) {
        return None;
    }
    Some(Place {
        stage: map.stage(&card.stage)?.name.clone(),
        lane: map.lane(&card.lane)?.name.clone(),
    })
}

/// The events that lead from `before` to `after`, oldest card first. When
/// there are more than `MAX_EVENTS`, returns the first `MAX_EVENTS` and the
/// number left out.
pub fn changes_between(before: &MapView, after: &MapView) -> (Vec<MapEvent>, usize) {
    let old: BTreeMap<_, _> = before.all_cards().map(|c| (&c.id, c)).collect();
    let new: BTreeMap<_, _> = after.all_cards().map(|c| (&c.id, c)).collect();
    let mut events = Vec::new();
    if before.title != after.title {
        events.push(MapEvent::TitleChanged {
            title: after.title.clone(),
        });
    }
    let named = |list: &[(String, String)], other: &[(String, String)]| -> Vec<String> {
        list.iter()
            .filter(|(id, _)| !other.iter().any(|(o, _)| o == id))
            .map(|(_, name)| name.clone())
            .collect()
    };
    let stages = |m: &MapView| -> Vec<(String, String)> {
        m.stages
            .iter()
            .map(|s| (s.id.to_string(), s.name.clone()))
            .collect()
    };
    let lanes = |m: &MapView| -> Vec<(String, String)> {
        m.lanes
            .iter()
            .map(|l| (l.id.to_string(), l.name.clone()))
            .collect()
    };
    for name in named(&stages(after), &stages(before)) {
        events.push(MapEvent::StageAdded { name });
    }
    for name in named(&lanes(after), &lanes(before)) {
        events.push(MapEvent::LaneAdded { name });
    }
    let mut added: Vec<&Card> = new
        .iter()
        .filter(|(id, _)| !old.contains_key(*id))
        .map(|(_, c)| *c)
        .collect();
    added.sort_by_key(|c| c.created_ms);
    for card in added {
        events.push(MapEvent::CardAdded {
            author: card.author.clone(),
            role: card.role,
            kind: card.kind,
            text: card.text.clone(),
            place: place_of(after, card),
        });
    }
    for (id, card) in &old {
        let Some(now) = new.get(id) else {
            events.push(MapEvent::CardRemoved {
                text: card.text.clone(),
            });
            continue;
        };
        let (was, is) = (place_of(before, card), place_of(after, now));
        if was != is {
            events.push(MapEvent::CardMoved {
                text: now.text.clone(),
                place: is,
            });
        } else if card.text != now.text {
            events.push(MapEvent::CardEdited {
                text: now.text.clone(),
            });
        }
    }
    for arrow in &after.connections {
        if before.connection(&arrow.id).is_none()
            && let (Some(from), Some(to)) = (new.get(&arrow.from), new.get(&arrow.to))
        {
            events.push(MapEvent::ArrowAdded {
                from: from.text.clone(),
                to: to.text.clone(),
            });
        }
    }
    let round = |m: &MapView| m.voting.as_ref().map(|v| (v.round.clone(), v.revealed));
    match (round(before), round(after)) {
        (None, Some(_)) => events.push(MapEvent::VotingStarted),
        (Some(_), None) => events.push(MapEvent::VotingEnded),
        (Some((a, _)), Some((b, _))) if a != b => events.push(MapEvent::VotingStarted),
        (Some((_, false)), Some((_, true))) => events.push(MapEvent::VotesRevealed),
        _ => {}
    }
    let left_out = events.len().saturating_sub(MAX_EVENTS);
    events.truncate(MAX_EVENTS);
    (events, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Author, Command, SeededIds, Template, map_write, read_map};
    use automerge::AutoCommit;

    fn author(name: &str, role: Role) -> Author {
        Author {
            name: name.into(),
            role,
            now_ms: 1,
        }
    }

    #[test]
    fn changes_are_told_as_people_see_them() {
        let mut ids = SeededIds::new(4);
        let mut doc = AutoCommit::new();
        map_write::create_map(&mut doc, "Hip", Template::PatientJourney, &mut ids).expect("map");
        let start = read_map(&doc).expect("read");
        let (stage, lane) = (start.stages[3].clone(), start.lanes[5].clone());
        let bo = author("Bo", Role::Professional);
        let card = Command::AddCard {
            stage: stage.id.clone(),
            lane: lane.id.clone(),
            kind: CardKind::PainPoint,
            text: "Lost letter".into(),
        }
        .apply(&mut doc, &bo, &mut ids)
        .expect("add")
        .expect("id");
        let added = read_map(&doc).expect("read");
        let (events, left_out) = changes_between(&start, &added);
        assert_eq!(left_out, 0);
        assert_eq!(
            events,
            vec![MapEvent::CardAdded {
                author: "Bo".into(),
                role: Role::Professional,
                kind: CardKind::PainPoint,
                text: "Lost letter".into(),
                place: Some(Place {
                    stage: stage.name.clone(),
                    lane: lane.name.clone(),
                }),
            }]
        );
        assert_eq!(
            changes_between(&added, &added),
            (vec![], 0),
            "no change, no news"
        );

        let next = start.stages[4].clone();
        Command::MoveCard {
            card: card.clone(),
            stage: next.id.clone(),
            lane: lane.id.clone(),
        }
        .apply(&mut doc, &bo, &mut ids)
        .expect("move");
        let moved = read_map(&doc).expect("read");
        assert_eq!(
            changes_between(&added, &moved).0,
            vec![MapEvent::CardMoved {
                text: "Lost letter".into(),
                place: Some(Place {
                    stage: next.name.clone(),
                    lane: lane.name.clone(),
                }),
            }]
        );

        crate::voting::start(&mut doc, 3, &mut ids).expect("vote");
        doc.commit();
        Command::DeleteCard { card }
            .apply(&mut doc, &bo, &mut ids)
            .expect("delete");
        let last = read_map(&doc).expect("read");
        assert_eq!(
            changes_between(&moved, &last).0,
            vec![
                MapEvent::CardRemoved {
                    text: "Lost letter".into()
                },
                MapEvent::VotingStarted
            ]
        );
    }

    #[test]
    fn a_big_change_is_summed_up() {
        let mut ids = SeededIds::new(5);
        let mut doc = AutoCommit::new();
        map_write::create_map(&mut doc, "Hip", Template::PatientJourney, &mut ids).expect("map");
        let start = read_map(&doc).expect("read");
        for i in 0..8 {
            Command::AddCard {
                stage: start.stages[0].id.clone(),
                lane: start.lanes[0].id.clone(),
                kind: CardKind::Idea,
                text: format!("idea {i}"),
            }
            .apply(&mut doc, &author("Cy", Role::Carer), &mut ids)
            .expect("add");
        }
        let (events, left_out) = changes_between(&start, &read_map(&doc).expect("read"));
        assert_eq!((events.len(), left_out), (MAX_EVENTS, 3));
    }
}
