//! Changing the map's structure: the title and purpose, and adding, renaming,
//! reordering and removing stages and lanes. Removing a stage or lane never
//! touches its cards: `read_map` returns them in the Unsorted tray, from
//! which they can be moved back.

use crate::ModelError;
use crate::ids::IdSource;
use crate::keys;
use crate::map_write::root_map;
use crate::order;
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjType, ROOT, ReadDoc, Value};
use serde::{Deserialize, Serialize};

/// The longest stage or lane name, in characters.
pub const MAX_NAME_CHARS: usize = 80;
/// The longest purpose text, in characters.
pub const MAX_PURPOSE_CHARS: usize = 500;

/// Stages (columns) or lanes (rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Axis {
    Stages,
    Lanes,
}

impl Axis {
    fn key(self) -> &'static str {
        match self {
            Axis::Stages => keys::STAGES,
            Axis::Lanes => keys::LANES,
        }
    }

    fn missing(self, id: &str) -> ModelError {
        match self {
            Axis::Stages => ModelError::NoSuchStage(id.to_string()),
            Axis::Lanes => ModelError::NoSuchLane(id.to_string()),
        }
    }
}

/// One step earlier (left, up) or later (right, down).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    Earlier,
    Later,
}

fn check_name(name: &str) -> Result<String, ModelError> {
    let name = name.trim();
    let len = name.chars().count();
    if len == 0 {
        return Err(ModelError::EmptyName);
    }
    if len > MAX_NAME_CHARS {
        return Err(ModelError::NameTooLong {
            len,
            max: MAX_NAME_CHARS,
        });
    }
    Ok(name.to_string())
}

/// The entries of a stage or lane map as (order, id), sorted as `read_map` does.
fn sorted(doc: &AutoCommit, axis: Axis) -> Result<Vec<(String, String)>, ModelError> {
    let obj = root_map(doc, axis.key())?;
    let mut entries: Vec<(String, String)> = doc
        .keys(&obj)
        .filter_map(|id| {
            let entry = match doc.get(&obj, &id) {
                Ok(Some((Value::Object(ObjType::Map), e))) => e,
                _ => return None,
            };
            let order = match doc.get(&entry, keys::ORDER) {
                Ok(Some((Value::Scalar(s), _))) => s.as_str().unwrap_or_default().to_string(),
                Ok(Some((Value::Object(ObjType::Text), t))) => doc.text(&t).unwrap_or_default(),
                _ => String::new(),
            };
            Some((order, id))
        })
        .collect();
    entries.sort();
    Ok(entries)
}

/// Adds a stage or lane after the last one; returns its id.
pub(crate) fn add(
    doc: &mut AutoCommit,
    axis: Axis,
    name: &str,
    ids: &mut dyn IdSource,
) -> Result<String, ModelError> {
    let name = check_name(name)?;
    let last = sorted(doc, axis)?.pop().map(|(order, _)| order);
    let key = order::between(last.as_deref(), None);
    let id = match axis {
        Axis::Stages => crate::StageId::fresh(ids).to_string(),
        Axis::Lanes => crate::LaneId::fresh(ids).to_string(),
    };
    let parent = root_map(doc, axis.key())?;
    let entry = doc.put_object(&parent, id.as_str(), ObjType::Map)?;
    doc.put(&entry, keys::NAME, name)?;
    doc.put(&entry, keys::ORDER, key)?;
    Ok(id)
}

fn entry(doc: &AutoCommit, axis: Axis, id: &str) -> Result<automerge::ObjId, ModelError> {
    let parent = root_map(doc, axis.key())?;
    match doc.get(&parent, id)? {
        Some((Value::Object(ObjType::Map), e)) => Ok(e),
        _ => Err(axis.missing(id)),
    }
}

pub(crate) fn rename(
    doc: &mut AutoCommit,
    axis: Axis,
    id: &str,
    name: &str,
) -> Result<(), ModelError> {
    let name = check_name(name)?;
    let e = entry(doc, axis, id)?;
    doc.put(&e, keys::NAME, name)?;
    Ok(())
}

