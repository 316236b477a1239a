//! Arrows from card to card. An arrow names its two cards by id; deleting a
//! card leaves its arrows in the document, and `read_map` skips any arrow
//! whose card is gone (so undoing the delete brings the arrows back).

use crate::ModelError;
use crate::ids::{CardId, ConnectionId, IdSource};
use crate::keys;
use crate::map_write::root_map;
use crate::model::{Connection, MAX_LABEL_CHARS};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ReadDoc, Value};

fn check_label(label: &str) -> Result<String, ModelError> {
    let label = label.trim();
    let len = label.chars().count();
    if len > MAX_LABEL_CHARS {
        return Err(ModelError::LabelTooLong {
            len,
            max: MAX_LABEL_CHARS,
        });
    }
    Ok(label.to_string())
}

fn has_card(doc: &AutoCommit, card: &CardId) -> Result<bool, ModelError> {
    let cards = root_map(doc, keys::CARDS)?;
    Ok(matches!(
        doc.get(&cards, card.as_str())?,
        Some((Value::Object(ObjType::Map), _))
    ))
}

fn connection_obj(doc: &AutoCommit, id: &ConnectionId) -> Result<ObjId, ModelError> {
    let all = root_map(doc, keys::CONNECTIONS)?;
    match doc.get(&all, id.as_str())? {
        Some((Value::Object(ObjType::Map), obj)) => Ok(obj),
        _ => Err(ModelError::NoSuchConnection(id.to_string())),
    }
}

/// Adds an arrow from `from` to `to`; returns its id.
pub(crate) fn connect(
    doc: &mut AutoCommit,
    from: &CardId,
    to: &CardId,
    label: &str,
    existing: &[Connection],
    ids: &mut dyn IdSource,
) -> Result<ConnectionId, ModelError> {
    let label = check_label(label)?;
    if from == to {
        return Err(ModelError::SelfConnection);
    }
    for card in [from, to] {
        if !has_card(doc, card)? {
            return Err(ModelError::NoSuchCard(card.to_string()));
        }
    }
    if existing.iter().any(|c| &c.from == from && &c.to == to) {
        return Err(ModelError::AlreadyConnected);
    }
    let id = ConnectionId::fresh(ids);
    write(doc, &id, from, to, &label)?;
    Ok(id)
}

fn write(
    doc: &mut AutoCommit,
    id: &ConnectionId,
    from: &CardId,
    to: &CardId,
    label: &str,
) -> Result<(), ModelError> {
    let all = root_map(doc, keys::CONNECTIONS)?;
    let obj = doc.put_object(&all, id.as_str(), ObjType::Map)?;
    doc.put(&obj, keys::FROM, from.as_str())?;
    doc.put(&obj, keys::TO, to.as_str())?;
    doc.put(&obj, keys::LABEL, label)?;
    Ok(())
}

/// Puts back an arrow exactly as it was (used by undo).
pub(crate) fn restore(doc: &mut AutoCommit, c: &Connection) -> Result<(), ModelError> {
    let label = check_label(&c.label)?;
    if c.from == c.to {
        return Err(ModelError::SelfConnection);
    }
    write(doc, &c.id, &c.from, &c.to, &label)
}

pub(crate) fn disconnect(doc: &mut AutoCommit, id: &ConnectionId) -> Result<(), ModelError> {
    connection_obj(doc, id)?;
    let all = root_map(doc, keys::CONNECTIONS)?;
    doc.delete(&all, id.as_str())?;
    Ok(())
}

pub(crate) fn relabel(
    doc: &mut AutoCommit,
    id: &ConnectionId,
    label: &str,
) -> Result<(), ModelError> {
    let label = check_label(label)?;
    let obj = connection_obj(doc, id)?;
    doc.put(&obj, keys::LABEL, label)?;
    Ok(())
}
