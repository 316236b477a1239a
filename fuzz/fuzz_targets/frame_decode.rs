//! Every frame a client or server may receive: decoding never panics, and a
//! sync frame's payload goes through Automerge's sync-message and change
//! decoders as the server's room does.
#![no_main]

use comap_shared::protocol::{ClientFrame, ServerFrame};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(ClientFrame::Sync(bytes)) = ClientFrame::decode(data)
        && let Ok(msg) = automerge::sync::Message::decode(&bytes)
    {
        for chunk in msg.changes.iter() {
            let _ = automerge::Change::from_bytes(chunk.to_vec());
        }
    }
    if let Ok(ServerFrame::Change(bytes)) = ServerFrame::decode(data) {
        let _ = automerge::Change::from_bytes(bytes);
    }
});
