//! Everything that meets HTTP: the routes (`router`), serving until
//! shutdown (`serve`, `listen`), the state every handler shares (`state`),
//! what every exchange passes through (`guard`, `origin`), the handlers by
//! what they serve, and the WebSocket (`ws`).

pub mod guard;
pub mod listen;
pub mod locales;
pub mod map_export;
pub mod maps;
pub mod origin;
pub mod reflections;
pub mod router;
pub mod serve;
pub mod state;
pub mod thumbnails;
pub mod workshop_access;
pub mod workshop_actions;
pub mod workshop_controls;
pub mod workshop_export;
pub mod workshops;
pub mod ws;
