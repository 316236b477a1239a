//! The values a change may write: ids, counts, emotions, times, numbers, and
//! strings within the limit of the field they are written to.

use super::*;

pub(super) fn words_of(place: Place, key: &str) -> Words {
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
pub(super) fn fits(words: Words, s: &str) -> bool {
    match words {
        Words::Any | Words::Author | Words::Structure => true,
        Words::Kind => CardKind::from_key(s).is_some(),
        Words::Role => Role::from_key(s).is_some(),
        Words::Id => is_id(s),
    }
}

/// An id as Comap makes them (and a room's copies in a plenary).
pub(super) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.chars().count() <= MAX_ID_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Whether `key` of the object at `place` holds a string, and its limit.
pub(super) fn string_limit(place: Place, key: &str) -> Option<usize> {
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

/// A whole number of votes from `min` to the most a person may have.
pub(super) fn is_count(v: &ScalarValue, min: i64) -> bool {
    let max = i64::from(crate::model::MAX_BUDGET);
    match v {
        ScalarValue::Int(i) => (min..=max).contains(i),
        ScalarValue::Uint(u) => i64::try_from(*u).is_ok_and(|u| (min..=max).contains(&u)),
        ScalarValue::F64(f) => f.fract() == 0.0 && (min as f64..=max as f64).contains(f),
        _ => false,
    }
}

/// An emotion: a whole number from -2 to 2.
pub(super) fn is_emotion(v: &ScalarValue) -> bool {
    match v {
        ScalarValue::Int(i) => (-2..=2).contains(i),
        ScalarValue::Uint(u) => *u <= 2,
        ScalarValue::F64(f) => f.fract() == 0.0 && (-2.0..=2.0).contains(f),
        _ => false,
    }
}

/// A creation time from 1970 to 2100.
pub(super) fn is_time(v: &ScalarValue) -> bool {
    let ms = match v {
        ScalarValue::Int(i) | ScalarValue::Timestamp(i) => *i as f64,
        ScalarValue::Uint(u) => *u as f64,
        ScalarValue::F64(f) => *f,
        _ => return false,
    };
    CREATED_RANGE.contains(&ms)
}

pub(super) fn is_number(v: &ScalarValue) -> bool {
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
pub(super) fn string_field(
    place: Place,
    key: &str,
    action: &OpType,
    max: usize,
) -> Result<(), String> {
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
