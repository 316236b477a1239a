//! Authorship the server keeps. A card says who wrote it: a name and a role.
//! Names are not accounts, but the name and role a connection gave in its
//! hello are the ones everyone sees it by, so the server holds each
//! connection's changes to them:
//!
//! - a card made by a connection carries that connection's name and role
//!   (a card put back by undo carries its author's, as it had before);
//! - nobody rewrites the author or role of a card already made;
//! - a participant does not delete more than a handful of other people's
//!   cards at once (the facilitator may): [`DeletionBudget`] counts them over
//!   a short window of the server's clock, whichever changes, messages or
//!   moments they come in.
//!
//! [`check`] reads the changes just applied, at a cost in proportion to them.

use crate::keys;
use crate::model::Role;
use crate::schema::{Collection, Place, Places, Words};
use automerge::legacy::{Key, ObjectId, OpId, OpType};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, AutomergeError, Change, ObjId, ObjType, ReadDoc, Value};
use std::collections::HashSet;
use thiserror::Error;

/// The most cards of other people a participant may delete at once: within
/// [`DELETION_WINDOW_MS`].
pub const MAX_OTHERS_DELETED: usize = 5;
/// How long "at once" lasts, in milliseconds.
pub const DELETION_WINDOW_MS: u64 = 10_000;

/// Who sent the changes: the name and role of its hello.
#[derive(Debug, Clone, Copy)]
pub struct Editor<'a> {
    pub name: &'a str,
    pub role: Role,
}

impl Editor<'_> {
    fn signed(&self, s: &Signed) -> bool {
        s.author.trim() == self.name.trim() && s.role == self.role.key()
    }
}

/// A card's author and role as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    pub author: String,
    pub role: String,
}

/// Why changes were refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum AuthorshipError {
    #[error("change {change} rewrites the author or role of a card already made")]
    Rewrites { change: String },
}

/// A participant's deletions of other people's cards over the last
/// [`DELETION_WINDOW_MS`]: at most [`MAX_OTHERS_DELETED`].
#[derive(Debug, Default)]
pub struct DeletionBudget {
    /// When each recent deletion was taken (the server's clock, ms).
    taken: std::collections::VecDeque<u64>,
}

impl DeletionBudget {
    /// Takes `count` deletions at `now_ms` if the budget allows them all.
    pub fn take(&mut self, count: usize, now_ms: u64) -> bool {
        if count == 0 {
            return true;
        }
        while self
            .taken
            .front()
            .is_some_and(|t| now_ms.saturating_sub(*t) >= DELETION_WINDOW_MS)
        {
            self.taken.pop_front();
        }
        if self.taken.len() + count > MAX_OTHERS_DELETED {
            return false;
        }
        self.taken.extend(std::iter::repeat_n(now_ms, count));
        true
    }
}

/// What accepted changes did to authorship.
#[derive(Debug, Default)]
pub struct Findings {
    /// Cards made in the changes that carry another name or role than the
    /// editor's (and are not put back as they were): their ids and objects.
    pub misattributed: Vec<(String, ObjId)>,
    /// Cards the changes deleted, as they were signed.
    pub gone: Vec<(String, Signed)>,
    /// How many of those another person signed.
    pub others_deleted: usize,
    /// How many cards the changes made (signed by anyone).
    pub cards_made: usize,
}

impl Findings {
    /// Whether the changes make or delete cards: what authorship is checked
    /// on. Such changes must come from their own author's connection, so a
    /// server stores them before anyone else holds them (another page
    /// sending them back after a crash would be taken as their author).
    pub fn touch_signatures(&self) -> bool {
        self.cards_made > 0 || !self.gone.is_empty()
    }
}

