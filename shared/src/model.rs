//! The plain Rust view of a map that `read_map` returns and the client renders.

use crate::i18n::{Language, key};
use crate::ids::{CardId, ConnectionId, LaneId, StageId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest display name of a person, in characters.
pub const MAX_NAME_CHARS: usize = 60;

/// Who is making a change, and when (the caller's clock).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    pub name: String,
    pub role: Role,
    pub now_ms: i64,
}

/// Who a participant is. Shown on everything they add.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Patient,
    Carer,
    Professional,
    Other,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Patient, Role::Carer, Role::Professional, Role::Other];

    /// The key stored in the document and sent on the wire.
    pub fn key(self) -> &'static str {
        match self {
            Role::Patient => "patient",
            Role::Carer => "carer",
            Role::Professional => "professional",
            Role::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The catalogue key of the role's name in the reader's language.
    pub fn name_key(self) -> &'static str {
        match self {
            Role::Patient => key("role-patient"),
            Role::Carer => key("role-carer"),
            Role::Professional => key("role-professional"),
            Role::Other => key("role-other"),
        }
    }
}

/// The eight kinds of card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CardKind {
    Step,
    PainPoint,
    Idea,
    Feeling,
    WhatMatters,
    Question,
    Strength,
    Note,
}

impl CardKind {
    pub const ALL: [CardKind; 8] = [
        CardKind::Step,
        CardKind::PainPoint,
        CardKind::Idea,
        CardKind::Feeling,
        CardKind::WhatMatters,
        CardKind::Question,
        CardKind::Strength,
        CardKind::Note,
    ];

    pub fn key(self) -> &'static str {
        match self {
            CardKind::Step => "step",
            CardKind::PainPoint => "pain-point",
            CardKind::Idea => "idea",
            CardKind::Feeling => "feeling",
            CardKind::WhatMatters => "what-matters",
            CardKind::Question => "question",
            CardKind::Strength => "strength",
            CardKind::Note => "note",
        }
    }

    pub fn from_key(key: &str) -> Option<CardKind> {
        CardKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The catalogue key of the kind's name in the reader's language.
    pub fn name_key(self) -> &'static str {
        match self {
            CardKind::Step => key("kind-step"),
            CardKind::PainPoint => key("kind-pain-point"),
            CardKind::Idea => key("kind-idea"),
            CardKind::Feeling => key("kind-feeling"),
            CardKind::WhatMatters => key("kind-what-matters"),
            CardKind::Question => key("kind-question"),
            CardKind::Strength => key("kind-strength"),
            CardKind::Note => key("kind-note"),
        }
    }

    /// The kind a new card in a lane of this name most likely is.
    pub fn suggested_for_lane(lane_name: &str) -> CardKind {
        // The templates' lanes in every language (English, Swedish).
        let name = lane_name.to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
        if has(&["pain", "problem"]) {
            CardKind::PainPoint
        } else if has(&["idea", "idé"]) {
            CardKind::Idea
        } else if has(&["feeling", "känsl"]) {
            CardKind::Feeling
        } else if has(&["matters", "viktigt"]) {
            CardKind::WhatMatters
        } else if has(&["note", "anteckning"]) {
            CardKind::Note
        } else {
            CardKind::Step
        }
    }

    /// A symbol shown beside the label (never the only cue).
    pub fn icon(self) -> &'static str {
        match self {
            CardKind::Step => "▶",
            CardKind::PainPoint => "⚠",
            CardKind::Idea => "✦",
            CardKind::Feeling => "♥",
            CardKind::WhatMatters => "★",
            CardKind::Question => "?",
            CardKind::Strength => "✔",
            CardKind::Note => "✎",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stage {
    pub id: StageId,
    pub name: String,
    pub order: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Lane {
    pub id: LaneId,
    pub name: String,
    pub order: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Card {
    pub id: CardId,
    pub kind: CardKind,
    pub text: String,
    pub author: String,
    pub role: Role,
    /// Milliseconds since the Unix epoch, as told by the author's clock.
    pub created_ms: i64,
    pub stage: StageId,
    pub lane: LaneId,
    pub order: String,
    /// How it felt, on feeling cards (and any card a client gave one).
    pub feeling: Option<Feeling>,
    /// The breakout room it was brought from, on a workshop's plenary map.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub room: Option<String>,
}

/// An emotion from -2 (very bad) to +2 (very good), with an optional word.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Feeling {
    pub emotion: i8,
    pub word: String,
}

/// The longest emotion word, in characters.
pub const MAX_EMOTION_WORD_CHARS: usize = 40;

impl Feeling {
    /// The five emotions, from worst to best.
    pub const SCALE: [i8; 5] = [-2, -1, 0, 1, 2];

    /// The catalogue key of an emotion's name ("Very bad" … "Very good").
    pub fn name_key(emotion: i8) -> &'static str {
        match emotion {
            ..=-2 => key("emotion-very-bad"),
            -1 => key("emotion-bad"),
            0 => key("emotion-neutral"),
            1 => key("emotion-good"),
            2.. => key("emotion-very-good"),
        }
    }

    /// "−2" … "+2", with a real minus sign.
    pub fn signed(emotion: i8) -> String {
        match emotion {
            e if e > 0 => format!("+{e}"),
            e if e < 0 => format!("\u{2212}{}", -e),
            _ => "0".to_string(),
        }
    }
}

/// The whole map as plain data, sorted for display.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MapView {
    pub title: String,
    /// Whose pathway, which service (may be empty).
    pub purpose: String,
    pub stages: Vec<Stage>,
    pub lanes: Vec<Lane>,
    /// Cards in an existing cell, sorted by stage, lane, then order.
    pub cards: Vec<Card>,
    /// Cards whose stage or lane no longer exists: kept, never lost.
    pub unsorted: Vec<Card>,
    /// Arrows between cards that both exist, sorted by id.
    pub connections: Vec<Connection>,
    /// The current dot-voting round, if one was started.
    pub voting: Option<Voting>,
    /// Whether everyone who may edit may change the structure, as the
    /// facilitator set it (`None`: never set; see `keys::STRUCTURE_OPEN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub structure_open: Option<bool>,
    /// The language it was made in (see `keys::LANGUAGE`).
    #[serde(default)]
    pub language: Language,
}

