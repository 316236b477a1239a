//! The map's schema, enforced on every change a server accepts.
//!
//! `read_map` is forgiving, but a server must not store or pass on changes
//! that no Comap client would write: a card turned into a string, the list of
//! cards deleted, a kind nobody knows, a megabyte of text. [`check_changes`]
//! looks at each operation of newly applied changes, finds where in the map it
//! lands (by the path of the object it targets) and checks it against what may
//! be written there. The cost grows with the size of the changes, not of the
//! map.

use crate::keys;
use crate::model::{CardKind, Role};
use automerge::legacy::{Key, ObjectId, OpType};
use automerge::{AutoCommit, Change, ObjId, ObjType, Prop, ReadDoc, ScalarValue};
use std::collections::HashMap;
use thiserror::Error;

mod values;
use values::*;

/// The longest card text the server stores. Larger than the 2,000 characters
/// a page lets one person type, because two people typing in the same card at
/// once may together go past that.
pub const MAX_STORED_TEXT_CHARS: usize = 10_000;
/// The longest stage or lane name, author name or title stored.
pub const MAX_SHORT_TEXT_CHARS: usize = 200;
/// The longest id (of a stage, lane, card or connection).
pub const MAX_ID_CHARS: usize = 64;
/// The longest order key.
pub const MAX_ORDER_CHARS: usize = 512;

/// Why a change was refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
#[error("change {change} breaks the map's schema: {reason}")]
pub struct SchemaError {
    /// The offending change's hash (hex).
    pub change: String,
    pub reason: String,
}

/// Where an operation lands, by the path of the object it targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Root,
    /// One of the root maps keyed by id: stages, lanes, cards, connections.
    Collection(Collection),
    /// A stage or a lane.
    Named,
    Card,
    CardPos,
    Connection,
    /// The dot-voting round.
    Voting,
    /// The round's totals once revealed: card id to a number of votes.
    Totals,
    /// A Text object holding a string field (card text, or any string a
    /// client wrote as Text, as JavaScript Automerge does by default), with
    /// the field's length limit and what its words must be.
    Text(usize, Words),
    /// Anywhere else: nothing may be written there.
    Elsewhere,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Collection {
    Stages,
    Lanes,
    Cards,
    Connections,
}

impl Collection {
    fn from_key(key: &str) -> Option<Collection> {
        match key {
            keys::STAGES => Some(Collection::Stages),
            keys::LANES => Some(Collection::Lanes),
            keys::CARDS => Some(Collection::Cards),
            keys::CONNECTIONS => Some(Collection::Connections),
            _ => None,
        }
    }
}

/// The longest kind or role key.
const MAX_KEY_CHARS: usize = 32;

/// The earliest and latest creation times taken (milliseconds since the
/// epoch): from 1970 to 2100.
const CREATED_RANGE: std::ops::RangeInclusive<f64> = 0.0..=4_102_444_800_000.0;

/// The place of the object at `path` (map keys from the root).
fn place_of(path: &[Prop]) -> Place {
    let Some((last, parent)) = path.split_last() else {
        return Place::Root;
    };
    let Prop::Map(key) = last else {
        return Place::Elsewhere;
    };
    let parent = place_of(parent);
    match parent {
        Place::Root if key == keys::VOTING => Place::Voting,
        Place::Root => match Collection::from_key(key) {
            Some(c) => Place::Collection(c),
            None => text_place(parent, key),
        },
        Place::Voting if key == keys::TOTALS => Place::Totals,
        Place::Collection(Collection::Stages | Collection::Lanes) => Place::Named,
        Place::Collection(Collection::Cards) => Place::Card,
        Place::Collection(Collection::Connections) => Place::Connection,
        Place::Card if key == keys::POS => Place::CardPos,
        _ => text_place(parent, key),
    }
}

fn text_place(parent: Place, key: &str) -> Place {
    string_limit(parent, key).map_or(Place::Elsewhere, |max| {
        Place::Text(max, words_of(parent, key))
    })
}

/// Checks every operation of `changes`, which have just been applied to
/// `doc`. On an error the caller must not keep the changes.
pub fn check_changes(doc: &AutoCommit, changes: &[Change]) -> Result<(), SchemaError> {
    check_changes_with(doc, changes, &mut Places::default())
}