/// Checks `changes`, just applied to `doc` (and already found to fit the
/// schema), against what `editor` may do. `earlier` tells how a card deleted
/// before was signed, so that undo may put it back as it was.
pub fn check<'e>(
    doc: &AutoCommit,
    changes: &[Change],
    places: &mut Places,
    editor: &Editor<'_>,
    earlier: impl Fn(&str) -> Option<&'e Signed>,
) -> Result<Findings, AuthorshipError> {
    // Objects made by these changes, and the cards among them.
    let mut made: HashSet<ObjectId> = HashSet::new();
    let mut new_cards: Vec<(String, ObjectId)> = Vec::new();
    let mut gone: Vec<(String, Signed)> = Vec::new();
    let mut others_deleted = 0;
    for change in changes {
        let decoded = change.decode();
        for (i, op) in decoded.operations.iter().enumerate() {
            let op_id = OpId::new(decoded.start_op.get() + i as u64, &decoded.actor_id);
            if let OpType::Make(_) = op.action {
                made.insert(ObjectId::Id(op_id.clone()));
            }
            let (place, _) = places.locate(doc, &op.obj);
            match (place, &op.key, &op.action) {
                (
                    Place::Collection(Collection::Cards),
                    Key::Map(card),
                    OpType::Make(ObjType::Map),
                ) => new_cards.push((card.to_string(), ObjectId::Id(op_id))),
                (Place::Collection(Collection::Cards), Key::Map(card), OpType::Delete) => {
                    // A delete names the values it removes: the card objects.
                    for removed in op.pred.iter() {
                        let Some(signed) = signed_by(doc, &ObjectId::Id(removed.clone())) else {
                            continue;
                        };
                        if !editor.signed(&signed) {
                            others_deleted += 1;
                        }
                        gone.push((card.to_string(), signed));
                    }
                }
                (Place::Card, Key::Map(field), _)
                    if (field == keys::AUTHOR || field == keys::ROLE)
                        && !made.contains(&op.obj) =>
                {
                    return Err(AuthorshipError::Rewrites {
                        change: change.hash().to_string(),
                    });
                }
                (Place::Text(_, Words::Author | Words::Role), _, _) if !made.contains(&op.obj) => {
                    return Err(AuthorshipError::Rewrites {
                        change: change.hash().to_string(),
                    });
                }
                _ => {}
            }
        }
    }
    let cards_made = new_cards.len();
    let mut misattributed = Vec::new();
    let cards = match doc.get(automerge::ROOT, keys::CARDS) {
        Ok(Some((Value::Object(ObjType::Map), cards))) => Some(cards),
        _ => None,
    };
    for (card, obj) in new_cards {
        let Ok(obj) = doc.import_obj(&obj.to_string()) else {
            continue;
        };
        // Only a card still in the map (not deleted again) is looked at.
        let shown = cards
            .as_ref()
            .and_then(|cards| doc.get(cards, card.as_str()).ok().flatten())
            .is_some_and(|(_, shown)| shown == obj);
        if !shown {
            continue;
        }
        let signed = signed_at(doc, &obj).unwrap_or(Signed {
            author: String::new(),
            role: String::new(),
        });
        let put_back = earlier(&card) == Some(&signed)
            || gone.iter().any(|(id, s)| *id == card && *s == signed);
        if !editor.signed(&signed) && !put_back {
            misattributed.push((card, obj));
        }
    }
    Ok(Findings {
        misattributed,
        gone,
        others_deleted,
        cards_made,
    })
}

/// Signs `cards` (from [`Findings::misattributed`]) with the editor's name
/// and role, as the connection that made them.
pub fn sign(
    doc: &mut AutoCommit,
    cards: &[(String, ObjId)],
    editor: &Editor<'_>,
) -> Result<(), AutomergeError> {
    for (_, card) in cards {
        doc.put(card, keys::AUTHOR, editor.name.trim())?;
        doc.put(card, keys::ROLE, editor.role.key())?;
    }
    Ok(())
}

/// How the card object `obj` is signed (an object deleted from the map can
/// still be read by its id).
fn signed_by(doc: &AutoCommit, obj: &ObjectId) -> Option<Signed> {
    let obj = doc.import_obj(&obj.to_string()).ok()?;
    signed_at(doc, &obj)
}

fn signed_at(doc: &AutoCommit, obj: &ObjId) -> Option<Signed> {
    Some(Signed {
        author: string_at(doc, obj, keys::AUTHOR)?,
        role: string_at(doc, obj, keys::ROLE)?,
    })
}

/// A string field, written as a string or as Text.
fn string_at(doc: &AutoCommit, obj: &ObjId, key: &str) -> Option<String> {
    match doc.get(obj, key).ok()?? {
        (Value::Scalar(s), _) => s.as_str().map(str::to_string),
        (Value::Object(ObjType::Text), text) => doc.text(&text).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
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
        let found =
            check(&doc, &changes, &mut Places::default(), &ANN, remembered).expect("put back");
        assert!(found.misattributed.is_empty());
        // Unknown to the server, it is signed by whoever puts it back.
        let found =
            check(&doc, &changes, &mut Places::default(), &ANN, |_| None).expect("accepted");
        assert_eq!(found.misattributed.len(), 1);
    }
}
