//! The heart of Comap: the care-pathway map model over an Automerge document,
//! its templates, and the wire protocol spoken between browsers and server.
//!
//! This crate does no IO and never reads a clock: time and randomness are
//! passed in by the caller, so the same code runs in the browser (wasm), in
//! the server and in tests.

pub mod arrows;
pub mod authorship;
pub mod chunks;
pub mod command;
pub mod csv;
pub mod error;
pub mod events;
pub mod export;
mod fields;
pub mod i18n;
pub mod ids;
pub mod insights;
pub mod keys;
pub mod layout;
pub mod map_delta;
pub mod map_read;
pub mod map_write;
pub mod model;
pub mod on_cards;
pub mod order;
pub mod plenary;
pub mod presence;
pub mod privacy;
pub mod protocol;
pub mod reflection;
pub mod refusal;
pub mod rights;
pub mod schema;
pub mod session;
pub mod structure;
pub mod summary;
pub mod svg;
pub mod sync_intake;
pub mod sync_receive;
pub mod templates;
pub mod thumbnail;
pub mod timer;
pub mod touched;
pub mod undo;
pub mod view_bytes;
pub mod voting;
pub mod workshop;
pub mod workshop_actions;

pub use command::Command;
pub use error::ModelError;
pub use ids::{CardId, ConnectionId, IdSource, LaneId, SeededIds, StageId};
pub use map_read::read_map;
pub use model::{Author, Card, CardKind, Connection, Feeling, Lane, MapView, Role, Stage, Voting};
pub use templates::Template;
