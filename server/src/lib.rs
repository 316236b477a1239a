//! The Comap server: an HTTP API to create maps, a WebSocket endpoint where
//! each open map is a room owned by one task, and SQLite persistence.

pub mod addr_limit;
pub mod api;
pub mod app;
pub mod ballot_store;
pub mod clock;
pub mod compaction;
pub mod config;
pub mod conn_limit;
pub mod error;
pub mod export;
pub mod glyphs;
pub mod http_guard;
pub mod join_codes;
pub mod listen;
pub mod logging;
pub mod memory;
pub mod metrics;
pub mod origin;
pub mod outbound;
pub mod pdf;
mod pdf_actions;
mod pdf_arrows;
mod pdf_plan;
pub mod png_encode;
pub mod rate_limit;
pub mod reflection_store;
pub mod reflections;
pub mod registry;
pub mod render;
pub mod room;
pub mod room_read;
pub mod secrets;
pub mod sockets;
pub mod store;
pub mod store_writer;
pub mod thumbnails;
pub mod workshop_actions;
pub mod workshop_export;
pub mod workshop_store;
pub mod workshops;
pub mod ws;
pub mod zip_write;

pub use app::{app, serve};
pub use config::Config;
