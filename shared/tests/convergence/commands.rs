//! The commands the replicas make: random, valid or not, for any person.

use super::*;

pub(super) fn author(who: usize) -> Author {
    Author {
        name: format!("Person {who}"),
        role: Role::ALL[who % Role::ALL.len()],
        now_ms: 1_700_000_000_000 + who as i64,
    }
}

pub(super) fn column_id(view: &MapView, lanes: bool, which: usize) -> Option<String> {
    if lanes {
        let l = view.lanes.get(which % view.lanes.len().max(1))?;
        Some(l.id.to_string())
    } else {
        let s = view.stages.get(which % view.stages.len().max(1))?;
        Some(s.id.to_string())
    }
}

/// The command a local action stands for on this replica's current map, if
/// it can be formed (a card to pick, a stage to pick).
pub(super) fn command(_r: &Replica, view: &MapView, action: &Action) -> Option<Command> {
    let cards: Vec<_> = view.all_cards().collect();
    let card = |i: usize| cards.get(i % cards.len().max(1)).map(|c| c.id.clone());
    let stage = |i: usize| {
        view.stages
            .get(i % view.stages.len().max(1))
            .map(|s| s.id.clone())
    };
    let lane = |i: usize| {
        view.lanes
            .get(i % view.lanes.len().max(1))
            .map(|l| l.id.clone())
    };
    let axis = |lanes: bool| if lanes { Axis::Lanes } else { Axis::Stages };
    Some(match action {
        Action::AddCard {
            stage: s,
            lane: l,
            kind,
            word,
        } => Command::AddCard {
            stage: stage(*s)?,
            lane: lane(*l)?,
            kind: CardKind::ALL[*kind],
            text: WORDS[*word].to_string(),
        },
        Action::EditText { card: c, word } => {
            let id = card(*c)?;
            let old = view.card(&id)?.text.clone();
            Command::EditText {
                card: id,
                text: format!("{old} {}", WORDS[*word])
                    .chars()
                    .take(200)
                    .collect(),
            }
        }
        Action::MoveCard {
            card: c,
            stage: s,
            lane: l,
        } => Command::MoveCard {
            card: card(*c)?,
            stage: stage(*s)?,
            lane: lane(*l)?,
        },
        Action::DeleteCard { card: c } => Command::DeleteCard { card: card(*c)? },
        Action::SetFeeling { card: c, emotion } => Command::SetFeeling {
            card: card(*c)?,
            feeling: Some(Feeling {
                emotion: *emotion,
                word: String::new(),
            }),
        },
        Action::AddColumn { lanes } => Command::AddColumn {
            axis: axis(*lanes),
            name: "New".into(),
        },
        Action::Rename { lanes, which, word } => Command::Rename {
            axis: axis(*lanes),
            id: column_id(view, *lanes, *which)?,
            name: WORDS[*word].into(),
        },
        Action::Reorder {
            lanes,
            which,
            later,
        } => Command::Reorder {
            axis: axis(*lanes),
            id: column_id(view, *lanes, *which)?,
            step: if *later { Step::Later } else { Step::Earlier },
        },
        Action::Remove { lanes, which } => Command::Remove {
            axis: axis(*lanes),
            id: column_id(view, *lanes, *which)?,
        },
        Action::Connect { from, to } => Command::Connect {
            from: card(*from)?,
            to: card(*to)?,
            label: String::new(),
        },
        Action::Disconnect { which } => Command::Disconnect {
            id: view
                .connections
                .get(which % view.connections.len().max(1))?
                .id
                .clone(),
        },
        Action::SetStructureOpen { open } => Command::SetStructureOpen { open: *open },
        Action::SetTitle { word } => Command::SetTitle {
            title: WORDS[*word].into(),
        },
        Action::Undo | Action::Redo => return None,
    })
}
