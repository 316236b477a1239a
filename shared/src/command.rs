//! What a person can do to a map, as data. The client dispatches commands;
//! `Command::apply` is the only way they reach the document.

use crate::ModelError;
use crate::ids::{CardId, ConnectionId, IdSource, LaneId, StageId};
use crate::model::{Author, Card, CardKind, Connection, Feeling};
use crate::structure::{self, Axis, Step};
use crate::{arrows, map_write};
use automerge::AutoCommit;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    AddCard {
        stage: StageId,
        lane: LaneId,
        kind: CardKind,
        text: String,
    },
    EditText {
        card: CardId,
        text: String,
    },
    MoveCard {
        card: CardId,
        stage: StageId,
        lane: LaneId,
    },
    DeleteCard {
        card: CardId,
    },
    /// Sets how a card felt, or clears it with `None`.
    SetFeeling {
        card: CardId,
        feeling: Option<Feeling>,
    },
    SetTitle {
        title: String,
    },
    SetPurpose {
        purpose: String,
    },
    /// Adds a stage or lane at the end.
    AddColumn {
        axis: Axis,
        name: String,
    },
    Rename {
        axis: Axis,
        id: String,
        name: String,
    },
    /// Moves a stage left or right, or a lane up or down, by one place.
    Reorder {
        axis: Axis,
        id: String,
        step: Step,
    },
    /// Removes a stage or lane; its cards go to the Unsorted tray.
    Remove {
        axis: Axis,
        id: String,
    },
    /// Draws an arrow from one card to another.
    Connect {
        from: CardId,
        to: CardId,
        label: String,
    },
    Disconnect {
        id: ConnectionId,
    },
    Relabel {
        id: ConnectionId,
        label: String,
    },
    /// Lets everyone who may edit change the structure (`true`), or only
    /// the facilitator (`false`); the server takes it from the facilitator alone.
    SetStructureOpen {
        open: bool,
    },
    /// Puts back a deleted card as it was (undo).
    RestoreCard {
        card: Card,
    },
    /// Puts a card at an exact place, order included (undo of a move).
    PlaceCard {
        card: CardId,
        stage: StageId,
        lane: LaneId,
        order: String,
    },
    /// Puts back a removed stage or lane, with its id, so its cards return (undo).
    RestoreColumn {
        axis: Axis,
        id: String,
        name: String,
        order: String,
    },
    /// Puts a stage or lane at an exact place in the order (undo of a reorder).
    PlaceColumn {
        axis: Axis,
        id: String,
        order: String,
    },
    /// Puts back a removed arrow (undo).
    RestoreConnection {
        connection: Connection,
    },
    /// Undoes the text edit that turned `before` into `after`: finds what
    /// that edit inserted in the card's current text and puts back what it
    /// replaced, leaving other people's later typing alone.
    RevertText {
        card: CardId,
        before: String,
        after: String,
    },
}

impl Command {
    /// The existing card this command changes, if it changes one.
    pub fn card(&self) -> Option<&CardId> {
        match self {
            Command::EditText { card, .. }
            | Command::MoveCard { card, .. }
            | Command::DeleteCard { card }
            | Command::SetFeeling { card, .. }
            | Command::PlaceCard { card, .. }
            | Command::RevertText { card, .. } => Some(card),
            _ => None,
        }
    }

    /// Applies the command to `doc` and commits it as one change. Returns the
    /// id of the card it created, if any. On error nothing is changed.
    pub fn apply(
        &self,
        doc: &mut AutoCommit,
        author: &Author,
        ids: &mut dyn IdSource,
    ) -> Result<Option<CardId>, ModelError> {
        let result = match self {
            Command::AddCard {
                stage,
                lane,
                kind,
                text,
            } => map_write::add_card(doc, stage, lane, *kind, text, author, ids).map(Some),
            Command::EditText { card, text } => map_write::edit_text(doc, card, text).map(|_| None),
            Command::MoveCard { card, stage, lane } => {
                map_write::move_card(doc, card, stage, lane).map(|_| None)
            }
            Command::DeleteCard { card } => map_write::delete_card(doc, card).map(|_| None),
            Command::SetFeeling { card, feeling } => {
                map_write::set_feeling(doc, card, feeling.as_ref()).map(|_| None)
            }
            Command::SetTitle { title } => structure::set_title(doc, title).map(|_| None),
            Command::SetPurpose { purpose } => structure::set_purpose(doc, purpose).map(|_| None),
            Command::AddColumn { axis, name } => {
                structure::add(doc, *axis, name, ids).map(|_| None)
            }
            Command::Rename { axis, id, name } => {
                structure::rename(doc, *axis, id, name).map(|_| None)
            }
            Command::Reorder { axis, id, step } => {
                structure::move_one(doc, *axis, id, *step).map(|_| None)
            }
            Command::Remove { axis, id } => structure::remove(doc, *axis, id).map(|_| None),
            Command::Connect { from, to, label } => crate::read_map(doc).and_then(|view| {
                arrows::connect(doc, from, to, label, &view.connections, ids).map(|_| None)
            }),
            Command::Disconnect { id } => arrows::disconnect(doc, id).map(|_| None),
            Command::Relabel { id, label } => arrows::relabel(doc, id, label).map(|_| None),
            Command::SetStructureOpen { open } => structure::set_open(doc, *open).map(|_| None),
            Command::RestoreCard { card } => map_write::restore_card(doc, card).map(|_| None),
            Command::PlaceCard {
                card,
                stage,
                lane,
                order,
            } => map_write::place_card(doc, card, stage, lane, order).map(|_| None),
            Command::RestoreColumn {
                axis,
                id,
                name,
                order,
            } => structure::restore(doc, *axis, id, name, order).map(|_| None),
            Command::PlaceColumn { axis, id, order } => {
                structure::place(doc, *axis, id, order).map(|_| None)
            }
            Command::RestoreConnection { connection } => {
                arrows::restore(doc, connection).map(|_| None)
            }
            Command::RevertText {
                card,
                before,
                after,
            } => map_write::revert_text(doc, card, before, after).map(|_| None),
        };
        match result {
            Ok(created) => {
                doc.commit();
                Ok(created)
            }
            Err(e) => {
                doc.rollback();
                Err(e)
            }
        }
    }
}
