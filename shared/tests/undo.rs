//! Undo and redo of one person's own changes: every kind of change comes
//! back exactly, and other people's changes, interleaved, are never undone.

mod common;
use automerge::{ActorId, AutoCommit};
use comap_shared::map_write::create_map;
use comap_shared::structure::{Axis, Step};
use comap_shared::undo::UndoStack;
use comap_shared::{
    CardId, CardKind, Command, Feeling, MapView, ModelError, Role, SeededIds, Template, read_map,
};
use common::author;

/// One person's replica with their undo history.
struct Person {
    doc: AutoCommit,
    ids: SeededIds,
    stack: UndoStack,
    name: &'static str,
}

impl Person {
    fn view(&self) -> MapView {
        read_map(&self.doc).expect("reads")
    }

    fn run(&mut self, cmd: Command) -> Option<CardId> {
        let before = self.view();
        let created = cmd
            .apply(
                &mut self.doc,
                &author(self.name, Role::Carer),
                &mut self.ids,
            )
            .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
        self.stack.record(&before, &self.view(), &cmd);
        created
    }

    fn undo(&mut self) -> Result<(), ModelError> {
        let before = self.view();
        let cmd = self.stack.take_undo(&before)?.expect("something to undo");
        cmd.apply(
            &mut self.doc,
            &author(self.name, Role::Carer),
            &mut self.ids,
        )?;
        self.stack.undone(&before, &self.view(), &cmd);
        Ok(())
    }

    fn redo(&mut self) -> Result<(), ModelError> {
        let before = self.view();
        let cmd = self.stack.take_redo(&before)?.expect("something to redo");
        cmd.apply(
            &mut self.doc,
            &author(self.name, Role::Carer),
            &mut self.ids,
        )?;
        self.stack.redone(&before, &self.view(), &cmd);
        Ok(())
    }

    fn sync_with(&mut self, other: &mut Person) {
        self.doc.merge(&mut other.doc).expect("merges");
        other.doc.merge(&mut self.doc).expect("merges");
    }
}

fn two_people() -> (Person, Person) {
    let mut doc = AutoCommit::new().with_actor(ActorId::from(b"ann".as_slice()));
    create_map(
        &mut doc,
        "Undo",
        Template::PatientJourney,
        &mut SeededIds::new(1),
    )
    .expect("map");
    let bob_doc = doc.fork().with_actor(ActorId::from(b"bob".as_slice()));
    let ann = Person {
        doc,
        ids: SeededIds::new(2),
        stack: UndoStack::default(),
        name: "Ann",
    };
    let bob = Person {
        doc: bob_doc,
        ids: SeededIds::new(3),
        stack: UndoStack::default(),
        name: "Bob",
    };
    (ann, bob)
}

fn add(p: &mut Person, stage: usize, kind: CardKind, text: &str) -> CardId {
    let view = p.view();
    p.run(Command::AddCard {
        stage: view.stages[stage].id.clone(),
        lane: view.lanes[1].id.clone(),
        kind,
        text: text.into(),
    })
    .expect("an id")
}

