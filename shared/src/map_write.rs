//! Writing to the map document. Every write goes through these functions;
//! they check their inputs and touch only the keys named in `keys`.

use crate::ModelError;
use crate::fields::Fields;
use crate::i18n::Language;
use crate::ids::{CardId, IdSource, LaneId, StageId};
use crate::keys;
use crate::model::Author;
use crate::model::{CardKind, Feeling, MAX_EMOTION_WORD_CHARS};
use crate::order;
use crate::templates::Template;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc};

mod revert;

pub(crate) use revert::revert_text;

/// The longest card text, in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// The longest map title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// Checks a map title: trimmed, not empty, not too long.
pub fn check_title(title: &str) -> Result<String, ModelError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(ModelError::EmptyTitle);
    }
    let len = title.chars().count();
    if len > MAX_TITLE_CHARS {
        return Err(ModelError::TitleTooLong {
            len,
            max: MAX_TITLE_CHARS,
        });
    }
    Ok(title.to_string())
}

fn check_text(text: &str) -> Result<(), ModelError> {
    let len = text.chars().count();
    if len > MAX_TEXT_CHARS {
        return Err(ModelError::TextTooLong {
            len,
            max: MAX_TEXT_CHARS,
        });
    }
    Ok(())
}

/// Builds a new map from a template (in English) into an empty document
/// and commits.
pub fn create_map(
    doc: &mut AutoCommit,
    title: &str,
    template: Template,
    ids: &mut dyn IdSource,
) -> Result<(), ModelError> {
    create_map_in(doc, title, template, Language::En, ids)
}

/// Builds a new map from a template, its stages and lanes named in
/// `language`, into an empty document and commits.
pub fn create_map_in(
    doc: &mut AutoCommit,
    title: &str,
    template: Template,
    language: Language,
    ids: &mut dyn IdSource,
) -> Result<(), ModelError> {
    let title = check_title(title)?;
    doc.put(ROOT, keys::SCHEMA_VERSION, keys::CURRENT_SCHEMA)?;
    doc.put(ROOT, keys::TITLE, title)?;
    doc.put(ROOT, keys::LANGUAGE, language.code())?;
    let stages = doc.put_object(ROOT, keys::STAGES, ObjType::Map)?;
    let lanes = doc.put_object(ROOT, keys::LANES, ObjType::Map)?;
    doc.put_object(ROOT, keys::CARDS, ObjType::Map)?;
    doc.put_object(ROOT, keys::CONNECTIONS, ObjType::Map)?;
    let mut last: Option<String> = None;
    for name in template.stage_names_in(language) {
        let key = order::between(last.as_deref(), None);
        let id = StageId::fresh(ids);
        put_named(doc, &stages, id.as_str(), name, &key)?;
        last = Some(key);
    }
    let mut last: Option<String> = None;
    for name in template.lane_names_in(language) {
        let key = order::between(last.as_deref(), None);
        let id = LaneId::fresh(ids);
        put_named(doc, &lanes, id.as_str(), name, &key)?;
        last = Some(key);
    }
    doc.commit();
    Ok(())
}

fn put_named(
    doc: &mut AutoCommit,
    parent: &ObjId,
    id: &str,
    name: &str,
    order_key: &str,
) -> Result<(), ModelError> {
    let obj = doc.put_object(parent, id, ObjType::Map)?;
    doc.put(&obj, keys::NAME, name)?;
    doc.put(&obj, keys::ORDER, order_key)?;
    Ok(())
}

/// The object at a root key, which must be a map.
pub(crate) fn root_map(doc: &AutoCommit, key: &str) -> Result<ObjId, ModelError> {
    match doc.get(ROOT, key)? {
        Some((automerge::Value::Object(ObjType::Map), id)) => Ok(id),
        _ => Err(ModelError::NotAMap(format!("missing {key}"))),
    }
}

