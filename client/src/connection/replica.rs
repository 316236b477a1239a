//! The replica's changes, in and out: this person's own applied, logged in
//! the browser at once, recorded for undo and sent; others' applied in one
//! batch per animation frame, and the page's map brought up to date in
//! proportion to what they touched; cards put back after starting afresh.

use super::keeping::keep_soon;
use super::socket::flush;
use super::*;

/// How a command came about, for the undo history.
#[derive(Clone, Copy)]
pub(super) enum Origin {
    Person,
    Undo,
    Redo,
}

/// Applies a command to the local replica, records it in the undo history
/// and sends it to the server.
pub(super) fn apply_local(
    c: &mut Conn,
    up: &mut Vec<Update>,
    command: &Command,
    origin: Origin,
) -> Result<Option<CardId>, ModelError> {
    let author = Author {
        name: c.author_name.clone(),
        role: c.author_role,
        now_ms: browser::now_ms(),
    };
    // Others' changes that came in first go first.
    apply_pending(c, up);
    let heads = c.session.heads();
    let created = c.session.apply(command, &author, &mut BrowserIds)?;
    log_change(c, &heads);
    // The undo step is taken from what this change touched, as it was and is.
    let mut delta = follow(c)?;
    if let Some(card) = command.card() {
        c.state.map.with_untracked(|m| {
            if let Some(now) = m {
                delta.include(now, card);
            }
        });
    }
    keep_soon(c);
    let (before, after) = (&delta.before, &delta.after);
    match origin {
        Origin::Person => c.history.record(before, after, command),
        Origin::Undo => c.history.undone(before, after, command),
        Origin::Redo => c.history.redone(before, after, command),
    }
    up.push(Update::Delta(Box::new(delta)));
    up.push(Update::History {
        undo: c.history.can_undo(),
        redo: c.history.can_redo(),
    });
    c.unsaved_head = c.session.heads().first().map(|h| h.to_string());
    up.push(Update::Saving(true));
    flush(c);
    Ok(created)
}

/// Writes the change just made (since `heads`) to this browser's log at
/// once, so it is kept even if the page closes the next moment.
pub(super) fn log_change(c: &mut Conn, heads: &[automerge::ChangeHash]) {
    let change = c.session.saved_since(heads);
    if change.is_empty() {
        return;
    }
    let stamp = next_stamp(c);
    local_store::log_now(&c.hello.map, &stamp, &change);
    c.unkept_log.push(stamp);
}

/// A key for this browser's store that sorts by time, then by the order
/// within this page.
pub(super) fn next_stamp(c: &mut Conn) -> String {
    let stamp = format!("{:015}-{:08}", browser::now_ms().max(0), c.logged);
    c.logged += 1;
    stamp
}

/// Applies the waiting change frames at the next animation frame (or at
/// once in a hidden tab, which draws no frames): however many arrived
/// meanwhile, the map is read and shown once.
pub(super) fn schedule_apply() {
    if !at_next_frame(|| with_conn(apply_pending)) {
        with_conn(apply_pending);
    }
}

/// Runs `f` at the next animation frame (in a hidden tab, which draws no
/// frames, as the next task). False when neither could be asked for.
pub(super) fn at_next_frame(f: impl FnOnce() + 'static) -> bool {
    let later = Closure::once_into_js(f);
    let window = browser::window();
    let hidden = window.document().is_some_and(|d| d.hidden());
    let scheduled = if hidden {
        window.set_timeout_with_callback_and_timeout_and_arguments_0(later.unchecked_ref(), 0)
    } else {
        window.request_animation_frame(later.unchecked_ref())
    };
    scheduled.is_ok()
}

/// Applies every waiting change frame in one step, then shows the map once.
pub(super) fn apply_pending(c: &mut Conn, up: &mut Vec<Update>) {
    c.apply_scheduled = false;
    if c.pending.is_empty() {
        return;
    }
    let frames = std::mem::take(&mut c.pending);
    let applied = match c.session.receive_changes(&frames) {
        Ok(_) => true,
        // One frame is malformed: the others, one by one.
        Err(_) => frames
            .iter()
            .fold(false, |any, frame| match c.session.receive_change(frame) {
                Ok(_) => true,
                Err(e) => {
                    leptos::logging::warn!("forwarded change rejected: {e}");
                    any
                }
            }),
    };
    if applied {
        received(c, up);
    }
}

/// Others' changes arrived: show the map and say what changed.
pub(super) fn received(c: &mut Conn, up: &mut Vec<Update>) {
    let Ok(delta) = follow(c) else {
        return;
    };
    // The first map a page receives is what it loads, not news.
    if std::mem::replace(&mut c.news, true) && !delta.before.stages.is_empty() {
        let (events, left_out) = changes_between(&delta.before, &delta.after);
        if !events.is_empty() {
            up.push(Update::Announce(events, left_out));
        }
        // Others' new cards light up for a moment (a few at most).
        let added: Vec<comap_shared::CardId> = delta
            .after
            .cards
            .iter()
            .filter(|c| delta.before.card(&c.id).is_none())
            .take(5)
            .map(|c| c.id.clone())
            .collect();
        if !added.is_empty() {
            up.push(Update::Added(added));
        }
    }
    up.push(Update::Delta(Box::new(delta)));
    up.push(Update::Readying(false));
    keep_soon(c);
    if let Some(held) = c.salvage.take() {
        let now = c.state.map.get_untracked().unwrap_or_default();
        put_back(c, up, &held, &now);
    }
}

/// Brings the page's map up to date with the replica, reading only the
/// parts the changes since last time touched.
pub(super) fn follow(c: &mut Conn) -> Result<Delta, ModelError> {
    let touched = c.session.touched();
    let doc = c.session.doc();
    c.state
        .map
        .try_update_untracked(|m| map_delta::update(m, doc, &touched))
        .unwrap_or_else(|| Err(ModelError::NotAMap("the page has closed".into())))
}

/// Puts back the cards `held` had that the server's map `now` lacks, each
/// as it was (in its place if that place is still there).
pub(super) fn put_back(c: &mut Conn, up: &mut Vec<Update>, held: &MapView, now: &MapView) {
    let missing: Vec<comap_shared::Card> = held
        .cards
        .iter()
        .chain(held.unsorted.iter())
        .filter(|card| {
            now.card(&card.id).is_none() && !now.unsorted.iter().any(|u| u.id == card.id)
        })
        .cloned()
        .collect();
    for card in missing {
        let _ = apply_local(c, up, &Command::RestoreCard { card }, Origin::Person);
    }
}
