//! Undo and redo of one person's own changes. Each command a person applies
//! is recorded with its inverse — a command that puts back what it changed,
//! and only that — computed from the map before and after. Undoing applies
//! the inverse as a new change, so other people's changes, before or after,
//! stay. Where someone else has since changed the very thing (the same title,
//! the same card's place), the undo is skipped rather than overwrite them.

use crate::ModelError;
use crate::command::Command;
use crate::ids::CardId;
use crate::model::{Feeling, MapView};
use crate::structure::Axis;

/// The most steps kept.
pub const MAX_STEPS: usize = 100;

/// What must still be true for an inverse to apply.
#[derive(Debug, Clone, PartialEq)]
enum Expect {
    Nothing,
    CardAt {
        card: CardId,
        stage: crate::StageId,
        lane: crate::LaneId,
    },
    Feeling {
        card: CardId,
        feeling: Option<Feeling>,
    },
    Title(String),
    Purpose(String),
    Name {
        axis: Axis,
        id: String,
        name: String,
    },
    Label {
        id: crate::ConnectionId,
        label: String,
    },
    Order {
        axis: Axis,
        id: String,
        order: String,
    },
}

impl Expect {
    fn holds(&self, now: &MapView) -> bool {
        match self {
            Expect::Nothing => true,
            Expect::CardAt { card, stage, lane } => now
                .card(card)
                .is_some_and(|c| &c.stage == stage && &c.lane == lane),
            Expect::Feeling { card, feeling } => {
                now.card(card).is_some_and(|c| &c.feeling == feeling)
            }
            Expect::Title(t) => &now.title == t,
            Expect::Purpose(p) => &now.purpose == p,
            Expect::Name { axis, id, name } => {
                column(now, *axis, id).is_some_and(|(n, _)| n == name)
            }
            Expect::Order { axis, id, order } => {
                column(now, *axis, id).is_some_and(|(_, o)| o == order)
            }
            Expect::Label { id, label } => now.connection(id).is_some_and(|c| &c.label == label),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
struct UndoStep {
    command: Command,
    expect: Expect,
}

/// One person's undo and redo history for one map.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct UndoStack {
    undo: Vec<UndoStep>,
    redo: Vec<UndoStep>,
}

impl UndoStack {
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Records a command the person applied (not an undo or redo): it can be
    /// undone, and what was undone before can no longer be redone.
    pub fn record(&mut self, before: &MapView, after: &MapView, command: &Command) {
        if let Some(step) = inverse(before, after, command) {
            push(&mut self.undo, step);
            self.redo.clear();
        }
    }

    /// The command that undoes the person's last change, taken off the stack.
    /// `Err(ChangedSince)` when someone else has changed that thing since
    /// (the step is dropped); `Ok(None)` when there is nothing to undo.
    pub fn take_undo(&mut self, now: &MapView) -> Result<Option<Command>, ModelError> {
        take(&mut self.undo, now)
    }

    /// Records an applied undo, so that it can be redone.
    pub fn undone(&mut self, before: &MapView, after: &MapView, command: &Command) {
        if let Some(step) = inverse(before, after, command) {
            push(&mut self.redo, step);
        }
    }

    /// The command that redoes the last undone change, taken off the stack.
    pub fn take_redo(&mut self, now: &MapView) -> Result<Option<Command>, ModelError> {
        take(&mut self.redo, now)
    }

    /// Records an applied redo, so that it can be undone again.
    pub fn redone(&mut self, before: &MapView, after: &MapView, command: &Command) {
        if let Some(step) = inverse(before, after, command) {
            push(&mut self.undo, step);
        }
    }
}

fn push(stack: &mut Vec<UndoStep>, step: UndoStep) {
    stack.push(step);
    if stack.len() > MAX_STEPS {
        stack.remove(0);
    }
}

fn take(stack: &mut Vec<UndoStep>, now: &MapView) -> Result<Option<Command>, ModelError> {
    let Some(step) = stack.pop() else {
        return Ok(None);
    };
    if step.expect.holds(now) {
        Ok(Some(step.command))
    } else {
        Err(ModelError::ChangedSince)
    }
}

/// A stage's or lane's name and order.
fn column<'a>(view: &'a MapView, axis: Axis, id: &str) -> Option<(&'a String, &'a String)> {
    match axis {
        Axis::Stages => view
            .stages
            .iter()
            .find(|s| s.id.as_str() == id)
            .map(|s| (&s.name, &s.order)),
        Axis::Lanes => view
            .lanes
            .iter()
            .find(|l| l.id.as_str() == id)
            .map(|l| (&l.name, &l.order)),
    }
}

fn new_column(before: &MapView, after: &MapView, axis: Axis) -> Option<String> {
    match axis {
        Axis::Stages => after
            .stages
            .iter()
            .find(|s| before.stage(&s.id).is_none())
            .map(|s| s.id.to_string()),
        Axis::Lanes => after
            .lanes
            .iter()
            .find(|l| before.lane(&l.id).is_none())
            .map(|l| l.id.to_string()),
    }
}

fn step(command: Command, expect: Expect) -> Option<UndoStep> {
    Some(UndoStep { command, expect })
}

/// The command that puts back what `command` changed between `before` and
/// `after`, or `None` when it changed nothing that can be put back (a vote
/// starting or ending is not undone: it is everyone's, not one person's).
fn inverse(before: &MapView, after: &MapView, command: &Command) -> Option<UndoStep> {
    use Command as C;
    match command {
        C::AddCard { .. } => {
            let card = after.all_cards().find(|c| before.card(&c.id).is_none())?;
            step(
                C::DeleteCard {
                    card: card.id.clone(),
                },
                Expect::Nothing,
            )
        }
        C::RestoreCard { card } => step(
            C::DeleteCard {
                card: card.id.clone(),
            },
            Expect::Nothing,
        ),
        C::DeleteCard { card } => {
            let card = before.card(card)?.clone();
            step(C::RestoreCard { card }, Expect::Nothing)
        }
        C::EditText { card, .. } | C::RevertText { card, .. } => {
            let was = &before.card(card)?.text;
            let now = &after.card(card)?.text;
            (was != now).then(|| UndoStep {
                command: C::RevertText {
                    card: card.clone(),
                    before: was.clone(),
                    after: now.clone(),
                },
                expect: Expect::Nothing,
            })
        }
        C::MoveCard { card, .. } | C::PlaceCard { card, .. } => {
            let was = before.card(card)?;
            let now = after.card(card)?;
            step(
                C::PlaceCard {
                    card: card.clone(),
                    stage: was.stage.clone(),
                    lane: was.lane.clone(),
                    order: was.order.clone(),
                },
                Expect::CardAt {
                    card: card.clone(),
                    stage: now.stage.clone(),
                    lane: now.lane.clone(),
                },
            )
        }
        C::SetFeeling { card, .. } => {
            let was = before.card(card)?.feeling.clone();
            let now = after.card(card)?.feeling.clone();
            step(
                C::SetFeeling {
                    card: card.clone(),
                    feeling: was,
                },
                Expect::Feeling {
                    card: card.clone(),
                    feeling: now,
                },
            )
        }
        C::SetTitle { .. } => step(
            C::SetTitle {
                title: before.title.clone(),
            },
            Expect::Title(after.title.clone()),
        ),
        C::SetPurpose { .. } => step(
            C::SetPurpose {
                purpose: before.purpose.clone(),
            },
            Expect::Purpose(after.purpose.clone()),
        ),
        C::AddColumn { axis, .. } => {
            let id = new_column(before, after, *axis)?;
            step(C::Remove { axis: *axis, id }, Expect::Nothing)
        }
        C::RestoreColumn { axis, id, .. } => step(
            C::Remove {
                axis: *axis,
                id: id.clone(),
            },
            Expect::Nothing,
        ),
        C::Rename { axis, id, .. } => {
            let (was, _) = column(before, *axis, id)?;
            let (now, _) = column(after, *axis, id)?;
            step(
                C::Rename {
                    axis: *axis,
                    id: id.clone(),
                    name: was.clone(),
                },
                Expect::Name {
                    axis: *axis,
                    id: id.clone(),
                    name: now.clone(),
                },
            )
        }
        C::Reorder { axis, id, .. } | C::PlaceColumn { axis, id, .. } => {
            let (_, was) = column(before, *axis, id)?;
            let (_, now) = column(after, *axis, id)?;
            (was != now).then(|| UndoStep {
                command: C::PlaceColumn {
                    axis: *axis,
                    id: id.clone(),
                    order: was.clone(),
                },
                expect: Expect::Order {
                    axis: *axis,
                    id: id.clone(),
                    order: now.clone(),
                },
            })
        }
        C::Remove { axis, id } => {
            let (name, order) = column(before, *axis, id)?;
            step(
                C::RestoreColumn {
                    axis: *axis,
                    id: id.clone(),
                    name: name.clone(),
                    order: order.clone(),
                },
                Expect::Nothing,
            )
        }
        C::Connect { .. } => {
            let c = after
                .connections
                .iter()
                .find(|c| before.connection(&c.id).is_none())?;
            step(C::Disconnect { id: c.id.clone() }, Expect::Nothing)
        }
        C::RestoreConnection { connection } => step(
            C::Disconnect {
                id: connection.id.clone(),
            },
            Expect::Nothing,
        ),
        C::Disconnect { id } => {
            let connection = before.connection(id)?.clone();
            step(C::RestoreConnection { connection }, Expect::Nothing)
        }
        C::Relabel { id, .. } => {
            let was = before.connection(id)?.label.clone();
            let now = after.connection(id)?.label.clone();
            step(
                C::Relabel {
                    id: id.clone(),
                    label: was,
                },
                Expect::Label {
                    id: id.clone(),
                    label: now,
                },
            )
        }
        C::SetStructureOpen { .. } => None,
    }
}