fn child_map(doc: &AutoCommit, parent: &ObjId, key: &str) -> Option<ObjId> {
    match doc.get(parent, key) {
        Ok(Some((automerge::Value::Object(ObjType::Map), id))) => Some(id),
        _ => None,
    }
}

pub(crate) fn card_obj(doc: &AutoCommit, card: &CardId) -> Result<ObjId, ModelError> {
    let cards = root_map(doc, keys::CARDS)?;
    child_map(doc, &cards, card.as_str()).ok_or_else(|| ModelError::NoSuchCard(card.to_string()))
}

fn check_cell(doc: &AutoCommit, stage: &StageId, lane: &LaneId) -> Result<(), ModelError> {
    let stages = root_map(doc, keys::STAGES)?;
    if child_map(doc, &stages, stage.as_str()).is_none() {
        return Err(ModelError::NoSuchStage(stage.to_string()));
    }
    let lanes = root_map(doc, keys::LANES)?;
    if child_map(doc, &lanes, lane.as_str()).is_none() {
        return Err(ModelError::NoSuchLane(lane.to_string()));
    }
    Ok(())
}

/// An order key after every card already in the cell. Reads only the cards'
/// `pos` objects, not the whole map.
fn end_of_cell(doc: &AutoCommit, stage: &StageId, lane: &LaneId) -> Result<String, ModelError> {
    let cards = root_map(doc, keys::CARDS)?;
    let mut last: Option<String> = None;
    for (_, card) in Fields::of(doc, &cards).maps() {
        let Some(pos) = Fields::of(doc, card)
            .map(keys::POS)
            .map(|p| Fields::of(doc, p))
        else {
            continue;
        };
        if pos.string(doc, keys::STAGE).as_deref() == Some(stage.as_str())
            && pos.string(doc, keys::LANE).as_deref() == Some(lane.as_str())
            && let Some(order_key) = pos.string(doc, keys::ORDER)
            && last.as_ref().is_none_or(|l| &order_key > l)
        {
            last = Some(order_key);
        }
    }
    Ok(order::between(last.as_deref(), None))
}

fn put_pos(
    doc: &mut AutoCommit,
    card: &ObjId,
    stage: &StageId,
    lane: &LaneId,
    order_key: &str,
) -> Result<(), ModelError> {
    let pos = doc.put_object(card, keys::POS, ObjType::Map)?;
    doc.put(&pos, keys::STAGE, stage.as_str())?;
    doc.put(&pos, keys::LANE, lane.as_str())?;
    doc.put(&pos, keys::ORDER, order_key)?;
    Ok(())
}

pub(crate) fn add_card(
    doc: &mut AutoCommit,
    stage: &StageId,
    lane: &LaneId,
    kind: CardKind,
    text: &str,
    author: &Author,
    ids: &mut dyn IdSource,
) -> Result<CardId, ModelError> {
    check_text(text)?;
    check_cell(doc, stage, lane)?;
    let order_key = end_of_cell(doc, stage, lane)?;
    let cards = root_map(doc, keys::CARDS)?;
    let id = CardId::fresh(ids);
    let card = doc.put_object(&cards, id.as_str(), ObjType::Map)?;
    doc.put(&card, keys::KIND, kind.key())?;
    let text_obj = doc.put_object(&card, keys::TEXT, ObjType::Text)?;
    doc.splice_text(&text_obj, 0, 0, text)?;
    doc.put(&card, keys::AUTHOR, author.name.as_str())?;
    doc.put(&card, keys::ROLE, author.role.key())?;
    doc.put(&card, keys::CREATED, author.now_ms)?;
    put_pos(doc, &card, stage, lane, &order_key)?;
    Ok(id)
}

pub(crate) fn edit_text(doc: &mut AutoCommit, card: &CardId, text: &str) -> Result<(), ModelError> {
    check_text(text)?;
    let obj = card_obj(doc, card)?;
    match doc.get(&obj, keys::TEXT)? {
        Some((automerge::Value::Object(ObjType::Text), text_obj)) => {
            doc.update_text(&text_obj, text)?;
        }
        _ => {
            // A card written by another client as a plain string: replace
            // it by a Text object so later edits merge character by character.
            let text_obj = doc.put_object(&obj, keys::TEXT, ObjType::Text)?;
            doc.splice_text(&text_obj, 0, 0, text)?;
        }
    }
    Ok(())
}

