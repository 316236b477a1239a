//! Who may write where, enforced by the server on every change it accepts
//! (after the schema, which says what may be written at all):
//!
//! - the voting round is the server's own: no page writes it (pages ask the
//!   server with a `voting` frame, and the facilitator's requests alone
//!   start, reveal and end a round);
//! - whether everyone may change the structure is the facilitator's setting;
//! - the structure (the title and purpose, stages and lanes) is changed by
//!   the facilitator, or by anyone who may edit when that setting is on.
//!
//! [`check`] reads the changes just applied, at a cost in proportion to them.

use crate::keys;
use crate::schema::{Collection, Place, Places, Words};
use automerge::legacy::Key;
use automerge::{AutoCommit, Change, ROOT, ReadDoc, Value};
use thiserror::Error;

/// What the sender of the changes may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rights {
    /// Holds the facilitator link.
    pub facilitator: bool,
    /// Everyone who may edit may change the structure now.
    pub structure_open: bool,
}

impl Rights {
    /// Whether these rights include changing the structure.
    pub fn may_change_structure(self) -> bool {
        self.facilitator || self.structure_open
    }
}

/// Why changes were refused.
#[derive(Debug, Error, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    #[error("the voting round is written by the server alone")]
    Voting,
    #[error("only the facilitator may change the map's settings")]
    Setting,
    #[error("only the facilitator may change the structure of this map")]
    Structure,
}

/// Whether everyone may change the structure of `doc`, as set, or else
/// `default` (a workshop's room: no; a map of one's own: yes).
pub fn structure_open(doc: &AutoCommit, default: bool) -> bool {
    match doc.get(ROOT, keys::STRUCTURE_OPEN) {
        Ok(Some((Value::Scalar(v), _))) => v.as_bool().unwrap_or(default),
        _ => default,
    }
}

/// What part of the map an operation at `place` on `key` touches.
fn area(place: Place, key: &Key) -> Option<Denied> {
    let key = match key {
        Key::Map(k) => Some(k.as_str()),
        Key::Seq(_) => None,
    };
    match (place, key) {
        (Place::Voting | Place::Totals, _) => Some(Denied::Voting),
        (Place::Root, Some(keys::VOTING)) => Some(Denied::Voting),
        (Place::Root, Some(keys::STRUCTURE_OPEN | keys::LANGUAGE)) => Some(Denied::Setting),
        (Place::Root, Some(keys::TITLE | keys::PURPOSE | keys::STAGES | keys::LANES))
        | (Place::Collection(Collection::Stages | Collection::Lanes), _)
        | (Place::Named, _)
        | (Place::Text(_, Words::Structure), _) => Some(Denied::Structure),
        _ => None,
    }
}

/// Checks `changes`, just applied to `doc` (and found to fit the schema),
/// against `rights`. On an error the caller must not keep the changes.
pub fn check(
    doc: &AutoCommit,
    changes: &[Change],
    places: &mut Places,
    rights: Rights,
) -> Result<(), Denied> {
    for change in changes {
        for op in change.decode().operations {
            let (place, _) = places.locate(doc, &op.obj);
            match area(place, &op.key) {
                Some(Denied::Voting) => return Err(Denied::Voting),
                Some(Denied::Setting) if !rights.facilitator => return Err(Denied::Setting),
                Some(Denied::Structure) if !rights.may_change_structure() => {
                    return Err(Denied::Structure);
                }
                _ => {}
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::Command;
    use crate::ids::SeededIds;
    use crate::map_write::create_map;
    use crate::model::Author;
    use crate::model::{CardKind, Role};
    use crate::structure::Axis;
    use crate::templates::Template;
    use crate::{read_map, voting};

    const PARTICIPANT: Rights = Rights {
        facilitator: false,
        structure_open: false,
    };
    const FACILITATOR: Rights = Rights {
        facilitator: true,
        structure_open: false,
    };
    const OPEN: Rights = Rights {
        facilitator: false,
        structure_open: true,
    };

    fn new_map() -> (AutoCommit, SeededIds) {
        let mut doc = AutoCommit::new();
        let mut ids = SeededIds::new(3);
        create_map(&mut doc, "Rights", Template::PatientJourney, &mut ids).expect("map");
        (doc, ids)
    }

    /// Applies `cmd` and checks the change it made against each of `rights`.
    fn verdicts(cmd: Command, rights: &[Rights]) -> Vec<Result<(), Denied>> {
        let (mut doc, mut ids) = new_map();
        let before = doc.get_heads();
        let author = Author {
            name: "Ann".into(),
            role: Role::Patient,
            now_ms: 1,
        };
        cmd.apply(&mut doc, &author, &mut ids).expect("applies");
        let changes = doc.get_changes(&before);
        rights
            .iter()
            .map(|r| check(&doc, &changes, &mut Places::default(), *r))
            .collect()
    }

    #[test]
    fn the_structure_is_the_facilitators_unless_opened() {
        let view = read_map(&new_map().0).expect("reads");
        let all = [PARTICIPANT, FACILITATOR, OPEN];
        let refused = vec![Err(Denied::Structure), Ok(()), Ok(())];
        for cmd in [
            Command::SetTitle {
                title: "New".into(),
            },
            Command::SetPurpose {
                purpose: "Why".into(),
            },
            Command::AddColumn {
                axis: Axis::Stages,
                name: "Later".into(),
            },
            Command::Rename {
                axis: Axis::Lanes,
                id: view.lanes[0].id.to_string(),
                name: "Steps".into(),
            },
            Command::Remove {
                axis: Axis::Stages,
                id: view.stages[0].id.to_string(),
            },
        ] {
            assert_eq!(verdicts(cmd.clone(), &all), refused, "{cmd:?}");
        }
        let card = Command::AddCard {
            stage: view.stages[0].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: CardKind::Idea,
            text: "Ring first".into(),
        };
        assert_eq!(verdicts(card, &all), vec![Ok(()), Ok(()), Ok(())]);
        assert_eq!(
            verdicts(Command::SetStructureOpen { open: true }, &all),
            vec![Err(Denied::Setting), Ok(()), Err(Denied::Setting)]
        );
    }

    #[test]
    fn nobody_but_the_server_writes_the_round() {
        let (mut doc, mut ids) = new_map();
        let before = doc.get_heads();
        voting::start(&mut doc, 3, &mut ids).expect("starts");
        doc.commit();
        let changes = doc.get_changes(&before);
        for r in [PARTICIPANT, FACILITATOR, OPEN] {
            assert_eq!(
                check(&doc, &changes, &mut Places::default(), r),
                Err(Denied::Voting)
            );
        }
    }

    #[test]
    fn an_unset_setting_takes_the_default() {
        let (mut doc, mut ids) = new_map();
        assert!(structure_open(&doc, true));
        assert!(!structure_open(&doc, false));
        let author = Author {
            name: "Fay".into(),
            role: Role::Professional,
            now_ms: 1,
        };
        Command::SetStructureOpen { open: false }
            .apply(&mut doc, &author, &mut ids)
            .expect("sets");
        assert!(!structure_open(&doc, true));
        assert_eq!(read_map(&doc).expect("reads").structure_open, Some(false));
    }
}
