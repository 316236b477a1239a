//! What a person can do to a map, as data. The client dispatches commands;
//! `Command::apply` is the only way they reach the document.

use crate::ModelError;
use crate::ids::{CardId, IdSource, LaneId, StageId};
use crate::map_write;
use crate::model::{CardKind, Feeling, Role};
use crate::structure::{self, Axis, Step};
use automerge::AutoCommit;
use serde::{Deserialize, Serialize};

/// Who is making a change, and when (the caller's clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    pub role: Role,
    pub now_ms: i64,
}

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
}

impl Command {
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
