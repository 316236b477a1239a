//! Reading the document into a plain [`MapView`]. Reading is forgiving:
//! entries that are malformed (written by a buggy or foreign client) are
//! skipped, and cards whose stage or lane is gone land in `unsorted`.

use crate::ModelError;
use crate::fields::Fields;
use crate::i18n::Language;
use crate::ids::{CardId, ConnectionId, LaneId, StageId};
use crate::keys;
use crate::model::{
    Card, CardKind, Connection, Feeling, Lane, MAX_BUDGET, MapView, Role, Stage, Voting,
};
use automerge::{ObjId, ObjType, ROOT, ReadDoc, Value};
use std::collections::{BTreeMap, HashMap};

/// Reads the whole map. Fails only when the document is not a map at all.
pub fn read_map(doc: &impl ReadDoc) -> Result<MapView, ModelError> {
    let (stages, lanes) = read_columns(doc)?;
    let cards_obj = cards_obj(doc)?;

    let stage_rank = |id: &StageId| stages.iter().position(|s| &s.id == id);
    let lane_rank = |id: &LaneId| lanes.iter().position(|l| &l.id == id);

    let mut placed = Vec::new();
    let mut unsorted = Vec::new();
    let all_cards = Fields::of(doc, &cards_obj);
    for (key, obj) in all_cards.maps() {
        let Some(card) = read_card(doc, key, obj) else {
            continue;
        };
        match (stage_rank(&card.stage), lane_rank(&card.lane)) {
            (Some(s), Some(l)) => placed.push(((s, l), card)),
            _ => unsorted.push(card),
        }
    }
    placed.sort_by(|(ra, a), (rb, b)| (ra, &a.order, &a.id).cmp(&(rb, &b.order, &b.id)));
    unsorted.sort_by(|a, b| (a.created_ms, &a.id).cmp(&(b.created_ms, &b.id)));
    let cards: Vec<Card> = placed.into_iter().map(|(_, c)| c).collect();
    let kinds: HashMap<&CardId, CardKind> = cards
        .iter()
        .chain(unsorted.iter())
        .map(|c| (&c.id, c.kind))
        .collect();
    let kind_of = |id: &CardId| kinds.get(id).copied();
    let connections = read_connections(doc, kind_of);
    let voting = read_voting(doc, kind_of);
    let head = read_head(doc);
    Ok(MapView {
        title: head.title,
        purpose: head.purpose,
        stages,
        lanes,
        cards,
        unsorted,
        connections,
        voting,
        structure_open: head.structure_open,
        language: head.language,
    })
}

/// The map's title, purpose and structure setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub title: String,
    pub purpose: String,
    pub structure_open: Option<bool>,
    pub language: Language,
}

/// Reads the title, purpose and structure setting.
pub fn read_head(doc: &impl ReadDoc) -> Head {
    Head {
        title: get_string(doc, &ROOT, keys::TITLE).unwrap_or_default(),
        purpose: get_string(doc, &ROOT, keys::PURPOSE).unwrap_or_default(),
        structure_open: match doc.get(ROOT, keys::STRUCTURE_OPEN) {
            Ok(Some((automerge::Value::Scalar(v), _))) => v.as_bool(),
            _ => None,
        },
        language: get_string(doc, &ROOT, keys::LANGUAGE)
            .and_then(|code| Language::from_code(&code))
            .unwrap_or_default(),
    }
}

/// The stages and lanes, each in order. Fails when either is missing.
fn read_columns(doc: &impl ReadDoc) -> Result<(Vec<Stage>, Vec<Lane>), ModelError> {
    let stages_obj = root_obj(doc, keys::STAGES)?;
    let lanes_obj = root_obj(doc, keys::LANES)?;
    let mut stages: Vec<Stage> = named_entries(doc, &stages_obj)
        .into_iter()
        .map(|(id, name, order)| Stage {
            id: StageId::from_key(id),
            name,
            order,
        })
        .collect();
    stages.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
    let mut lanes: Vec<Lane> = named_entries(doc, &lanes_obj)
        .into_iter()
        .map(|(id, name, order)| Lane {
            id: LaneId::from_key(id),
            name,
            order,
        })
        .collect();
    lanes.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
    Ok((stages, lanes))
}

/// The object that holds every card.
pub fn cards_obj(doc: &impl ReadDoc) -> Result<ObjId, ModelError> {
    root_obj(doc, keys::CARDS)
}

/// One card, read as `read_map` reads it (`None`: no such card, or one
/// too malformed to show).
pub fn card_by_id(doc: &impl ReadDoc, cards: &ObjId, id: &CardId) -> Option<Card> {
    match doc.get(cards, id.as_str()) {
        Ok(Some((Value::Object(ObjType::Map), obj))) => read_card(doc, id.as_str(), &obj),
        _ => None,
    }
}

