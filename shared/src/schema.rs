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

fn words_of(place: Place, key: &str) -> Words {
    match (place, key) {
        (Place::Card, keys::KIND) => Words::Kind,
        (Place::Card, keys::AUTHOR) => Words::Author,
        (Place::Card, keys::ROLE) => Words::Role,
        (Place::Named, _) | (Place::Root, keys::TITLE | keys::PURPOSE) => Words::Structure,
        (Place::CardPos, keys::STAGE | keys::LANE) | (Place::Connection, keys::FROM | keys::TO) => {
            Words::Id
        }
        _ => Words::Any,
    }
}

/// Whether `s` may be held by a field of `words`.
fn fits(words: Words, s: &str) -> bool {
    match words {
        Words::Any | Words::Author | Words::Structure => true,
        Words::Kind => CardKind::from_key(s).is_some(),
        Words::Role => Role::from_key(s).is_some(),
        Words::Id => is_id(s),
    }
}

/// An id as Comap makes them (and a room's copies in a plenary).
fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= MAX_ID_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The earliest and latest creation times taken (milliseconds since the
/// epoch): from 1970 to 2100.
const CREATED_RANGE: std::ops::RangeInclusive<f64> = 0.0..=4_102_444_800_000.0;

/// Whether `key` of the object at `place` holds a string, and its limit.
fn string_limit(place: Place, key: &str) -> Option<usize> {
    match (place, key) {
        (Place::Root, keys::TITLE) => Some(MAX_SHORT_TEXT_CHARS),
        (Place::Root, keys::PURPOSE) => Some(crate::structure::MAX_PURPOSE_CHARS),
        (Place::Named, keys::NAME) => Some(MAX_SHORT_TEXT_CHARS),
        (Place::Named | Place::CardPos, keys::ORDER) => Some(MAX_ORDER_CHARS),
        (Place::Card, keys::TEXT) => Some(MAX_STORED_TEXT_CHARS),
        (Place::Card, keys::AUTHOR | keys::ROOM) => Some(MAX_SHORT_TEXT_CHARS),
        (Place::Card, keys::KIND | keys::ROLE) => Some(MAX_KEY_CHARS),
        (Place::Card, keys::EMOTION_WORD) => Some(crate::model::MAX_EMOTION_WORD_CHARS),
        (Place::CardPos, keys::STAGE | keys::LANE) => Some(MAX_ID_CHARS),
        (Place::Connection, keys::FROM | keys::TO) => Some(MAX_ID_CHARS),
        (Place::Connection, keys::LABEL) => Some(crate::model::MAX_LABEL_CHARS),
        _ => None,
    }
}

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

/// A whole number of votes from `min` to the most a person may have.
fn is_count(v: &ScalarValue, min: i64) -> bool {
    let max = i64::from(crate::model::MAX_BUDGET);
    match v {
        ScalarValue::Int(i) => (min..=max).contains(i),
        ScalarValue::Uint(u) => i64::try_from(*u).is_ok_and(|u| (min..=max).contains(&u)),
        ScalarValue::F64(f) => f.fract() == 0.0 && (min as f64..=max as f64).contains(f),
        _ => false,
    }
}

/// An emotion: a whole number from -2 to 2.
fn is_emotion(v: &ScalarValue) -> bool {
    match v {
        ScalarValue::Int(i) => (-2..=2).contains(i),
        ScalarValue::Uint(u) => *u <= 2,
        ScalarValue::F64(f) => f.fract() == 0.0 && (-2.0..=2.0).contains(f),
        _ => false,
    }
}

/// A creation time from 1970 to 2100.
fn is_time(v: &ScalarValue) -> bool {
    let ms = match v {
        ScalarValue::Int(i) | ScalarValue::Timestamp(i) => *i as f64,
        ScalarValue::Uint(u) => *u as f64,
        ScalarValue::F64(f) => *f,
        _ => return false,
    };
    CREATED_RANGE.contains(&ms)
}

fn is_number(v: &ScalarValue) -> bool {
    matches!(
        v,
        ScalarValue::Int(_)
            | ScalarValue::Uint(_)
            | ScalarValue::F64(_)
            | ScalarValue::Timestamp(_)
    )
}

/// A string field: a string (checked against the kinds and roles where
/// those are meant), or a Text object (checked as it fills).
fn string_field(place: Place, key: &str, action: &OpType, max: usize) -> Result<(), String> {
    match action {
        OpType::Make(ObjType::Text) => Ok(()),
        OpType::Put(ScalarValue::Str(s)) => {
            if s.chars().count() > max {
                return Err(format!("{key:?} is longer than {max} characters"));
            }
            if fits(words_of(place, key), s) {
                Ok(())
            } else {
                Err(format!("unknown {key} {s:?}"))
            }
        }
        OpType::Delete if place == Place::Card && key == keys::EMOTION_WORD => Ok(()),
        _ => Err(format!("{key:?} must be a string, not {action:?}")),
    }
}

#[cfg(test)]
mod tests {
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
}
