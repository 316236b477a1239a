use super::*;
use crate::command::Command;
use crate::ids::SeededIds;
use crate::map_write::create_map;
use crate::model::Author;
use crate::model::CardKind;
use crate::read_map;
use crate::templates::Template;

const ANN: Editor<'static> = Editor {
    name: "Ann",
    role: Role::Patient,
};
const BO: Editor<'static> = Editor {
    name: "Bo",
    role: Role::Professional,
};

fn as_author(e: &Editor<'_>) -> Author {
    Author {
        name: e.name.to_string(),
        role: e.role,
        now_ms: 1_700_000_000_000,
    }
}

fn new_map() -> AutoCommit {
    let mut doc = AutoCommit::new();
    create_map(
        &mut doc,
        "Who",
        Template::PatientJourney,
        &mut SeededIds::new(1),
    )
    .expect("template builds");
    doc
}

/// `by` adds `n` cards to the first cell; their ids.
fn add_cards(doc: &mut AutoCommit, by: &Editor<'_>, n: usize, seed: u64) -> Vec<crate::CardId> {
    let view = read_map(doc).expect("reads");
    let mut ids = SeededIds::new(seed);
    (0..n)
        .map(|i| {
            Command::AddCard {
                stage: view.stages[0].id.clone(),
                lane: view.lanes[0].id.clone(),
                kind: CardKind::Idea,
                text: format!("card {i}"),
            }
            .apply(doc, &as_author(by), &mut ids)
            .expect("adds")
            .expect("an id")
        })
        .collect()
}

/// Applies `write` as one change and checks it as sent by `editor`.
fn checked(
    doc: &mut AutoCommit,
    editor: &Editor<'_>,
    write: impl FnOnce(&mut AutoCommit),
) -> Result<Findings, AuthorshipError> {
    let before = doc.get_heads();
    write(doc);
    doc.commit();
    let changes = doc.get_changes(&before);
    check(doc, &changes, &mut Places::default(), editor, |_| None)
}

#[test]
fn own_cards_are_signed_by_their_maker() {
    let mut doc = new_map();
    let found = checked(&mut doc, &ANN, |d| {
        add_cards(d, &ANN, 2, 7);
    })
    .expect("own cards");
    assert!(found.misattributed.is_empty());
    assert_eq!(found.cards_made, 2);
    assert!(found.touch_signatures(), "made cards are stored first");
}

#[test]
fn editing_and_moving_cards_touch_no_signature_and_deleting_does() {
    let mut doc = new_map();
    let ids = add_cards(&mut doc, &BO, 2, 7);
    let view = read_map(&doc).expect("reads");
    let found = checked(&mut doc, &ANN, |d| {
        let mut seeded = SeededIds::new(9);
        Command::EditText {
            card: ids[0].clone(),
            text: "changed".into(),
        }
        .apply(d, &as_author(&ANN), &mut seeded)
        .expect("edits");
        Command::MoveCard {
            card: ids[1].clone(),
            stage: view.stages[1].id.clone(),
            lane: view.lanes[0].id.clone(),
        }
        .apply(d, &as_author(&ANN), &mut seeded)
        .expect("moves");
    })
    .expect("anyone may edit and move");
    assert!(!found.touch_signatures(), "{found:?}");
    let found = checked(&mut doc, &ANN, |d| {
        Command::DeleteCard {
            card: ids[0].clone(),
        }
        .apply(d, &as_author(&ANN), &mut SeededIds::new(10))
        .expect("deletes");
    })
    .expect("one of another's cards may go");
    assert_eq!((found.cards_made, found.others_deleted), (0, 1));
    assert!(found.touch_signatures());
}

#[test]
fn a_card_in_another_name_is_found_and_signed_again() {
    let mut doc = new_map();
    let found = checked(&mut doc, &ANN, |d| {
        add_cards(d, &BO, 1, 7);
    })
    .expect("accepted, to be signed again");
    assert_eq!(found.misattributed.len(), 1);
    sign(&mut doc, &found.misattributed, &ANN).expect("signs");
    let card = &read_map(&doc).expect("reads").cards[0];
    assert_eq!((card.author.as_str(), card.role), ("Ann", Role::Patient));
}

