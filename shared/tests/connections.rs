//! Arrows between cards: drawn, labelled, removed; refused when they make no
//! sense; skipped on read when a card is gone, and back when it returns.

mod common;
use automerge::AutoCommit;
use comap_shared::map_write::create_map;
use comap_shared::schema::check_changes;
use comap_shared::{CardId, CardKind, Command, ModelError, Role, SeededIds, Template, read_map};
use common::author;

fn setup() -> (AutoCommit, SeededIds, CardId, CardId) {
    let mut doc = AutoCommit::new();
    let mut ids = SeededIds::new(3);
    create_map(&mut doc, "Arrows", Template::PatientJourney, &mut ids).expect("map");
    let view = read_map(&doc).expect("reads");
    let mut add = |text: &str, stage: usize| {
        Command::AddCard {
            stage: view.stages[stage].id.clone(),
            lane: view.lanes[0].id.clone(),
            kind: CardKind::Step,
            text: text.into(),
        }
        .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
        .expect("adds")
        .expect("an id")
    };
    let a = add("Referral letter", 0);
    let b = add("First appointment", 1);
    (doc, ids, a, b)
}

#[test]
fn an_arrow_is_drawn_labelled_and_removed() {
    let (mut doc, mut ids, a, b) = setup();
    let start = doc.get_heads();
    Command::Connect {
        from: a.clone(),
        to: b.clone(),
        label: " leads to ".into(),
    }
    .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
    .expect("connects");
    let view = read_map(&doc).expect("reads");
    assert_eq!(view.connections.len(), 1);
    let arrow = view.connections[0].clone();
    assert_eq!((&arrow.from, &arrow.to), (&a, &b));
    assert_eq!(arrow.label, "leads to");
    assert_eq!(view.connections_of(&b).count(), 1);
    Command::Relabel {
        id: arrow.id.clone(),
        label: "weeks later".into(),
    }
    .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
    .expect("relabels");
    assert_eq!(
        read_map(&doc).expect("reads").connections[0].label,
        "weeks later"
    );
    Command::Disconnect { id: arrow.id }
        .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
        .expect("disconnects");
    assert!(read_map(&doc).expect("reads").connections.is_empty());
    let changes = doc.get_changes(&start);
    check_changes(&doc, &changes).expect("arrows are within the schema");
}

#[test]
fn arrows_that_make_no_sense_are_refused_and_change_nothing() {
    let (mut doc, mut ids, a, b) = setup();
    let connect = |from: &CardId, to: &CardId, label: &str| Command::Connect {
        from: from.clone(),
        to: to.clone(),
        label: label.into(),
    };
    connect(&a, &b, "")
        .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
        .expect("connects");
    let heads = doc.get_heads();
    let cases = [
        (connect(&a, &a, ""), ModelError::SelfConnection),
        (connect(&a, &b, "again"), ModelError::AlreadyConnected),
        (
            connect(&a, &CardId::from_key("cmissing"), ""),
            ModelError::NoSuchCard("cmissing".into()),
        ),
        (
            connect(&b, &a, &"x".repeat(101)),
            ModelError::LabelTooLong { len: 101, max: 100 },
        ),
    ];
    for (cmd, want) in cases {
        assert_eq!(
            cmd.apply(&mut doc, &author("Ann", Role::Patient), &mut ids),
            Err(want)
        );
        assert_eq!(doc.get_heads(), heads, "a refused arrow changes nothing");
    }
    // The other way round is a different arrow.
    connect(&b, &a, "back")
        .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
        .expect("connects back");
    assert_eq!(read_map(&doc).expect("reads").connections.len(), 2);
}

#[test]
fn a_deleted_cards_arrows_disappear_and_return_with_it() {
    let (mut doc, mut ids, a, b) = setup();
    Command::Connect {
        from: a.clone(),
        to: b.clone(),
        label: "then".into(),
    }
    .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
    .expect("connects");
    let card = read_map(&doc)
        .expect("reads")
        .card(&b)
        .cloned()
        .expect("card");
    Command::DeleteCard { card: b.clone() }
        .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
        .expect("deletes");
    let view = read_map(&doc).expect("a dangling arrow never breaks reading");
    assert!(view.connections.is_empty());
    Command::RestoreCard { card }
        .apply(&mut doc, &author("Ann", Role::Patient), &mut ids)
        .expect("restores");
    let view = read_map(&doc).expect("reads");
    assert_eq!(view.connections.len(), 1);
    assert_eq!(view.connections[0].label, "then");
}
