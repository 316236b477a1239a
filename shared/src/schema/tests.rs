use super::*;
use crate::command::Command;
use crate::ids::SeededIds;
use crate::map_write::create_map;
use crate::model::Author;
use crate::read_map;
use crate::templates::Template;
use automerge::transaction::Transactable;
use automerge::{ROOT, ReadDoc};

fn new_map() -> AutoCommit {
    let mut doc = AutoCommit::new();
    create_map(
        &mut doc,
        "Schema",
        Template::PatientJourney,
        &mut SeededIds::new(1),
    )
    .expect("template builds");
    doc
}

/// Applies `write` as one change and checks what it added.
fn check(doc: &mut AutoCommit, write: impl FnOnce(&mut AutoCommit)) -> Result<(), SchemaError> {
    let before = doc.get_heads();
    write(doc);
    doc.commit();
    let changes = doc.get_changes(&before);
    check_changes(doc, &changes)
}

fn author() -> Author {
    Author {
        name: "Ann".into(),
        role: Role::Patient,
        now_ms: 1,
    }
}

#[test]
fn everything_the_model_writes_is_accepted() {
    let mut doc = new_map();
    let all = doc.get_changes(&[]);
    check_changes(&doc, &all).expect("a new map is valid");
    let view = read_map(&doc).expect("reads");
    let (s, l) = (view.stages[0].id.clone(), view.lanes[1].id.clone());
    let mut ids = SeededIds::new(2);
    let before = doc.get_heads();
    let add = Command::AddCard {
        stage: s.clone(),
        lane: l.clone(),
        kind: CardKind::Feeling,
        text: "Waited\nthree hours".into(),
    };
    let card = add
        .apply(&mut doc, &author(), &mut ids)
        .expect("adds")
        .expect("an id");
    for cmd in [
        Command::EditText {
            card: card.clone(),
            text: "Waited four hours".into(),
        },
        Command::MoveCard {
            card: card.clone(),
            stage: view.stages[2].id.clone(),
            lane: l.clone(),
        },
        Command::DeleteCard { card },
    ] {
        cmd.apply(&mut doc, &author(), &mut ids).expect("applies");
    }
    let changes = doc.get_changes(&before);
    assert_eq!(changes.len(), 4);
    check_changes(&doc, &changes).expect("model writes are valid");
}

/// JavaScript Automerge writes every string as a Text object and numbers
/// as floats: such a card is as valid as one written by the model.
#[test]
fn strings_written_as_text_objects_are_accepted() {
    let mut doc = new_map();
    let view = read_map(&doc).expect("reads");
    check(&mut doc, |d| {
        let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
        let card = d.put_object(&cards, "js1", ObjType::Map).expect("card");
        for (k, v) in [
            (keys::KIND, "idea"),
            (keys::TEXT, "From JavaScript"),
            (keys::AUTHOR, "JS"),
            (keys::ROLE, "other"),
        ] {
            let t = d.put_object(&card, k, ObjType::Text).expect("text");
            d.splice_text(&t, 0, 0, v).expect("splice");
        }
        d.put(&card, keys::CREATED, 1.7e12).expect("created");
        let pos = d.put_object(&card, keys::POS, ObjType::Map).expect("pos");
        for (k, v) in [
            (keys::STAGE, view.stages[0].id.as_str()),
            (keys::LANE, view.lanes[0].id.as_str()),
            (keys::ORDER, "i"),
        ] {
            let t = d.put_object(&pos, k, ObjType::Text).expect("text");
            d.splice_text(&t, 0, 0, v).expect("splice");
        }
    })
    .expect("a card written as JavaScript does is valid");
    let view = read_map(&doc).expect("reads");
    assert_eq!(view.cards[0].text, "From JavaScript");
    assert_eq!(view.cards[0].kind, CardKind::Idea);
}

