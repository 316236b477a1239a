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
mod tests;
