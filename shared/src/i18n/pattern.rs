//! A message as read from a catalogue: its pieces, and the error of a
//! catalogue that could not be read.

/// One piece of a message.
#[derive(Clone, Debug, PartialEq)]
pub enum Element {
    Text(String),
    /// `{ $name }`.
    Variable(String),
    /// `{ $count -> [one] … *[other] … }`.
    Select {
        on: String,
        variants: Vec<(VariantKey, Pattern)>,
        default: usize,
    },
}

/// What a select expression's variant matches.
#[derive(Clone, Debug, PartialEq)]
pub enum VariantKey {
    /// A plural category or a word (`[one]`, `[patient]`).
    Name(String),
    /// An exact whole number (`[0]`).
    Number(i64),
}

pub type Pattern = Vec<Element>;

/// A catalogue that could not be read: where and why.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct CatalogueError {
    pub line: usize,
    pub reason: String,
}