/// What a string field may hold, however it is written (a string or Text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Words {
    Any,
    /// A card's author's name (any words; marked for `authorship`).
    Author,
    /// A card kind's key.
    Kind,
    /// A role's key.
    Role,
    /// An id: letters, digits, `-` and `_`.
    Id,
    /// A field of the map's structure (its title or purpose, a stage's or
    /// lane's name or order): any words, marked for `rights`.
    Structure,
}

/// Where objects of a document are, remembered between checks: an object
/// never moves (Automerge makes it at one key of one parent for good), and
/// finding its path is the dearest part of a check. Forget it (`clear`)
/// whenever changes are taken out of the document again.
#[derive(Default)]
pub struct Places {
    known: HashMap<ObjectId, (Place, Option<ObjId>)>,
}

/// More objects than this and `Places` starts afresh (memory stays bounded).
const MAX_PLACES: usize = 50_000;

impl Places {
    pub fn clear(&mut self) {
        self.known.clear();
    }

    pub(crate) fn locate(&mut self, doc: &AutoCommit, obj: &ObjectId) -> (Place, Option<ObjId>) {
        if let Some(p) = self.known.get(obj) {
            return p.clone();
        }
        let p = locate(doc, obj);
        if self.known.len() >= MAX_PLACES {
            self.known.clear();
        }
        self.known.insert(obj.clone(), p.clone());
        p
    }
}

/// `check_changes`, remembering where objects are in `places`.
pub fn check_changes_with(
    doc: &AutoCommit,
    changes: &[Change],
    places: &mut Places,
) -> Result<(), SchemaError> {
    // Text objects written to, with the change that first did: their length
    // is checked once each, at the end (it is the length after all of them).
    let mut texts: Vec<(ObjId, usize, Words, String)> = Vec::new();
    // Fields with words of their own made as Text objects: read at the end
    // (one left empty has no operation inside it to be checked by).
    let mut made: Vec<(ObjId, String, Words, String)> = Vec::new();
    for change in changes {
        let fail = |reason: String| SchemaError {
            change: change.hash().to_string(),
            reason,
        };
        for op in change.decode().operations {
            let (place, obj) = places.locate(doc, &op.obj);
            if let Err(why) = check_op(place, &op.key, &op.action)
                && !removes_a_conflict(doc, obj.as_ref(), &op.key, &op.action)
            {
                return Err(fail(why));
            }
            if let (OpType::Make(ObjType::Text), Key::Map(key)) = (&op.action, &op.key) {
                let words = words_of(place, key);
                if !matches!(words, Words::Any | Words::Author | Words::Structure) {
                    let parent = obj.clone().unwrap_or(automerge::ROOT);
                    made.push((parent, key.to_string(), words, change.hash().to_string()));
                }
            }
            if let (Place::Text(max, words), Some(text)) = (place, obj)
                && !texts.iter().any(|(t, _, _, _)| *t == text)
            {
                texts.push((text, max, words, change.hash().to_string()));
            }
        }
    }
    for (parent, key, words, change) in made {
        if let Ok(Some((automerge::Value::Object(ObjType::Text), text))) =
            doc.get(&parent, key.as_str())
        {
            let s = doc.text(&text).unwrap_or_default();
            if !fits(words, &s) {
                return Err(SchemaError {
                    change,
                    reason: format!("{s:?} is not a known {words:?}"),
                });
            }
        }
    }
    for (text, max, words, change) in texts {
        let len = doc.length(&text);
        if len > max {
            return Err(SchemaError {
                change,
                reason: format!("text of {len} characters where at most {max} are kept"),
            });
        }
        if !matches!(words, Words::Any | Words::Author | Words::Structure) {
            let s = doc.text(&text).unwrap_or_default();
            if !fits(words, &s) {
                return Err(SchemaError {
                    change,
                    reason: format!("{s:?} is not a known {words:?}"),
                });
            }
        }
    }
    Ok(())
}

/// Whether a delete only removed one of several conflicting values, leaving
/// the field in place: Automerge writes such a delete when a person sets a
/// field that others had set concurrently to the value it already shows. A
/// field that must never be deleted is still there after it.
fn removes_a_conflict(doc: &AutoCommit, obj: Option<&ObjId>, key: &Key, action: &OpType) -> bool {
    let (OpType::Delete, Key::Map(key)) = (action, key) else {
        return false;
    };
    let obj = obj.cloned().unwrap_or(automerge::ROOT);
    matches!(doc.get(&obj, key.as_str()), Ok(Some(_)))
}