/// An arrow from one card to another, with an optional label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Connection {
    pub id: ConnectionId,
    pub from: CardId,
    pub to: CardId,
    pub label: String,
}

/// The longest connection label, in characters.
pub const MAX_LABEL_CHARS: usize = 100;

/// A dot-voting round: each person has `budget` votes to spend on idea and
/// pain-point cards, several on one card if they like. Ballots stay with the
/// server until the reveal; the document then holds the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Voting {
    pub round: String,
    pub budget: u32,
    /// Votes are still taken.
    pub open: bool,
    /// Everyone sees the totals (otherwise each person sees only their own).
    pub revealed: bool,
    /// Votes per card over everyone, on existing idea and pain-point cards:
    /// empty until revealed.
    pub totals: BTreeMap<CardId, u32>,
}

/// The most votes one person may have in a round.
pub const MAX_BUDGET: u32 = 20;

impl CardKind {
    /// Whether people vote on cards of this kind.
    pub fn votable(self) -> bool {
        matches!(self, CardKind::Idea | CardKind::PainPoint)
    }
}

impl Voting {
    /// Votes per card, over everyone (as revealed).
    pub fn tally(&self) -> BTreeMap<CardId, u32> {
        self.totals.clone()
    }

    /// Cards with votes, most first (ties by id), with their counts.
    pub fn ranking(&self) -> Vec<(CardId, u32)> {
        let mut all: Vec<(CardId, u32)> = self
            .totals
            .iter()
            .filter(|(_, n)| **n > 0)
            .map(|(c, n)| (c.clone(), *n))
            .collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all
    }
}

impl MapView {
    /// The cards of one cell, in order.
    pub fn cards_in<'a>(
        &'a self,
        stage: &'a StageId,
        lane: &'a LaneId,
    ) -> impl Iterator<Item = &'a Card> + 'a {
        self.cards
            .iter()
            .filter(move |c| &c.stage == stage && &c.lane == lane)
    }

    pub fn card(&self, id: &CardId) -> Option<&Card> {
        self.cards
            .iter()
            .chain(self.unsorted.iter())
            .find(|c| &c.id == id)
    }

    pub fn stage(&self, id: &StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| &s.id == id)
    }

    pub fn lane(&self, id: &LaneId) -> Option<&Lane> {
        self.lanes.iter().find(|l| &l.id == id)
    }

    pub fn connection(&self, id: &ConnectionId) -> Option<&Connection> {
        self.connections.iter().find(|c| &c.id == id)
    }

    /// Arrows that start or end at a card.
    pub fn connections_of<'a>(
        &'a self,
        card: &'a CardId,
    ) -> impl Iterator<Item = &'a Connection> + 'a {
        self.connections
            .iter()
            .filter(move |c| &c.from == card || &c.to == card)
    }

    /// Every card, placed or unsorted.
    pub fn all_cards(&self) -> impl Iterator<Item = &Card> {
        self.cards.iter().chain(self.unsorted.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for k in CardKind::ALL {
            assert_eq!(CardKind::from_key(k.key()), Some(k));
        }
        for r in Role::ALL {
            assert_eq!(Role::from_key(r.key()), Some(r));
        }
        assert_eq!(CardKind::from_key("nonsense"), None);
        assert_eq!(Role::from_key(""), None);
    }
}
