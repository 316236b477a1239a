//! Every key name of the Automerge document, in one place.
//!
//! Root: `schema_version` (int), `title` (str), `purpose` (str), `stages`, `lanes`, `cards`,
//! `connections` (maps keyed by id), `structure_open` (bool), and `voting` once a vote starts. See `docs/protocol.md` for the schema.

pub const SCHEMA_VERSION: &str = "schema_version";
pub const TITLE: &str = "title";
/// Whose pathway, which service: a short description of the map.
pub const PURPOSE: &str = "purpose";
/// The language the map was made in (a code, `"sv"`): its template's
/// words, and the words of its exports. Set when it is made; absent on
/// maps made before languages, which are English.
pub const LANGUAGE: &str = "language";
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
/// shown to everyone, whether votes are still taken, and (once revealed) the
/// totals, a map from card id to a number of votes. Only the server writes
/// them; the ballots stay with it (`voting::BallotBox`).
pub const ROUND: &str = "round";
pub const BUDGET: &str = "budget";
pub const REVEALED: &str = "revealed";
pub const OPEN: &str = "open";
pub const TOTALS: &str = "totals";
/// Ballots as maps written before the server kept them (read, never written).
pub const BALLOTS: &str = "ballots";

/// Whether everyone who may edit may also change the structure (the title,
/// purpose, stages and lanes); otherwise only the facilitator may. A
/// boolean at the root, written by the facilitator. Absent: everyone may,
/// unless the map is a workshop's room.
pub const STRUCTURE_OPEN: &str = "structure_open";

/// The schema version this code writes.
pub const CURRENT_SCHEMA: i64 = 1;
