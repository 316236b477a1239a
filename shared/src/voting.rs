//! Dot voting with secret ballots. The server runs a round; no page writes
//! it. The document holds only what everyone may read: the round's id, the
//! budget, whether votes are taken, whether the results are shown, and the
//! totals per card once the facilitator reveals them. The ballots stay with
//! the server in a [`BallotBox`] until then, each under the voter id of the
//! connection that cast it, and each voter hears only their own.

use crate::ModelError;
use crate::ids::{CardId, IdSource};
use crate::keys;
use crate::model::{CardKind, MAX_BUDGET};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The default number of votes per person.
pub const DEFAULT_BUDGET: u32 = 3;

/// Whether a voter id is acceptable: 1–64 of `[A-Za-z0-9_-]`.
pub fn valid_voter(voter: &str) -> bool {
    !voter.is_empty()
        && voter.len() <= 64
        && voter
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// What a page asks of the server's round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum VotingRequest {
    /// Start a new round with `budget` votes per person (the facilitator).
    Start { budget: u32 },
    /// Show everyone the totals, or hide them again (the facilitator).
    Reveal { revealed: bool },
    /// End the round and show the results (the facilitator).
    End,
    /// Put one of this connection's votes on a card.
    Vote { card: CardId },
    /// Take one of this connection's votes back from a card.
    Unvote { card: CardId },
}

/// What the server tells one voter about their own ballot (and, to all,
/// how many people have voted): after they join, after each vote of theirs,
/// and when a round starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BallotNews {
    /// The round this ballot belongs to.
    pub round: String,
    /// This voter's votes per card.
    pub votes: BTreeMap<CardId, u32>,
    /// How many people have cast at least one vote.
    pub voters: u32,
}

impl BallotNews {
    /// The votes this voter has not spent yet, of `budget`.
    pub fn left(&self, budget: u32) -> u32 {
        budget.saturating_sub(self.votes.values().sum())
    }
}

/// Why the server did not take a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum VoteError {
    #[error("no round of voting is open")]
    NoRound,
    #[error("voting has ended")]
    Ended,
    #[error("no votes left")]
    NoVotesLeft,
    #[error("votes go on ideas and pain points only")]
    NotVotable,
}

/// The ballots of one round, held by the server.
#[derive(Debug, Clone, Default)]
pub struct BallotBox {
    pub round: String,
    pub budget: u32,
    ballots: HashMap<String, BTreeMap<CardId, u32>>,
}

impl BallotBox {
    pub fn new(round: String, budget: u32) -> BallotBox {
        BallotBox {
            round,
            budget,
            ballots: HashMap::new(),
        }
    }

    /// Puts back a vote as stored (a reloaded room), within the budget.
    pub fn restore(&mut self, voter: &str, card: CardId, votes: u32) {
        let left = self.news(voter).left(self.budget);
        let n = votes.min(left);
        if n > 0 {
            self.ballots
                .entry(voter.to_string())
                .or_default()
                .insert(card, n);
        }
    }

    /// Adds (`up`) or takes back one of `voter`'s votes on a card of `kind`
    /// (`None`: no such card); returns the votes now on it.
    pub fn vote(
        &mut self,
        voter: &str,
        card: &CardId,
        kind: Option<CardKind>,
        up: bool,
    ) -> Result<u32, VoteError> {
        let ballot = self.ballots.entry(voter.to_string()).or_default();
        let now = ballot.get(card).copied().unwrap_or(0);
        let next = if up {
            if !kind.is_some_and(CardKind::votable) {
                return Err(VoteError::NotVotable);
            }
            let spent: u32 = ballot.values().sum();
            if spent >= self.budget {
                return Err(VoteError::NoVotesLeft);
            }
            now + 1
        } else {
            now.saturating_sub(1)
        };
        if next == 0 {
            ballot.remove(card);
        } else {
            ballot.insert(card.clone(), next);
        }
        if ballot.is_empty() {
            self.ballots.remove(voter);
        }
        Ok(next)
    }

    /// One voter's ballot, as they are told it.
    pub fn news(&self, voter: &str) -> BallotNews {
        BallotNews {
            round: self.round.clone(),
            votes: self.ballots.get(voter).cloned().unwrap_or_default(),
            voters: self.ballots.len() as u32,
        }
    }

    /// Votes per card over everyone.
    pub fn totals(&self) -> BTreeMap<CardId, u32> {
        let mut out = BTreeMap::new();
        for ballot in self.ballots.values() {
            for (card, n) in ballot {
                *out.entry(card.clone()).or_insert(0) += n;
            }
        }
        out
    }

    /// The total on one card.
    pub fn total(&self, card: &CardId) -> u32 {
        self.ballots.values().filter_map(|b| b.get(card)).sum()
    }
}

