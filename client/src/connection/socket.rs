//! The WebSocket's end of the connection: its address, the hello when it
//! opens, and sending frames (the replica's sync message only when the
//! socket can take it).

use super::*;

pub(super) fn ws_url() -> String {
    let loc = browser::window().location();
    let scheme = if loc.protocol().unwrap_or_default() == "https:" {
        "wss"
    } else {
        "ws"
    };
    format!("{scheme}://{}/ws", loc.host().unwrap_or_default())
}

pub(super) fn send(ws: &WebSocket, frame: &ClientFrame) {
    let _ = ws.send_with_u8_array(&frame.encode());
}

pub(super) fn on_open(generation: u32) {
    with_conn(|c, _| {
        if c.generation != generation {
            return;
        }
        c.session.reset_connection();
        // With nothing of the map yet, the server may send it whole first.
        let mut hello = c.hello.clone();
        if c.session.heads().is_empty() {
            hello.features.push(FEATURE_EMPTY.to_string());
        }
        if let Some(ws) = &c.ws {
            send(ws, &ClientFrame::Hello(hello));
        }
    });
}

/// The socket, if it is open (frames can be sent now).
pub(super) fn open_ws(c: &Conn) -> Option<&WebSocket> {
    c.ws.as_ref()
        .filter(|ws| ws.ready_state() == WebSocket::OPEN)
}

pub(super) fn flush(c: &mut Conn) {
    // Generate only when it can be sent: generating marks the message as in flight.
    let Some(ws) = open_ws(c).cloned() else {
        return;
    };
    if let Some(bytes) = c.session.outgoing() {
        send(&ws, &ClientFrame::Sync(bytes));
    }
}
