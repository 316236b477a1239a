//! Test harness for Comap: the real server binary as a child process, real
//! WebSocket peers speaking the protocol, and helpers for the browser tests.

pub mod browser;
pub mod bystander;
pub mod maps;
pub mod pdf_text;
pub mod peer;
pub mod server;
pub mod workshops;

pub use peer::Peer;
pub use server::{CreatedMap, Server};

/// The workspace root (this crate lives in `<root>/tests`).
pub fn workspace_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| std::path::PathBuf::from("."))
}

/// Now, in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