/// Arrows whose two cards exist; any other is skipped.
pub fn read_connections(
    doc: &impl ReadDoc,
    kind_of: impl Fn(&CardId) -> Option<CardKind>,
) -> Vec<Connection> {
    let Some(all) = child_obj(doc, &ROOT, keys::CONNECTIONS, ObjType::Map) else {
        return Vec::new();
    };
    Fields::of(doc, &all)
        .maps()
        .filter_map(|(id, obj)| {
            let arrow = Fields::of(doc, obj);
            let from = CardId::from_key(arrow.string(doc, keys::FROM)?);
            let to = CardId::from_key(arrow.string(doc, keys::TO)?);
            if from == to || kind_of(&from).is_none() || kind_of(&to).is_none() {
                return None;
            }
            Some(Connection {
                id: ConnectionId::from_key(id),
                from,
                to,
                label: arrow.string(doc, keys::LABEL).unwrap_or_default(),
            })
        })
        .collect()
}

/// The voting round, with the totals the server revealed on existing idea
/// and pain-point cards. A map from before the server kept ballots holds
/// them in the document: those count, cut to the budget, once revealed.
pub fn read_voting(
    doc: &impl ReadDoc,
    kind_of: impl Fn(&CardId) -> Option<CardKind>,
) -> Option<Voting> {
    let obj = child_obj(doc, &ROOT, keys::VOTING, ObjType::Map)?;
    let round = Fields::of(doc, &obj);
    let budget = round.int(keys::BUDGET)?.clamp(1, i64::from(MAX_BUDGET)) as u32;
    let revealed = round.bool(keys::REVEALED).unwrap_or(false);
    let votable = |card: &CardId| kind_of(card).is_some_and(|k| k.votable());
    let mut totals = BTreeMap::new();
    if let Some(all) = round.map(keys::TOTALS) {
        for (card, n) in Fields::of(doc, all).ints() {
            let card = CardId::from_key(card);
            if n > 0 && votable(&card) {
                totals.insert(card, u32::try_from(n).unwrap_or(u32::MAX));
            }
        }
    } else if let Some(all) = round.map(keys::BALLOTS).filter(|_| revealed) {
        for (_, ballot) in Fields::of(doc, all).maps() {
            let mut wanted: Vec<(CardId, u32)> = Fields::of(doc, ballot)
                .ints()
                .map(|(card, n)| (CardId::from_key(card), n.clamp(0, i64::from(budget)) as u32))
                .filter(|(card, _)| votable(card))
                .collect();
            wanted.sort();
            let mut left = budget;
            for (card, n) in wanted {
                let n = n.min(left);
                left -= n;
                if n > 0 {
                    *totals.entry(card).or_insert(0) += n;
                }
            }
        }
    }
    Some(Voting {
        round: round.string(doc, keys::ROUND)?,
        budget,
        open: round.bool(keys::OPEN).unwrap_or(false),
        revealed,
        totals,
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

fn named_entries(doc: &impl ReadDoc, parent: &ObjId) -> Vec<(String, String, String)> {
    Fields::of(doc, parent)
        .maps()
        .filter_map(|(id, obj)| {
            let entry = Fields::of(doc, obj);
            let name = entry.string(doc, keys::NAME)?;
            let order = entry.string(doc, keys::ORDER).unwrap_or_default();
            Some((id.to_string(), name, order))
        })
        .collect()
}

fn read_card(doc: &impl ReadDoc, key: &str, obj: &ObjId) -> Option<Card> {
    let card = Fields::of(doc, obj);
    let pos = Fields::of(doc, card.map(keys::POS)?);
    Some(Card {
        id: CardId::from_key(key),
        kind: card
            .string(doc, keys::KIND)
            .and_then(|k| CardKind::from_key(&k))
            .unwrap_or(CardKind::Note),
        text: card.string(doc, keys::TEXT).unwrap_or_default(),
        author: card.string(doc, keys::AUTHOR).unwrap_or_default(),
        role: card
            .string(doc, keys::ROLE)
            .and_then(|r| Role::from_key(&r))
            .unwrap_or(Role::Other),
        created_ms: card.int(keys::CREATED).unwrap_or(0),
        stage: StageId::from_key(pos.string(doc, keys::STAGE)?),
        lane: LaneId::from_key(pos.string(doc, keys::LANE)?),
        order: pos.string(doc, keys::ORDER).unwrap_or_default(),
        feeling: card.int(keys::EMOTION).map(|e| Feeling {
            // Out-of-range values from other clients are read as the nearest end.
            emotion: e.clamp(-2, 2) as i8,
            word: card.string(doc, keys::EMOTION_WORD).unwrap_or_default(),
        }),
        room: card.string(doc, keys::ROOM).filter(|r| !r.is_empty()),
    })
}