#[test]
fn rewriting_a_made_cards_author_or_role_is_refused() {
    let mut doc = new_map();
    let ids = add_cards(&mut doc, &BO, 1, 7);
    let card = crate::map_write::card_obj(&doc, &ids[0]).expect("card");
    for (field, value) in [(keys::AUTHOR, "Ann"), (keys::ROLE, "patient")] {
        let mut d = doc.fork();
        let refused = checked(&mut d, &ANN, |d| {
            d.put(&card, field, value).expect("puts");
        });
        assert!(
            matches!(refused, Err(AuthorshipError::Rewrites { .. })),
            "{field}: {refused:?}"
        );
    }
    // Also as Text, as JavaScript Automerge writes strings.
    let refused = checked(&mut doc, &ANN, |d| {
        let t = d
            .put_object(&card, keys::AUTHOR, ObjType::Text)
            .expect("text");
        d.splice_text(&t, 0, 0, "Ann").expect("splices");
    });
    assert!(matches!(refused, Err(AuthorshipError::Rewrites { .. })));
}

#[test]
fn deleting_others_cards_is_counted() {
    let mut doc = new_map();
    let bos = add_cards(&mut doc, &BO, 3, 7);
    let anns = add_cards(&mut doc, &ANN, 2, 8);
    let mut d = doc.fork();
    let found = checked(&mut d, &ANN, |d| {
        for id in bos.iter().chain(&anns) {
            crate::map_write::delete_card(d, id).expect("deletes");
        }
    })
    .expect("deletes are no rewrite");
    assert_eq!(found.others_deleted, 3);
    assert_eq!(found.gone.len(), 5);
    assert_eq!(
        found.gone.iter().filter(|(_, s)| s.author == "Bo").count(),
        3
    );
    let found = checked(&mut doc, &BO, |d| {
        for id in &bos {
            crate::map_write::delete_card(d, id).expect("deletes");
        }
    })
    .expect("own cards");
    assert_eq!(found.others_deleted, 0);
}

#[test]
fn a_handful_at_once_then_more_later() {
    let mut budget = DeletionBudget::default();
    assert!(budget.take(0, 0));
    assert!(budget.take(MAX_OTHERS_DELETED - 1, 1_000));
    assert!(!budget.take(2, 2_000), "six within the window");
    assert!(budget.take(1, 2_000));
    assert!(!budget.take(1, 10_999));
    assert!(
        budget.take(MAX_OTHERS_DELETED - 1, 11_000),
        "the first four expired"
    );
    assert!(
        !budget.take(MAX_OTHERS_DELETED + 1, 60_000),
        "never six in one go"
    );
}

#[test]
fn undo_puts_back_anothers_card_as_it_was() {
    let mut doc = new_map();
    let bos = add_cards(&mut doc, &BO, 1, 7);
    let card = read_map(&doc).expect("reads").cards[0].clone();
    // Deleted and put back in one go (offline), or one after the other.
    let found = checked(&mut doc, &ANN, |d| {
        Command::DeleteCard {
            card: bos[0].clone(),
        }
        .apply(d, &as_author(&ANN), &mut SeededIds::new(3))
        .expect("deletes");
        d.commit();
        Command::RestoreCard { card: card.clone() }
            .apply(d, &as_author(&ANN), &mut SeededIds::new(3))
            .expect("restores");
    })
    .expect("put back");
    assert!(found.misattributed.is_empty(), "{found:?}");
    let gone = found.gone;
    let found = checked(&mut doc, &ANN, |d| {
        Command::DeleteCard {
            card: bos[0].clone(),
        }
        .apply(d, &as_author(&ANN), &mut SeededIds::new(3))
        .expect("deletes");
    })
    .expect("deleted");
    assert_eq!(found.gone, gone);
    let before = doc.get_heads();
    Command::RestoreCard { card }
        .apply(&mut doc, &as_author(&ANN), &mut SeededIds::new(3))
        .expect("restores");
    doc.commit();
    let changes = doc.get_changes(&before);
    let remembered = |id: &str| gone.iter().find(|(g, _)| g == id).map(|(_, s)| s);
    let found = check(&doc, &changes, &mut Places::default(), &ANN, remembered).expect("put back");
    assert!(found.misattributed.is_empty());
    // Unknown to the server, it is signed by whoever puts it back.
    let found = check(&doc, &changes, &mut Places::default(), &ANN, |_| None).expect("accepted");
    assert_eq!(found.misattributed.len(), 1);
}
