//! The open maps: each is a `room` task that owns its document; the
//! `registry` opens and forgets them; `outbound` is what waits to be sent to
//! a peer; `reading` asks a room for its map; `memory` is the budget that
//! joins wait for.

pub mod memory;
pub mod outbound;
pub mod reading;
pub mod registry;
pub mod room;
