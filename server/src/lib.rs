//! The Comap server: an HTTP API to create maps, a WebSocket endpoint where
//! each open map is a room owned by one task, and SQLite persistence.
//!
//! Folders by concern, each using only those below it (`cargo xtask
//! circles` checks that no module imports one that imports it):
//! - `http`: the routes, their handlers, the WebSocket, the app state;
//! - `export`: a map's export files, for the routes and the `comap export` CLI;
//! - `rooms`: the open maps, each a room task, and the registry of them;
//! - `storage`: the SQLite file;
//! - `render`: SVG, PNG, PDF and ZIP files from a map's view;
//! - `ops`: configuration, metrics, logging and the limits on clients;
//! - `secrets`, `clock`, `error`: what all of them share.

pub mod clock;
pub mod error;
pub mod export;
pub mod http;
pub mod ops;
pub mod render;
pub mod rooms;
pub mod secrets;
pub mod storage;

pub use http::router::app;
pub use http::serve::serve;
pub use ops::config::Config;