#[test]
fn the_whole_history_of_changes_undoes_back_to_the_start() {
    let (mut ann, _) = two_people();
    let start = ann.view();
    let a = add(&mut ann, 0, CardKind::Idea, "Text reminders");
    let b = add(&mut ann, 1, CardKind::Step, "Blood test");
    let view = ann.view();
    let stage = view.stages[1].id.to_string();
    let lane = view.lanes[0].id.to_string();
    let commands = vec![
        Command::EditText {
            card: a.clone(),
            text: "Text and e-mail reminders".into(),
        },
        Command::MoveCard {
            card: a.clone(),
            stage: view.stages[2].id.clone(),
            lane: view.lanes[0].id.clone(),
        },
        Command::SetFeeling {
            card: b.clone(),
            feeling: Some(Feeling {
                emotion: -1,
                word: "worried".into(),
            }),
        },
        Command::SetTitle {
            title: "Renamed".into(),
        },
        Command::SetPurpose {
            purpose: "Our clinic".into(),
        },
        Command::AddColumn {
            axis: Axis::Stages,
            name: "Follow-up".into(),
        },
        Command::Rename {
            axis: Axis::Lanes,
            id: lane,
            name: "What we do".into(),
        },
        Command::Reorder {
            axis: Axis::Stages,
            id: stage.clone(),
            step: Step::Earlier,
        },
        Command::Connect {
            from: a.clone(),
            to: b.clone(),
            label: "then".into(),
        },
        Command::Remove {
            axis: Axis::Stages,
            id: stage,
        },
        Command::DeleteCard { card: b },
    ];
    let mut views = vec![ann.view()];
    for cmd in commands {
        ann.run(cmd);
        views.push(ann.view());
    }
    let end = views.pop().expect("views");
    while let Some(expected) = views.pop() {
        ann.undo().expect("undoes");
        let now = ann.view();
        assert_eq!(now, expected, "undo puts the map back exactly");
    }
    ann.undo().expect("undoes the second card");
    ann.undo().expect("undoes the first card");
    assert_eq!(ann.view(), start);
    assert!(!ann.stack.can_undo());
    for _ in 0..13 {
        ann.redo().expect("redoes");
    }
    let now = ann.view();
    assert_eq!(now.title, end.title);
    assert_eq!(now.stages, end.stages);
    assert_eq!(now.lanes, end.lanes);
    assert_eq!(now.connections.len(), end.connections.len());
    assert_eq!(now.cards.len(), end.cards.len());
    assert!(!ann.stack.can_redo());
}

#[test]
fn undo_never_takes_back_someone_elses_change() {
    let (mut ann, mut bob) = two_people();
    let card = add(&mut ann, 0, CardKind::PainPoint, "The wait was long.");
    ann.sync_with(&mut bob);

    // Ann edits the card; Bob adds a card and then a sentence to Ann's card.
    ann.run(Command::EditText {
        card: card.clone(),
        text: "The wait was very long.".into(),
    });
    ann.sync_with(&mut bob);
    let bobs = add(&mut bob, 1, CardKind::Idea, "Tell people the waiting time");
    bob.run(Command::EditText {
        card: card.clone(),
        text: "The wait was very long. Nobody told us why.".into(),
    });
    ann.sync_with(&mut bob);

    // Ann's undo reverts her own words only.
    ann.undo().expect("undoes the edit");
    let view = ann.view();
    assert_eq!(
        view.card(&card).expect("card").text,
        "The wait was long. Nobody told us why."
    );
    assert!(view.card(&bobs).is_some(), "Bob's card stays");

    // Ann's next undo removes her card, not Bob's.
    ann.undo().expect("undoes the add");
    ann.sync_with(&mut bob);
    let view = bob.view();
    assert!(view.card(&card).is_none());
    assert!(view.card(&bobs).is_some());
    assert!(!ann.stack.can_undo());
}

#[test]
fn a_change_someone_has_since_changed_again_is_not_undone() {
    let (mut ann, mut bob) = two_people();
    let card = add(&mut ann, 0, CardKind::Step, "Scan");
    ann.sync_with(&mut bob);
    let view = ann.view();
    ann.run(Command::MoveCard {
        card: card.clone(),
        stage: view.stages[1].id.clone(),
        lane: view.lanes[1].id.clone(),
    });
    ann.run(Command::SetTitle {
        title: "Ann's title".into(),
    });
    ann.sync_with(&mut bob);
    bob.run(Command::MoveCard {
        card: card.clone(),
        stage: view.stages[3].id.clone(),
        lane: view.lanes[2].id.clone(),
    });
    bob.run(Command::SetTitle {
        title: "Bob's title".into(),
    });
    ann.sync_with(&mut bob);
    assert_eq!(ann.undo(), Err(ModelError::ChangedSince));
    assert_eq!(ann.undo(), Err(ModelError::ChangedSince));
    let view = ann.view();
    assert_eq!(view.title, "Bob's title");
    assert_eq!(view.card(&card).expect("card").stage, view.stages[3].id);
    // The add underneath is still Ann's to undo.
    ann.undo().expect("undoes the add");
    assert!(ann.view().card(&card).is_none());
}
