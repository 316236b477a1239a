//! The server's wall clock: milliseconds since the Unix epoch. The one place
//! that reads it, so that the room and the store need nothing of the HTTP
//! handlers for the time.

pub const DAY_MS: i64 = 86_400_000;

pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
