//! The errors of the model crate.

use thiserror::Error;

/// Why a change to the map or a read of it was refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ModelError {
    #[error("no card with id {0}")]
    NoSuchCard(String),
    #[error("no stage with id {0}")]
    NoSuchStage(String),
    #[error("no lane with id {0}")]
    NoSuchLane(String),
    #[error("card text is {len} characters; the limit is {max}")]
    TextTooLong { len: usize, max: usize },
    #[error("the title must not be empty")]
    EmptyTitle,
    #[error("the title is {len} characters; the limit is {max}")]
    TitleTooLong { len: usize, max: usize },
    #[error("an emotion is from -2 to 2, not {0}")]
    BadEmotion(i8),
    #[error("the name must not be empty")]
    EmptyName,
    #[error("the name is {len} characters; the limit is {max}")]
    NameTooLong { len: usize, max: usize },
    #[error("no connection with id {0}")]
    NoSuchConnection(String),
    #[error("a card cannot point to itself")]
    SelfConnection,
    #[error("those cards are already connected")]
    AlreadyConnected,
    #[error("the label is {len} characters; the limit is {max}")]
    LabelTooLong { len: usize, max: usize },
    #[error("no vote is running")]
    NoVoting,
    #[error("voting has ended")]
    VotingEnded,
    #[error("no votes left")]
    NoVotesLeft,
    #[error("votes go on ideas and pain points only")]
    NotVotable,
    #[error("votes per person are from 1 to {max}, not {budget}")]
    BadBudget { budget: u32, max: u32 },
    #[error("a voter id is 1 to 64 letters, digits, '-' or '_'")]
    BadVoter,
    #[error("someone has changed that since, so it was not undone")]
    ChangedSince,
    #[error("the document is not a Comap map: {0}")]
    NotAMap(String),
    #[error("automerge: {0}")]
    Automerge(String),
}

impl From<automerge::AutomergeError> for ModelError {
    fn from(e: automerge::AutomergeError) -> Self {
        ModelError::Automerge(e.to_string())
    }
}
