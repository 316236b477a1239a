//! Every frame a client or server may receive: our decoding never panics,
//! and a sync frame's payload goes through Automerge's sync-message and
//! change decoders as the server's room does (see `guard.rs`).
#![no_main]

#[path = "guard.rs"]
mod guard;

use comap_shared::protocol::{ClientFrame, ServerFrame, is_acceptable_chunk, is_change_chunk};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Only what the room accepts (`is_acceptable_chunk`) reaches Automerge,
    // and only single changes its change decoder.
    if let Ok(ClientFrame::Sync(bytes)) = ClientFrame::decode(data)
        && let Some(Ok(msg)) = guard::automerge(|| automerge::sync::Message::decode(&bytes))
        && msg.changes.iter().all(|c| is_acceptable_chunk(c))
    {
        for chunk in msg.changes.iter().filter(|c| is_change_chunk(c)) {
            guard::automerge(|| automerge::Change::from_bytes(chunk.to_vec()).is_ok());
        }
    }
    if let Ok(ServerFrame::Change(bytes)) = ServerFrame::decode(data)
        && is_change_chunk(&bytes)
    {
        guard::automerge(|| automerge::Change::from_bytes(bytes).is_ok());
    }
});
