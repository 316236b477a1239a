//! The SQLite file: maps and their changes (`store`, written by one thread,
//! `writer`), their compaction in the background (`compaction`), and the
//! tables of workshops, reflections and secret ballots. `schema` holds
//! every table's SQL.

pub mod ballots;
pub mod compaction;
pub mod health;
pub mod reflections;
pub mod schema;
pub mod store;
pub mod stored_doc;
pub mod workshop_actions;
pub mod workshop_controls;
pub mod workshops;
pub mod writer;