/// Found by the convergence test: after two people set the title at
/// once, setting it to the value it already shows makes Automerge write
/// a delete of the other value. That is a valid change.
#[test]
fn settling_a_conflicting_title_is_accepted() {
    let mut ann = new_map().with_actor(automerge::ActorId::from(b"ann".as_slice()));
    let mut bob = ann
        .fork()
        .with_actor(automerge::ActorId::from(b"bob".as_slice()));
    let mut ids = SeededIds::new(3);
    let title = |t: &str| Command::SetTitle { title: t.into() };
    title("Waiting")
        .apply(&mut ann, &author(), &mut ids)
        .expect("ann");
    title("Phone call")
        .apply(&mut bob, &author(), &mut ids)
        .expect("bob");
    ann.merge(&mut bob).expect("merge");
    let shown = read_map(&ann).expect("reads").title;
    let before = ann.get_heads();
    title(&shown)
        .apply(&mut ann, &author(), &mut ids)
        .expect("settles");
    let changes = ann.get_changes(&before);
    check_changes(&ann, &changes).expect("a valid change");
    // Deleting the title outright is still refused.
    let err = check(&mut ann, |d| d.delete(ROOT, keys::TITLE).expect("delete"));
    assert!(err.is_err());
}

#[test]
fn changes_no_client_would_write_are_refused() {
    type Write = Box<dyn FnOnce(&mut AutoCommit)>;
    let cases: Vec<(&str, Write)> = vec![
        (
            "a card that is a string",
            Box::new(|d| {
                let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
                d.put(&cards, "c1", "garbage").expect("put");
            }),
        ),
        (
            "the cards deleted",
            Box::new(|d| d.delete(ROOT, keys::CARDS).expect("delete")),
        ),
        (
            "an unknown root field",
            Box::new(|d| d.put(ROOT, "secret", 1).expect("put")),
        ),
        (
            "an unknown kind",
            Box::new(|d| {
                let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
                let card = d.put_object(&cards, "c1", ObjType::Map).expect("card");
                d.put(&card, keys::KIND, "bomb").expect("kind");
            }),
        ),
        (
            "an unknown kind written as Text (as JavaScript Automerge does)",
            Box::new(|d| {
                let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
                let card = d.put_object(&cards, "c1", ObjType::Map).expect("card");
                let kind = d
                    .put_object(&card, keys::KIND, ObjType::Text)
                    .expect("kind");
                d.splice_text(&kind, 0, 0, "bomb").expect("splice");
            }),
        ),
        (
            "an unknown role written as Text",
            Box::new(|d| {
                let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
                let card = d.put_object(&cards, "c1", ObjType::Map).expect("card");
                let role = d
                    .put_object(&card, keys::ROLE, ObjType::Text)
                    .expect("role");
                d.splice_text(&role, 0, 0, "admin").expect("splice");
            }),
        ),
        (
            "a kind left as empty Text",
            Box::new(|d| {
                let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
                let card = d.put_object(&cards, "c1", ObjType::Map).expect("card");
                d.put_object(&card, keys::KIND, ObjType::Text)
                    .expect("kind");
            }),
        ),
        (
            "an id with markup",
            Box::new(|d| {
                let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
                d.put_object(&cards, "<b>x</b>", ObjType::Map)
                    .expect("card");
            }),
        ),
        (
            "a card made in a year no one lives",
            Box::new(|d| {
                let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
                let card = d.put_object(&cards, "c1", ObjType::Map).expect("card");
                d.put(&card, keys::CREATED, 1e300).expect("created");
            }),
        ),
        (
            "a card placed in a stage whose id is markup",
            Box::new(|d| {
                let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
                let card = d.put_object(&cards, "c1", ObjType::Map).expect("card");
                let pos = d.put_object(&card, keys::POS, ObjType::Map).expect("pos");
                d.put(&pos, keys::STAGE, "<img src=x>").expect("stage");
            }),
        ),
        (
            "text over the stored limit",
            Box::new(|d| {
                let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
                let card = d.put_object(&cards, "c1", ObjType::Map).expect("card");
                let text = d.put_object(&card, keys::TEXT, ObjType::Text).expect("t");
                let long = "x".repeat(MAX_STORED_TEXT_CHARS + 1);
                d.splice_text(&text, 0, 0, &long).expect("splice");
            }),
        ),
        (
            "a counter",
            Box::new(|d| {
                d.put(ROOT, keys::SCHEMA_VERSION, ScalarValue::counter(1))
                    .expect("put");
                d.increment(ROOT, keys::SCHEMA_VERSION, 1).expect("inc");
            }),
        ),
        (
            "a list under a stage",
            Box::new(|d| {
                let stages = crate::map_write::root_map(d, keys::STAGES).expect("stages");
                let first = d.keys(&stages).next().expect("a stage");
                let stage = match d.get(&stages, &first) {
                    Ok(Some((_, id))) => id,
                    _ => panic!("stage"),
                };
                d.put_object(&stage, "extra", ObjType::List).expect("list");
            }),
        ),
    ];
    for (what, write) in cases {
        let mut doc = new_map();
        let err = check(&mut doc, write).expect_err(what);
        assert!(!err.reason.is_empty(), "{what}");
    }
}