/// The place of an object, from its path in the document.
fn locate(doc: &AutoCommit, obj: &ObjectId) -> (Place, Option<ObjId>) {
    let ObjectId::Id(_) = obj else {
        return (Place::Root, None);
    };
    let Ok(id) = doc.import_obj(&obj.to_string()) else {
        return (Place::Elsewhere, None);
    };
    let Ok(parents) = doc.parents(&id) else {
        return (Place::Elsewhere, None);
    };
    // Parents come innermost first; the path runs from the root.
    let mut path: Vec<Prop> = parents.map(|p| p.prop).collect();
    path.reverse();
    (place_of(&path), Some(id))
}

/// Whether `action` on `key` may be written at `place`.
fn check_op(place: Place, key: &Key, action: &OpType) -> Result<(), String> {
    if matches!(
        action,
        OpType::Increment(_) | OpType::MarkBegin(_) | OpType::MarkEnd(_)
    ) {
        return Err("counters and marks are not part of a map".into());
    }
    if let Place::Text(..) = place {
        return match action {
            OpType::Put(ScalarValue::Str(_)) | OpType::Delete => Ok(()),
            _ => Err("text holds only characters".into()),
        };
    }
    let Key::Map(key) = key else {
        return Err(format!("{place:?} is not a list"));
    };
    let key = key.as_str();
    if let Some(max) = string_limit(place, key) {
        return string_field(place, key, action, max);
    }
    match (place, action) {
        (Place::Collection(_), _) if !is_id(key) => Err(format!(
            "id {key:?} is empty, too long, or has characters ids never have"
        )),
        (Place::Collection(_), OpType::Make(ObjType::Map) | OpType::Delete) => Ok(()),
        (Place::Collection(_), _) => Err(format!("entry {key:?} must be an object")),
        (Place::Root, OpType::Make(ObjType::Map))
            if key == keys::VOTING || Collection::from_key(key).is_some() =>
        {
            Ok(())
        }
        (Place::Voting, OpType::Put(ScalarValue::Str(s))) if key == keys::ROUND && is_id(s) => {
            Ok(())
        }
        (Place::Voting, OpType::Put(v)) if key == keys::BUDGET && is_count(v, 1) => Ok(()),
        (Place::Voting, OpType::Put(ScalarValue::Boolean(_)))
            if key == keys::OPEN || key == keys::REVEALED =>
        {
            Ok(())
        }
        (Place::Voting, OpType::Make(ObjType::Map)) if key == keys::TOTALS => Ok(()),
        (Place::Voting, OpType::Delete) if key == keys::TOTALS => Ok(()),
        (Place::Totals, OpType::Put(ScalarValue::Int(n))) if is_id(key) && *n > 0 => Ok(()),
        (Place::Totals, OpType::Delete) if is_id(key) => Ok(()),
        (Place::Root, OpType::Put(v)) if key == keys::SCHEMA_VERSION && is_number(v) => Ok(()),
        (Place::Root, OpType::Put(ScalarValue::Str(code)))
            if key == keys::LANGUAGE && crate::i18n::Language::from_code(code).is_some() =>
        {
            Ok(())
        }
        (Place::Root, OpType::Put(ScalarValue::Boolean(_))) if key == keys::STRUCTURE_OPEN => {
            Ok(())
        }
        (Place::Card, OpType::Put(v)) if key == keys::CREATED && is_time(v) => Ok(()),
        (Place::Card, OpType::Put(v)) if key == keys::EMOTION && is_emotion(v) => Ok(()),
        (Place::Card, OpType::Delete) if key == keys::EMOTION || key == keys::EMOTION_WORD => {
            Ok(())
        }
        (Place::Card, OpType::Make(ObjType::Map)) if key == keys::POS => Ok(()),
        (_, OpType::Delete) => Err(format!("{key:?} cannot be deleted")),
        _ => Err(format!("no field {key:?} of that type here")),
    }
}

#[cfg(test)]
mod tests;
