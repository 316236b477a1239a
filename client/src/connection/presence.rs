//! This person's presence, offered to the server at most once per interval
//! (the newest winning).

use super::*;

pub(super) fn offer_presence(c: &mut Conn, presence: Presence) {
    let now = js_sys::Date::now();
    if let Some(ready) = c.pace.offer(now, presence) {
        send_presence(c, ready);
    } else if !c.presence_timer
        && let Some(wait) = c.pace.wait_ms(now)
    {
        c.presence_timer = true;
        let later = Closure::once_into_js(|| {
            with_conn(|c, _| {
                c.presence_timer = false;
                if let Some(ready) = c.pace.due(js_sys::Date::now()) {
                    send_presence(c, ready);
                }
            });
        });
        let _ = browser::window().set_timeout_with_callback_and_timeout_and_arguments_0(
            later.unchecked_ref(),
            wait.ceil() as i32 + 1,
        );
    }
}

pub(super) fn send_presence(c: &Conn, presence: Presence) {
    if let Some(ws) = open_ws(c) {
        send(ws, &ClientFrame::Presence(presence));
    }
}
