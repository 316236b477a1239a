//! Every frame a client or server may receive: our decoding never panics,
//! and a sync frame's payload goes through Automerge's sync-message and
//! change decoders as the server's room does (see `guard.rs`).
#![no_main]

#[path = "guard.rs"]
mod guard;

use comap_shared::protocol::{ClientFrame, ServerFrame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(ClientFrame::Sync(bytes)) = ClientFrame::decode(data)
        && let Some(Ok(msg)) = guard::automerge(|| automerge::sync::Message::decode(&bytes))
    {
        for chunk in msg.changes.iter() {
            guard::automerge(|| automerge::Change::from_bytes(chunk.to_vec()).is_ok());
        }
    }
    if let Ok(ServerFrame::Change(bytes)) = ServerFrame::decode(data) {
        guard::automerge(|| automerge::Change::from_bytes(bytes).is_ok());
    }
});
