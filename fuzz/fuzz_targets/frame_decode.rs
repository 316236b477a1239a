//! Every frame a client or server may receive: our decoding never panics,
//! and a sync frame's payload goes through Automerge's sync-message decoder
//! and the room's intake (`sync_intake::take`, which walks every chunk and
//! decodes each change) as the server's room does (see `guard.rs`).
#![no_main]

#[path = "guard.rs"]
mod guard;

use comap_shared::protocol::{ClientFrame, ServerFrame, is_change_chunk};
use comap_shared::sync_intake;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(ClientFrame::Sync(bytes)) = ClientFrame::decode(data)
        && let Some(Ok(msg)) = guard::automerge(|| automerge::sync::Message::decode(&bytes))
    {
        // Our chunk walker and row counter run unguarded: a panic in them
        // is a finding.
        for entry in msg.changes.iter() {
            for chunk in comap_shared::chunks::split(entry).unwrap_or_default() {
                let _ = comap_shared::chunks::change_rows(chunk.body);
            }
        }
        guard::automerge(|| sync_intake::take(&msg).is_ok());
    }
    if let Ok(ServerFrame::Change(bytes)) = ServerFrame::decode(data)
        && is_change_chunk(&bytes)
    {
        guard::automerge(|| automerge::Change::from_bytes(bytes).is_ok());
    }
});