fn voting_obj(doc: &AutoCommit) -> Result<ObjId, ModelError> {
    match doc.get(ROOT, keys::VOTING)? {
        Some((Value::Object(ObjType::Map), obj)) => Ok(obj),
        _ => Err(ModelError::NoVoting),
    }
}

/// The round in the document, if any: its id, budget and whether it is open
/// and revealed.
pub fn round_of(doc: &AutoCommit) -> Option<(String, u32, bool, bool)> {
    let obj = voting_obj(doc).ok()?;
    let round = match doc.get(&obj, keys::ROUND).ok()?? {
        (Value::Scalar(s), _) => s.as_str()?.to_string(),
        _ => return None,
    };
    let budget = match doc.get(&obj, keys::BUDGET).ok()?? {
        (Value::Scalar(s), _) => s.as_i64()?.clamp(1, i64::from(MAX_BUDGET)) as u32,
        _ => return None,
    };
    let flag = |key: &str| matches!(doc.get(&obj, key), Ok(Some((Value::Scalar(s), _))) if s.as_bool() == Some(true));
    Some((round, budget, flag(keys::OPEN), flag(keys::REVEALED)))
}

/// Starts a new round (the server's change); any earlier round and its
/// totals are set aside. Returns the round's id.
pub fn start(
    doc: &mut AutoCommit,
    budget: u32,
    ids: &mut dyn IdSource,
) -> Result<String, ModelError> {
    if !(1..=MAX_BUDGET).contains(&budget) {
        return Err(ModelError::BadBudget {
            budget,
            max: MAX_BUDGET,
        });
    }
    let round = format!("v{:016x}", ids.next_u64());
    let obj = doc.put_object(ROOT, keys::VOTING, ObjType::Map)?;
    doc.put(&obj, keys::ROUND, round.as_str())?;
    doc.put(&obj, keys::BUDGET, i64::from(budget))?;
    doc.put(&obj, keys::OPEN, true)?;
    doc.put(&obj, keys::REVEALED, false)?;
    Ok(round)
}

/// Shows `totals` to everyone (the server's change at the reveal), or hides
/// them again.
pub fn set_revealed(
    doc: &mut AutoCommit,
    revealed: bool,
    totals: &BTreeMap<CardId, u32>,
) -> Result<(), ModelError> {
    let obj = voting_obj(doc)?;
    doc.put(&obj, keys::REVEALED, revealed)?;
    if revealed {
        let t = doc.put_object(&obj, keys::TOTALS, ObjType::Map)?;
        for (card, n) in totals.iter().filter(|(_, n)| **n > 0) {
            doc.put(&t, card.as_str(), i64::from(*n))?;
        }
    } else if doc.get(&obj, keys::TOTALS)?.is_some() {
        doc.delete(&obj, keys::TOTALS)?;
    }
    Ok(())
}

/// Writes one card's new total while the results are shown.
pub fn set_total(doc: &mut AutoCommit, card: &CardId, total: u32) -> Result<(), ModelError> {
    let obj = voting_obj(doc)?;
    let t = match doc.get(&obj, keys::TOTALS)? {
        Some((Value::Object(ObjType::Map), t)) => t,
        _ => doc.put_object(&obj, keys::TOTALS, ObjType::Map)?,
    };
    if total == 0 {
        if doc.get(&t, card.as_str())?.is_some() {
            doc.delete(&t, card.as_str())?;
        }
    } else {
        doc.put(&t, card.as_str(), i64::from(total))?;
    }
    Ok(())
}

/// Ends the round: no more votes, and the totals shown to everyone.
pub fn end(doc: &mut AutoCommit, totals: &BTreeMap<CardId, u32>) -> Result<(), ModelError> {
    let obj = voting_obj(doc)?;
    doc.put(&obj, keys::OPEN, false)?;
    set_revealed(doc, true, totals)
}

/// The kind of one card, read straight from the document (no whole-map read).
pub fn card_kind(doc: &AutoCommit, card: &CardId) -> Option<CardKind> {
    let cards = match doc.get(ROOT, keys::CARDS).ok()?? {
        (Value::Object(ObjType::Map), obj) => obj,
        _ => return None,
    };
    let obj = match doc.get(&cards, card.as_str()).ok()?? {
        (Value::Object(ObjType::Map), obj) => obj,
        _ => return None,
    };
    match doc.get(&obj, keys::KIND).ok()?? {
        (Value::Scalar(s), _) => CardKind::from_key(s.as_str()?),
        (Value::Object(ObjType::Text), text) => CardKind::from_key(&doc.text(&text).ok()?),
        _ => None,
    }
}
