//! Reading the document into a plain [`MapView`]. Reading is forgiving:
//! entries that are malformed (written by a buggy or foreign client) are
//! skipped, and cards whose stage or lane is gone land in `unsorted`.

use crate::ModelError;
use crate::ids::{CardId, LaneId, StageId};
use crate::keys;
use crate::model::{Card, CardKind, Feeling, Lane, MapView, Role, Stage};
use automerge::{ObjId, ObjType, ROOT, ReadDoc, Value};

/// Reads the whole map. Fails only when the document is not a map at all.
pub fn read_map(doc: &impl ReadDoc) -> Result<MapView, ModelError> {
    let title = get_string(doc, &ROOT, keys::TITLE).unwrap_or_default();
    let stages_obj = root_obj(doc, keys::STAGES)?;
    let lanes_obj = root_obj(doc, keys::LANES)?;
    let cards_obj = root_obj(doc, keys::CARDS)?;

    let mut stages: Vec<Stage> = named_entries(doc, &stages_obj)
        .map(|(id, name, order)| Stage {
            id: StageId::from_key(id),
            name,
            order,
        })
        .collect();
    stages.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
    let mut lanes: Vec<Lane> = named_entries(doc, &lanes_obj)
        .map(|(id, name, order)| Lane {
            id: LaneId::from_key(id),
            name,
            order,
        })
        .collect();
    lanes.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));

    let stage_rank = |id: &StageId| stages.iter().position(|s| &s.id == id);
    let lane_rank = |id: &LaneId| lanes.iter().position(|l| &l.id == id);

    let mut placed = Vec::new();
    let mut unsorted = Vec::new();
    for key in doc.keys(&cards_obj) {
        let Some(card) = read_card(doc, &cards_obj, &key) else {
            continue;
        };
        match (stage_rank(&card.stage), lane_rank(&card.lane)) {
            (Some(s), Some(l)) => placed.push(((s, l), card)),
            _ => unsorted.push(card),
        }
    }
    placed.sort_by(|(ra, a), (rb, b)| (ra, &a.order, &a.id).cmp(&(rb, &b.order, &b.id)));
    unsorted.sort_by(|a, b| (a.created_ms, &a.id).cmp(&(b.created_ms, &b.id)));
    Ok(MapView {
        purpose: get_string(doc, &ROOT, keys::PURPOSE).unwrap_or_default(),
        title,
        stages,
        lanes,
        cards: placed.into_iter().map(|(_, c)| c).collect(),
        unsorted,
    })
}

fn root_obj(doc: &impl ReadDoc, key: &str) -> Result<ObjId, ModelError> {
    child_obj(doc, &ROOT, key, ObjType::Map)
        .ok_or_else(|| ModelError::NotAMap(format!("missing {key}")))
}

fn child_obj(doc: &impl ReadDoc, parent: &ObjId, key: &str, ty: ObjType) -> Option<ObjId> {
    match doc.get(parent, key) {
        Ok(Some((Value::Object(t), id))) if t == ty => Some(id),
        _ => None,
    }
}

/// A string field, whether stored as a scalar or as a Text object.
fn get_string(doc: &impl ReadDoc, obj: &ObjId, key: &str) -> Option<String> {
    match doc.get(obj, key).ok()?? {
        (Value::Scalar(s), _) => s.as_str().map(str::to_string),
        (Value::Object(ObjType::Text), id) => doc.text(&id).ok(),
        _ => None,
    }
}

fn get_i64(doc: &impl ReadDoc, obj: &ObjId, key: &str) -> Option<i64> {
    match doc.get(obj, key).ok()?? {
        (Value::Scalar(s), _) => s.as_i64().or_else(|| s.as_f64().map(|f| f as i64)),
        _ => None,
    }
}

fn named_entries<'a>(
    doc: &'a impl ReadDoc,
    parent: &'a ObjId,
) -> impl Iterator<Item = (String, String, String)> + 'a {
    doc.keys(parent).filter_map(move |id| {
        let obj = child_obj(doc, parent, &id, ObjType::Map)?;
        let name = get_string(doc, &obj, keys::NAME)?;
        let order = get_string(doc, &obj, keys::ORDER).unwrap_or_default();
        Some((id, name, order))
    })
}

fn read_card(doc: &impl ReadDoc, cards: &ObjId, key: &str) -> Option<Card> {
    let obj = child_obj(doc, cards, key, ObjType::Map)?;
    let pos = child_obj(doc, &obj, keys::POS, ObjType::Map)?;
    Some(Card {
        id: CardId::from_key(key),
        kind: get_string(doc, &obj, keys::KIND)
            .and_then(|k| CardKind::from_key(&k))
            .unwrap_or(CardKind::Note),
        text: get_string(doc, &obj, keys::TEXT).unwrap_or_default(),
        author: get_string(doc, &obj, keys::AUTHOR).unwrap_or_default(),
        role: get_string(doc, &obj, keys::ROLE)
            .and_then(|r| Role::from_key(&r))
            .unwrap_or(Role::Other),
        created_ms: get_i64(doc, &obj, keys::CREATED).unwrap_or(0),
        stage: StageId::from_key(get_string(doc, &pos, keys::STAGE)?),
        lane: LaneId::from_key(get_string(doc, &pos, keys::LANE)?),
        order: get_string(doc, &pos, keys::ORDER).unwrap_or_default(),
        feeling: get_i64(doc, &obj, keys::EMOTION).map(|e| Feeling {
            // Out-of-range values from other clients are read as the nearest end.
            emotion: e.clamp(-2, 2) as i8,
            word: get_string(doc, &obj, keys::EMOTION_WORD).unwrap_or_default(),
        }),
    })
}
