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
