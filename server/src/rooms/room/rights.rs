//! Who may change what in a room (`comap_shared::rights`): the checks on a
//! peer's changes, the words a refused peer reads, and the setting every
//! map holds from its first opening.

use super::Room;
use comap_shared::rights::{self, Denied, Rights};

/// What a peer whose change was not allowed reads.
pub(super) fn denied_message(denied: Denied) -> &'static str {
    match denied {
        Denied::Structure => {
            "Only the facilitator can change the title, stages and lanes of this map, so that change was not saved."
        }
        Denied::Setting => {
            "Only the facilitator can say who may change the stages and lanes, so that change was not saved."
        }
        Denied::Voting => "Votes go through the voting panel, so that change was not saved.",
    }
}

impl Room {
    /// Whether everyone may change the structure now: as the facilitator set
    /// it, else yes for a map of one's own and no for a workshop's room.
    pub(super) fn structure_open(&self) -> bool {
        rights::structure_open(&self.doc, !self.controls.in_workshop)
    }

    /// Checks `applied`, the changes just applied from `peer`, against what
    /// the peer may do.
    pub(super) fn check_rights(
        &mut self,
        peer: u64,
        applied: &[automerge::Change],
    ) -> Result<(), Denied> {
        let facilitator = self.peers.get(&peer).is_some_and(|p| p.facilitator);
        let held = Rights {
            facilitator,
            structure_open: self.structure_open(),
        };
        rights::check(&self.doc, applied, &mut self.places, held)
    }

    /// A map made before the setting existed gets it written once, as its
    /// default, so every page reads the same rule the room keeps.
    pub(super) async fn settle_structure_setting(&mut self) {
        let set = matches!(
            automerge::ReadDoc::get(
                &self.doc,
                automerge::ROOT,
                comap_shared::keys::STRUCTURE_OPEN
            ),
            Ok(Some(_))
        );
        if set {
            return;
        }
        let before = self.doc.get_heads();
        let open = self.structure_open();
        if let Err(e) = comap_shared::structure::set_open(&mut self.doc, open) {
            tracing::error!(map = %self.id, error = %e, "could not write the structure setting");
            return;
        }
        if let Err(e) = self.store_own_change(&before, "structure setting").await {
            tracing::warn!(map = %self.id, error = e, "structure setting not stored");
        }
    }
}