/// Moves a stage or lane one place; at either end it stays where it is.
pub(crate) fn move_one(
    doc: &mut AutoCommit,
    axis: Axis,
    id: &str,
    step: Step,
) -> Result<(), ModelError> {
    let e = entry(doc, axis, id)?;
    let all = sorted(doc, axis)?;
    let Some(i) = all.iter().position(|(_, eid)| eid == id) else {
        return Err(axis.missing(id));
    };
    let at = |j: usize| all.get(j).map(|(o, _)| o.as_str());
    let key = match step {
        Step::Earlier if i == 0 => return Ok(()),
        Step::Earlier => order::between(i.checked_sub(2).and_then(at), at(i - 1)),
        Step::Later if i + 1 == all.len() => return Ok(()),
        Step::Later => order::between(at(i + 1), at(i + 2)),
    };
    doc.put(&e, keys::ORDER, key)?;
    Ok(())
}

pub(crate) fn remove(doc: &mut AutoCommit, axis: Axis, id: &str) -> Result<(), ModelError> {
    entry(doc, axis, id)?;
    let parent = root_map(doc, axis.key())?;
    doc.delete(&parent, id)?;
    Ok(())
}

pub(crate) fn set_title(doc: &mut AutoCommit, title: &str) -> Result<(), ModelError> {
    let title = crate::map_write::check_title(title)?;
    doc.put(ROOT, keys::TITLE, title)?;
    Ok(())
}

/// Sets whether everyone who may edit may change the structure.
pub fn set_open(doc: &mut AutoCommit, open: bool) -> Result<(), ModelError> {
    doc.put(ROOT, keys::STRUCTURE_OPEN, open)?;
    Ok(())
}

pub(crate) fn set_purpose(doc: &mut AutoCommit, purpose: &str) -> Result<(), ModelError> {
    let purpose = purpose.trim();
    let len = purpose.chars().count();
    if len > MAX_PURPOSE_CHARS {
        return Err(ModelError::TextTooLong {
            len,
            max: MAX_PURPOSE_CHARS,
        });
    }
    doc.put(ROOT, keys::PURPOSE, purpose)?;
    Ok(())
}

/// Puts back a removed stage or lane with its id, name and order, so the
/// cards that were in it leave the Unsorted tray. Fails if it exists.
pub(crate) fn restore(
    doc: &mut AutoCommit,
    axis: Axis,
    id: &str,
    name: &str,
    order_key: &str,
) -> Result<(), ModelError> {
    let name = check_name(name)?;
    if entry(doc, axis, id).is_ok() {
        return Err(ModelError::ChangedSince);
    }
    let parent = root_map(doc, axis.key())?;
    let e = doc.put_object(&parent, id, ObjType::Map)?;
    doc.put(&e, keys::NAME, name)?;
    doc.put(&e, keys::ORDER, order_key)?;
    Ok(())
}

/// Sets a stage's or lane's order key.
pub(crate) fn place(
    doc: &mut AutoCommit,
    axis: Axis,
    id: &str,
    order_key: &str,
) -> Result<(), ModelError> {
    let e = entry(doc, axis, id)?;
    doc.put(&e, keys::ORDER, order_key)?;
    Ok(())
}

/// The order key that puts stage or lane `id` where `target` is now (the
/// drop of a drag): just before `target` when moving earlier, just after it
/// when moving later. `None` when either is missing or they are the same.
pub fn order_to_take_place_of(
    view: &crate::MapView,
    axis: Axis,
    id: &str,
    target: &str,
) -> Option<String> {
    let orders: Vec<(&str, &str)> = match axis {
        Axis::Stages => view
            .stages
            .iter()
            .map(|s| (s.id.as_str(), s.order.as_str()))
            .collect(),
        Axis::Lanes => view
            .lanes
            .iter()
            .map(|l| (l.id.as_str(), l.order.as_str()))
            .collect(),
    };
    let at = |wanted: &str| orders.iter().position(|(i, _)| *i == wanted);
    let (from, to) = (at(id)?, at(target)?);
    let key = |i: usize| orders.get(i).map(|(_, o)| *o);
    match from.cmp(&to) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Greater => {
            Some(order::between(to.checked_sub(1).and_then(key), key(to)))
        }
        std::cmp::Ordering::Less => Some(order::between(key(to), key(to + 1))),
    }
}