#[test]
fn known_kinds_and_roles_written_as_text_are_accepted() {
    let mut doc = new_map();
    check(&mut doc, |d| {
        let cards = crate::map_write::root_map(d, keys::CARDS).expect("cards");
        let card = d.put_object(&cards, "c1", ObjType::Map).expect("card");
        let kind = d
            .put_object(&card, keys::KIND, ObjType::Text)
            .expect("kind");
        d.splice_text(&kind, 0, 0, CardKind::Idea.key())
            .expect("splice");
        let role = d
            .put_object(&card, keys::ROLE, ObjType::Text)
            .expect("role");
        d.splice_text(&role, 0, 0, Role::Carer.key())
            .expect("splice");
        d.put(&card, keys::CREATED, 1_765_000_000_000_i64)
            .expect("created");
    })
    .expect("a JavaScript client's card");
}

/// A room keeps `Places` from change to change: a place it has seen is
/// remembered, and what may be written there is still checked each time.
#[test]
fn remembered_places_still_refuse_what_does_not_fit() {
    let mut doc = new_map();
    let view = read_map(&doc).expect("reads");
    let mut ids = SeededIds::new(3);
    let mut places = Places::default();
    let mut step = |doc: &mut AutoCommit, write: &dyn Fn(&mut AutoCommit)| {
        let before = doc.get_heads();
        write(doc);
        doc.commit();
        let changes = doc.get_changes(&before);
        check_changes_with(doc, &changes, &mut places)
    };
    let card = Command::AddCard {
        stage: view.stages[0].id.clone(),
        lane: view.lanes[0].id.clone(),
        kind: CardKind::Idea,
        text: "Text me the time".into(),
    }
    .apply(&mut doc, &author(), &mut ids)
    .expect("adds")
    .expect("an id");
    doc.commit();
    let cards = doc.get(ROOT, keys::CARDS).expect("get").expect("cards").1;
    let obj = doc
        .get(&cards, card.as_str())
        .expect("get")
        .expect("card")
        .1;
    let text = doc.get(&obj, keys::TEXT).expect("get").expect("text").1;
    // Seen once, the card and its text are remembered...
    step(&mut doc, &|d| {
        d.update_text(&text, "Text me the time, please")
            .expect("edit");
    })
    .expect("an edit fits");
    // ...and still only what fits is taken.
    let long = "x".repeat(MAX_STORED_TEXT_CHARS + 1);
    let err =
        step(&mut doc, &|d| d.update_text(&text, &long).expect("edit")).expect_err("too long");
    assert!(err.reason.contains("characters"), "{err}");
    let err = step(&mut doc, &|d| {
        d.put(&obj, keys::KIND, 7).expect("put");
    })
    .expect_err("a kind must be a string");
    assert!(!err.reason.is_empty());
}
