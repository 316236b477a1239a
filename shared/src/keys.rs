//! Every key name of the Automerge document, in one place.
//!
//! Root: `schema_version` (int), `title` (str), `purpose` (str), `stages`, `lanes`, `cards`,
//! `connections` (maps keyed by id), and `voting` once a vote starts. See `docs/protocol.md` for the schema.

pub const SCHEMA_VERSION: &str = "schema_version";
pub const TITLE: &str = "title";
/// Whose pathway, which service: a short description of the map.
pub const PURPOSE: &str = "purpose";
pub const STAGES: &str = "stages";
pub const LANES: &str = "lanes";
pub const CARDS: &str = "cards";
pub const CONNECTIONS: &str = "connections";

/// Stage and lane fields.
pub const NAME: &str = "name";
pub const ORDER: &str = "order";

/// Card fields.
pub const KIND: &str = "kind";
pub const TEXT: &str = "text";
pub const AUTHOR: &str = "author";
pub const ROLE: &str = "role";
pub const CREATED: &str = "created";
/// The card's place, written as one object so that concurrent moves never
/// mix one person's stage with another's lane.
pub const POS: &str = "pos";
/// A feeling card's emotion, an integer from -2 (very bad) to 2 (very good).
pub const EMOTION: &str = "emotion";
/// A feeling card's optional emotion word ("scared", "relieved").
pub const EMOTION_WORD: &str = "emotion_word";
/// The breakout room a card was brought from (on a plenary map).
pub const ROOM: &str = "room";
pub const STAGE: &str = "stage";
pub const LANE: &str = "lane";

/// Connection (arrow) fields: the card it starts at, the card it points to,
/// and an optional label.
pub const FROM: &str = "from";
pub const TO: &str = "to";
pub const LABEL: &str = "label";

/// The current dot-voting round (absent when nobody has started one), written
/// whole when a round starts, so a new round never mixes with an old one.
pub const VOTING: &str = "voting";
/// Voting fields: the round's id, votes per person, whether the counts are
/// shown to everyone, whether votes are still taken, and the ballots, keyed
/// by voter id, each a map from card id to a number of votes.
pub const ROUND: &str = "round";
pub const BUDGET: &str = "budget";
pub const REVEALED: &str = "revealed";
pub const OPEN: &str = "open";
pub const BALLOTS: &str = "ballots";

/// The schema version this code writes.
pub const CURRENT_SCHEMA: i64 = 1;
