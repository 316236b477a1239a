//! Which parts of the map a batch of changes touched, from Automerge's
//! patches: a card, the head (title, purpose, structure setting), the
//! arrows or the voting round; a change to the stages or lanes means the
//! whole map. `map_delta::update` reads only these parts again.

use crate::ids::CardId;
use crate::keys;
use automerge::{Patch, PatchAction, Prop};
use std::collections::BTreeSet;

/// The parts of the map some changes touched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// Read the whole map again (the stages or lanes changed, which moves
    /// cards between cells and the unsorted tray, or the map is new).
    pub whole: bool,
    /// The title, purpose or structure setting.
    pub head: bool,
    pub cards: BTreeSet<CardId>,
    pub connections: bool,
    pub voting: bool,
}

impl Touched {
    /// Everything: read the whole map.
    pub fn whole() -> Touched {
        Touched {
            whole: true,
            ..Touched::default()
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Touched::default()
    }

    /// The parts Automerge's patches say were touched.
    pub fn from_patches(patches: &[Patch]) -> Touched {
        let mut touched = Touched::default();
        for patch in patches {
            touched.add(patch);
        }
        touched
    }

    fn add(&mut self, patch: &Patch) {
        let key = action_key(&patch.action);
        let (top, second) = match patch.path.as_slice() {
            [] => (key, None),
            [(_, top)] => (Some(top.clone()), key),
            [(_, top), (_, second), ..] => (Some(top.clone()), Some(second.clone())),
        };
        let Some(Prop::Map(top)) = top else {
            // Something at the root that is not a map key: read it all.
            self.whole = true;
            return;
        };
        match top.as_str() {
            keys::CARDS => match second {
                Some(Prop::Map(card)) => {
                    self.cards.insert(CardId::from_key(card.as_str()));
                }
                _ => self.whole = true,
            },
            keys::STAGES | keys::LANES => self.whole = true,
            keys::TITLE | keys::PURPOSE | keys::STRUCTURE_OPEN => self.head = true,
            keys::CONNECTIONS => self.connections = true,
            keys::VOTING => self.voting = true,
            // The schema version and anything this model does not read.
            _ => {}
        }
    }
}

/// The key a patch's action changes in its object, if it names one.
fn action_key(action: &PatchAction) -> Option<Prop> {
    match action {
        PatchAction::PutMap { key, .. } | PatchAction::DeleteMap { key } => {
            Some(Prop::Map(key.clone()))
        }
        PatchAction::Increment { prop, .. } | PatchAction::Conflict { prop } => Some(prop.clone()),
        _ => None,
    }
}
