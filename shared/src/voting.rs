//! Dot voting. Starting a round writes the whole `voting` object afresh (a
//! new round id, the budget, no ballots). Each person writes only their own
//! ballot, keyed by a voter id their browser keeps, so votes never conflict.
//! Budgets are also enforced when reading, so a client that overspends (or
//! two tabs voting at once) can never push a count past the budget or below
//! zero.

use crate::ModelError;
use crate::ids::{CardId, IdSource};
use crate::keys;
use crate::model::{MAX_BUDGET, MapView};
use automerge::transaction::Transactable;
use automerge::{AutoCommit, ObjId, ObjType, ROOT, ReadDoc, Value};

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

fn voting_obj(doc: &AutoCommit) -> Result<ObjId, ModelError> {
    match doc.get(ROOT, keys::VOTING)? {
        Some((Value::Object(ObjType::Map), obj)) => Ok(obj),
        _ => Err(ModelError::NoVoting),
    }
}

/// Starts a new round; any earlier round and its votes are set aside.
pub(crate) fn start(
    doc: &mut AutoCommit,
    budget: u32,
    ids: &mut dyn IdSource,
) -> Result<(), ModelError> {
    if !(1..=MAX_BUDGET).contains(&budget) {
        return Err(ModelError::BadBudget {
            budget,
            max: MAX_BUDGET,
        });
    }
    let obj = doc.put_object(ROOT, keys::VOTING, ObjType::Map)?;
    doc.put(&obj, keys::ROUND, format!("v{:016x}", ids.next_u64()))?;
    doc.put(&obj, keys::BUDGET, i64::from(budget))?;
    doc.put(&obj, keys::OPEN, true)?;
    doc.put(&obj, keys::REVEALED, false)?;
    doc.put_object(&obj, keys::BALLOTS, ObjType::Map)?;
    Ok(())
}

pub(crate) fn set_revealed(doc: &mut AutoCommit, revealed: bool) -> Result<(), ModelError> {
    let obj = voting_obj(doc)?;
    doc.put(&obj, keys::REVEALED, revealed)?;
    Ok(())
}

/// Ends the round: no more votes, and the results are shown to everyone.
pub(crate) fn end(doc: &mut AutoCommit) -> Result<(), ModelError> {
    let obj = voting_obj(doc)?;
    doc.put(&obj, keys::OPEN, false)?;
    doc.put(&obj, keys::REVEALED, true)?;
    Ok(())
}

/// Adds (`delta` 1) or takes back (`delta` -1) one of `voter`'s votes on `card`.
pub(crate) fn vote(
    doc: &mut AutoCommit,
    view: &MapView,
    voter: &str,
    card: &CardId,
    delta: i8,
) -> Result<(), ModelError> {
    if !valid_voter(voter) {
        return Err(ModelError::BadVoter);
    }
    let voting = view.voting.as_ref().ok_or(ModelError::NoVoting)?;
    if !voting.open {
        return Err(ModelError::VotingEnded);
    }
    let kind = view
        .card(card)
        .ok_or_else(|| ModelError::NoSuchCard(card.to_string()))?
        .kind;
    if !kind.votable() {
        return Err(ModelError::NotVotable);
    }
    let now = voting.votes_of(voter, card);
    let next = if delta > 0 {
        if voting.left_for(voter) == 0 {
            return Err(ModelError::NoVotesLeft);
        }
        now + 1
    } else if now == 0 {
        return Ok(());
    } else {
        now - 1
    };
    let obj = voting_obj(doc)?;
    let ballots = match doc.get(&obj, keys::BALLOTS)? {
        Some((Value::Object(ObjType::Map), b)) => b,
        _ => doc.put_object(&obj, keys::BALLOTS, ObjType::Map)?,
    };
    let ballot = match doc.get(&ballots, voter)? {
        Some((Value::Object(ObjType::Map), b)) => b,
        _ => doc.put_object(&ballots, voter, ObjType::Map)?,
    };
    if next == 0 {
        doc.delete(&ballot, card.as_str())?;
    } else {
        doc.put(&ballot, card.as_str(), i64::from(next))?;
    }
    Ok(())
}