pub(crate) fn move_card(
    doc: &mut AutoCommit,
    card: &CardId,
    stage: &StageId,
    lane: &LaneId,
) -> Result<(), ModelError> {
    let obj = card_obj(doc, card)?;
    check_cell(doc, stage, lane)?;
    let order_key = end_of_cell(doc, stage, lane)?;
    put_pos(doc, &obj, stage, lane, &order_key)
}

pub(crate) fn delete_card(doc: &mut AutoCommit, card: &CardId) -> Result<(), ModelError> {
    card_obj(doc, card)?;
    let cards = root_map(doc, keys::CARDS)?;
    doc.delete(&cards, card.as_str())?;
    Ok(())
}

/// Sets or clears how a card felt.
pub(crate) fn set_feeling(
    doc: &mut AutoCommit,
    card: &CardId,
    feeling: Option<&Feeling>,
) -> Result<(), ModelError> {
    let obj = card_obj(doc, card)?;
    let Some(f) = feeling else {
        if doc.get(&obj, keys::EMOTION)?.is_some() {
            doc.delete(&obj, keys::EMOTION)?;
        }
        if doc.get(&obj, keys::EMOTION_WORD)?.is_some() {
            doc.delete(&obj, keys::EMOTION_WORD)?;
        }
        return Ok(());
    };
    if !(-2..=2).contains(&f.emotion) {
        return Err(ModelError::BadEmotion(f.emotion));
    }
    let word = f.word.trim();
    let len = word.chars().count();
    if len > MAX_EMOTION_WORD_CHARS {
        return Err(ModelError::TextTooLong {
            len,
            max: MAX_EMOTION_WORD_CHARS,
        });
    }
    doc.put(&obj, keys::EMOTION, i64::from(f.emotion))?;
    doc.put(&obj, keys::EMOTION_WORD, word)?;
    Ok(())
}

/// Puts back a deleted card with its id, fields and place. Fails if a card
/// with that id exists.
pub(crate) fn restore_card(
    doc: &mut AutoCommit,
    card: &crate::model::Card,
) -> Result<(), ModelError> {
    check_text(&card.text)?;
    let cards = root_map(doc, keys::CARDS)?;
    if child_map(doc, &cards, card.id.as_str()).is_some() {
        return Err(ModelError::ChangedSince);
    }
    let obj = doc.put_object(&cards, card.id.as_str(), ObjType::Map)?;
    doc.put(&obj, keys::KIND, card.kind.key())?;
    let text_obj = doc.put_object(&obj, keys::TEXT, ObjType::Text)?;
    doc.splice_text(&text_obj, 0, 0, &card.text)?;
    doc.put(&obj, keys::AUTHOR, card.author.as_str())?;
    doc.put(&obj, keys::ROLE, card.role.key())?;
    doc.put(&obj, keys::CREATED, card.created_ms)?;
    put_pos(doc, &obj, &card.stage, &card.lane, &card.order)?;
    if let Some(f) = &card.feeling {
        set_feeling(doc, &card.id, Some(f))?;
    }
    if let Some(room) = &card.room {
        doc.put(&obj, keys::ROOM, room.as_str())?;
    }
    Ok(())
}

/// Puts a card at an exact place. The stage or lane may be gone (then the
/// card shows in the Unsorted tray).
pub(crate) fn place_card(
    doc: &mut AutoCommit,
    card: &CardId,
    stage: &StageId,
    lane: &LaneId,
    order_key: &str,
) -> Result<(), ModelError> {
    let obj = card_obj(doc, card)?;
    put_pos(doc, &obj, stage, lane, order_key)
}
