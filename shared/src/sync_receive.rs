//! Receiving an Automerge sync message at a cost that depends on what it
//! carries, not on how long the map's history is.
//!
//! Automerge 0.12's `receive_sync_message` ends by walking every ancestor of
//! the sender's heads, to drop from the sync state's `sent_hashes` what the
//! sender is now known to hold. On a map with a long history that walk is
//! most of the cost of an edit: on the server for every edit anyone makes,
//! and in a page for every edit of its own (the server's answer is a sync
//! message). `receive` keeps the same sync state as Automerge would (the
//! tests compare them field by field), but learns what the sender still
//! lacks from the change graph's clocks (`get_changes_meta` of the sender's
//! heads), which costs what the sender lacks, and asks only while something
//! sent is unconfirmed.

use automerge::sync::{Capability, Message, MessageFlags, State};
use automerge::{AutoCommit, Automerge, AutomergeError, Change, ChangeHash};
use std::collections::{BTreeSet, HashSet};

/// Applies `msg` from a peer to `doc` and updates the sync state with that
/// peer, as `SyncDoc::receive_sync_message` does.
pub fn receive(
    doc: &mut AutoCommit,
    state: &mut State,
    msg: Message,
) -> Result<(), AutomergeError> {
    let joined: Vec<u8> = msg.changes.iter().flatten().copied().collect();
    let carries_changes = !msg.changes.is_empty();
    receive_inner(doc, state, msg, carries_changes, |doc| {
        doc.load_incremental(&joined).map(|_| ())
    })
}

/// The same, for a message whose changes the caller has already parsed
/// (and checked): `changes` are applied, not the message's own bytes.
pub fn receive_parsed(
    doc: &mut AutoCommit,
    state: &mut State,
    msg: Message,
    changes: Vec<Change>,
) -> Result<(), AutomergeError> {
    let carries_changes = !changes.is_empty();
    receive_inner(doc, state, msg, carries_changes, |doc| {
        doc.apply_changes(changes)
    })
}

fn receive_inner(
    doc: &mut AutoCommit,
    state: &mut State,
    msg: Message,
    carries_changes: bool,
    apply: impl FnOnce(&mut AutoCommit) -> Result<(), AutomergeError>,
) -> Result<(), AutomergeError> {
    let Message {
        heads,
        need,
        have,
        flags,
        ..
    } = msg;
    state.in_flight = false;
    let before = doc.get_heads();
    if let Some(flags) = flags {
        note_flags(state, flags);
    }
    if carries_changes && !state.read_only {
        apply(doc)?;
        let after = doc.get_heads();
        state.shared_heads = advance_heads(&before, &after, &state.shared_heads);
    }
    let doc = doc.document();
    let known: Vec<ChangeHash> = heads
        .iter()
        .filter(|h| has_change(doc, h))
        .copied()
        .collect();
    forget_confirmed(doc, &known, &mut state.sent_hashes);
    if !carries_changes && heads == before {
        state.last_sent_heads.clone_from(&heads);
    }
    if known.len() == heads.len() {
        state.shared_heads.clone_from(&heads);
        if heads.is_empty() {
            // The peer holds nothing (it lost its copy): start afresh.
            state.last_sent_heads = Vec::new();
            state.sent_hashes = BTreeSet::new();
        }
    } else {
        let mut shared: Vec<ChangeHash> =
            state.shared_heads.iter().chain(&known).copied().collect();
        shared.sort();
        shared.dedup();
        state.shared_heads = shared;
    }
    state.their_have = Some(have);
    state.their_heads = Some(heads);
    state.their_need = Some(need);
    Ok(())
}

/// What a message's flags say about its sender.
fn note_flags(state: &mut State, flags: MessageFlags) {
    // A sender of flags understands version 2 messages.
    let mut capabilities = vec![Capability::MessageV2];
    if flags.contains(MessageFlags::SUPPORTS_SYNC_RESET) {
        capabilities.push(Capability::SyncReset);
    }
    state.their_capabilities = Some(capabilities);
    if flags.contains(MessageFlags::SYNC_RESET) {
        state.sent_hashes.clear();
    }
    state.peer_read_only = flags.contains(MessageFlags::READ_ONLY);
}

fn has_change(doc: &Automerge, hash: &ChangeHash) -> bool {
    doc.get_change_meta_by_hash(hash).is_some()
}

/// Drops from `sent` every change the peer holds, now that its heads are
/// `known` (the heads of its that this replica holds too): those in their
/// history. Changes this replica does not hold stay, as in Automerge.
fn forget_confirmed(doc: &Automerge, known: &[ChangeHash], sent: &mut BTreeSet<ChangeHash>) {
    if sent.is_empty() || known.is_empty() {
        return;
    }
    let lacking: HashSet<ChangeHash> = doc
        .get_changes_meta(known)
        .into_iter()
        .map(|c| c.hash)
        .collect();
    sent.retain(|h| lacking.contains(h) || !has_change(doc, h));
}

/// The heads both sides hold after applying changes: the new heads, and the
/// shared heads that are still heads.
fn advance_heads(
    before: &[ChangeHash],
    after: &[ChangeHash],
    shared: &[ChangeHash],
) -> Vec<ChangeHash> {
    let mut advanced: Vec<ChangeHash> = after
        .iter()
        .filter(|h| !before.contains(h))
        .chain(shared.iter().filter(|h| after.contains(h)))
        .copied()
        .collect();
    advanced.sort();
    advanced.dedup();
    advanced
}
